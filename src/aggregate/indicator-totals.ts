import type { FormId, Indicator } from '../domain/form-schema.ts';
import { indicatorsOf, type FormSet } from '../load/load-forms.ts';
import { FORM_OF_KIND, isUnitValidOn } from '../domain/units.ts';
import type { UnitInstance } from '../domain/unit-instances.ts';
import { lastDayOf, type Period } from '../domain/period.ts';
import type { Totals } from './report-model.ts';
import { sumOrNull, type UnitValues } from './rollup.ts';
import type { Summary } from '../domain/summary-schema.ts';

/** An accepted unit (as the period sees it) and its values for a span (after the roll-up). */
export interface UnitResult {
  readonly unit: UnitInstance;
  readonly values: UnitValues;
}

/**
 * summary.indicators: every indicator of the three forms, in form order; `byUnit` holds the accepted units
 * whose form has the indicator (in the order given: registry order), by their key in the period, null where the
 * cell was left empty. Missing and rejected units are simply not in `results`, so they have no key and are never
 * counted as zero. A flow ('sum' over time) adds every unit's months; a state ('last': a stock at the span's end,
 * a yes/no) adds only the units that still exist on the span's last day: a ward that ended inside it shows its own
 * last value, which the ward now merged elsewhere no longer holds (issue 13).
 */
export function buildIndicators(forms: FormSet, results: readonly UnitResult[], span: Period): Summary['indicators'] {
  const out: Summary['indicators'] = {};
  const end = lastDayOf(span);
  for (const [formId, indicator] of allIndicators(forms)) {
    const byUnit: Record<string, number | null> = {};
    const counted: (number | null)[] = [];
    for (const r of results) {
      if (FORM_OF_KIND[r.unit.kind] !== formId) continue;
      const value = r.values[indicator.code] ?? null;
      byUnit[r.unit.key] = value;
      if (indicator.overTime === 'sum' || isUnitValidOn(r.unit, end)) counted.push(value);
    }
    out[indicator.code] = { total: districtTotal(indicator, counted), byUnit };
  }
  return out;
}

/** The district totals only (for the previous period, the same period last year, each month). */
export function totalsOf(forms: FormSet, results: readonly UnitResult[], span: Period): Totals {
  return Object.fromEntries(Object.entries(buildIndicators(forms, results, span)).map(([code, v]) => [code, v.total]));
}

/**
 * Across units every indicator sums, except yes/no ones, which count the units answering 1
 * (spec/forms.md). Null when no unit gave a value: "not reported" is not zero.
 */
export function districtTotal(indicator: Indicator, values: readonly (number | null)[]): number | null {
  return indicator.type === 'yesno' ? countYes(values) : sumOrNull(values);
}

/** The number of answers 1 among the given ones; null when none was given. */
export function countYes(values: readonly (number | null)[]): number | null {
  const given = values.filter((v) => v !== null);
  return given.length === 0 ? null : given.filter((v) => v === 1).length;
}

// --- internal ---

const FORM_IDS: readonly FormId[] = ['PCMD-01', 'PCMD-02', 'PCMD-03'];

function allIndicators(forms: FormSet): [FormId, Indicator][] {
  return FORM_IDS.flatMap((id) => indicatorsOf(forms[id]).map((i): [FormId, Indicator] => [id, i]));
}

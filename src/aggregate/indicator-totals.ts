import type { FormId, Indicator } from '../domain/form-schema.ts';
import { indicatorsOf, type FormSet } from '../load/load-forms.ts';
import { FORM_OF_KIND, type Unit } from '../domain/units.ts';
import type { Totals } from './report-model.ts';
import { sumOrNull, type UnitValues } from './rollup.ts';
import type { Summary } from '../domain/summary-schema.ts';

/** An accepted unit and its values for a span (after the roll-up). */
export interface UnitResult {
  readonly unit: Unit;
  readonly values: UnitValues;
}

/**
 * summary.indicators: every indicator of the three forms, in form order; `byUnit` holds the accepted units
 * whose form has the indicator (in the order given: registry order), null where the cell was left empty.
 * Missing and rejected units are simply not in `results`, so they have no key and are never counted as zero.
 */
export function buildIndicators(forms: FormSet, results: readonly UnitResult[]): Summary['indicators'] {
  const out: Summary['indicators'] = {};
  for (const [formId, indicator] of allIndicators(forms)) {
    const byUnit: Record<string, number | null> = {};
    for (const r of results) if (FORM_OF_KIND[r.unit.kind] === formId) byUnit[r.unit.code] = r.values[indicator.code] ?? null;
    out[indicator.code] = { total: districtTotal(indicator, Object.values(byUnit)), byUnit };
  }
  return out;
}

/** The district totals only (for the previous period, the same period last year, each month). */
export function totalsOf(forms: FormSet, results: readonly UnitResult[]): Totals {
  return Object.fromEntries(Object.entries(buildIndicators(forms, results)).map(([code, v]) => [code, v.total]));
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

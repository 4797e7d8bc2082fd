import { findIndicator, type FormSet } from '../load/load-forms.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { Indicator } from '../domain/form-schema.ts';
import type { Period } from '../domain/period.ts';
import type { Plan, PlanTarget } from '../domain/plan-schema.ts';
import type { Summary, TargetStatus, TargetValue } from '../domain/summary-schema.ts';
import { FORM_OF_KIND, type Unit, type UnitRegistry } from '../domain/units.ts';
import { unitsOfPeriod, unitsOfYearToDate, type UnitInstance } from '../domain/unit-instances.ts';
import { yearToDatePeriods } from '../aggregate/period-pieces.ts';
import { indexRecords, type RejectedRecord } from '../aggregate/record-index.ts';
import { resolveCoverage, resolveSpan, type Coverage, type RollupContext } from '../aggregate/rollup.ts';

/**
 * `baocao explain` (spec/closing.md): how a figure of summary.json was built, down to the cells. Pure: it takes the
 * run's records and the summary they gave, and walks the same roll-up (resolveCoverage) that built the figure, so the
 * contributions are the very forms the figure came from. No personal data: list sheets are never looked at.
 */

/** One value read from one form. `used`: counted in the figure (for a `last` indicator, only the latest value given). */
export interface Contribution {
  readonly unit: string;
  /** The period of the form the value comes from (`2021-03`, `2021-Q1`…). */
  readonly piece: string;
  readonly value: number | null;
  readonly file: string;
  readonly sheet: string;
  readonly cell: string;
  readonly used: boolean;
  /** For a ratio target: the indicator (numerator or denominator) the value is of. */
  readonly indicator?: string;
}

/** A unit's part in the figure. */
export interface UnitPart {
  readonly unit: string;
  readonly name: string;
  /** `accepted`, or `missing` / `rejected` (then no contribution: left out of the figure, never counted as zero). */
  readonly status: 'accepted' | 'rejected' | 'missing';
  readonly value: number | null;
  /** Ratio targets: both values, the ratio in percent (one decimal) and the ward's status. */
  readonly numerator?: number | null;
  readonly denominator?: number | null;
  readonly targetStatus?: TargetStatus;
}

export interface Explanation {
  readonly period: string;
  readonly code: string;
  readonly kind: 'indicator' | 'target';
  readonly label: string;
  /** Đơn vị tính of the figure (lượt, vụ, %). */
  readonly measure: string;
  /** The unit asked for (--unit), or null for the district. */
  readonly unit: string | null;
  readonly value: number | null;
  /**
   * Indicators: the roll-up over time, `sum` or `last`. Targets: `sum` (year to date), `count-yes` or `ratio`.
   */
  readonly rule: 'sum' | 'last' | 'count-yes' | 'ratio';
  /** Across units: `sum`, or `count-yes` for yes/no indicators (the units answering 1). */
  readonly across: 'sum' | 'count-yes' | 'ratio';
  /** Targets: the span the value covers (`period` or `yearToDate`), the target and its status. */
  readonly span: 'period' | 'yearToDate';
  readonly target: TargetValue | null;
  readonly status: TargetStatus | null;
  readonly units: readonly UnitPart[];
  readonly contributions: readonly Contribution[];
}

export interface ExplainInput {
  readonly period: Period;
  readonly code: string;
  /** Only this unit (its code), or every unit. */
  readonly unit: string | null;
  readonly records: readonly FormRecord[];
  readonly rejected: readonly RejectedRecord[];
  readonly units: UnitRegistry;
  readonly forms: FormSet;
  readonly plan: Plan;
  /** The summary the same records gave (values and statuses are taken from it, the contributions are shown to add up to them). */
  readonly summary: Summary;
}

export type ExplainResult =
  | { readonly kind: 'ok'; readonly explanation: Explanation }
  | { readonly kind: 'unknown-code' }
  | { readonly kind: 'unknown-unit' }
  /** The unit's form has no such indicator (CA01 of a ward). */
  | { readonly kind: 'not-on-unit-form' };

export function explainFigure(input: ExplainInput): ExplainResult {
  const ctx: RollupContext = { index: indexRecords(input.records, input.rejected), forms: input.forms };
  // The units of the period, old and new across the 2025 reorganisation; --unit takes a key (00004:2025-01-01..2025-06-30) or a code.
  const expected = unitsOfPeriod(input.units, input.period);
  if (input.unit !== null && !expected.some((u) => isUnit(u, input.unit))) return { kind: 'unknown-unit' };
  const target = input.plan.targets.find((t) => t.id === input.code.toUpperCase());
  if (target) return { kind: 'ok', explanation: explainTarget(input, ctx, expected, target) };
  const code = input.code.toUpperCase();
  const holders = expected.filter((u) => findIndicator(input.forms[FORM_OF_KIND[u.kind]], code) !== undefined);
  const indicator = holders[0] ? findIndicator(input.forms[FORM_OF_KIND[holders[0].kind]], code) : undefined;
  if (!indicator) return { kind: 'unknown-code' };
  if (input.unit !== null && !holders.some((u) => isUnit(u, input.unit))) return { kind: 'not-on-unit-form' };
  return { kind: 'ok', explanation: explainIndicator(input, ctx, holders, indicator) };
}

// --- internal ---

function explainIndicator(input: ExplainInput, ctx: RollupContext, holders: readonly UnitInstance[], ind: Indicator): Explanation {
  const chosen = holders.filter((u) => input.unit === null || isUnit(u, input.unit));
  const parts = chosen.map((u) => unitPart(u, resolveCoverage(ctx, u, input.period), ind.code, ind.overTime, input.forms));
  const byUnit = input.summary.indicators[ind.code]?.byUnit ?? {};
  return {
    period: input.period.id,
    code: ind.code,
    kind: 'indicator',
    label: ind.label,
    measure: ind.unit,
    unit: input.unit,
    value: input.unit === null ? (input.summary.indicators[ind.code]?.total ?? null) : (byUnit[chosen[0]?.key ?? input.unit] ?? null),
    rule: ind.overTime,
    across: ind.type === 'yesno' ? 'count-yes' : 'sum',
    span: 'period',
    target: null,
    status: null,
    units: parts.map((p) => p.part),
    contributions: parts.flatMap((p) => p.contributions),
  };
}

function explainTarget(input: ExplainInput, ctx: RollupContext, expected: readonly UnitInstance[], t: PlanTarget): Explanation {
  const result = input.summary.targets[t.id];
  const district = input.unit === null;
  const formOf = (u: Unit) => input.forms[FORM_OF_KIND[u.kind]];
  const holding = (code: string) => expected.filter((u) => findIndicator(formOf(u), code) !== undefined && (district || isUnit(u, input.unit)));
  const overTime = (code: string): 'sum' | 'last' => {
    const u = expected.find((x) => findIndicator(formOf(x), code) !== undefined);
    return (u && findIndicator(formOf(u), code)?.overTime) ?? 'sum';
  };
  const base = { period: input.period.id, code: t.id, kind: 'target' as const, label: t.label, measure: t.unit, unit: input.unit, target: t.target };
  const flat = (parts: readonly { part: UnitPart; contributions: Contribution[] }[]) => ({ units: parts.map((p) => p.part), contributions: parts.flatMap((p) => p.contributions) });
  switch (t.measure.kind) {
    case 'sum': {
      // Judged on the year to date: the same span (whole-period forms preferred) as the evaluation.
      const code = t.measure.code;
      const ytd = yearToDatePeriods(input.period);
      // The units of January to the period's end, as the evaluation takes them (2025-Q3: the old units' first half too).
      const ytdUnits = unitsOfYearToDate(input.units, input.period);
      const holders = ytdUnits.filter((u) => findIndicator(formOf(u), code) !== undefined && (district || isUnit(u, input.unit)));
      const parts = holders.map((u) => unitPart(u, resolveSpan(ctx, u, ytd), code, overTime(code), input.forms));
      const value = district ? (result?.yearToDate ?? null) : (parts[0]?.part.value ?? null);
      return { ...base, value, rule: 'sum', across: 'sum', span: 'yearToDate', status: district ? (result?.status ?? null) : null, ...flat(parts) };
    }
    case 'count-yes': {
      const code = t.measure.code;
      const parts = holding(code).map((u) => unitPart(u, resolveCoverage(ctx, u, input.period), code, overTime(code), input.forms));
      const value = district ? (result?.period ?? null) : (parts[0]?.part.value ?? null);
      return { ...base, value, rule: 'count-yes', across: 'count-yes', span: 'period', status: district ? (result?.status ?? null) : null, ...flat(parts) };
    }
    case 'ratio': {
      const { numerator, denominator } = t.measure;
      const wards = holding(numerator).filter((u) => holding(denominator).includes(u));
      const parts = wards.map((u) => {
        const coverage = resolveCoverage(ctx, u, input.period);
        const num = unitPart(u, coverage, numerator, overTime(numerator), input.forms);
        const den = unitPart(u, coverage, denominator, overTime(denominator), input.forms);
        const judged = result?.byUnit?.[u.key];
        const part: UnitPart = { ...num.part, value: judged?.ratio ?? null, numerator: num.part.value, denominator: den.part.value, ...(judged ? { targetStatus: judged.status } : {}) };
        const tag = (c: Contribution, indicator: string): Contribution => ({ ...c, indicator });
        return { part, contributions: [...num.contributions.map((c) => tag(c, numerator)), ...den.contributions.map((c) => tag(c, denominator))] };
      });
      const own = district ? null : result?.byUnit?.[wards[0]?.key ?? input.unit ?? ''];
      return {
        ...base,
        value: district ? (result?.period ?? null) : (own?.ratio ?? null),
        rule: 'ratio',
        across: 'ratio',
        span: 'period',
        status: district ? (result?.status ?? null) : (own?.status ?? null),
        ...flat(parts),
      };
    }
  }
}

/** Whether --unit names this unit: its key, or its code (a reused code then names both of the period's units). */
const isUnit = (u: UnitInstance, unit: string | null): boolean => unit !== null && (u.key === unit || u.code === unit);

/** A unit's value of one indicator and the cells behind it, from the forms its coverage used, in time order. */
function unitPart(unit: UnitInstance, coverage: Coverage, code: string, overTime: 'sum' | 'last', forms: FormSet): { part: UnitPart; contributions: Contribution[] } {
  const name = unit.name.normalize('NFC');
  if (coverage.status !== 'accepted') return { part: { unit: unit.key, name, status: coverage.status, value: null }, contributions: [] };
  const read = coverage.records.map((r) => ({ record: r, entry: r.values[code] }));
  const lastGiven = read.map((x) => x.entry?.value ?? null).findLastIndex((v) => v !== null);
  const contributions = read.flatMap(({ record, entry }, i): Contribution[] =>
    entry === undefined
      ? []
      : [
          {
            unit: unit.key,
            piece: record.period.id,
            value: entry.value,
            file: record.file,
            sheet: forms[record.formId].sheet,
            cell: entry.cell,
            used: entry.value !== null && (overTime === 'sum' || i === lastGiven),
          },
        ],
  );
  return { part: { unit: unit.key, name, status: 'accepted', value: coverage.values[code] ?? null }, contributions };
}

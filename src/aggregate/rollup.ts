import type { Indicator } from '../domain/form-schema.ts';
import { indicatorsOf, type FormSet } from '../load/load-forms.ts';
import { lastDayOf, type Period } from '../domain/period.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { FORM_OF_KIND, isUnitValidOn, type Unit } from '../domain/units.ts';
import { unitInPeriod } from '../domain/unit-instances.ts';
import { childPeriods } from './period-pieces.ts';
import type { RecordIndex } from './record-index.ts';

/** A unit's value for each indicator of its form; null = not reported (never zero). */
export type UnitValues = Readonly<Record<string, number | null>>;

/** A whole-period form that wins over complete smaller forms, at an indicator where the two disagree. */
export interface RollupConflict {
  readonly record: FormRecord;
  readonly code: string;
  readonly periodValue: number | null;
  readonly rolledUpValue: number | null;
}

/**
 * What a unit's forms give for one span of time.
 * `source`: `period` when one form covers exactly the span; `monthly` when it was assembled from smaller
 * forms (months, or quarters and halves: any smaller form counts as "monthly", the only other word the
 * summary contract has). `records` are the forms used, in time order.
 */
export type Coverage =
  | {
      readonly status: 'accepted';
      readonly source: 'period' | 'monthly';
      readonly values: UnitValues;
      readonly records: readonly FormRecord[];
      readonly conflicts: readonly RollupConflict[];
    }
  | { readonly status: 'rejected'; readonly files: readonly string[] }
  | { readonly status: 'missing' };

export interface RollupContext {
  readonly index: RecordIndex;
  readonly forms: FormSet;
}

/**
 * A unit's values for a period: its own form for the period when there is one; otherwise rolled up,
 * recursively, from the pieces (year ← halves ← quarters ← months), each piece from its own form when
 * present, else from its own pieces. A piece counts only when fully covered. When a whole-period form and
 * complete smaller forms both exist, the whole-period form wins and the differences come back as conflicts.
 */
export function resolveCoverage(ctx: RollupContext, unit: Unit, period: Period): Coverage {
  // A span the unit did not exist in (a ward created mid-year) needs no form; it contributes nothing.
  // A form for the period speaks for the unit of its code valid on the period's last day (that is how its header
  // was matched): a unit that ended inside the period (an old ward in 2025) is rolled up from its own pieces only.
  const holdsEnd = isUnitValidOn(unit, lastDayOf(period));
  if (!holdsEnd && !unitInPeriod(unit, period)) return ABSENT;
  const indicators = indicatorsOf(ctx.forms[FORM_OF_KIND[unit.kind]]);
  const own = holdsEnd ? ctx.index.accepted(unit.code, period.id) : undefined;
  const pieces = period.type === 'month' ? null : combineCoverages(indicators, childPeriods(period).map((p) => resolveCoverage(ctx, unit, p)));
  if (own) {
    const values = valuesOf(indicators, own);
    const conflicts = pieces?.status === 'accepted' ? differences(indicators, own, values, pieces.values) : [];
    return { status: 'accepted', source: 'period', values, records: [own], conflicts };
  }
  if (pieces?.status === 'accepted') return pieces;
  const rejected = holdsEnd ? ctx.index.rejected(unit.code, period.id) : [];
  // The unit's own form for the span was rejected: fixing that form is what the clerk must do, so name it.
  if (rejected.length > 0) return { status: 'rejected', files: [...rejected, ...(pieces?.status === 'rejected' ? pieces.files : [])] };
  return pieces ?? MISSING;
}

/** A unit's values over consecutive periods taken together (a year to date: 2021-H1 + 2021-07 + 2021-08). */
export function resolveSpan(ctx: RollupContext, unit: Unit, periods: readonly Period[]): Coverage {
  const pieces = periods.map((p) => resolveCoverage(ctx, unit, p));
  return pieces.length === 1 && pieces[0] ? pieces[0] : combineCoverages(indicatorsOf(ctx.forms[FORM_OF_KIND[unit.kind]]), pieces);
}

/**
 * Consecutive spans joined into one (pieces of a period, or the pieces of a year-to-date span), in time order.
 * `sum` indicators add the non-null values (all null → null); `last` ones take the latest reported value.
 * Any piece missing or rejected makes the whole unusable: a rejected piece wins, since its files can be named.
 */
export function combineCoverages(indicators: readonly Indicator[], pieces: readonly Coverage[]): Coverage {
  const rejected = pieces.flatMap((p) => (p.status === 'rejected' ? p.files : []));
  if (pieces.some((p) => p.status === 'rejected')) return { status: 'rejected', files: rejected };
  const accepted = pieces.filter((p) => p.status === 'accepted');
  if (accepted.length < pieces.length) return MISSING;
  const values: Record<string, number | null> = {};
  for (const ind of indicators) {
    const series = accepted.map((p) => p.values[ind.code] ?? null);
    values[ind.code] = ind.overTime === 'sum' ? sumOrNull(series) : (series.filter((v) => v !== null).at(-1) ?? null);
  }
  return {
    status: 'accepted',
    source: 'monthly',
    values,
    records: accepted.flatMap((p) => p.records),
    conflicts: accepted.flatMap((p) => p.conflicts),
  };
}

/** Adds the non-null values; null when none was given (an empty cell is "not reported", never zero). */
export function sumOrNull(values: readonly (number | null)[]): number | null {
  const given = values.filter((v) => v !== null);
  return given.length === 0 ? null : given.reduce((a, b) => a + b, 0);
}

// --- internal ---

const MISSING: Coverage = { status: 'missing' };
const ABSENT: Coverage = { status: 'accepted', source: 'monthly', values: {}, records: [], conflicts: [] };

function valuesOf(indicators: readonly Indicator[], record: FormRecord): UnitValues {
  return Object.fromEntries(indicators.map((i) => [i.code, record.values[i.code]?.value ?? null]));
}

function differences(indicators: readonly Indicator[], record: FormRecord, own: UnitValues, rolled: UnitValues): RollupConflict[] {
  return indicators
    .filter((i) => (own[i.code] ?? null) !== (rolled[i.code] ?? null))
    .map((i) => ({ record, code: i.code, periodValue: own[i.code] ?? null, rolledUpValue: rolled[i.code] ?? null }));
}

import { elapsedShare, monthRange, type Period, type WindowMode } from '../domain/period.ts';
import type { TargetStatus, TargetValue } from '../domain/summary-schema.ts';

/**
 * A target as bounds on the measured value. A ratio target (CT8, `{ ratio: 0.8 }`) is measured in percent,
 * so it becomes `min: 80`; a range (CT5, 30–50) keeps both bounds.
 */
export interface Goal {
  readonly min?: number;
  readonly max?: number;
}

/** Where the period stands in the year: the share elapsed (pro rata by data windows) and whether it ends the year. */
export interface Pace {
  readonly share: number;
  readonly isYearEnd: boolean;
}

export function goalOf(target: TargetValue): Goal {
  if ('ratio' in target) return { min: clean(target.ratio * 100) };
  return target;
}

export const paceOf = (period: Period, window: WindowMode): Pace => ({
  share: elapsedShare(period, window),
  isYearEnd: monthRange(period).last === 12,
});

/**
 * The status words of plan-2021.md, from the year-to-date value:
 * above a max → `Không đạt` at once (a hard limit broken, or a range overshot); at or above the min (or within
 * a max-only target) → `Đạt`; short of the min at the year's end → `Không đạt`; else `Đúng tiến độ` when at least
 * the elapsed share of the min is reached, `Chậm tiến độ` when not. No value at all → `Thiếu số liệu`: the units
 * reported, but left the cells empty, and "not reported" is not zero.
 */
export function judge(goal: Goal, value: number | null, pace: Pace): TargetStatus {
  if (value === null) return 'Thiếu số liệu';
  if (goal.max !== undefined && value > goal.max + EPSILON) return 'Không đạt';
  if (goal.min === undefined || value + EPSILON >= goal.min) return 'Đạt';
  if (pace.isYearEnd) return 'Không đạt';
  return value + EPSILON >= goal.min * pace.share ? 'Đúng tiến độ' : 'Chậm tiến độ';
}

/**
 * The value against the target, in percent with one decimal: against the min (a range's min too), else
 * against a positive max; null for a target of at most 0 (CT1) and without a value.
 */
export function percentOf(goal: Goal, value: number | null): number | null {
  if (value === null) return null;
  const base = goal.min ?? goal.max;
  return base === undefined || base <= 0 ? null : round1((value / base) * 100);
}

/** The worst of several statuses: `Thiếu số liệu` < `Không đạt` < `Chậm tiến độ` < `Đúng tiến độ` < `Đạt`. */
export function worstStatus(statuses: readonly TargetStatus[]): TargetStatus {
  if (statuses.length === 0) return 'Thiếu số liệu';
  return statuses.reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
}

/** One decimal, rounding half up, without binary noise (62.49999999 from a division prints as 62.5). */
export const round1 = (x: number): number => Math.round(clean(x * 10)) / 10;

// --- internal ---

/** Comparisons tolerate division noise: 12 ÷ 15 × 100 must meet a target of 80. */
const EPSILON = 1e-9;

const RANK: Record<TargetStatus, number> = { 'Thiếu số liệu': 0, 'Không đạt': 1, 'Chậm tiến độ': 2, 'Đúng tiến độ': 3, 'Đạt': 4 };

const clean = (x: number): number => Number(x.toPrecision(12));

import type { UnitInstance } from '../domain/unit-instances.ts';
import type { Measure, PlanTarget } from '../domain/plan-schema.ts';
import type { SummaryTarget, TargetStatus } from '../domain/summary-schema.ts';
import { goalOf, judge, paceOf, percentOf, round1, worstStatus, type Goal, type Pace } from './target-status.ts';
import { unitsHolding, type TargetContext } from './target-context.ts';

type RatioMeasure = Extract<Measure, { kind: 'ratio' }>;

/**
 * A ratio target (CT8: KT03 ÷ KT01 ≥ 80 % in every ward). Both indicators are stocks at the period's end
 * (KT03 already counts from January), so the period's values serve for the period and the year to date alike.
 * Each ward is judged on its own ratio; the district's value is Σ numerator ÷ Σ denominator (never an average of
 * ward ratios: wards differ in size), and its status is the worst ward's: `Đạt` only when every ward is.
 */
export function evaluateRatioTarget(t: PlanTarget, measure: RatioMeasure, ctx: TargetContext): SummaryTarget {
  const goal = goalOf(t.target);
  const pace = paceOf(ctx.period, ctx.window);
  const withDenominator = unitsHolding(ctx, measure.denominator);
  const wards = unitsHolding(ctx, measure.numerator).filter((u) => withDenominator.includes(u));
  const results = wards.map((u) => wardRatio(u, measure, ctx, goal, pace));
  let numerator = 0;
  let denominator = 0;
  // Both indicators are states: the district's ratio and status are those of the wards at the period's end. A ward
  // that ended inside the period is still judged on its own last values (byUnit), but adds nothing (issue 13).
  const atEnd = results.filter((r) => r.unit.atEnd);
  for (const r of atEnd) {
    if (r.pair === null) continue;
    numerator += r.pair.numerator;
    denominator += r.pair.denominator;
  }
  const ratio = denominator > 0 ? (numerator / denominator) * 100 : null;
  const value = ratio === null ? null : round1(ratio);
  return {
    target: t.target,
    period: value,
    yearToDate: value,
    percent: percentOf(goal, ratio),
    status: worstStatus(atEnd.map((r) => r.status)),
    byUnit: Object.fromEntries(results.map((r) => [r.unit.key, { ratio: r.ratio === null ? null : round1(r.ratio), status: r.status }])),
  };
}

// --- internal ---

interface WardRatio {
  readonly unit: UnitInstance;
  /** Both values, when the ward gave them (they then count in the district's sums). */
  readonly pair: { readonly numerator: number; readonly denominator: number } | null;
  readonly ratio: number | null;
  readonly status: TargetStatus;
}

function wardRatio(unit: UnitInstance, measure: RatioMeasure, ctx: TargetContext, goal: Goal, pace: Pace): WardRatio {
  const coverage = ctx.periodCoverage(unit);
  if (coverage.status !== 'accepted') return { unit, pair: null, ratio: null, status: 'Thiếu số liệu' };
  const numerator = coverage.values[measure.numerator] ?? null;
  const denominator = coverage.values[measure.denominator] ?? null;
  // An empty cell is "not reported": the ward's data for the target is lacking.
  if (numerator === null || denominator === null) return { unit, pair: null, ratio: null, status: 'Thiếu số liệu' };
  // No establishment on the ward's territory: nothing to inspect, so the target is met (0 of 0), but a ratio
  // of 0 ÷ 0 has no value to print.
  if (denominator === 0) return { unit, pair: { numerator, denominator }, ratio: null, status: 'Đạt' };
  const ratio = (numerator / denominator) * 100;
  return { unit, pair: { numerator, denominator }, ratio, status: judge(goal, ratio, pace) };
}

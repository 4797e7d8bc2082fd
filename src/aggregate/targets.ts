import { countYes } from './indicator-totals.ts';
import type { Plan, PlanTarget } from '../domain/plan-schema.ts';
import { evaluateRatioTarget } from './ratio-target.ts';
import { sumOrNull, type Coverage } from './rollup.ts';
import { unitsHolding, type TargetContext } from './target-context.ts';
import type { Summary, SummaryTarget } from '../domain/summary-schema.ts';
import { goalOf, judge, paceOf, percentOf } from './target-status.ts';

/** summary.targets: every target of the plan, judged on the period and the year to date (plan-2021.md). */
export function evaluateTargets(plan: Plan, ctx: TargetContext): Summary['targets'] {
  return Object.fromEntries(plan.targets.map((t) => [t.id, evaluateTarget(t, ctx)]));
}

// --- internal ---

function evaluateTarget(t: PlanTarget, ctx: TargetContext): SummaryTarget {
  switch (t.measure.kind) {
    case 'sum':
      return sumTarget(t, t.measure.code, ctx);
    case 'count-yes':
      return countYesTarget(t, t.measure.code, ctx);
    case 'ratio':
      return evaluateRatioTarget(t, t.measure, ctx);
  }
}

/**
 * A flow summed over the district (CT1–CT5). Only units whose whole span is known contribute (a unit's
 * partial year-to-date is no year-to-date), and any needed unit missing or rejected, for the period or for
 * an earlier piece of the year, makes the status `Thiếu số liệu`; the values still show what is known.
 */
function sumTarget(t: PlanTarget, code: string, ctx: TargetContext): SummaryTarget {
  const needed = unitsHolding({ forms: ctx.forms, units: ctx.yearToDateUnits }, code);
  const spans = needed.map((u) => ({ period: ctx.periodCoverage(u), ytd: ctx.yearToDateCoverage(u) }));
  const valuesOf = (covs: Coverage[]): number | null => sumOrNull(covs.map((c) => (c.status === 'accepted' ? (c.values[code] ?? null) : null)));
  const period = valuesOf(spans.map((s) => s.period));
  const yearToDate = valuesOf(spans.map((s) => s.ytd));
  const lacking = needed.length === 0 || spans.some((s) => s.period.status !== 'accepted' || s.ytd.status !== 'accepted');
  return judged(t, period, yearToDate, lacking, ctx);
}

/**
 * The number of wards answering 1 (CT6, CT7). DG01/DG02 are states ('last'), not flows: the count at the
 * period's end is both the period's value and the year-to-date one, so only the period's forms are needed,
 * and only the wards that still exist at the period's end are counted (a ward merged on 1 July 2025 is not).
 */
function countYesTarget(t: PlanTarget, code: string, ctx: TargetContext): SummaryTarget {
  const needed = unitsHolding(ctx, code).filter((u) => u.atEnd);
  const coverages = needed.map((u) => ctx.periodCoverage(u));
  const count = countYes(coverages.map((c) => (c.status === 'accepted' ? (c.values[code] ?? null) : null)));
  const lacking = needed.length === 0 || coverages.some((c) => c.status !== 'accepted');
  return judged(t, count, count, lacking, ctx);
}

function judged(t: PlanTarget, period: number | null, yearToDate: number | null, lacking: boolean, ctx: TargetContext): SummaryTarget {
  const goal = goalOf(t.target);
  return {
    target: t.target,
    period,
    yearToDate,
    percent: percentOf(goal, yearToDate),
    status: lacking ? 'Thiếu số liệu' : judge(goal, yearToDate, paceOf(ctx.period, ctx.window)),
  };
}

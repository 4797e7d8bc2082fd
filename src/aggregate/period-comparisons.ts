import { monthsOf, periodLabelVi, yearToDateMonths, type Period } from '../domain/period.ts';
import type { UnitRegistry } from '../domain/units.ts';
import { unitsOfPeriod, type UnitInstance } from '../domain/unit-instances.ts';
import { totalsOf, type UnitResult } from './indicator-totals.ts';
import type { ReportModel } from './report-model.ts';
import { resolveCoverage, type RollupContext } from './rollup.ts';

/**
 * District totals of another period (the previous one, the same one last year) by the same roll-up, or null
 * unless every unit expected in that period is accepted: a comparison against a partial total would mislead.
 */
export function comparableTotals(ctx: RollupContext, registry: UnitRegistry, period: Period): ReportModel['previous'] {
  const results: UnitResult[] = [];
  for (const unit of unitsOfPeriod(registry, period)) {
    const coverage = resolveCoverage(ctx, unit, period);
    if (coverage.status !== 'accepted') return null;
    results.push({ unit, values: coverage.values });
  }
  return { periodId: period.id, periodLabel: periodLabelVi(period), totals: totalsOf(ctx.forms, results, period) };
}

/**
 * For a quarter, half year or year: the district totals month by month, from the MONTHLY forms of the
 * accepted units only. A unit that sent a quarterly or half-year form has no month to show and adds nothing
 * here, so the months need not add up to the period's total; a month no unit reported is all null.
 */
export function monthlyTotals(ctx: RollupContext, period: Period, accepted: readonly UnitInstance[]): ReportModel['monthly'] {
  if (period.type === 'month') return null;
  return totalsByMonth(ctx, monthsOf(period), accepted);
}

/**
 * The same month by month, from January to the period's last month, for any period (the charts' year to date):
 * for a year it is exactly `monthlyTotals`; the units are those accepted for the period, as there.
 */
export function yearToDateMonthlyTotals(ctx: RollupContext, period: Period, accepted: readonly UnitInstance[]): NonNullable<ReportModel['monthly']> {
  return totalsByMonth(ctx, yearToDateMonths(period), accepted);
}

// --- internal ---

function totalsByMonth(ctx: RollupContext, months: readonly Period[], accepted: readonly UnitInstance[]): NonNullable<ReportModel['monthly']> {
  const totals = Object.fromEntries(
    months.map((m) => {
      const results = accepted.flatMap((unit): UnitResult[] => {
        // Only the month's own form counts: `records` is empty for a month the unit did not exist in.
        const coverage = resolveCoverage(ctx, unit, m);
        return coverage.status === 'accepted' && coverage.records.length > 0 ? [{ unit, values: coverage.values }] : [];
      });
      return [m.id, totalsOf(ctx.forms, results, m)];
    }),
  );
  return { months: months.map((m) => m.id), totals };
}

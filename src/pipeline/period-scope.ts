import { monthRange, previousPeriod, samePeriodLastYear, type Period } from '../periods/period.ts';

/**
 * Which forms a compile of `period` uses: those inside its year-to-date span (January to the period's end:
 * the period itself and the targets' year to date), inside the previous period and inside the same period a
 * year earlier (the comparisons). Every other workbook is ignored and only counted (spec/forms.md, "Across forms").
 */
export function isUsedByCompile(form: Period, period: Period): boolean {
  const spans = [
    { year: period.year, first: 1, last: monthRange(period).last },
    spanOf(previousPeriod(period)),
    spanOf(samePeriodLastYear(period)),
  ];
  const r = monthRange(form);
  return spans.some((s) => s.year === form.year && r.first >= s.first && r.last <= s.last);
}

// --- internal ---

function spanOf(p: Period): { year: number; first: number; last: number } {
  return { year: p.year, ...monthRange(p) };
}

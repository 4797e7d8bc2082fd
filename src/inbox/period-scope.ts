import { hasPreviousPeriod, monthRange, previousPeriod, samePeriodLastYear, type Period } from '../domain/period.ts';

/**
 * Which forms a compile of `period` uses: those inside its year-to-date span (January to the period's end:
 * the period itself and the targets' year to date), inside the previous period and inside the same period a
 * year earlier (the comparisons). Every other workbook is ignored and only counted (spec/forms.md, "Across forms").
 */
export function isUsedByCompile(form: Period, period: Period): boolean {
  const previous = hasPreviousPeriod(period) ? [spanOf(previousPeriod(period))] : [];
  return [yearToDateSpan(period), ...previous, spanOf(samePeriodLastYear(period))].some((s) => within(form, s));
}

/**
 * Whether the form's own issues belong in this compile's summary: forms whose numbers the period or its year to date are
 * made of. Forms used only for a comparison (last December, last year) are judged by their own period's compile.
 */
export const isReportedByCompile = (form: Period, period: Period): boolean => within(form, yearToDateSpan(period));

// --- internal ---

interface Span {
  year: number;
  first: number;
  last: number;
}

const spanOf = (p: Period): Span => ({ year: p.year, ...monthRange(p) });
const yearToDateSpan = (p: Period): Span => ({ year: p.year, first: 1, last: monthRange(p).last });

function within(form: Period, s: Span): boolean {
  const r = monthRange(form);
  return s.year === form.year && r.first >= s.first && r.last <= s.last;
}

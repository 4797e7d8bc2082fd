import { makePeriod, monthRange, type Period } from '../domain/period.ts';

/**
 * The standard periods one level down: a year is made of its halves, a half of its quarters, a quarter
 * of its months (spec/forms.md, "Periods"). A month has no pieces.
 */
export function childPeriods(p: Period): Period[] {
  const { first } = monthRange(p);
  switch (p.type) {
    case 'year':
      return [1, 2].map((h) => makePeriod('half', p.year, h));
    case 'half':
      return [0, 1].map((k) => makePeriod('quarter', p.year, (first - 1) / 3 + 1 + k));
    case 'quarter':
      return [0, 1, 2].map((k) => makePeriod('month', p.year, first + k));
    case 'month':
      return [];
    case 'range':
      return spanPieces(p.year, first, monthRange(p).last);
  }
}

/**
 * January to the period's last month as standard periods, largest first (2021-08 → 2021-H1, 2021-07,
 * 2021-08; 2021-Q3 → 2021-H1, 2021-Q3). Largest first so that a unit's whole-period forms are preferred:
 * each piece is then resolved like any period, falling back to its smaller forms when it has no form of its own.
 */
export function yearToDatePeriods(p: Period): Period[] {
  return spanPieces(p.year, 1, monthRange(p).last);
}

/**
 * Months `from`..`end` of a year as standard periods, largest first (a range 2021-02..2021-07 → 2021-02, 2021-03,
 * 2021-Q2, 2021-07): a range of months rolls up like a quarter, from whole-period forms where a piece has one.
 */
export function spanPieces(year: number, from: number, end: number): Period[] {
  const out: Period[] = [];
  let m = from;
  while (m <= end) {
    const piece =
      m === 1 && end === 12 ? makePeriod('year', year, 1)
      : (m - 1) % 6 === 0 && m + 5 <= end ? makePeriod('half', year, (m + 5) / 6)
      : (m - 1) % 3 === 0 && m + 2 <= end ? makePeriod('quarter', year, (m + 2) / 3)
      : makePeriod('month', year, m);
    out.push(piece);
    m = monthRange(piece).last + 1;
  }
  return out;
}

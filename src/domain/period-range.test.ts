import { describe, expect, it } from 'vitest';
import { childPeriods, yearToDatePeriods } from '../aggregate/period-pieces.ts';
import {
  elapsedShare,
  hasPreviousPeriod,
  makePeriod,
  monthsOf,
  parsePeriodId,
  parsePeriodText,
  parseRangeId,
  periodContains,
  periodFileId,
  periodLabelVi,
  periodWindow,
  previousPeriod,
  resolvePeriod,
  samePeriodLastYear,
  type Period,
} from './period.ts';

/** Issue 16: `--period A..B`, a range of months of one year (spec/closing.md, "Any range of months"). */

const range = (id: string): Period => {
  const p = parseRangeId(id);
  if (!p) throw new Error(id);
  return p;
};

describe('ranges of months', () => {
  it('reads A..B within one year, A before B; a range of one month is that month', () => {
    expect(parseRangeId('2021-02..2021-04')).toEqual({ id: '2021-02..2021-04', type: 'range', year: 2021, index: 2, lastMonth: 4 });
    expect(parseRangeId(' 2021-01..2021-12 ')?.id).toBe('2021-01..2021-12');
    expect(parseRangeId('2021-03..2021-03')).toEqual(makePeriod('month', 2021, 3));
    for (const bad of ['2021-04..2021-02', '2021-11..2022-01', '2021-00..2021-03', '2021-02..2021-13', '2021-02...2021-04', '2021-02..04', '2021-Q1..2021-Q2']) {
      expect(parseRangeId(bad), bad).toBeNull();
    }
  });

  it('is taken by --period (resolvePeriod) but never read from a form\'s `Kỳ báo cáo`', () => {
    expect(resolvePeriod('2021-02..2021-04', '2021-06-01', 'decree-09')?.id).toBe('2021-02..2021-04');
    expect(parsePeriodId('2021-02..2021-04')).toBeNull();
    expect(parsePeriodText('2021-02..2021-04')).toBeNull();
  });

  it('covers its months, with the data window of its first and last month (Decree 09 or calendar)', () => {
    const r = range('2021-02..2021-04');
    expect(monthsOf(r).map((m) => m.id)).toEqual(['2021-02', '2021-03', '2021-04']);
    expect(periodWindow(r, 'decree-09')).toEqual({ from: '2021-01-15', to: '2021-04-14' });
    expect(periodWindow(r, 'calendar')).toEqual({ from: '2021-02-01', to: '2021-04-30' });
    expect(elapsedShare(r, 'decree-09')).toBe(elapsedShare(makePeriod('month', 2021, 4), 'decree-09'));
    expect(periodContains(r, makePeriod('month', 2021, 3))).toBe(true);
    expect(periodContains(r, makePeriod('month', 2021, 5))).toBe(false);
    expect(periodContains(r, makePeriod('quarter', 2021, 1))).toBe(false);
  });

  it('is titled "từ tháng 2 đến tháng 4 năm 2021", filed under 2021-02_2021-04, compared with the same range a year earlier only', () => {
    const r = range('2021-02..2021-04');
    expect(periodLabelVi(r)).toBe('từ tháng 2 đến tháng 4 năm 2021');
    expect(periodFileId(r)).toBe('2021-02_2021-04');
    expect(periodFileId(makePeriod('quarter', 2021, 1))).toBe('2021-Q1');
    expect(samePeriodLastYear(r).id).toBe('2020-02..2020-04');
    expect(hasPreviousPeriod(r)).toBe(false);
    expect(() => previousPeriod(r)).toThrow(RangeError);
    expect(hasPreviousPeriod(makePeriod('month', 2021, 1))).toBe(true);
  });

  it('rolls up like a quarter: its pieces are the largest standard periods inside it, and its year to date runs from January', () => {
    const ids = (ps: Period[]) => ps.map((p) => p.id);
    expect(ids(childPeriods(range('2021-02..2021-04')))).toEqual(['2021-02', '2021-03', '2021-04']);
    expect(ids(childPeriods(range('2021-02..2021-07')))).toEqual(['2021-02', '2021-03', '2021-Q2', '2021-07']);
    expect(ids(childPeriods(range('2021-01..2021-06')))).toEqual(['2021-H1']);
    expect(ids(childPeriods(range('2021-01..2021-12')))).toEqual(['2021']);
    expect(ids(yearToDatePeriods(range('2021-02..2021-04')))).toEqual(['2021-Q1', '2021-04']);
  });
});

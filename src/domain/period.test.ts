import { describe, expect, it } from 'vitest';
import {
  elapsedShare,
  lastDayOf,
  monthsOf,
  parsePeriodId,
  parsePeriodText,
  periodContains,
  periodLabelVi,
  periodWindow,
  previousPeriod,
  resolvePeriod,
  samePeriodLastYear,
  yearToDateMonths,
  addDays,
  type WindowMode,
} from './period.ts';

const p = (id: string) => {
  const period = parsePeriodId(id);
  if (!period) throw new Error(`bad id ${id}`);
  return period;
};

describe('data windows at their boundaries (forms.md, "Periods")', () => {
  it.each([
    // id, mode, from, to
    ['2021-01', 'decree-09', '2020-12-15', '2021-01-14'],
    ['2021-03', 'decree-09', '2021-02-15', '2021-03-14'],
    ['2021-12', 'decree-09', '2021-11-15', '2021-12-14'],
    ['2021-Q1', 'decree-09', '2020-12-15', '2021-03-14'],
    ['2021-Q4', 'decree-09', '2021-09-15', '2021-12-14'],
    ['2021-H2', 'decree-09', '2021-06-15', '2021-12-14'],
    ['2021', 'decree-09', '2020-12-15', '2021-12-14'],
    ['2021-02', 'calendar', '2021-02-01', '2021-02-28'],
    ['2024-02', 'calendar', '2024-02-01', '2024-02-29'],
    ['2100-02', 'calendar', '2100-02-01', '2100-02-28'],
    ['2000-02', 'calendar', '2000-02-01', '2000-02-29'],
    ['2021-Q2', 'calendar', '2021-04-01', '2021-06-30'],
    ['2021', 'calendar', '2021-01-01', '2021-12-31'],
  ] as const)('%s (%s): %s to %s', (id, mode, from, to) => {
    expect(periodWindow(p(id), mode)).toEqual({ from, to });
  });

  it('ends on the last calendar day whatever the window', () => {
    expect(lastDayOf(p('2021-02'))).toBe('2021-02-28');
    expect(lastDayOf(p('2024-Q1'))).toBe('2024-03-31');
    expect(lastDayOf(p('2021-H1'))).toBe('2021-06-30');
  });
});

describe('relative periods: the latest period whose window ended before today', () => {
  it.each([
    // today, mode, input, expected
    ['2021-04-14', 'decree-09', 'last-month', '2021-03'], // April's window ends today: not over yet
    ['2021-04-15', 'decree-09', 'last-month', '2021-04'], // April's window ended yesterday
    ['2021-04-13', 'decree-09', 'last-month', '2021-03'],
    ['2021-01-14', 'decree-09', 'last-month', '2020-12'],
    ['2021-01-15', 'decree-09', 'last-month', '2021-01'],
    ['2020-12-15', 'decree-09', 'last-month', '2020-12'], // December's window ended on the 14th
    ['2020-12-15', 'decree-09', 'last-year', '2020'],
    ['2020-12-14', 'decree-09', 'last-year', '2019'],
    ['2021-03-14', 'decree-09', 'last-quarter', '2020-Q4'],
    ['2021-03-15', 'decree-09', 'last-quarter', '2021-Q1'],
    ['2021-06-15', 'decree-09', 'last-half', '2021-H1'],
    ['2021-06-14', 'decree-09', 'last-half', '2020-H2'],
    ['2021-04-30', 'calendar', 'last-month', '2021-03'],
    ['2021-05-01', 'calendar', 'last-month', '2021-04'],
    ['2022-01-01', 'calendar', 'last-year', '2021'],
    ['2021-12-31', 'calendar', 'last-year', '2020'],
  ] as const)('on %s (%s) %s is %s', (today, mode, input, expected) => {
    expect(resolvePeriod(input, today, mode as WindowMode)?.id).toBe(expected);
  });

  it('takes an explicit id as it is, and a relative name in any case', () => {
    expect(resolvePeriod('2021-q2', '2030-01-01', 'decree-09')?.id).toBe('2021-Q2');
    expect(resolvePeriod(' LAST-MONTH ', '2021-04-20', 'decree-09')?.id).toBe('2021-04');
  });
});

describe('period ids and the texts clerks type', () => {
  it.each([
    ['2021-03', '2021-03'],
    ['2021-q1', '2021-Q1'],
    ['2021-H2', '2021-H2'],
    ['2021', '2021'],
    ['Tháng 3/2021', '2021-03'],
    ['T3/2021', '2021-03'],
    ['03/2021', '2021-03'],
    ['Quý I/2021', '2021-Q1'],
    ['Quý 4 năm 2021', '2021-Q4'],
    ['6 tháng đầu năm 2021', '2021-H1'],
    ['6 tháng cuối năm 2021', '2021-H2'],
    ['Năm 2021', '2021'],
    ['THÁNG 12 NĂM 2021', '2021-12'],
  ])('%j reads as %s', (text, id) => {
    expect(parsePeriodText(text)?.id).toBe(id);
  });

  it.each(['2021-00', '2021-13', '2021-Q0', '2021-Q5', '2021-H3', '21-03', '2021-3-1', 'Tháng 13/2021', 'Quý V/2021', '', 'abc'])('%j is not a period', (text) => {
    expect(parsePeriodText(text)).toBeNull();
  });
});

describe('neighbours, containment and labels', () => {
  it.each([
    ['2021-01', '2020-12'],
    ['2021-03', '2021-02'],
    ['2021-Q1', '2020-Q4'],
    ['2021-H1', '2020-H2'],
    ['2021', '2020'],
  ])('before %s comes %s', (id, before) => {
    expect(previousPeriod(p(id)).id).toBe(before);
  });

  it('finds the same period a year earlier, the months, the year to date', () => {
    expect(samePeriodLastYear(p('2021-Q2')).id).toBe('2020-Q2');
    expect(monthsOf(p('2021-Q3')).map((m) => m.id)).toEqual(['2021-07', '2021-08', '2021-09']);
    expect(yearToDateMonths(p('2021-Q1')).map((m) => m.id)).toEqual(['2021-01', '2021-02', '2021-03']);
    expect(yearToDateMonths(p('2021-01')).map((m) => m.id)).toEqual(['2021-01']);
  });

  it('contains a month in its quarter, half and year only', () => {
    expect(periodContains(p('2021-Q1'), p('2021-03'))).toBe(true);
    expect(periodContains(p('2021-Q1'), p('2021-04'))).toBe(false);
    expect(periodContains(p('2021-H2'), p('2021-Q3'))).toBe(true);
    expect(periodContains(p('2021'), p('2020-12'))).toBe(false);
  });

  it('labels periods as reports print them', () => {
    expect(periodLabelVi(p('2021-03'))).toBe('tháng 3 năm 2021');
    expect(periodLabelVi(p('2021-Q4'))).toBe('quý IV năm 2021');
    expect(periodLabelVi(p('2021-H1'))).toBe('6 tháng đầu năm 2021');
    expect(periodLabelVi(p('2021'))).toBe('năm 2021');
  });

  it('measures the elapsed share of the year by windows', () => {
    expect(elapsedShare(p('2021'), 'decree-09')).toBe(1);
    expect(elapsedShare(p('2021-H1'), 'calendar')).toBeCloseTo(181 / 365, 10);
    expect(elapsedShare(p('2021-01'), 'decree-09')).toBeCloseTo(31 / 365, 10);
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2021-03-14', 3)).toBe('2021-03-17');
    expect(addDays('2020-12-30', 3)).toBe('2021-01-02');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
  });
});

import { expect, it } from 'vitest';
import { parsePeriodId, type Period } from '../domain/period.ts';
import { childPeriods, yearToDatePeriods } from './period-pieces.ts';

const p = (id: string): Period => {
  const period = parsePeriodId(id);
  if (!period) throw new Error(id);
  return period;
};
const ids = (ps: Period[]): string[] => ps.map((x) => x.id);

it('splits a year into halves, a half into quarters, a quarter into months', () => {
  expect(ids(childPeriods(p('2021')))).toEqual(['2021-H1', '2021-H2']);
  expect(ids(childPeriods(p('2021-H2')))).toEqual(['2021-Q3', '2021-Q4']);
  expect(ids(childPeriods(p('2021-Q2')))).toEqual(['2021-04', '2021-05', '2021-06']);
  expect(childPeriods(p('2021-05'))).toEqual([]);
});

it('decomposes January to the period end into the largest standard periods', () => {
  expect(ids(yearToDatePeriods(p('2021-01')))).toEqual(['2021-01']);
  expect(ids(yearToDatePeriods(p('2021-05')))).toEqual(['2021-Q1', '2021-04', '2021-05']);
  expect(ids(yearToDatePeriods(p('2021-08')))).toEqual(['2021-H1', '2021-07', '2021-08']);
  expect(ids(yearToDatePeriods(p('2021-Q3')))).toEqual(['2021-H1', '2021-Q3']);
  expect(ids(yearToDatePeriods(p('2021-11')))).toEqual(['2021-H1', '2021-Q3', '2021-10', '2021-11']);
  expect(ids(yearToDatePeriods(p('2021-H2')))).toEqual(['2021']);
  expect(ids(yearToDatePeriods(p('2021-12')))).toEqual(['2021']);
});

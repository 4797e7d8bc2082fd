import { expect, it } from 'vitest';
import { parsePeriodId, type Period } from '../domain/period.ts';
import { isReportedByCompile, isUsedByCompile } from './period-scope.ts';

const p = (id: string): Period => parsePeriodId(id)!;

it('a compile uses the year to date, the previous period and the same period last year, nothing else', () => {
  const used = (form: string, compiled: string) => isUsedByCompile(p(form), p(compiled));
  expect(['2021-01', '2021-03', '2021-Q1', '2020-03', '2020-12'].map((f) => used(f, '2021-03'))).toEqual([true, true, true, true, false]);
  expect(['2021-04', '2021', '2022-03', '2021-H1'].map((f) => used(f, '2021-03'))).toEqual([false, false, false, false]);
  expect(['2020-Q4', '2020-11', '2020-Q1', '2021-02', '2020-Q3'].map((f) => used(f, '2021-Q1'))).toEqual([true, true, true, true, false]);
  expect(['2021-12', '2021-H2', '2020-06', '2019-12', '2022-01'].map((f) => used(f, '2021'))).toEqual([true, true, true, false, false]);
});

it('a compile reports the issues of its year to date only, not of the forms it merely compares with', () => {
  const reported = (form: string, compiled: string) => isReportedByCompile(p(form), p(compiled));
  expect(['2021-01', '2021-03', '2021-Q1', '2020-03', '2020-12'].map((f) => reported(f, '2021-03'))).toEqual([true, true, true, false, false]);
});

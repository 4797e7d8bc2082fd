import { describe, expect, it } from 'vitest';
import type { Summary } from '../domain/summary-schema.ts';
import { compareSummaries, hasChanges } from './compare-summaries.ts';

type Figures = Pick<Summary, 'indicators' | 'targets'>;

const sent: Figures = {
  indicators: {
    TT01: { total: 7, byUnit: { '00001': 3, '00004': 4, '00007': null } },
    KT01: { total: 10, byUnit: { '00001': 5, '00004': 5 } },
  },
  targets: {
    CT4: { target: { min: 400 }, period: 30, yearToDate: 90, percent: 22.5, status: 'Đúng tiến độ' },
    CT8: { target: { ratio: 0.8 }, period: 80, yearToDate: 80, percent: 100, status: 'Đạt', byUnit: { '00001': { ratio: 80, status: 'Đạt' } } },
  },
};
const cause = (unit: string, code: string) => ({ file: `2021-03/${code}_${unit}.xlsx`, cell: 'E10' });

describe('compareSummaries', () => {
  it('the same figures: no change', () => {
    expect(hasChanges(compareSummaries(sent, structuredClone(sent), cause))).toBe(false);
  });

  it('one unit changed: its row with the file and cell, then the total with the same cause', () => {
    const now = structuredClone(sent) as Figures & { indicators: { TT01: { total: number; byUnit: Record<string, number | null> } } };
    now.indicators.TT01.byUnit['00004'] = 9;
    now.indicators.TT01.total = 12;
    expect(compareSummaries(sent, now, cause).corrections).toEqual([
      { indicator: 'TT01', unit: '00004', old: 4, new: 9, file: '2021-03/TT01_00004.xlsx', cell: 'E10' },
      { indicator: 'TT01', unit: null, old: 7, new: 12, file: '2021-03/TT01_00004.xlsx', cell: 'E10' },
    ]);
  });

  it('a late ward (no key → a value) and a ward gone (a value → no key); a total moved by two units names no single file', () => {
    const now: Figures = structuredClone(sent);
    now.indicators.KT01 = { total: 11, byUnit: { '00001': 5, '00007': 6 } };
    expect(compareSummaries(sent, now, cause).corrections).toEqual([
      { indicator: 'KT01', unit: '00004', old: 5, new: null, file: null, cell: null },
      { indicator: 'KT01', unit: '00007', old: null, new: 6, file: '2021-03/KT01_00007.xlsx', cell: 'E10' },
      { indicator: 'KT01', unit: null, old: 10, new: 11, file: null, cell: null },
    ]);
  });

  it('targets: a changed year to date or status, for the district and for a ward of CT8', () => {
    const now: Figures = structuredClone(sent);
    now.targets.CT4 = { ...sent.targets.CT4!, yearToDate: 95, percent: 23.8 };
    now.targets.CT8 = { ...sent.targets.CT8!, period: 70, yearToDate: 70, status: 'Chậm tiến độ', byUnit: { '00001': { ratio: 70, status: 'Chậm tiến độ' } } };
    expect(compareSummaries(sent, now, cause).targets).toEqual([
      { target: 'CT4', unit: null, old: 90, new: 95, oldStatus: 'Đúng tiến độ', newStatus: 'Đúng tiến độ' },
      { target: 'CT8', unit: null, old: 80, new: 70, oldStatus: 'Đạt', newStatus: 'Chậm tiến độ' },
      { target: 'CT8', unit: '00001', old: 80, new: 70, oldStatus: 'Đạt', newStatus: 'Chậm tiến độ' },
    ]);
  });
});

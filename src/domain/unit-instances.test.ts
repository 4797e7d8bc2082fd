import { describe, expect, it } from 'vitest';
import { loadDefaultUnits } from '../load/load-units.ts';
import { lastDayOf, parsePeriodId, parseRangeId, type Period } from './period.ts';
import { unitMonths, unitsOfPeriod } from './unit-instances.ts';
import { unitsValidOn } from './units.ts';

const registry = loadDefaultUnits();
const period = (id: string): Period => parsePeriodId(id) ?? parseRangeId(id) ?? (() => { throw new Error(id); })();
const keys = (id: string): string[] => unitsOfPeriod(registry, period(id)).map((u) => u.key);

describe('the units of a period (issue 13: keyed on code and validity)', () => {
  it('is, for a period that crosses no change, exactly the units of its last day, keyed by plain code, none partial', () => {
    for (const id of ['2021', '2021-H2', '2021-Q1', '2021-03', '2025-H1', '2025-Q2', '2025-Q3', '2025-H2', '2025-07', '2026']) {
      const units = unitsOfPeriod(registry, period(id));
      expect([id, units.map((u) => u.code)]).toEqual([id, unitsValidOn(registry, lastDayOf(period(id))).map((u) => u.code)]);
      expect([id, units.filter((u) => u.partial || u.key !== u.code).length]).toEqual([id, 0]);
    }
  });

  it('holds the old and the new units of a year across 1 July 2025; a reused code is keyed with each span clipped to the year', () => {
    expect(keys('2025')).toEqual([
      '00001', '00004:2025-01-01..2025-06-30', '00006', '00007', '00008:2025-01-01..2025-06-30', '00013', '00016', '00019', '00022', '00025:2025-01-01..2025-06-30', '00028', '00031', '00034',
      '00004:2025-07-01..2025-12-31', '00008:2025-07-01..2025-12-31', '00025:2025-07-01..2025-12-31', 'CA', 'D178',
    ]);
    // Nguyễn Trung Trực (ended 31/12/2024) is in 2024, not in 2025.
    expect(keys('2024')).toContain('00010');
  });

  it('clips to the calendar months of a range that crosses the change (2025-05..2025-08)', () => {
    const units = unitsOfPeriod(registry, period('2025-05..2025-08'));
    const trucBach = units.find((u) => u.name === 'Phường Trúc Bạch')!;
    const baDinh = units.find((u) => u.name === 'Phường Ba Đình')!;
    expect([trucBach.key, trucBach.atEnd, unitMonths(trucBach, period('2025-05..2025-08')).map((m) => m.id)]).toEqual(['00004:2025-05-01..2025-06-30', false, ['2025-05', '2025-06']]);
    expect([baDinh.key, baDinh.atEnd, unitMonths(baDinh, period('2025-05..2025-08')).map((m) => m.id)]).toEqual(['00004:2025-07-01..2025-08-31', true, ['2025-07', '2025-08']]);
    expect(units.find((u) => u.code === '00001')).toMatchObject({ key: '00001', partial: true, spanFrom: '2025-05-01', spanTo: '2025-06-30' });
  });
});

import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test/support/records.ts';
import { loadForms } from '../load/load-forms.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { parsePeriodId } from '../domain/period.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { buildReportModel } from './build-report-model.ts';
import { loadDefaultPlan } from '../load/load-plan.ts';

const forms = loadForms();
const registry = loadDefaultUnits();
const WARDS = registry.units.filter((u) => u.kind === 'ward' && u.validFrom === null).map((u) => u.code);
const UNITS = [...WARDS, 'CA', 'D178'];

type Values = Record<string, number | null>;

/** A record as the reader would give it; every indicator present, null unless given. */
const rec = (unitCode: string, periodId: string, values: Values): FormRecord => makeRecord({ unitCode, period: periodId, values });

/** Monthly forms of every unit from January to `lastMonth` of 2021; `values(unit, month)` fills them. */
function months(lastMonth: number, values: (unit: string, month: number) => Values): FormRecord[] {
  return Array.from({ length: lastMonth }, (_, k) => k + 1).flatMap((mm) =>
    UNITS.map((u) => rec(u, `2021-${String(mm).padStart(2, '0')}`, values(u, mm))),
  );
}

function targets(periodId: string, records: FormRecord[]) {
  const period = parsePeriodId(periodId);
  if (!period) throw new Error(periodId);
  return buildReportModel({
    period, window: 'decree-09', deadlineDays: 3, reportDateDays: 2, records, rejected: [], issues: [], ignoredFiles: 0,
    units: registry, forms, plan: loadDefaultPlan(),
  }).summary.targets;
}

// March 2021 under Decree 09 windows: 90 of the year's 365 days have elapsed (share 0.2466).
const FULL: Values = { CA01: 40, CA02: 2, CA04: 1, CA09: 0, DK01: 10, DG01: 1, DG02: 1, KT01: 10, KT03: 9 };
const march = (override: (unit: string, month: number) => Values = () => ({})) => months(3, (u, m) => ({ ...FULL, ...override(u, m) }));

describe('targets of the plan', () => {
  it("judges 'Đạt', 'Đúng tiến độ' and the pro-rata pace on the year to date", () => {
    const t = targets('2021-03', march());
    expect(t.CT2).toEqual({ target: { min: 6 }, period: 2, yearToDate: 6, percent: 100, status: 'Đạt' });
    expect(t.CT4).toEqual({ target: { min: 400 }, period: 40, yearToDate: 120, percent: 30, status: 'Đúng tiến độ' });
    expect(t.CT1).toEqual({ target: { max: 0 }, period: 0, yearToDate: 0, percent: null, status: 'Đạt' });
    expect(t.CT6).toMatchObject({ period: 14, yearToDate: 14, percent: 100, status: 'Đạt' });
  });

  it("judges 'Chậm tiến độ' below the elapsed share of the year", () => {
    expect(targets('2021-03', march(() => ({ CA01: 30 }))).CT4).toMatchObject({ yearToDate: 90, percent: 22.5, status: 'Chậm tiến độ' });
  });

  it("judges 'Không đạt' at once when a max is broken (CT1 > 0) or a range overshot (CT5 > 50)", () => {
    const t = targets('2021-03', march((_, m) => ({ CA09: m === 2 ? 1 : 0, DK01: m === 3 ? 15 : 20 })));
    expect(t.CT1).toMatchObject({ period: 0, yearToDate: 1, percent: null, status: 'Không đạt' });
    expect(t.CT5).toEqual({ target: { min: 30, max: 50 }, period: 15, yearToDate: 55, percent: 183.3, status: 'Không đạt' });
  });

  it("judges 'Không đạt' for a shortfall once the period reaches the end of the year", () => {
    const t = targets('2021-12', months(12, (u, m) => ({ ...FULL, CA04: m <= 3 ? 1 : 0 })));
    expect(t.CT3).toEqual({ target: { min: 4 }, period: 0, yearToDate: 3, percent: 75, status: 'Không đạt' });
    expect(t.CT2?.status).toBe('Đạt');
  });

  it("judges 'Thiếu số liệu' when a needed unit is missing for the period or an earlier month of the year", () => {
    const records = march().filter((r) => !(r.unitCode === 'CA' && r.period.id === '2021-02') && !(r.unitCode === '00007' && r.period.id === '2021-03'));
    const t = targets('2021-03', records);
    expect(t.CT4).toMatchObject({ period: 40, yearToDate: null, percent: null, status: 'Thiếu số liệu' });
    expect(t.CT6).toMatchObject({ period: 13, status: 'Thiếu số liệu' });
    expect(t.CT5?.status).toBe('Đạt'); // D178 reported every month: unaffected by the police's gap
  });

  it('judges CT8 ward by ward and the district on Σ KT03 ÷ Σ KT01, with the worst ward status', () => {
    const wards: Record<string, Values> = { '00004': { KT03: 5 }, '00006': { KT03: 1 }, '00007': { KT01: 0, KT03: 0 }, '00001': { KT03: 8 } };
    const ct8 = targets('2021-03', march((u) => wards[u] ?? {})).CT8;
    expect(ct8?.byUnit?.['00001']).toEqual({ ratio: 80, status: 'Đạt' });
    expect(ct8?.byUnit?.['00004']).toEqual({ ratio: 50, status: 'Đúng tiến độ' });
    expect(ct8?.byUnit?.['00006']).toEqual({ ratio: 10, status: 'Chậm tiến độ' });
    expect(ct8?.byUnit?.['00007']).toEqual({ ratio: null, status: 'Đạt' });
    expect(Object.keys(ct8?.byUnit ?? {})).toEqual(WARDS);
    // Σ KT03 = 9 × 10 + 8 + 5 + 1 + 0 = 104, Σ KT01 = 10 × 13 = 130: 80 %, 100 % of the 80 % target.
    expect(ct8).toMatchObject({ target: { ratio: 0.8 }, period: 80, yearToDate: 80, percent: 100, status: 'Chậm tiến độ' });
  });

  it("gives CT8 'Thiếu số liệu' for a ward without data, and so for the district", () => {
    const records = march((u): Values => (u === '00010' ? { KT03: null } : {})).filter((r) => r.unitCode !== '00019');
    const ct8 = targets('2021-03', records).CT8;
    expect(ct8?.byUnit?.['00019']).toEqual({ ratio: null, status: 'Thiếu số liệu' });
    expect(ct8?.byUnit?.['00010']).toEqual({ ratio: null, status: 'Thiếu số liệu' });
    expect(ct8?.byUnit?.['00001']).toEqual({ ratio: 90, status: 'Đạt' });
    expect(ct8).toMatchObject({ period: 90, status: 'Thiếu số liệu' });
  });

  it('meets CT8 in every ward at the end of the year only with ≥ 80 % everywhere', () => {
    const ct8 = targets('2021-12', months(12, (u) => ({ ...FULL, KT03: u === '00004' ? 7 : 8 }))).CT8;
    expect(ct8?.byUnit?.['00004']).toEqual({ ratio: 70, status: 'Không đạt' });
    expect(ct8?.status).toBe('Không đạt');
  });
});

import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test/support/records.ts';
import type { TextKey } from '../domain/form-layout.ts';
import { loadForms } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import { addDays, parsePeriodId, periodWindow } from '../domain/period.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { buildReportModel, type ReportModelInput } from './build-report-model.ts';
import { loadDefaultPlan } from '../load/load-plan.ts';
import type { RejectedRecord } from './record-index.ts';
import { SummarySchema } from '../domain/summary-schema.ts';

const forms = loadForms();
const registry = loadDefaultUnits();
type Values = Record<string, number | null>;
const WARDS = registry.units.filter((u) => u.kind === 'ward' && u.validFrom === null).map((u) => u.code);

/** A record as the reader would give it; every indicator present, null unless given. */
function rec(unitCode: string, periodId: string, values: Values = {}, opts: { signedOn?: string | null; texts?: Partial<Record<TextKey, string>> } = {}): FormRecord {
  const signedOn = opts.signedOn === undefined ? addDays(periodWindow(parsePeriodId(periodId)!, 'decree-09').to, 1) : opts.signedOn;
  return makeRecord({ unitCode, period: periodId, values, signedOn, ...(opts.texts ? { texts: opts.texts } : {}) });
}

/** One record per unit of 2021 for a period. */
const everyone = (periodId: string, values: (code: string) => Values = () => ({})): FormRecord[] =>
  [...WARDS, 'CA', 'D178'].map((c) => rec(c, periodId, values(c)));

function build(periodId: string, records: FormRecord[], extra: { rejected?: RejectedRecord[]; issues?: Issue[] } = {}) {
  const period = parsePeriodId(periodId);
  if (!period) throw new Error(periodId);
  const input: ReportModelInput = {
    period, window: 'decree-09', deadlineDays: 3, reportDateDays: 2, records, rejected: extra.rejected ?? [], issues: extra.issues ?? [],
    ignoredFiles: 0, units: registry, forms, plan: loadDefaultPlan(),
  };
  return buildReportModel(input);
}

const others = (except: string, periodId: string): FormRecord[] => everyone(periodId).filter((r) => r.unitCode !== except);
const unitLine = (m: ReturnType<typeof build>, code: string) => m.summary.units.find((u) => u.code === code);
const codes = (m: ReturnType<typeof build>, code: string) => m.summary.issues.filter((i) => i.code === code);

describe('roll-up of a unit over a period', () => {
  it('rolls a quarter up from its months: sum adds the reported values, last takes the latest reported', () => {
    const months = [rec('00007', '2021-01', { TT01: 2, KT01: 10 }), rec('00007', '2021-02', { TT01: null, KT01: 12 }), rec('00007', '2021-03', { TT01: 3, KT01: null })];
    const m = build('2021-Q1', [...months, ...others('00007', '2021-Q1')]);
    expect(m.summary.indicators.TT01?.byUnit['00007']).toBe(5);
    expect(m.summary.indicators.KT01?.byUnit['00007']).toBe(12);
    expect(m.summary.indicators.TT02?.byUnit['00007']).toBeNull();
    expect(unitLine(m, '00007')).toMatchObject({ status: 'accepted', source: 'monthly', files: months.map((r) => r.file) });
    expect(unitLine(m, '00001')).toMatchObject({ status: 'accepted', source: 'period' });
  });

  it('takes a quarterly form as it is', () => {
    const m = build('2021-Q1', everyone('2021-Q1', (c): Values => (c === '00007' ? { TT01: 7 } : {})));
    expect(m.summary.indicators.TT01).toMatchObject({ total: 7, byUnit: { '00007': 7 } });
    expect(unitLine(m, '00007')?.source).toBe('period');
    expect(m.summary.issues).toEqual([]);
  });

  it('prefers the whole-period form over complete months and warns at each differing cell', () => {
    const quarter = rec('00007', '2021-Q1', { TT01: 7, KT01: 12 });
    const months = [rec('00007', '2021-01', { TT01: 2, KT01: 10 }), rec('00007', '2021-02', { TT01: 2 }), rec('00007', '2021-03', { TT01: 1, KT01: 12 })];
    const m = build('2021-Q1', [quarter, ...months, ...others('00007', '2021-Q1')]);
    expect(m.summary.indicators.TT01?.byUnit['00007']).toBe(7);
    expect(unitLine(m, '00007')).toMatchObject({ source: 'period', files: [quarter.file] });
    expect(codes(m, 'rollup.period-vs-monthly').map((i) => [i.unit, i.file, i.cell])).toEqual([['00007', quarter.file, quarter.values.TT01?.cell]]);
  });

  it('rolls a year up recursively: a half-year form, a quarterly form, then months', () => {
    const pieces = [rec('CA', '2021-H1', { CA01: 200, CA02: 1 }), rec('CA', '2021-Q3', { CA01: 90 }), ...['10', '11', '12'].map((mm) => rec('CA', `2021-${mm}`, { CA01: 30, CA02: 1 }))];
    const m = build('2021', [...pieces, ...everyone('2021').filter((r) => r.unitCode !== 'CA')]);
    expect(m.summary.indicators.CA01?.byUnit.CA).toBe(380);
    expect(m.summary.indicators.CA02?.byUnit.CA).toBe(4);
    expect(unitLine(m, 'CA')).toMatchObject({ source: 'monthly', files: pieces.map((r) => r.file) });
  });

  it('names a missing unit, never counts it as zero, and leaves it out of every byUnit', () => {
    const partial = [rec('00007', '2021-01', { TT01: 2 }), rec('00007', '2021-03', { TT01: 3 })];
    const m = build('2021-Q1', [...partial, ...others('00007', '2021-Q1').map((r) => (r.unitCode === '00001' ? rec('00001', '2021-Q1', { TT01: 4 }) : r))]);
    expect(unitLine(m, '00007')).toMatchObject({ status: 'missing', source: null, files: [], signedOn: null, onTime: null });
    expect(codes(m, 'unit.missing')).toMatchObject([{ severity: 'error', unit: '00007' }]);
    expect(codes(m, 'unit.missing')[0]).not.toHaveProperty('file');
    expect(m.summary.indicators.TT01).toEqual({ total: 4, byUnit: expect.not.objectContaining({ '00007': expect.anything() }) });
    for (const ind of Object.values(m.summary.indicators)) expect(Object.keys(ind.byUnit)).not.toContain('00007');
  });

  it('marks a unit rejected when its form, or a month it needs, was rejected', () => {
    const rejected = [{ unitCode: '00007', periodId: '2021-02', file: 'in/00007-02.xlsx' }, { unitCode: '00001', periodId: '2021-Q1', file: 'in/00001-q1.xlsx' }];
    const records = [rec('00007', '2021-01'), rec('00007', '2021-03'), ...everyone('2021-Q1').filter((r) => r.unitCode !== '00007' && r.unitCode !== '00001')];
    const m = build('2021-Q1', records, { rejected });
    expect(unitLine(m, '00007')).toMatchObject({ status: 'rejected', source: null, files: ['in/00007-02.xlsx'] });
    expect(unitLine(m, '00001')).toMatchObject({ status: 'rejected', files: ['in/00001-q1.xlsx'] });
    expect(codes(m, 'unit.missing')).toEqual([]);
    expect(Object.keys(m.summary.indicators.TT01?.byUnit ?? {})).not.toContain('00007');
  });
});

describe('roll-up edge cases', () => {
  it('falls back to complete months when the whole-period form was rejected', () => {
    const rejected = [{ unitCode: 'CA', periodId: '2021-Q1', file: 'in/ca-q1.xlsx' }];
    const records = [...['01', '02', '03'].map((mm) => rec('CA', `2021-${mm}`, { CA01: 10 })), ...others('CA', '2021-Q1')];
    const m = build('2021-Q1', records, { rejected });
    expect(unitLine(m, 'CA')).toMatchObject({ status: 'accepted', source: 'monthly' });
    expect(m.summary.indicators.CA01?.total).toBe(30);
  });

  it('keys data on code and validity: a ward created in July 2025 needs no earlier month, and the old ward of the same code is a unit of its own', () => {
    const oldTrucBach = rec('00004', '2025-03', { TT01: 50 });
    const newBaDinh = ['07', '08', '09', '10', '11', '12'].map((mm) => rec('00004', `2025-${mm}`, { TT01: 1 }));
    const m = build('2025', [oldTrucBach, ...newBaDinh, rec('00008', '2025'), rec('00025', '2025')]);
    const line = (key: string) => m.summary.units.find((u) => u.key === key);
    expect(line('00004:2025-07-01..2025-12-31')).toMatchObject({ code: '00004', name: 'Phường Ba Đình', status: 'accepted', files: newBaDinh.map((r) => r.file) });
    expect(line('00004:2025-01-01..2025-06-30')).toMatchObject({ code: '00004', name: 'Phường Trúc Bạch', status: 'missing' });
    expect(m.summary.indicators.TT01?.byUnit['00004:2025-07-01..2025-12-31']).toBe(6);
    expect(m.summary.indicators.TT01?.byUnit).not.toHaveProperty('00004:2025-01-01..2025-06-30');
    expect(m.summary.indicators.TT01?.byUnit).not.toHaveProperty('00004');
  });
});

describe('district totals', () => {
  it('ignores empty cells, and is null when every unit left the cell empty', () => {
    const m = build('2021-03', everyone('2021-03', (c): Values => (c === '00001' ? { TT01: 5, TT02: null } : c === '00004' ? { TT01: null } : { TT01: 1 })));
    expect(m.summary.indicators.TT01?.byUnit['00004']).toBeNull();
    expect(m.summary.indicators.TT01?.total).toBe(5 + 12);
    expect(m.summary.indicators.TT02).toMatchObject({ total: null });
    expect(Object.keys(m.summary.indicators.CA01?.byUnit ?? {})).toEqual(['CA']);
  });

  it('counts the units answering 1 for a yes/no indicator', () => {
    const answers: Record<string, number | null> = { '00001': 1, '00004': 0, '00006': 1, '00007': null };
    const m = build('2021-03', everyone('2021-03', (c) => ({ DG01: c in answers ? (answers[c] ?? null) : 1 })));
    expect(m.summary.indicators.DG01?.total).toBe(2 + 10);
  });
});

describe('timeliness', () => {
  it('is true when every form used was signed by its deadline, false with a late one, null with an unsigned one', () => {
    const late = rec('00004', '2021-02', {}, { signedOn: '2021-02-18' });
    const records = [
      ...['01', '02', '03'].map((mm) => rec('00001', `2021-${mm}`, {}, { signedOn: `2021-${mm}-17` })),
      rec('00004', '2021-01'), late, rec('00004', '2021-03', {}, { signedOn: null }),
      rec('00006', '2021-01'), rec('00006', '2021-02', {}, { signedOn: null }), rec('00006', '2021-03'),
      ...everyone('2021-Q1').filter((r) => !['00001', '00004', '00006'].includes(r.unitCode)),
    ];
    const m = build('2021-Q1', records);
    expect(unitLine(m, '00001')).toMatchObject({ onTime: true, signedOn: '2021-03-17' });
    expect(unitLine(m, '00004')).toMatchObject({ onTime: false, signedOn: '2021-02-18' });
    expect(unitLine(m, '00006')).toMatchObject({ onTime: null });
    expect(codes(m, 'unit.late').map((i) => [i.severity, i.unit, i.file, i.cell])).toEqual([['warning', '00004', late.file, 'B5']]);
  });
});

describe('the rest of the report model', () => {
  it('passes the summary schema, with the decree-09 window of the period (outputs.md example)', () => {
    const issue: Issue = { severity: 'warning', code: 'cell.text-number', unit: '00001', file: 'a.xlsx', sheet: 'BaoCao', cell: 'E12', message: 'x' };
    const m = build('2021-Q1', everyone('2021-Q1'), { issues: [issue] });
    const summary = SummarySchema.parse(m.summary);
    expect(summary.period).toEqual({ id: '2021-Q1', type: 'quarter', from: '2020-12-15', to: '2021-03-14', window: 'decree-09' });
    expect(summary.units.map((u) => u.code)).toEqual([...WARDS, 'CA', 'D178']);
    expect(summary.issues).toEqual([issue]);
    expect(summary.outputs).toEqual([]);
    expect(Object.keys(summary.targets)).toEqual(['CT1', 'CT2', 'CT3', 'CT4', 'CT5', 'CT6', 'CT7', 'CT8']);
    expect(m.reportDate).toBe('2021-03-16');
    expect(m.periodLabel).toBe('quý I năm 2021');
  });

  it('compares with the previous period and last year only when every expected unit was accepted then', () => {
    const records = [...everyone('2021-Q1', () => ({ TT01: 1 })), ...everyone('2020-Q4', () => ({ TT01: 2 })), ...others('00007', '2020-Q1')];
    const m = build('2021-Q1', records);
    expect(m.previous).toMatchObject({ periodId: '2020-Q4', totals: { TT01: 28 } });
    expect(m.sameLastYear).toBeNull();
  });

  it('gives district totals by month from the monthly forms of the accepted units', () => {
    const records = [...['01', '02', '03'].flatMap((mm) => everyone(`2021-${mm}`, () => ({ TT01: Number(mm) })))];
    const m = build('2021-Q1', [...records.filter((r) => r.unitCode !== '00001'), rec('00001', '2021-Q1', { TT01: 100 })]);
    expect(m.monthly?.months).toEqual(['2021-01', '2021-02', '2021-03']);
    expect(m.monthly?.totals['2021-02']?.TT01).toBe(2 * 13);
    expect(m.summary.indicators.TT01?.total).toBe(6 * 13 + 100);
    expect(build('2021-03', everyone('2021-03')).monthly).toBeNull();
  });

  it("gathers the wards' texts of every form used (and the latest form's apart), skipping empty ones", () => {
    const records = [
      rec('00007', '2021-01', {}, { texts: { difficulties: 'tháng một' } }), rec('00007', '2021-02'),
      rec('00007', '2021-03', {}, { texts: { difficulties: 'tháng ba', proposals: '  ' } }),
      rec('CA', '2021-Q1', {}, { texts: { assessment: 'công an' } }),
      ...everyone('2021-Q1').filter((r) => r.unitCode !== '00007' && r.unitCode !== 'CA'),
    ];
    expect(build('2021-Q1', records).texts).toEqual([
      {
        unitKey: '00007',
        unitName: 'Phường Cống Vị',
        texts: { difficulties: 'tháng ba' },
        forms: [
          { periodId: '2021-01', texts: { difficulties: 'tháng một' } },
          { periodId: '2021-03', texts: { difficulties: 'tháng ba' } },
        ],
      },
    ]);
  });
});

describe('a period across the 1 July 2025 reorganisation (issue 13)', () => {
  it('a year: every unit that existed during only part of it is named, none shown as a silently shortened year', () => {
    const m = build('2025', []);
    const ended = codes(m, 'unit.ended-in-period');
    const partial = codes(m, 'unit.partial-period');
    const endedMid2025 = registry.units.filter((u) => u.validTo !== null && u.validTo >= '2025-01-01' && u.validTo < '2025-12-31');
    const startedMid2025 = registry.units.filter((u) => u.validFrom !== null && u.validFrom > '2025-01-01' && u.validFrom <= '2025-12-31');
    expect(endedMid2025.length).toBeGreaterThan(0);
    expect(startedMid2025.length).toBeGreaterThan(0);
    const codeOf = (key: string | undefined): string => (key ?? '').split(':')[0] ?? '';
    expect(ended.map((i) => codeOf(i.unit)).sort()).toEqual(endedMid2025.map((u) => u.code).sort());
    expect(partial.map((i) => codeOf(i.unit)).sort()).toEqual(startedMid2025.map((u) => u.code).sort());
    // A reused code (00004: Trúc Bạch until 30/06/2025, Ba Đình from 01/07/2025) is named twice, once for each unit, by its key.
    expect(ended.some((i) => i.unit === '00004:2025-01-01..2025-06-30' && i.message.includes('30/06/2025'))).toBe(true);
    expect(partial.some((i) => i.unit === '00004:2025-07-01..2025-12-31' && i.message.includes('01/07/2025'))).toBe(true);
    // Information, not a warning: the months are in the totals, and the lines no longer say they are left out.
    expect([...new Set([...ended, ...partial].map((i) => i.severity))]).toEqual(['info']);
    expect([...ended, ...partial].filter((i) => /không được cộng|không có trong danh sách/u.test(i.message))).toEqual([]);
  });

  it('nothing to say for a period inside one side of the change', () => {
    for (const p of ['2025-H1', '2025-Q3', '2025-07', '2021']) {
      const m = build(p, []);
      expect([p, codes(m, 'unit.ended-in-period').length + codes(m, 'unit.partial-period').length]).toEqual([p, 0]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildReportModel } from './build-report-model.ts';
import { classOf, round2 } from './assessment.ts';
import { CriteriaSchema, type Criteria } from '../domain/criteria-schema.ts';
import { loadCriteria } from '../load/load-criteria.ts';
import { loadDefaultPlan } from '../load/load-plan.ts';
import { loadForms } from '../load/load-forms.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { makePeriod } from '../domain/period.ts';
import { makeRecord } from '../../test/support/records.ts';
import type { FormRecord } from '../domain/form-record.ts';

/**
 * The year's assessment (spec/assessment.md) on records built by hand: the default criteria, each criterion's
 * points and reason, ties, the "thiếu số liệu" case, and classes.
 */

const forms = loadForms();
const criteria = loadCriteria(null, forms);
const MONTHS = Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`);

/** A ward meeting every default criterion in every month. */
const GOOD = { TT01: 1, KT01: 10, KT03: 8, TD01: 0, TD04: 0, DG01: 1, DG02: 1, NL01: 1, HT01: 1, XL02: 0 };

function year(unitCode: string, o: { values?: (month: number) => Record<string, number | undefined>; skip?: number[]; late?: number[] } = {}): FormRecord[] {
  return MONTHS.flatMap((period, i) => {
    const m = i + 1;
    if (o.skip?.includes(m)) return [];
    return [makeRecord({ unitCode, period, values: { ...GOOD, ...o.values?.(m) }, ...(o.late?.includes(m) ? { signedOn: `2021-${String(m).padStart(2, '0')}-25` } : {}) })];
  });
}

function assess(records: FormRecord[], c: Criteria = criteria) {
  const model = buildReportModel({
    period: makePeriod('year', 2021, 1),
    window: 'decree-09',
    deadlineDays: 3,
    reportDateDays: 2,
    records,
    rejected: [],
    issues: [],
    ignoredFiles: 0,
    units: loadDefaultUnits(),
    forms,
    plan: loadDefaultPlan(),
    criteria: c,
  });
  const a = model.summary.assessment;
  if (!a || !model.assessment) throw new Error('no assessment');
  return { summary: a, detail: model.assessment };
}

describe('assessWards (default criteria)', () => {
  const records = [
    ...year('00001'),
    // 6 of 10 inspected (60 %: 25 × 0.6 / 0.8 = 18.75), not free of prostitution (TC3 0), no propaganda in Jan–Mar
    // (10 × 9/12 = 7.5), no support but 2 sex workers fined (TC7 0), September sent late (15 × 11/12 = 13.75): 70.
    ...year('00004', { values: (m) => ({ KT03: 6, DG02: 0, TT01: m <= 3 ? 0 : 2, HT01: 0, XL02: m === 5 ? 2 : 0 }), late: [9] }),
    ...year('00006'),
    // March missing: the year cannot be rolled up, so every criterion on year values lacks data; 11 forms on time.
    ...year('00007', { skip: [3] }),
  ];
  const { summary, detail } = assess(records);
  const ward = (code: string) => summary.wards.find((w) => w.unit === code);

  it('scores all 14 wards of the registry, in rank order, and each ward\'s points add up to its score', () => {
    expect(summary.wards).toHaveLength(14);
    expect(summary.criteria.map((c) => [c.id, c.points])).toEqual([['TC1', 25], ['TC2', 15], ['TC3', 15], ['TC4', 10], ['TC5', 10], ['TC6', 5], ['TC7', 5], ['TC8', 15]]);
    for (const w of summary.wards) expect(round2(Object.values(w.byCriterion).reduce((a, b) => a + b, 0))).toBe(w.score);
    const scores = summary.wards.map((w) => w.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('gives each criterion its points and says why', () => {
    expect(ward('00001')?.byCriterion).toEqual({ TC1: 25, TC2: 15, TC3: 15, TC4: 10, TC5: 10, TC6: 5, TC7: 5, TC8: 15 });
    expect(ward('00004')?.byCriterion).toEqual({ TC1: 18.75, TC2: 15, TC3: 0, TC4: 10, TC5: 7.5, TC6: 5, TC7: 0, TC8: 13.75 });
    expect(ward('00004')?.score).toBe(70);
    const why = detail.wards.find((w) => w.unit === '00004')?.byCriterion;
    expect(why?.TC1?.why).toBe('KT03/KT01 = 6/10 = 60% (< 80%): 25 × 60% / 80% = 18,75 điểm');
    expect(why?.TC3?.why).toBe('DG02 = 0 (cần ≥ 1): không đạt');
    expect(why?.TC5?.why).toBe('9/12 tháng có TT01 ≥ 1: 10 × 9/12 = 7,5 điểm');
    expect(why?.TC8?.why).toBe('11/12 báo cáo tháng được chấp nhận, gửi đúng hạn (nộp muộn tháng 9): 13,75 điểm');
    expect(why?.TC1?.inputs).toEqual([6, 10]);
  });

  it('a ward missing a month scores 0 on the criteria that need the year, and the reason says "thiếu số liệu"', () => {
    const w = detail.wards.find((x) => x.unit === '00007');
    expect(Object.fromEntries(Object.entries(w?.byCriterion ?? {}).map(([k, v]) => [k, v.points]))).toEqual({ TC1: 0, TC2: 0, TC3: 0, TC4: 0, TC5: 0, TC6: 0, TC7: 0, TC8: 13.75 });
    expect(w?.byCriterion.TC1?.why).toBe('thiếu số liệu: chưa đủ báo cáo trong năm');
    expect(w?.byCriterion.TC5?.why).toBe('thiếu số liệu: TT01 tháng 3');
    expect(w?.byCriterion.TC8?.why).toContain('thiếu hoặc bị trả lại tháng 3');
    // A ward with no form at all: 0 everywhere, Yếu.
    expect(ward('00034')).toMatchObject({ score: 0, class: 'Yếu' });
  });

  it('ties share a rank (1, 1, 3, 4, 5 …) and classes follow the thresholds', () => {
    expect(summary.wards.slice(0, 4).map((w) => [w.unit, w.rank, w.class])).toEqual([
      ['00001', 1, 'Xuất sắc'],
      ['00006', 1, 'Xuất sắc'],
      ['00004', 3, 'Khá'],
      ['00007', 4, 'Yếu'],
    ]);
    expect(new Set(summary.wards.slice(4).map((w) => w.rank))).toEqual(new Set([5]));
    expect([90, 89.99, 75, 60, 59.99, 50, 49.99, 0].map((s) => classOf(criteria.classes, s))).toEqual(['Xuất sắc', 'Tốt', 'Tốt', 'Khá', 'Trung bình', 'Trung bình', 'Yếu', 'Yếu']);
  });

  it('no establishment to inspect (KT01 = 0) earns TC1; KT03 never given lacks data; `last` falls back to the latest month given', () => {
    const { detail: d } = assess(
      [
        ...year('00001', { values: () => ({ KT01: 0, KT03: 0 }) }),
        ...year('00004', { values: () => ({ KT03: Number.NaN }) }),
        ...year('00006', { values: (m) => (m === 12 ? { KT03: Number.NaN } : {}) }),
      ].map(blankNaN),
    );
    const tc1 = (code: string) => d.wards.find((w) => w.unit === code)?.byCriterion.TC1;
    expect(tc1('00001')).toMatchObject({ points: 25, why: 'KT03/KT01 = 0/0: không có cơ sở phải kiểm tra, đạt trọn điểm' });
    expect(tc1('00004')).toEqual({ points: 0, why: 'thiếu số liệu: KT03 để trống', inputs: [null, 10] });
    expect(tc1('00006')).toMatchObject({ points: 25, inputs: [8, 10] });
  });

  it('edited criteria change the points and the ranking', () => {
    const edited = CriteriaSchema.parse({
      ...criteria,
      criteria: criteria.criteria.map((c) => (c.id === 'TC3' ? { ...c, points: 0.01 } : c.id === 'TC8' ? { ...c, points: 29.99 } : c)),
    });
    const before = assess([...year('00004', { values: () => ({ DG02: 0 }) }), ...year('00006', { late: [1, 2, 3] })]);
    const after = assess([...year('00004', { values: () => ({ DG02: 0 }) }), ...year('00006', { late: [1, 2, 3] })], edited);
    expect(before.summary.wards.slice(0, 2).map((w) => [w.unit, w.score])).toEqual([['00006', 96.25], ['00004', 85]]);
    expect(after.summary.wards.slice(0, 2).map((w) => [w.unit, w.score])).toEqual([['00004', 99.99], ['00006', 92.5]]);
  });
});

/** makeRecord takes numbers; NaN marks a cell to leave empty. */
function blankNaN(r: FormRecord): FormRecord {
  return { ...r, values: Object.fromEntries(Object.entries(r.values).map(([k, e]) => [k, Number.isNaN(e.value) ? { ...e, value: null } : e])) };
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../common/usage-error.ts';
import { checkCriteria, loadCriteria } from './load-criteria.ts';
import { loadForms } from './load-forms.ts';
import { templatesUrl } from './templates.ts';

/** The criteria file of the wards' assessment (issue 16): the default, and a clerk's mistakes told in Vietnamese. */

const forms = loadForms();
const dir = mkdtempSync(path.join(tmpdir(), 'baocao-criteria-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DEFAULT = JSON.parse(readFileSync(templatesUrl('criteria/2021.json'), 'utf8')) as { criteria: Record<string, unknown>[]; classes: Record<string, unknown>[] };

function failure(raw: unknown): string {
  try {
    checkCriteria(raw, forms, 'tieu-chi.json');
  } catch (error) {
    if (error instanceof UsageError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('accepted');
}

describe('loadCriteria', () => {
  it('the default is the 100 points of spec/assessment.md', () => {
    const c = loadCriteria(null, forms);
    expect(c.criteria.map((x) => [x.id, x.points, x.measure.kind])).toEqual([
      ['TC1', 25, 'ratio'], ['TC2', 15, 'all'], ['TC3', 15, 'all'], ['TC4', 10, 'all'], ['TC5', 10, 'months'], ['TC6', 5, 'all'], ['TC7', 5, 'any'], ['TC8', 15, 'on-time-forms'],
    ]);
    expect(c.classes).toEqual([{ name: 'Xuất sắc', min: 90 }, { name: 'Tốt', min: 75 }, { name: 'Khá', min: 60 }, { name: 'Trung bình', min: 50 }, { name: 'Yếu', min: 0 }]);
    expect(c.basis).toMatch(/^theo tiêu chí do quận quy định/);
  });

  it('reads a file named in the configuration; a missing one is exit 2 naming the key', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(DEFAULT));
    expect(loadCriteria(file, forms).criteria).toHaveLength(8);
    expect(() => loadCriteria(path.join(dir, 'none.json'), forms)).toThrow(/Tệp tiêu chí xếp loại phường .*none\.json: không tìm thấy tệp\. Sửa khóa "criteria"/);
  });

  it('says in Vietnamese what is wrong and where', () => {
    const withCriterion = (i: number, patch: Record<string, unknown>) => ({ ...DEFAULT, criteria: DEFAULT.criteria.map((c, k) => (k === i ? { ...c, ...patch } : c)) });
    expect(failure(withCriterion(0, { points: 30 }))).toBe('CRITERIA_INVALID: Tệp tiêu chí xếp loại phường tieu-chi.json không đúng mẫu:\n- criteria: Tổng điểm các tiêu chí phải bằng 100 (đang là 105)');
    expect(failure(withCriterion(1, { id: 'TC1' }))).toContain('- criteria: Mã tiêu chí TC1 bị trùng');
    expect(failure(withCriterion(4, { measure: { kind: 'weeks', code: 'TT01', min: 1 } }))).toContain('- criteria.4.measure.kind: kind chỉ nhận: ratio, all, any, months, on-time-forms');
    expect(failure(withCriterion(2, { measure: { kind: 'all', conditions: [{ code: 'DG02' }] } }))).toContain('- criteria.2.measure.conditions.0: Điều kiện cần ít nhất một trong hai khóa min, max');
    expect(failure(withCriterion(2, { measure: { kind: 'all', conditions: [{ code: 'dg02', min: 1 }] } }))).toContain('Mã chỉ tiêu gồm 2 chữ in hoa và 2 chữ số');
    expect(failure(withCriterion(2, { measure: { kind: 'all', conditions: [{ code: 'CA09', min: 1 }] } }))).toBe(
      'CRITERIA_INVALID: Tệp tiêu chí xếp loại phường tieu-chi.json không đúng mẫu:\n- TC3: biểu PCMD-01 không có chỉ tiêu mã CA09',
    );
    expect(failure(withCriterion(0, { colour: 'red' }))).toContain('- criteria.0: khóa không được hỗ trợ: colour');
    expect(failure({ ...DEFAULT, classes: [{ name: 'Tốt', min: 50 }, { name: 'Xuất sắc', min: 90 }] })).toContain('Các mức xếp loại xếp từ cao xuống thấp');
    expect(failure({ ...DEFAULT, classes: [{ name: 'Đạt', min: 50 }] })).toContain('Mức xếp loại cuối cùng phải có min = 0');
  });
});

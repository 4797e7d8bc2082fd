import { describe, expect, it } from 'vitest';
import { loadForms } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import { INVALID, makeRecord, type ListRowSpec } from '../../test/support/records.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { checkRecord } from './check-record.ts';
import { NO_HISTORY, type RuleContext } from './rule-context.ts';

// DanhSach: A STT, B Ngày xử phạt, C Số quyết định, D Phường, E Họ và tên, F Năm sinh, G Giới tính, H Nơi cư trú, I Hành vi, J Số tiền phạt
// CoSo:     A STT, B Ngày kiểm tra, C Tên cơ sở, D Loại hình, E Địa chỉ, F Phường, G Kết quả, H Số tiền phạt
// BaoCao:   CA07 E15, CA08 E16; DK01 E9, DK02 E10, DK03 E11, DK04 E12.
const ctx: RuleContext = { forms: loadForms(), units: loadDefaultUnits(), window: 'decree-09', history: NO_HISTORY };
const brief = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.severity, i.unit, i.sheet, i.cell]);

const sanction = (over: ListRowSpec = {}): ListRowSpec => ({
  date: '2021-03-02', decision: '12/QĐ-XPHC', ward: '00028', sex: 'Nữ', behaviour: 'Bán dâm', fine: 1_500_000, ...over,
});
const police = (rows: readonly ListRowSpec[], values: Record<string, number | null> = { CA07: rows.length, CA08: rows.length * 1_500_000 }) =>
  makeRecord({ unitCode: 'CA', period: '2021-03', values, lists: { DanhSach: rows } });

const inspection = (over: ListRowSpec = {}): ListRowSpec => ({
  date: '2021-03-03', name: 'Karaoke Hoa Mai', kind: 'Karaoke', ward: '00028', result: 'Vi phạm', fine: 5_000_000, ...over,
});
const team = (rows: readonly ListRowSpec[], values: Record<string, number | null>) =>
  makeRecord({ unitCode: 'D178', period: '2021-03', values, lists: { CoSo: rows } });

describe('checkRecord: PCMD-02', () => {
  it('a consistent police form has no issue', () => {
    expect(checkRecord(police([sanction(), sanction({ decision: '13/QĐ-XPHC', behaviour: 'Mua dâm' })]), ctx)).toEqual([]);
  });

  it('CA07 = rows of DanhSach: an error at CA07', () => {
    const issues = checkRecord(police([sanction()], { CA07: 2, CA08: 1_500_000 }), ctx);
    expect(brief(issues)).toEqual([['rule.CA07-eq-DanhSach-rows', 'error', 'CA', 'BaoCao', 'E15']]);
    expect(issues[0]?.message).toContain('CA07 = 2) khác số dòng trong sheet DanhSach (1)');
  });

  it('CA08 = sum of Số tiền phạt: an error at CA08, amounts printed 1.500.000', () => {
    const issues = checkRecord(police([sanction()], { CA07: 1, CA08: 2_000_000 }), ctx);
    expect(brief(issues)).toEqual([['rule.CA08-eq-DanhSach-fines', 'error', 'CA', 'BaoCao', 'E16']]);
    expect(issues[0]?.message).toContain('(1.500.000 đồng)');
  });

  it('CA08 is skipped when a fine could not be read (its own issue says so)', () => {
    expect(checkRecord(police([sanction({ fine: INVALID })], { CA07: 1, CA08: 9 }), ctx)).toEqual([]);
  });

  it('CA07 is skipped when the DanhSach sheet was not read at all', () => {
    const r = makeRecord({ unitCode: 'CA', period: '2021-03', values: { CA07: 4, CA08: 0 }, withoutLists: ['DanhSach'] });
    expect(checkRecord(r, ctx)).toEqual([]);
  });

  it('every Phường is a ward of the district: an error at the ward cell of the list', () => {
    const issues = checkRecord(police([sanction(), sanction({ decision: '13/QĐ', ward: INVALID })]), ctx);
    expect(brief(issues)).toEqual([['rule.DanhSach-ward-known', 'error', 'CA', 'DanhSach', 'D3']]);
    expect(issues[0]?.message).toContain('ô D3');
  });

  it('an empty required Phường is left to list.required-empty (no second issue)', () => {
    expect(checkRecord(police([sanction({ ward: null })]), ctx)).toEqual([]);
  });

  it('a Ngày xử phạt outside the data window (15/02–14/03): a warning at the date cell', () => {
    const issues = checkRecord(police([sanction(), sanction({ decision: '13/QĐ', date: '2021-03-15' })]), ctx);
    expect(brief(issues)).toEqual([['rule.DanhSach-date-in-window', 'warning', 'CA', 'DanhSach', 'B3']]);
    expect(issues[0]?.message).toContain('(15/02/2021 – 14/03/2021)');
    expect(issues[0]?.message).not.toContain('15/03/2021');
  });

  it('calendar windows when configured', () => {
    const row = [sanction({ date: '2021-03-15' })];
    expect(checkRecord(police(row), { ...ctx, window: 'calendar' })).toEqual([]);
  });

  it('the same Số quyết định twice: a warning on the later row naming the earlier cell', () => {
    const rows = [sanction(), sanction({ decision: '13/QĐ' }), sanction({ decision: ' 12/qđ-xphc ' }), sanction()];
    const issues = checkRecord(police(rows), ctx);
    expect(brief(issues)).toEqual([
      ['rule.DanhSach-decision-unique', 'warning', 'CA', 'DanhSach', 'C4'],
      ['rule.DanhSach-decision-unique', 'warning', 'CA', 'DanhSach', 'C5'],
    ]);
    expect(issues[1]?.message).toContain('ô C5 trùng với ô C2');
  });
});

describe('checkRecord: PCMD-03', () => {
  const rows = [inspection(), inspection({ name: 'Nhà nghỉ Bình An', result: 'Không vi phạm', fine: null })];

  it('a consistent team form has no issue', () => {
    expect(checkRecord(team(rows, { DK01: 2, DK02: 1, DK03: 1, DK04: 5_000_000 }), ctx)).toEqual([]);
  });

  it('DK01 = rows of CoSo', () => {
    expect(brief(checkRecord(team(rows, { DK01: 3, DK02: 1, DK03: 1, DK04: 5_000_000 }), ctx))).toEqual([
      ['rule.DK01-eq-CoSo-rows', 'error', 'D178', 'BaoCao', 'E9'],
    ]);
  });

  it('DK02 = rows with Kết quả "Vi phạm"', () => {
    expect(brief(checkRecord(team(rows, { DK01: 2, DK02: 2, DK03: 1, DK04: 5_000_000 }), ctx))).toEqual([
      ['rule.DK02-eq-CoSo-vi-pham', 'error', 'D178', 'BaoCao', 'E10'],
    ]);
  });

  it('DK02 is skipped when a Kết quả could not be read', () => {
    const unreadable = [inspection({ result: INVALID }), rows[1] ?? {}];
    expect(checkRecord(team(unreadable, { DK01: 2, DK02: 0, DK03: 0, DK04: 5_000_000 }), ctx)).toEqual([]);
  });

  it('DK04 = sum of Số tiền phạt (an empty fine adds nothing)', () => {
    expect(brief(checkRecord(team(rows, { DK01: 2, DK02: 1, DK03: 1, DK04: 6_000_000 }), ctx))).toEqual([
      ['rule.DK04-eq-CoSo-fines', 'error', 'D178', 'BaoCao', 'E12'],
    ]);
  });

  it('DK03 ≤ DK02', () => {
    expect(brief(checkRecord(team(rows, { DK01: 2, DK02: 1, DK03: 2, DK04: 5_000_000 }), ctx))).toEqual([
      ['rule.DK03-le-DK02', 'error', 'D178', 'BaoCao', 'E11'],
    ]);
  });

  it('a Ngày kiểm tra outside the window: a warning that may quote the date (CoSo is not personal)', () => {
    const late = [inspection({ date: '2021-04-02' })];
    const issues = checkRecord(team(late, { DK01: 1, DK02: 1, DK03: 1, DK04: 5_000_000 }), ctx);
    expect(brief(issues)).toEqual([['rule.CoSo-date-in-window', 'warning', 'D178', 'CoSo', 'B2']]);
    expect(issues[0]?.message).toContain('ô B2 (02/04/2021)');
  });
});

import { describe, expect, it } from 'vitest';
import { loadForms } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { makeRecord } from '../../test/support/records.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { checkRecord } from './check-record.ts';
import { indexHistory, type RuleContext } from './rule-context.ts';

// PCMD-01 rows: TT01 row 10, TT02 row 11, KT01 row 15, KP01 row 42, DG01 row 45 (values in E, Lũy kế in F).
const ctx = (history: readonly FormRecord[]): RuleContext => ({
  forms: loadForms(),
  units: loadDefaultUnits(),
  window: 'decree-09',
  history: indexHistory(history),
});
const ward = (period: string, values: Record<string, number | null>, yearToDate: Record<string, number | null> = {}) =>
  makeRecord({ unitCode: '00013', period, values, yearToDate });
const brief = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.severity, i.unit, i.sheet, i.cell]);

describe('checkRecord: year to date (column F)', () => {
  const earlier = [ward('2021-01', { TT01: 2, KT01: 30 }), ward('2021-02', { TT01: 3, KT01: 31 })];

  it('a sum indicator: F must be the sum of the year’s known periods up to this one', () => {
    expect(checkRecord(ward('2021-03', { TT01: 4 }, { TT01: 9 }), ctx(earlier))).toEqual([]);
    const issues = checkRecord(ward('2021-03', { TT01: 4 }, { TT01: 10 }), ctx(earlier));
    expect(brief(issues)).toEqual([['rule.ytd-mismatch', 'warning', '00013', 'BaoCao', 'F10']]);
    expect(issues[0]?.message).toBe(
      'Lũy kế từ đầu năm của TT01 ghi 10, nhưng cộng các kỳ từ đầu năm được 9. Kiểm tra lại cột F (Lũy kế), hoặc số liệu các kỳ trước nếu đã báo cáo sai.',
    );
  });

  it('a last indicator: F must be the latest reported value', () => {
    expect(checkRecord(ward('2021-03', { KT01: 32 }, { KT01: 32 }), ctx(earlier))).toEqual([]);
    // This month left empty: the latest reported value is February's.
    expect(checkRecord(ward('2021-03', { KT01: null }, { KT01: 31 }), ctx(earlier))).toEqual([]);
    expect(brief(checkRecord(ward('2021-03', { KT01: 32 }, { KT01: 93 }), ctx(earlier)))).toEqual([
      ['rule.ytd-mismatch', 'warning', '00013', 'BaoCao', 'F15'],
    ]);
  });

  it('an earlier month of the unit not among the files read: a sum is not checked, one info names the missing months', () => {
    // February alone is known: the F of 9 (= 2 + 3 + 4) is right, and 7 would be a false warning.
    for (const history of [[ward('2021-02', { TT01: 3 })], []]) {
      const issues = checkRecord(ward('2021-03', { TT01: 4, KT01: 32 }, { TT01: 9, KT01: 32 }), ctx(history));
      expect(brief(issues)).toEqual([['scope.ytd-unchecked', 'info', '00013', 'BaoCao', undefined]]);
    }
    const issues = checkRecord(ward('2021-04', { TT01: 4 }, { TT01: 9 }), ctx([ward('2021-02', { TT01: 3 })]));
    expect(issues[0]?.message).toBe(
      'Tệp không được kiểm tra lũy kế (cột F): thiếu báo cáo tháng 1, 3 của cùng đơn vị trong các tệp đã đọc. Kiểm tra cả thư mục của năm để đối chiếu lũy kế.',
    );
    // Another ward's January does not stand in for this ward's.
    const other = makeRecord({ unitCode: '00016', period: '2021-01', values: { TT01: 2 } });
    expect(brief(checkRecord(ward('2021-02', { TT01: 3 }, { TT01: 5 }), ctx([other])))).toEqual([['scope.ytd-unchecked', 'info', '00013', 'BaoCao', undefined]]);
  });

  it('a last indicator reported this period is still checked when earlier months are missing', () => {
    expect(brief(checkRecord(ward('2021-03', { KT01: 32 }, { KT01: 93 }), ctx([])))).toEqual([['rule.ytd-mismatch', 'warning', '00013', 'BaoCao', 'F15']]);
    // Left empty this period, a last indicator needs the earlier months: unchecked.
    expect(brief(checkRecord(ward('2021-03', { KT01: null }, { KT01: 31 }), ctx([])))).toEqual([['scope.ytd-unchecked', 'info', '00013', 'BaoCao', undefined]]);
  });

  it('only periods of the same type and year, of the same unit', () => {
    const noise = [ward('2020-12', { TT01: 50 }), ward('2021-Q1', { TT01: 50 }), makeRecord({ unitCode: '00016', period: '2021-01', values: { TT01: 50 } })];
    expect(brief(checkRecord(ward('2021-02', { TT01: 4 }, { TT01: 4 }), ctx([...noise, ward('2021-01', { TT01: 0 })])))).toEqual([]);
  });

  it('an empty F, or no value known at all, is not checked', () => {
    expect(checkRecord(ward('2021-03', { TT01: 4 }), ctx(earlier))).toEqual([]);
    expect(checkRecord(ward('2021-01', { TT02: null }, { TT02: 40 }), ctx([]))).toEqual([]);
  });
});

describe('checkRecord: outlier', () => {
  const months = (values: readonly (number | null)[]) => values.map((v, i) => ward(`2021-0${i + 1}`, { TT02: v }));

  it('more than 3 × the median of at least 3 earlier periods, and beyond the unit\'s usual swings: a warning at the value cell', () => {
    const issues = checkRecord(ward('2021-04', { TT02: 121 }), ctx(months([40, 35, 45])));
    expect(brief(issues)).toEqual([['rule.outlier', 'warning', '00013', 'BaoCao', 'E11']]);
    expect(issues[0]?.message).toBe(
      'TT02 kỳ này là 121, lớn hơn 3 lần trung vị các kỳ trước trong năm (40) và vượt xa mức dao động thường thấy của đơn vị. Có thể gõ nhầm: kiểm tra lại số liệu.',
    );
  });

  it('small counts: 1 → 4 is no warning, nor 1 → 9 (under the floor of 10); 1 → 10 is', () => {
    const ones = [1, 2, 3].map((m) => ward(`2021-0${m}`, { TT01: 1 }));
    for (const value of [4, 6, 9]) expect(checkRecord(ward('2021-04', { TT01: value }), ctx(ones))).toEqual([]);
    expect(brief(checkRecord(ward('2021-04', { TT01: 10 }), ctx(ones)))).toEqual([['rule.outlier', 'warning', '00013', 'BaoCao', 'E10']]);
  });

  it('a count that swings (participants come in groups) is judged by its own swings', () => {
    // 3 × the median of 30 is 90: 106 is above it, but this ward's attendance has swung from 30 to 72 before.
    const swinging = [72, 32, 64, 34, 35, 31, 32, 30, 30].map((v, i) => ward(`2021-${String(i + 1).padStart(2, '0')}`, { TT02: v }));
    expect(checkRecord(ward('2021-10', { TT02: 95 }), ctx(swinging))).toEqual([]);
    expect(brief(checkRecord(ward('2021-10', { TT02: 320 }), ctx(swinging)))).toEqual([['rule.outlier', 'warning', '00013', 'BaoCao', 'E11']]);
  });

  it('a stock (a last indicator) is compared with its latest earlier value', () => {
    const growing = [3, 6, 9].map((v, m) => ward(`2021-0${m + 1}`, { KT03: v, KT01: 40 }));
    // KT03 counts establishments checked since January: 14 after 9 is no typing error, though above 3 × the median 6.
    expect(checkRecord(ward('2021-04', { KT03: 19, KT01: 40 }), ctx(growing))).toEqual([]);
    const issues = checkRecord(ward('2021-04', { KT01: 400, KT03: 9 }), ctx(growing));
    expect(brief(issues)).toEqual([['rule.outlier', 'warning', '00013', 'BaoCao', 'E15']]);
    expect(issues[0]?.message).toContain('KT01 kỳ này là 400, lớn hơn 3 lần số kỳ trước (40)');
  });

  it('exactly 3 × the median is not an outlier', () => {
    expect(checkRecord(ward('2021-04', { TT02: 120 }), ctx(months([40, 35, 45])))).toEqual([]);
  });

  it('the median of an even count is the mean of the two middle values', () => {
    const issues = checkRecord(ward('2021-05', { TT02: 128 }), ctx(months([40, 35, 45, 50])));
    expect(issues[0]?.message).toContain('(42,5)');
    expect(checkRecord(ward('2021-05', { TT02: 127 }), ctx(months([40, 35, 45, 50])))).toEqual([]);
  });

  it('fewer than 3 earlier periods known: none (empty months do not count)', () => {
    expect(checkRecord(ward('2021-04', { TT02: 500 }), ctx(months([40, null, 45])))).toEqual([]);
    expect(checkRecord(ward('2021-03', { TT02: 500 }), ctx(months([40, 45])))).toEqual([]);
  });

  it('a median of 0: none', () => {
    expect(checkRecord(ward('2021-04', { TT02: 7 }), ctx(months([0, 0, 3])))).toEqual([]);
  });

  it('not for yes/no indicators', () => {
    const noes = [1, 2, 3].map((m) => ward(`2021-0${m}`, { DG01: 0 }));
    expect(checkRecord(ward('2021-04', { DG01: 1 }), ctx(noes))).toEqual([]);
  });

  it('money: only from 10 × the largest earlier amount (a zero too many), printed with thousands dots', () => {
    const spent = [500_000, 2_000_000, 1_500_000].map((v, m) => ward(`2021-0${m + 1}`, { KP02: v }));
    // 10.000.000 is above 3 × the median (1.500.000) but a busy month, not a typing error.
    expect(checkRecord(ward('2021-04', { KP02: 10_000_000 }), ctx(spent))).toEqual([]);
    const issues = checkRecord(ward('2021-04', { KP02: 20_000_000 }), ctx(spent));
    expect(issues[0]?.message).toContain('KP02 kỳ này là 20.000.000, lớn hơn 3 lần trung vị các kỳ trước trong năm (1.500.000)');
  });
});

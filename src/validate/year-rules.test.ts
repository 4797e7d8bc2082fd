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
      'Lũy kế từ đầu năm của TT01 ghi 10, nhưng cộng các kỳ của năm mà công cụ có được 9. Kiểm tra lại cột F (Lũy kế) hoặc gửi bổ sung báo cáo các kỳ còn thiếu.',
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

  it('over the periods known to the tool: a month not received adds nothing', () => {
    const issues = checkRecord(ward('2021-03', { TT01: 4 }, { TT01: 9 }), ctx([ward('2021-02', { TT01: 3 })]));
    expect(issues[0]?.message).toContain('được 7.');
  });

  it('only periods of the same type and year, of the same unit', () => {
    const noise = [ward('2020-12', { TT01: 50 }), ward('2021-Q1', { TT01: 50 }), makeRecord({ unitCode: '00016', period: '2021-01', values: { TT01: 50 } })];
    expect(checkRecord(ward('2021-02', { TT01: 4 }, { TT01: 4 }), ctx(noise))).toEqual([]);
  });

  it('an empty F, or no value known at all, is not checked', () => {
    expect(checkRecord(ward('2021-03', { TT01: 4 }), ctx(earlier))).toEqual([]);
    expect(checkRecord(ward('2021-03', { TT02: null }, { TT02: 40 }), ctx([]))).toEqual([]);
  });
});

describe('checkRecord: outlier', () => {
  const months = (values: readonly (number | null)[]) => values.map((v, i) => ward(`2021-0${i + 1}`, { TT02: v }));

  it('more than 3 × the median of at least 3 earlier periods: a warning at the value cell', () => {
    const issues = checkRecord(ward('2021-04', { TT02: 121 }), ctx(months([40, 35, 45])));
    expect(brief(issues)).toEqual([['rule.outlier', 'warning', '00013', 'BaoCao', 'E11']]);
    expect(issues[0]?.message).toBe(
      'TT02 kỳ này là 121, lớn hơn 3 lần trung vị các kỳ trước trong năm (40). Có thể gõ nhầm: kiểm tra lại số liệu.',
    );
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

  it('money is printed with thousands dots', () => {
    const fines = [1, 2, 3].map((m) => ward(`2021-0${m}`, { KP02: 1_500_000 }));
    const issues = checkRecord(ward('2021-04', { KP02: 45_000_000 }), ctx(fines));
    expect(issues[0]?.message).toContain('KP02 kỳ này là 45.000.000, lớn hơn 3 lần trung vị các kỳ trước trong năm (1.500.000)');
  });
});

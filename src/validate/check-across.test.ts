import { describe, expect, it } from 'vitest';
import { loadForms } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import { parsePeriodId } from '../domain/period.ts';
import { INVALID, makeRecord, type ListRowSpec } from '../../test/support/records.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { checkAcross } from './check-across.ts';
import type { RunContext } from './rule-context.ts';

// PCMD-01 rows: XL02 E27, XL03 E28. Header: Kỳ báo cáo B4, Ngày báo cáo B5.
const ctx: RunContext = { forms: loadForms(), units: loadDefaultUnits(), window: 'decree-09' };
const brief = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.severity, i.unit, i.file, i.sheet ?? null, i.cell ?? null]);

describe('checkAcross: the same unit and period twice', () => {
  const first = makeRecord({ unitCode: '00007', period: '2021-03', file: 'a/cong-vi.xlsx', signedOn: '2021-03-16' });

  it('a later Ngày báo cáo wins; the other one is superseded with a warning naming the winner', () => {
    const later = makeRecord({ unitCode: '00007', period: '2021-03', file: 'b/cong-vi-sua.xlsx', signedOn: '2021-03-18' });
    const result = checkAcross([first, later], ctx);
    expect(brief(result.issues)).toEqual([['cross.superseded', 'warning', '00007', 'a/cong-vi.xlsx', 'BaoCao', 'B5']]);
    expect(result.issues[0]?.message).toContain('b/cong-vi-sua.xlsx');
    expect(result.survivors).toEqual([later]);
    expect([...result.superseded]).toEqual([first]);
  });

  it('the same Ngày báo cáo: an error on each file naming all of them, and none survives', () => {
    const same = makeRecord({ unitCode: '00007', period: '2021-03', file: 'b/cong-vi-2.xlsx', signedOn: '2021-03-16' });
    const result = checkAcross([first, same], ctx);
    expect(brief(result.issues)).toEqual([
      ['cross.duplicate-unit', 'error', '00007', 'a/cong-vi.xlsx', null, null],
      ['cross.duplicate-unit', 'error', '00007', 'b/cong-vi-2.xlsx', null, null],
    ]);
    for (const i of result.issues) expect(i.message).toContain('a/cong-vi.xlsx, b/cong-vi-2.xlsx');
    expect(result.survivors).toEqual([]);
    expect(result.superseded.size).toBe(0);
  });

  it('a missing Ngày báo cáo decides nothing: an error on each', () => {
    const undated = makeRecord({ unitCode: '00007', period: '2021-03', file: 'b/cong-vi-2.xlsx', signedOn: null });
    expect(checkAcross([first, undated], ctx).issues.map((i) => i.code)).toEqual(['cross.duplicate-unit', 'cross.duplicate-unit']);
  });

  it('three files, one strictly latest: it wins over the two that tie', () => {
    const tie = makeRecord({ unitCode: '00007', period: '2021-03', file: 'c.xlsx', signedOn: '2021-03-16' });
    const latest = makeRecord({ unitCode: '00007', period: '2021-03', file: 'd.xlsx', signedOn: '2021-03-20' });
    const result = checkAcross([first, tie, latest], ctx);
    expect(result.issues.map((i) => [i.code, i.file])).toEqual([['cross.superseded', 'a/cong-vi.xlsx'], ['cross.superseded', 'c.xlsx']]);
    expect(result.survivors).toEqual([latest]);
  });

  it('keyed on unit AND period: the same unit in two months is no duplicate', () => {
    const april = makeRecord({ unitCode: '00007', period: '2021-04' });
    expect(checkAcross([first, april], ctx)).toMatchObject({ issues: [], survivors: [first, april] });
  });
});

describe('checkAcross: the police list against the wards (reconcile)', () => {
  const sanction = (ward: string, behaviour: string, over: ListRowSpec = {}): ListRowSpec => ({
    date: '2021-03-02', decision: `${ward}-${behaviour}`, ward, behaviour, fine: 1_000_000, ...over,
  });
  const police = (rows: readonly ListRowSpec[]) => makeRecord({ unitCode: 'CA', period: '2021-03', lists: { DanhSach: rows } });
  const kimMa = (XL02: number | null, XL03: number | null, period = '2021-03') => makeRecord({ unitCode: '00028', period, values: { XL02, XL03 } });
  const rows = [sanction('00028', 'Bán dâm'), sanction('00028', 'Bán dâm', { decision: 'x' }), sanction('00028', 'Mua dâm'), sanction('00007', 'Chứa mại dâm')];

  it('agreeing figures: no issue', () => {
    expect(checkAcross([police(rows), kimMa(2, 1)], ctx).issues).toEqual([]);
  });

  it('sellers ≠ XL02: a warning on the WARD’s form at XL02, naming the ward', () => {
    const issues = checkAcross([police(rows), kimMa(3, 1)], ctx).issues;
    expect(brief(issues)).toEqual([['rule.XL02-eq-DanhSach-ban-dam', 'warning', '00028', '2021-03/PCMD-01_2021-03_00028.xlsx', 'BaoCao', 'E27']]);
    expect(issues[0]?.message).toBe(
      'Danh sách của Công an quận có 2 người bán dâm bị xử phạt ở Phường Kim Mã, nhưng báo cáo của phường ghi XL02 = 3. Phường và Công an cần đối chiếu lại số liệu.',
    );
  });

  it('buyers ≠ XL03: a warning at XL03; a ward absent from the list counts 0', () => {
    expect(brief(checkAcross([police(rows), kimMa(2, 0)], ctx).issues).map((i) => [i[0], i[5]])).toEqual([['rule.XL03-eq-DanhSach-mua-dam', 'E28']]);
    const congVi = makeRecord({ unitCode: '00007', period: '2021-03', values: { XL02: 1, XL03: 0 } });
    expect(checkAcross([police(rows), congVi], ctx).issues.map((i) => [i.code, i.unit])).toEqual([['rule.XL02-eq-DanhSach-ban-dam', '00007']]);
  });

  it('skipped when the ward left the value empty, or has no form (completeness reports it), or for another period', () => {
    expect(checkAcross([police(rows), kimMa(null, null)], ctx).issues).toEqual([]);
    expect(checkAcross([police(rows)], ctx).issues).toEqual([]);
    expect(checkAcross([police(rows), kimMa(9, 9, '2021-04')], ctx).issues).toEqual([]);
  });

  it('skipped when a row that might match cannot be placed (unknown ward or behaviour)', () => {
    // The seller of unknown ward might be Kim Mã's: sellers are not compared; buyers still are.
    const seller = sanction('00028', 'Bán dâm', { ward: INVALID, decision: 'y' });
    expect(checkAcross([police([...rows, seller]), kimMa(9, 9)], ctx).issues.map((i) => i.code)).toEqual(['rule.XL03-eq-DanhSach-mua-dam']);
    const unknownBehaviour = sanction('00028', 'Bán dâm', { behaviour: INVALID, decision: 'z' });
    expect(checkAcross([police([...rows, unknownBehaviour]), kimMa(9, 9)], ctx).issues).toEqual([]);
    // An unknown ward on a brokering row does not matter for sellers and buyers.
    const broker = sanction('00028', 'Môi giới mại dâm', { ward: INVALID });
    expect(checkAcross([police([...rows, broker]), kimMa(3, 1)], ctx).issues.map((i) => i.code)).toEqual(['rule.XL02-eq-DanhSach-ban-dam']);
  });

  it('uses only records that survive the duplicate check', () => {
    const stale = makeRecord({ unitCode: '00028', period: '2021-03', file: 'old.xlsx', signedOn: '2021-03-15', values: { XL02: 7, XL03: 7 } });
    const result = checkAcross([police(rows), stale, kimMa(2, 1)], ctx);
    expect(result.issues.map((i) => i.code)).toEqual(['cross.superseded']);
  });
});

describe('checkAcross: validate --period', () => {
  it('each record of a period not within P gets an info cross.other-period at B4 (out of scope)', () => {
    const march = makeRecord({ unitCode: '00007', period: '2021-03' });
    const april = makeRecord({ unitCode: '00007', period: '2021-04' });
    const issues = checkAcross([march, april], { ...ctx, expectedPeriod: parsePeriodId('2021-03') ?? undefined }).issues;
    expect(brief(issues)).toEqual([['cross.other-period', 'info', '00007', '2021-04/PCMD-01_2021-04_00007.xlsx', 'BaoCao', 'B4']]);
    expect(issues[0]?.message).toBe('Tệp không thuộc kỳ 2021-03 đang kiểm tra (ô B4): bỏ qua, chỉ dùng để đối chiếu số liệu giữa các kỳ.');
    expect(checkAcross([march, april], ctx).issues).toEqual([]);
  });

  it('a month within a quarter P is in scope', () => {
    const march = makeRecord({ unitCode: '00007', period: '2021-03' });
    const quarter = makeRecord({ unitCode: '00016', period: '2021-Q1' });
    expect(checkAcross([march, quarter], { ...ctx, expectedPeriod: parsePeriodId('2021-Q1') ?? undefined }).issues).toEqual([]);
  });
});

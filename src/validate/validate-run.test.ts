import { describe, expect, it } from 'vitest';
import { loadForms } from '../load/load-forms.ts';
import { issue } from '../domain/issue-catalog.ts';
import { sortIssues } from '../domain/issue.ts';
import { parsePeriodId } from '../domain/period.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { INVALID, makeRecord } from '../../test/support/records.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { validateRun, type ParsedFile } from './validate-run.ts';

const ctx = { forms: loadForms(), units: loadDefaultUnits(), window: 'decree-09' as const };
const parsed = (record: FormRecord, issues: ParsedFile['issues'] = []): ParsedFile => ({ file: record.file, record, issues });
const statuses = (r: ReturnType<typeof validateRun>) => r.files.map((f) => [f.file, f.status]);

describe('validateRun: the status of each file', () => {
  const clean = makeRecord({ unitCode: '00001', period: '2021-03', values: { KT01: 5, KT03: 4 } });
  const ruleError = makeRecord({ unitCode: '00004', period: '2021-03', values: { KT01: 5, KT03: 6 } });
  const readError = makeRecord({ unitCode: '00006', period: '2021-03' });
  const readIssue = issue('cell.negative', { unit: '00006', file: readError.file, sheet: 'BaoCao', cell: 'E10' }, { code: 'TT01', found: '-1' });
  const warned = makeRecord({ unitCode: '00008', period: '2021-03', signedOn: null });
  const warning = issue('header.signed-on-missing', { unit: '00008', file: warned.file, sheet: 'BaoCao', cell: 'B5' });
  const broken: ParsedFile = { file: 'zero.xlsx', record: null, issues: [issue('file.empty', { file: 'zero.xlsx' })] };

  it('accepted, rejected (own or rule errors), unreadable; accepted records in input order', () => {
    const run = validateRun({ parsed: [parsed(clean), parsed(ruleError), parsed(readError, [readIssue]), broken, parsed(warned, [warning])], ctx });
    expect(statuses(run)).toEqual([
      [clean.file, 'accepted'],
      [ruleError.file, 'rejected'],
      [readError.file, 'rejected'],
      ['zero.xlsx', 'unreadable'],
      [warned.file, 'accepted'],
    ]);
    expect(run.files[0]).toEqual({ file: clean.file, form: 'PCMD-01', unit: '00001', period: '2021-03', status: 'accepted' });
    expect(run.files[3]).toEqual({ file: 'zero.xlsx', form: null, unit: null, period: null, status: 'unreadable' });
    expect(run.accepted).toEqual([clean, warned]);
    expect(run.issues.map((i) => i.code)).toEqual(['rule.KT03-le-KT01', 'cell.negative', 'header.signed-on-missing', 'file.empty']);
    expect(run.issues).toEqual(sortIssues(run.issues));
  });

  it('duplicates: the later Ngày báo cáo is accepted and the other superseded; a tie rejects both', () => {
    const old = makeRecord({ unitCode: '00001', period: '2021-03', file: 'old.xlsx', signedOn: '2021-03-15' });
    const tieA = makeRecord({ unitCode: '00004', period: '2021-03', file: 'tie-a.xlsx', signedOn: '2021-03-16' });
    const tieB = makeRecord({ unitCode: '00004', period: '2021-03', file: 'tie-b.xlsx', signedOn: '2021-03-16' });
    const run = validateRun({ parsed: [old, clean, tieA, tieB].map((r) => parsed(r)), ctx });
    expect(statuses(run)).toEqual([['old.xlsx', 'superseded'], [clean.file, 'accepted'], ['tie-a.xlsx', 'rejected'], ['tie-b.xlsx', 'rejected']]);
    expect(run.accepted).toEqual([clean]);
  });

  it('validate --period: other periods are warned about, and still accepted', () => {
    const april = makeRecord({ unitCode: '00001', period: '2021-04' });
    const run = validateRun({ parsed: [parsed(clean), parsed(april)], ctx: { ...ctx, expectedPeriod: parsePeriodId('2021-03') ?? undefined } });
    expect(run.issues.map((i) => [i.code, i.file, i.cell])).toEqual([['cross.other-period', april.file, 'B4']]);
    expect(statuses(run)).toEqual([[clean.file, 'accepted'], [april.file, 'accepted']]);
  });
});

describe('validateRun: the history the cross-period rules read', () => {
  const march = makeRecord({ unitCode: '00007', period: '2021-03', values: { TD01: 4, TD02: 1, TD03: 2, TD04: 1 } });

  it('a rejected record of the previous month still counts (best figure available)', () => {
    const february = makeRecord({ unitCode: '00007', period: '2021-02', values: { TD01: 9, KT01: 1, KT03: 2 } });
    const run = validateRun({ parsed: [parsed(february), parsed(march)], ctx });
    expect(run.issues.map((i) => [i.code, i.file])).toEqual([
      ['rule.KT03-le-KT01', february.file],
      ['rule.TD01-stock-flow', march.file],
    ]);
  });

  it('a record that lost a duplicate contest does not count; the winner does', () => {
    const staleFebruary = makeRecord({ unitCode: '00007', period: '2021-02', file: 'feb-old.xlsx', signedOn: '2021-02-15', values: { TD01: 9 } });
    const february = makeRecord({ unitCode: '00007', period: '2021-02', file: 'feb-new.xlsx', signedOn: '2021-02-17', values: { TD01: 4 } });
    const run = validateRun({ parsed: [staleFebruary, february, march].map((r) => parsed(r)), ctx });
    expect(run.issues.map((i) => i.code)).toEqual(['cross.superseded']);
    const tiedFebruary = makeRecord({ unitCode: '00007', period: '2021-02', file: 'feb-tie.xlsx', signedOn: '2021-02-17', values: { TD01: 9 } });
    const tied = validateRun({ parsed: [tiedFebruary, february, march].map((r) => parsed(r)), ctx });
    // Neither February is used: March's stock–flow has no previous period to compare with.
    expect(tied.issues.map((i) => i.code)).toEqual(['cross.duplicate-unit', 'cross.duplicate-unit']);
  });
});

describe('validateRun: personal data never reaches an issue', () => {
  it('DanhSach rules and the reconciliation quote no name, birth year, residence, date or decision number', () => {
    const secrets = ['Trần Thị Bí Mật', '1987', 'Số 9 ngõ Kín', '12/QĐ-XPHC', '2021-01-20', '20/01/2021', '02/03/2021'];
    const person = { fullName: 'Trần Thị Bí Mật', birthYear: 1987, residence: 'Số 9 ngõ Kín', sex: 'Nữ', fine: 1_500_000 };
    const police = makeRecord({
      unitCode: 'CA',
      period: '2021-03',
      values: { CA07: 5, CA08: 1 },
      lists: {
        DanhSach: [
          { ...person, date: '2021-03-02', decision: '12/QĐ-XPHC', ward: '00028', behaviour: 'Bán dâm' },
          { ...person, date: '2021-01-20', decision: '12/QĐ-XPHC', ward: INVALID, behaviour: 'Mua dâm' },
        ],
      },
    });
    const kimMa = makeRecord({ unitCode: '00028', period: '2021-03', values: { XL02: 3 } });
    const run = validateRun({ parsed: [parsed(police), parsed(kimMa)], ctx });
    expect(run.issues.map((i) => [i.code, i.cell])).toEqual([
      // Sorted by file: the ward's form (the reconciliation lands there; the buyer of unknown ward does not matter for sellers).
      ['rule.XL02-eq-DanhSach-ban-dam', 'E27'],
      ['rule.CA07-eq-DanhSach-rows', 'E15'],
      ['rule.CA08-eq-DanhSach-fines', 'E16'],
      ['rule.DanhSach-date-in-window', 'B3'],
      ['rule.DanhSach-decision-unique', 'C3'],
      ['rule.DanhSach-ward-known', 'D3'],
    ]);
    const json = JSON.stringify({ files: run.files, issues: run.issues });
    for (const secret of secrets) expect(json).not.toContain(secret);
  });
});

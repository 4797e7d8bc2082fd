import { describe, expect, it } from 'vitest';
import { parseFormBook, type ParsedForm } from './parse-form-book.ts';
import { loadForms } from '../load/load-forms.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import type { Book } from '../read/book.ts';
import { date, makeBook, makeFormBook, sampleFilledForm, withCells, withoutSheet, type CellInput } from '../../test/support/book.ts';

const ctx = { forms: loadForms(), units: loadDefaultUnits(), file: 'phuong/cong-vi.xlsx', sha256: 'abc', maxListRows: 100 };
const parse = (book: Book): ParsedForm => parseFormBook(book, ctx);
const ward = makeFormBook(sampleFilledForm('PCMD-01'));
const issuesOf = (r: ParsedForm) => r.issues.map((i) => [i.code, i.cell ?? null]);
const withHeader = (cells: Record<string, CellInput>, book = ward) => parse(withCells(book, 'BaoCao', cells));

describe('parseFormBook: the report sheet', () => {
  it('finds BaoCao among other sheets, and says which sheets it found when it is missing', () => {
    expect(ward.sheets.map((s) => s.name)).toEqual(['HuongDan', 'BaoCao', 'DanhMuc']);
    expect(parse(ward).record?.unitCode).toBe('00007');
    const r = parse(makeBook({ Sheet1: { A1: 1 }, 'Báo cáo': { A1: 2 } }));
    expect([r.record, issuesOf(r)]).toEqual([null, [['sheet.missing', null]]]);
    expect(r.issues[0]?.message).toContain('Sheet1, Báo cáo');
    expect(r.issues[0]?.file).toBe('phuong/cong-vi.xlsx');
  });

  it('accepts the sheet name in another case', () => {
    const book: Book = { ...ward, sheets: ward.sheets.map((s) => (s.name === 'BaoCao' ? { ...s, name: 'baocao' } : s)) };
    expect(parse(book).issues).toEqual([]);
  });
});

describe('parseFormBook: form code and stamp', () => {
  it.each(['PCMD-01', ' pcmd-01 ', 'PCMD – 01', 'PCMD01'])('reads the form code %j', (code) => {
    expect(withHeader({ B1: code }).record?.formId).toBe('PCMD-01');
  });

  it('returns no record when the form code is missing or unknown', () => {
    expect([withHeader({ B1: null }).record, issuesOf(withHeader({ B1: null }))]).toEqual([null, [['header.form-missing', 'B1']]]);
    const r = withHeader({ B1: 'PCMD-09' });
    expect([r.record, issuesOf(r)]).toEqual([null, [['header.form-unknown', 'B1']]]);
    expect(r.issues[0]?.unit).toBe('00007');
  });

  it('notes (info, not a warning) a workbook without a stamp and still reads it', () => {
    const r = parse(makeFormBook(sampleFilledForm('PCMD-01'), { stamp: null }));
    expect(issuesOf(r)).toEqual([['header.stamp-missing', null]]);
    expect(r.issues[0]?.severity).toBe('info');
    expect(r.record?.revision).toBeNull();
    expect(r.record?.values.KT02?.value).toBe(6);
  });

  it('warns about an outdated revision and keeps it in the record', () => {
    const r = parse(makeFormBook(sampleFilledForm('PCMD-01'), { stamp: 'baocao:PCMD-01:2020.1' }));
    expect(issuesOf(r)).toEqual([['header.stamp-outdated', null]]);
    expect(r.issues[0]?.severity).toBe('warning');
    expect(r.record?.revision).toBe('2020.1');
  });

  it('flags a form code that contradicts the stamp', () => {
    const r = parse(makeFormBook(sampleFilledForm('PCMD-01'), { stamp: 'baocao:PCMD-03:2021.1' }));
    expect(issuesOf(r)).toEqual([['header.form-mismatch', 'B1']]);
    expect(r.issues[0]?.severity).toBe('error');
  });

  it('treats unreadable stamp text as no stamp', () => {
    expect(issuesOf(parse(withCells(ward, 'DanhMuc', { A1: 'Danh mục' })))).toEqual([['header.stamp-missing', null]]);
    expect(issuesOf(parse(withoutSheet(ward, 'DanhMuc')))).toEqual([['header.stamp-missing', null]]);
  });
});

describe('parseFormBook: unit', () => {
  it.each([
    ['canonical', 'Phường Cống Vị', '00007'],
    ['NFD', 'Phường Cống Vị'.normalize('NFD'), '00007'],
    ['no diacritics', 'phuong cong vi', null],
    ['UBND prefix', 'UBND phường Cống Vị', null],
    ['P. prefix', 'P. Cống Vị', ''],
    ['extra spaces', '  Phường   Cống  Vị ', null],
  ])('matches a %s name', (_case, name, code) => {
    const r = withHeader({ B2: name, B3: code });
    expect(r.issues).toEqual([]);
    expect([r.record?.unitCode, r.record?.unitName]).toEqual(['00007', 'Phường Cống Vị']);
  });

  it('matches a unit code typed as a number (7 for 00007) without a name', () => {
    const r = withHeader({ B2: null, B3: 7 });
    expect([r.record?.unitCode, r.issues]).toEqual(['00007', []]);
  });

  it('lets the code decide when the name is no name of any unit, and says so at B2 (issue 13)', () => {
    const r = withHeader({ B2: 'Phường Hàng Bông', B3: '00007' });
    expect([r.record?.unitCode, issuesOf(r)]).toEqual(['00007', [['header.unit-name-differs', 'B2']]]);
    expect(r.issues[0]?.severity).toBe('warning');
    expect(r.issues[0]?.message).toContain('Phường Cống Vị');
    // A name the unit is known by (an alias, another spelling) is no contradiction.
    for (const name of ['Công Vị', 'phuong cong vi', 'UBND phường Cống Vị']) expect(withHeader({ B2: name, B3: '00007' }).issues).toEqual([]);
  });

  it('reports a missing, unknown, contradictory or wrong-form unit, with no record', () => {
    const missing = withHeader({ B2: null, B3: null });
    expect([missing.record, issuesOf(missing)]).toEqual([null, [['header.unit-missing', 'B2']]]);
    const unknown = withHeader({ B2: 'Phường Hàng Bông', B3: null });
    expect([unknown.record, issuesOf(unknown)]).toEqual([null, [['header.unit-unknown', 'B2']]]);
    expect(unknown.issues[0]?.unit).toBeUndefined();
    const mismatch = withHeader({ B2: 'Phường Cống Vị', B3: '00001' });
    expect([mismatch.record, issuesOf(mismatch)]).toEqual([null, [['header.unit-mismatch', 'B3']]]);
    const wrongForm = withHeader({ B2: 'Công an quận Ba Đình', B3: 'CA' });
    expect([wrongForm.record, issuesOf(wrongForm)]).toEqual([null, [['header.unit-wrong-form', 'B1']]]);
    expect(wrongForm.issues[0]?.unit).toBe('CA');
  });

  it('matches units against the period: a merged ward is unknown after its end, a reused code means the new ward', () => {
    const ntt = withHeader({ B2: 'Phường Nguyễn Trung Trực', B3: '00010', B4: '2025-03', B5: '16/03/2025' });
    expect(issuesOf(ntt)).toEqual([['header.unit-unknown', 'B2']]);
    expect(withHeader({ B2: 'Phường Nguyễn Trung Trực', B3: '00010', B4: '2024-12' }).record?.unitCode).toBe('00010');
    const reused = withHeader({ B2: null, B3: '00004', B4: '2025-09' });
    expect(reused.record?.unitName).toBe('Phường Ba Đình');
  });
});

describe('parseFormBook: period', () => {
  it.each([
    ['2021-03', '2021-03'],
    ['Tháng 3/2021', '2021-03'],
    ['2021-q1', '2021-Q1'],
    [2021, '2021'],
    [date('2021-03-01'), '2021-03'],
  ])('reads %j as %s', (input, id) => {
    const r = withHeader({ B4: input as CellInput });
    expect([r.record?.period.id, r.issues]).toEqual([id, []]);
  });

  it('reports a missing or unreadable period, with no record', () => {
    expect(issuesOf(withHeader({ B4: null }))).toEqual([['header.period-missing', 'B4']]);
    expect(withHeader({ B4: null }).record).toBeNull();
    expect(issuesOf(withHeader({ B4: 'quý này' }))).toEqual([['header.period-invalid', 'B4']]);
    const mid = withHeader({ B4: date('2021-03-16') });
    expect(issuesOf(mid)).toEqual([['header.period-invalid', 'B4']]);
    expect(mid.issues[0]?.message).toContain('16/03/2021');
  });
});

describe('parseFormBook: signing date', () => {
  it.each([
    [date('2021-03-16'), '2021-03-16'],
    [44271, '2021-03-16'],
    ['16/03/2021', '2021-03-16'],
    ['6/3/2021', '2021-03-06'],
    ['16-03-2021', '2021-03-16'],
    ['2021-03-16', '2021-03-16'],
  ])('reads %j', (input, iso) => {
    const r = withHeader({ B5: input });
    expect([r.record?.signedOn, r.issues]).toEqual([iso, []]);
  });

  it('reads a serial in a 1904 workbook by that system', () => {
    expect(parse({ ...withCells(ward, 'BaoCao', { B5: 44271 - 1462 }), date1904: true }).record?.signedOn).toBe('2021-03-16');
  });

  it('warns when it is missing or unreadable, and keeps the record', () => {
    const missing = withHeader({ B5: null });
    expect([missing.record?.signedOn, issuesOf(missing)]).toEqual([null, [['header.signed-on-missing', 'B5']]]);
    expect(missing.issues[0]?.severity).toBe('warning');
    expect(issuesOf(withHeader({ B5: 'hôm nay' }))).toEqual([['header.signed-on-invalid', 'B5']]);
    expect(issuesOf(withHeader({ B5: 16 }))).toEqual([['header.signed-on-invalid', 'B5']]);
    expect(issuesOf(withHeader({ B5: '31/02/2021' }))).toEqual([['header.signed-on-invalid', 'B5']]);
  });

  it('does not keep the preparer (data minimisation)', () => {
    expect(JSON.stringify(parse(ward))).not.toContain('Nguyễn Văn Lập');
  });
});

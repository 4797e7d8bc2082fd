import { describe, expect, it } from 'vitest';
import { parseFormBook, type ParsedForm } from './parse-form-book.ts';
import { loadForms } from '../load/load-forms.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import type { Book } from '../read/book.ts';
import { errorValue, formulaNoResult, makeFormBook, sampleFilledForm, withCells, withoutSheet } from '../../test/support/book.ts';

const ctx = { forms: loadForms(), units: loadDefaultUnits(), file: 'ca/ca-2021-03.xlsx', sha256: 'abc', maxListRows: 100 };
const parse = (book: Book, extra: { withPersonalData?: boolean; maxListRows?: number } = {}): ParsedForm => parseFormBook(book, { ...ctx, ...extra });
const issuesOf = (r: ParsedForm) => r.issues.map((i) => [i.code, i.sheet ?? null, i.cell ?? null]);
const police = makeFormBook(sampleFilledForm('PCMD-02'));
const team = makeFormBook(sampleFilledForm('PCMD-03'));
const PERSONAL = ['Trần Thị Mẫu', 'Lê Văn Thử', '1990', '1985', 'Số 1 phố Mẫu', 'Số 2 phố Thử'];

// DanhSach columns: A STT, B Ngày xử phạt, C Số quyết định, D Phường, E Họ và tên, F Năm sinh, G Giới tính, H Nơi cư trú, I Hành vi, J Số tiền phạt
// CoSo columns:     A STT, B Ngày kiểm tra, C Tên cơ sở, D Loại hình, E Địa chỉ, F Phường, G Kết quả, H Số tiền phạt

describe('parseFormBook: DanhSach (personal data)', () => {
  it('reads the rows without the sensitive columns: not even as keys', () => {
    const r = parse(police);
    expect(r.issues).toEqual([]);
    expect(r.record?.lists.DanhSach).toEqual([
      { row: 2, values: { stt: 1, date: '2021-03-02', decision: '12/QĐ-XPHC', ward: '00028', sex: 'Nữ', behaviour: 'Bán dâm', fine: 1_500_000 }, invalid: [] },
      { row: 3, values: { stt: 2, date: '2021-03-05', decision: '15/QĐ-XPHC', ward: '00007', sex: 'Nam', behaviour: 'Mua dâm', fine: 1_500_000 }, invalid: [] },
    ]);
  });

  it('leaks no name, birth year or address into the record or the issues, even from broken cells', () => {
    const broken = withCells(police, 'DanhSach', { B2: 'Trần Thị Mẫu', D2: 'Số 1 phố Mẫu', I2: '1990', J2: 'Lê Văn Thử', C3: null, E3: null });
    const r = parse(broken);
    expect(issuesOf(r)).toEqual([
      ['list.date-invalid', 'DanhSach', 'B2'],
      ['list.choice-invalid', 'DanhSach', 'I2'],
      ['list.number-invalid', 'DanhSach', 'J2'],
      ['list.required-empty', 'DanhSach', 'C3'],
    ]);
    expect(r.record?.lists.DanhSach?.[0]?.invalid).toEqual(['date', 'ward', 'behaviour', 'fine']);
    const json = JSON.stringify(r);
    for (const secret of PERSONAL) expect(json).not.toContain(secret);
  });

  it('never quotes row 1 of a personal list when the header row was deleted', () => {
    // The clerk deleted the header row: row 1 now holds the first person.
    const shifted = withCells(police, 'DanhSach', { A1: 1, B1: '02/03/2021', C1: '12/QĐ-XPHC', D1: 'Phường Kim Mã', E1: 'Trần Thị Mẫu', F1: 1990, G1: 'Nữ', H1: 'Số 1 phố Mẫu', I1: 'Bán dâm', J1: 1_500_000 });
    const r = parse(shifted);
    expect(issuesOf(r).map((i) => i[2])).toEqual(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1', 'H1', 'I1', 'J1']);
    const json = JSON.stringify(r);
    for (const secret of PERSONAL) expect(json).not.toContain(secret);
  });

  it('reads the sensitive columns only when asked, and then requires the name', () => {
    const r = parse(police, { withPersonalData: true });
    expect(r.record?.lists.DanhSach?.[0]?.values).toMatchObject({ fullName: 'Trần Thị Mẫu', birthYear: 1990, residence: 'Số 1 phố Mẫu' });
    const noName = withCells(police, 'DanhSach', { E3: null });
    expect(issuesOf(parse(noName))).toEqual([]);
    expect(issuesOf(parse(noName, { withPersonalData: true }))).toEqual([['list.required-empty', 'DanhSach', 'E3']]);
  });

  it('counts a row that holds only a sensitive cell (so CA07 can be checked), without reading it', () => {
    const r = parse(withCells(police, 'DanhSach', { E5: 'Phạm Văn Ẩn' }));
    expect(r.record?.lists.DanhSach?.map((x) => x.row)).toEqual([2, 3, 5]);
    expect(issuesOf(r).map((i) => i[2])).toEqual(['B5', 'C5', 'D5', 'I5', 'J5']);
    expect(JSON.stringify(r)).not.toContain('Phạm Văn Ẩn');
  });

  it('leaves an unknown ward null and lists it as invalid, without an issue (the list-ward rule reports it)', () => {
    const r = parse(withCells(police, 'DanhSach', { D2: 'Phường Hàng Bông', D3: 'kim ma' }));
    expect(r.issues).toEqual([]);
    expect(r.record?.lists.DanhSach?.map((x) => [x.values.ward, x.invalid])).toEqual([[null, ['ward']], ['00028', []]]);
  });
});

describe('parseFormBook: list sheets', () => {
  it('reports a missing list sheet and leaves the list out (no rule counts an empty list)', () => {
    const r = parse(withoutSheet(police, 'DanhSach'));
    expect(issuesOf(r)).toEqual([['list.missing', 'DanhSach', null]]);
    expect(r.record?.lists).toEqual({});
  });

  it('reports each header that differs, folded (case, tone marks)', () => {
    const r = parse(withCells(team, 'CoSo', { B1: 'ngày KIỂM TRA', D1: 'Loại', H1: null }));
    expect(issuesOf(r)).toEqual([
      ['list.header-mismatch', 'CoSo', 'D1'],
      ['list.header-mismatch', 'CoSo', 'H1'],
    ]);
  });

  it('skips empty rows and rows holding only an STT, reading to the last filled row', () => {
    const r = parse(withCells(team, 'CoSo', { A4: 3, A5: 4, A6: '  ', B7: '10/03/2021', C7: 'Quán Hát', D7: 'karaoke', F7: 'Phường Kim Mã', G7: 'vi phạm' }));
    expect(r.record?.lists.CoSo?.map((x) => x.row)).toEqual([2, 3, 7]);
    expect(r.record?.lists.CoSo?.[2]?.values).toMatchObject({ date: '2021-03-10', kind: 'Karaoke', result: 'Vi phạm', ward: '00028', stt: null, fine: null });
    expect(r.issues).toEqual([]);
  });

  it('does not reject a form over a stray value in the STT column', () => {
    const r = parse(withCells(team, 'CoSo', { A2: '1.', A3: 'hai' }));
    expect(r.issues).toEqual([]);
    expect(r.record?.lists.CoSo?.map((x) => [x.values.stt, x.invalid])).toEqual([[null, []], [null, []]]);
  });

  it('refuses more rows than the limit and leaves the list out', () => {
    const r = parse(team, { maxListRows: 1 });
    expect(issuesOf(r)).toEqual([['list.too-many-rows', 'CoSo', null]]);
    expect(r.record?.lists.CoSo).toBeUndefined();
  });

  it('reads dates as date cells, serials and typed text', () => {
    const r = parse(withCells(team, 'CoSo', { B2: 44259, B3: '4/3/2021' }));
    expect(r.record?.lists.CoSo?.map((x) => x.values.date)).toEqual(['2021-03-04', '2021-03-04']);
  });

  it('quotes the cell on a non-personal list', () => {
    const r = parse(withCells(team, 'CoSo', { B2: 'hôm qua', D2: 'Quán cà phê', H2: '1,5' }));
    expect(issuesOf(r)).toEqual([
      ['list.date-invalid', 'CoSo', 'B2'],
      ['list.choice-invalid', 'CoSo', 'D2'],
      ['list.number-invalid', 'CoSo', 'H2'],
    ]);
    expect(r.issues.map((i) => i.message).join('\n')).toContain('Quán cà phê');
    expect(r.issues[0]?.unit).toBe('D178');
  });

  it('reads money typed as text and refuses fractions, negatives and ambiguous commas', () => {
    const r = parse(withCells(team, 'CoSo', { H2: '5.000.000', H3: -1 }));
    expect(r.record?.lists.CoSo?.[0]?.values.fine).toBe(5_000_000);
    expect(issuesOf(r)).toEqual([['list.number-invalid', 'CoSo', 'H3']]);
    expect(issuesOf(parse(withCells(team, 'CoSo', { H2: '5,000' })))).toEqual([['list.number-invalid', 'CoSo', 'H2']]);
  });

  it('a fine with float noise, or a share of one, is whole đồng', () => {
    const r = parse(withCells(team, 'CoSo', { H2: 1500000.0000000002, H3: 2_000_000 / 3 }));
    expect(r.record?.lists.CoSo?.slice(0, 2).map((x) => x.values.fine)).toEqual([1_500_000, 666_667]);
    expect(issuesOf(r)).toEqual([]);
  });

  it('reports formulas without results and error values in list cells, quoting the error only', () => {
    const r = parse(withCells(police, 'DanhSach', { J2: formulaNoResult('SUM(X1:X2)'), J3: errorValue('#REF!') }));
    expect(issuesOf(r)).toEqual([
      ['cell.formula-no-result', 'DanhSach', 'J2'],
      ['cell.error-value', 'DanhSach', 'J3'],
    ]);
    expect(r.issues[1]?.message).toContain('#REF!');
    expect(r.record?.lists.DanhSach?.map((x) => x.invalid)).toEqual([['fine'], ['fine']]);
  });

  it('normalises list text to NFC and trims it', () => {
    const r = parse(withCells(team, 'CoSo', { C2: '  Karaoke Hoa Mai  '.normalize('NFD') }));
    expect(r.record?.lists.CoSo?.[0]?.values.name).toBe('Karaoke Hoa Mai');
  });
});

import { describe, expect, it } from 'vitest';
import { parseFormBook, type ParsedForm } from './parse-form-book.ts';
import { indicatorsOf, loadForms } from '../load/load-forms.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import type { Book } from '../read/book.ts';
import {
  date, errorValue, formulaNoResult, indicatorRow, makeFormBook, sampleFilledForm, shiftRows, withCells, type CellInput,
} from '../../test/support/book.ts';

const ctx = { forms: loadForms(), units: loadDefaultUnits(), file: 'phuong/cong-vi.xlsx', sha256: 'abc', maxListRows: 100 };
const parse = (book: Book): ParsedForm => parseFormBook(book, ctx);
const ward = makeFormBook(sampleFilledForm('PCMD-01'));
const issuesOf = (r: ParsedForm) => r.issues.map((i) => [i.code, i.cell ?? null]);

/** Puts `input` into the value cell (E) of `code` and parses. */
function withValue(code: string, input: CellInput, column = 'E') {
  const cell = `${column}${indicatorRow(ward, code)}`;
  const r = parse(withCells(ward, 'BaoCao', { [cell]: input }));
  const entry = r.record?.values[code];
  return { cell, value: column === 'E' ? entry?.value : entry?.yearToDate, issues: issuesOf(r), result: r };
}

describe('parseFormBook: a clean form', () => {
  it('reads every indicator with its cell, and no issue', () => {
    const r = parse(ward);
    expect(r.issues).toEqual([]);
    const kt02 = r.record?.values.KT02;
    expect(kt02).toEqual({ code: 'KT02', value: 6, cell: `E${indicatorRow(ward, 'KT02')}`, yearToDate: null, yearToDateCell: `F${indicatorRow(ward, 'KT02')}` });
    expect(Object.keys(r.record?.values ?? {})).toEqual(indicatorsOf(ctx.forms['PCMD-01']).map((i) => i.code));
  });
});

describe('parseFormBook: value cells', () => {
  it('reads a plain number', () => {
    const r = withValue('KT02', 5);
    expect([r.value, r.issues]).toEqual([5, []]);
  });

  it.each([
    ['KT05', '1.200.000', 1_200_000],
    ['KT02', ' 12 ', 12],
    ['KT02', '1 200', 1200],
    ['KT05', '1,200,000', 1_200_000],
  ])('%s: reads the text %j as %d with a cell.text-number warning', (code, text, value) => {
    const r = withValue(code, text);
    expect(r.value).toBe(value);
    expect(r.issues).toEqual([['cell.text-number', r.cell]]);
    const warning = r.result.issues[0];
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain(String(value));
  });

  it.each([
    ['1,200', 'cell.ambiguous-number'],
    ['12,5', 'cell.fraction'],
    ['1.5', 'cell.fraction'],
    ['12 người', 'cell.not-number'],
    ['-3', 'cell.negative'],
  ])('refuses the text %j with %s', (text, code) => {
    const r = withValue('KT02', text);
    expect(r.value).toBeNull();
    expect(r.issues).toEqual([[code, r.cell]]);
  });

  it.each([
    [-3, 'cell.negative'],
    [2.5, 'cell.fraction'],
    [5_000_000, 'cell.too-large'],
  ])('refuses the number %d with %s', (n, code) => {
    const r = withValue('KT02', n);
    expect([r.value, r.issues]).toEqual([null, [[code, r.cell]]]);
  });

  it('float noise of a formula result is no fraction: a count within 1e-6 of a whole number is that number', () => {
    expect(withValue('KT02', 3.0000000000000004)).toMatchObject({ value: 3, issues: [] });
    expect(withValue('KT02', 6.9999999)).toMatchObject({ value: 7, issues: [] });
    const r = withValue('KT02', 3.00001);
    expect([r.value, r.issues]).toEqual([null, [['cell.fraction', r.cell]]]);
  });

  it('money rounds to the đồng: a cached 1100000.0000000002 and a share =B5/3 are whole đồng, as the clerk sees them', () => {
    expect(withValue('KT05', 1100000.0000000002)).toMatchObject({ value: 1_100_000, issues: [] });
    expect(withValue('KT05', 0.1 * 3 * 1_000_000)).toMatchObject({ value: 300_000, issues: [] });
    expect(0.1 * 3 * 1_000_000).not.toBe(300_000);
    expect(withValue('KT05', 1_000_000 / 3)).toMatchObject({ value: 333_333, issues: [] });
    expect(withValue('KT05', 0.4)).toMatchObject({ value: 0, issues: [] });
    // Typed as text, a fraction is what the clerk sees: still refused.
    const typed = withValue('KT05', '12,5');
    expect(typed.issues).toEqual([['cell.fraction', typed.cell]]);
  });

  it('allows larger money values than counts, up to the default ceiling', () => {
    expect(withValue('KT05', 5_000_000).value).toBe(5_000_000);
    const r = withValue('KT05', 200_000_000_000);
    expect(r.issues).toEqual([['cell.too-large', r.cell]]);
    expect(r.result.issues[0]?.message).toContain('100.000.000.000');
  });

  it('reports a formula without a cached result and error values, with the cell', () => {
    const noResult = withValue('KT02', formulaNoResult('SUM(E9:E10)'));
    expect([noResult.value, noResult.issues]).toEqual([null, [['cell.formula-no-result', noResult.cell]]]);
    const ref = withValue('KT02', errorValue('#REF!'));
    expect(ref.issues).toEqual([['cell.error-value', ref.cell]]);
    expect(ref.result.issues[0]?.message).toContain('#REF!');
    expect(withValue('KT02', errorValue('#DIV/0!')).result.issues[0]?.message).toContain('#DIV/0!');
  });

  it('keeps blanks as null (not reported), never zero', () => {
    expect(withValue('KT02', null)).toMatchObject({ value: null, issues: [] });
    expect(withValue('KT02', '   ')).toMatchObject({ value: null, issues: [] });
    expect(withValue('KT02', 0)).toMatchObject({ value: 0, issues: [] });
  });

  it('refuses a date or a boolean in a count cell', () => {
    const d = withValue('KT02', date('2021-03-05'));
    expect(d.issues).toEqual([['cell.not-number', d.cell]]);
    expect(d.result.issues[0]?.message).toContain('05/03/2021');
    const b = withValue('KT02', true);
    expect(b.issues).toEqual([['cell.not-number', b.cell]]);
  });

  it.each([
    [1, 1], [0, 0], [true, 1], [false, 0], ['Có', 1], ['có', 1], ['Không', 0], ['khong', 0], ['x', 1], ['X', 1], ['1', 1], [' ', null],
  ])('reads the yes/no value %j as %j', (input, value) => {
    expect(withValue('DG01', input)).toMatchObject({ value, issues: [] });
  });

  it.each([2, 'có thể', 0.5])('refuses %j as a yes/no value', (input) => {
    const r = withValue('DG01', input);
    expect([r.value, r.issues]).toEqual([null, [['cell.not-yesno', r.cell]]]);
  });

  it('reads the year-to-date column the same way, reporting column F', () => {
    expect(withValue('KT02', 40, 'F')).toMatchObject({ value: 40, issues: [] });
    const r = withValue('KT02', '1,200', 'F');
    expect(r.issues).toEqual([['cell.ambiguous-number', r.cell]]);
    expect(r.cell).toMatch(/^F\d+$/);
  });

  it('puts unit, file, sheet, cell and the indicator code on every cell issue', () => {
    const r = withValue('KT02', -3);
    expect(r.result.issues[0]).toMatchObject({ severity: 'error', unit: '00007', file: 'phuong/cong-vi.xlsx', sheet: 'BaoCao', cell: r.cell });
    expect(r.result.issues[0]?.message).toContain('KT02');
  });
});

describe('parseFormBook: rows found by code', () => {
  it('reads the same values when rows were inserted above (codes shifted down)', () => {
    const moved = shiftRows(ward, 'BaoCao', indicatorRow(ward, 'KT01'), 3);
    const r = parse(moved);
    expect(r.issues).toEqual([]);
    const values = Object.fromEntries(Object.entries(r.record?.values ?? {}).map(([k, v]) => [k, v.value]));
    const original = Object.fromEntries(Object.entries(parse(ward).record?.values ?? {}).map(([k, v]) => [k, v.value]));
    expect(values).toEqual(original);
    expect(r.record?.values.KT01?.cell).toBe(`E${indicatorRow(ward, 'KT01') + 3}`);
    expect(r.record?.values.TT01?.cell).toBe(`E${indicatorRow(ward, 'TT01')}`);
  });

  it('reports a deleted indicator row as missing, without a cell', () => {
    const row = indicatorRow(ward, 'TD04');
    const r = parse(withCells(ward, 'BaoCao', Object.fromEntries('ABCDEFG'.split('').map((c) => [`${c}${row}`, null]))));
    expect(issuesOf(r)).toEqual([['indicator.missing', null]]);
    expect(r.record?.values.TD04).toBeUndefined();
  });

  it('reports a code twice on the second row, naming the first, and keeps the first value', () => {
    const first = indicatorRow(ward, 'KT02');
    const r = parse(withCells(ward, 'BaoCao', { B80: 'KT02', E80: 99 }));
    expect(issuesOf(r)).toEqual([['indicator.duplicate', 'B80']]);
    expect(r.issues[0]?.message).toContain(`B${first}`);
    expect(r.record?.values.KT02?.value).toBe(6);
  });

  it('warns about an unknown code-like text, ignores other text, accepts lower case and spaces', () => {
    const row = indicatorRow(ward, 'KT02');
    const r = parse(withCells(ward, 'BaoCao', { B80: 'ZZ99', B81: 'Ghi chú thêm', [`B${row}`]: ' kt02 ' }));
    expect(issuesOf(r)).toEqual([['indicator.unknown', 'B80']]);
    expect(r.issues[0]?.severity).toBe('warning');
    expect(r.record?.values.KT02?.value).toBe(6);
  });

  it('warns when the row 8 titles differ, but not over tone-mark placement', () => {
    expect(issuesOf(parse(withCells(ward, 'BaoCao', { F8: 'Luỹ kế từ đầu năm' })))).toEqual([]);
    const r = parse(withCells(ward, 'BaoCao', { D8: 'ĐVT' }));
    expect(issuesOf(r)).toEqual([['table.header-mismatch', 'D8']]);
    expect(r.issues[0]?.severity).toBe('warning');
  });
});

describe('parseFormBook: free-text rows', () => {
  it('reads the texts below the table from the master cell of a B:G merge, NFC', () => {
    const texts = { assessment: 'Tình hình ổn định.', difficulties: '  Thiếu kinh phí.  '.normalize('NFD'), proposals: 'Tăng cường kiểm tra.' };
    const book = makeFormBook({ ...sampleFilledForm('PCMD-01'), texts });
    const sheet = book.sheets.find((s) => s.name === 'BaoCao');
    const r = parse(book);
    const cell = r.record?.texts.difficulties?.cell ?? '';
    expect(sheet?.merges).toContain(`${cell}:G${cell.slice(1)}`);
    expect(r.record?.texts).toEqual({
      assessment: { text: 'Tình hình ổn định.', cell: expect.stringMatching(/^B\d+$/) },
      difficulties: { text: 'Thiếu kinh phí.', cell },
      proposals: { text: 'Tăng cường kiểm tra.', cell: expect.stringMatching(/^B\d+$/) },
    });
  });

  it('finds a label typed with a colon or other case', () => {
    const r = parse(withCells(ward, 'BaoCao', { A90: 'ĐỀ XUẤT, KIẾN NGHỊ:', B90: 'Bổ sung cán bộ.' }));
    expect(r.record?.texts.proposals).toEqual({ text: 'Bổ sung cán bộ.', cell: 'B90' });
  });
});

import type { Book, BookSheet, CellValue, SheetState } from '../../src/read/book.ts';
import type { FormId } from '../../src/domain/form-schema.ts';
import { indicatorsOf, loadForms, type FormSet } from '../../src/load/load-forms.ts';
import {
  COL, FIRST_TABLE_ROW, HEADER, INSTRUCTIONS_SHEET, LIST_FIRST_ROW, LIST_HEADER_ROW, META_SHEET, STAMP_CELL, TABLE_COLUMNS,
  TABLE_HEADER_ROW, TEXT_ROWS, formatStamp, type TextKey,
} from '../../src/domain/form-layout.ts';
import type { FilledForm } from '../../tools/fixtures/filled-form.ts';
import { cellAddress, columnLetter } from '../../src/read/book.ts';

/**
 * In-memory workbooks for tests: no xlsx, no exceljs. `makeBook` builds any Book from a readable object;
 * `makeFormBook` lays out a complete PCMD-0x workbook from a FilledForm, as the blank-form writer and a clerk
 * would leave it (src/forms/layout.ts), so parser and validator tests need no files.
 */

/** A cell as a test writes it: a string is text, a number a number, a boolean a bool, null nothing; or any CellValue. */
export type CellInput = string | number | boolean | null | CellValue;

export interface MakeBookOptions {
  readonly date1904?: boolean;
  readonly states?: Readonly<Record<string, SheetState>>;
  readonly merges?: Readonly<Record<string, readonly string[]>>;
}

/** `makeBook({ BaoCao: { A1: 'Biểu mẫu', B1: 'PCMD-01', E10: 5 } })`. Sheets keep the object's order. */
export function makeBook(sheets: Readonly<Record<string, Readonly<Record<string, CellInput>>>>, opts: MakeBookOptions = {}): Book {
  return {
    date1904: opts.date1904 ?? false,
    sheets: Object.entries(sheets).map(([name, cells]) => makeSheet(name, cells, opts.states?.[name] ?? 'visible', opts.merges?.[name] ?? [])),
  };
}

export const date = (iso: string): CellValue => ({ kind: 'date', value: iso });
export const formulaNoResult = (formula: string): CellValue => ({ kind: 'formula-no-result', formula });
export const errorValue = (value: string): CellValue => ({ kind: 'error', value });

/** A copy of the book with some cells of one sheet replaced (null removes a cell); adds the sheet if missing. */
export function withCells(book: Book, sheet: string, cells: Readonly<Record<string, CellInput>>): Book {
  const old = book.sheets.find((s) => s.name === sheet);
  const merged: Record<string, CellInput> = { ...Object.fromEntries(old?.cells ?? []), ...cells };
  const next = makeSheet(sheet, merged, old?.state ?? 'visible', old?.merges ?? []);
  return { ...book, sheets: old ? book.sheets.map((s) => (s === old ? next : s)) : [...book.sheets, next] };
}

/** A copy of the book without the named sheet. */
export const withoutSheet = (book: Book, sheet: string): Book => ({ ...book, sheets: book.sheets.filter((s) => s.name !== sheet) });

/** A copy of the book with rows from `fromRow` on moved down by `by` (rows inserted above them), or up when negative (deleted rows: cells that land above `fromRow` are dropped). */
export function shiftRows(book: Book, sheet: string, fromRow: number, by: number): Book {
  const old = book.sheets.find((s) => s.name === sheet);
  if (!old) throw new Error(`no sheet ${sheet}`);
  const moved: Record<string, CellInput> = {};
  for (const [address, v] of old.cells) {
    const m = /^([A-Z]+)(\d+)$/.exec(address);
    const row = Number(m?.[2]);
    const target = row >= fromRow ? row + by : row;
    if (row >= fromRow && target < fromRow) continue;
    moved[`${m?.[1] ?? ''}${target}`] = v;
  }
  const next = makeSheet(sheet, moved, old.state, old.merges);
  return { ...book, sheets: book.sheets.map((s) => (s === old ? next : s)) };
}

/** The row of an indicator code in BaoCao (column B), so tests never hard-code row numbers. */
export function indicatorRow(book: Book, code: string, sheet = 'BaoCao'): number {
  const s = book.sheets.find((x) => x.name === sheet);
  for (const [address, v] of s?.cells ?? []) {
    if (address.startsWith('B') && v.kind === 'text' && v.value === code) return Number(address.slice(1));
  }
  throw new Error(`no row for ${code}`);
}

export interface FormBookOptions {
  readonly forms?: FormSet;
  /** The DanhMuc!A1 stamp; null leaves DanhMuc out (a hand-made workbook). Default: the form's current revision. */
  readonly stamp?: string | null;
}

/** A complete workbook for a FilledForm: HuongDan, BaoCao, the list sheets, DanhMuc (very hidden, stamp in A1). */
export function makeFormBook(filled: FilledForm, opts: FormBookOptions = {}): Book {
  const form = (opts.forms ?? loadForms())[filled.formId];
  const sheets: Record<string, Record<string, CellInput>> = { [INSTRUCTIONS_SHEET]: { A1: 'Hướng dẫn điền biểu mẫu' } };
  const report: Record<string, CellInput> = {};
  const put = (row: number, col: number, v: CellInput) => (report[cellAddress(row, col)] = v);
  const header: Record<keyof typeof HEADER, CellInput> = {
    form: form.id,
    unitName: filled.unitName,
    unitCode: filled.unitCode,
    period: filled.period,
    signedOn: filled.signedOn === null ? null : date(filled.signedOn),
    preparer: filled.preparer,
  };
  for (const [field, { row, label }] of Object.entries(HEADER)) {
    put(row, 1, label);
    put(row, 2, header[field as keyof typeof HEADER]);
  }
  TABLE_COLUMNS.forEach((t, i) => put(TABLE_HEADER_ROW, i + 1, t));
  let row = FIRST_TABLE_ROW;
  let stt = 0;
  for (const section of form.sections) {
    if (section.roman !== null || section.title !== null) {
      put(row, COL.stt, section.roman ?? '');
      put(row++, COL.label, section.title ?? '');
    }
    for (const ind of section.indicators) {
      [++stt, ind.code, ind.label, ind.unit].forEach((v, i) => put(row, i + 1, v));
      put(row, COL.value, filled.values[ind.code] ?? null);
      put(row, COL.yearToDate, filled.yearToDate?.[ind.code] ?? null);
      put(row++, COL.note, filled.notes?.[ind.code] ?? null);
    }
  }
  row++;
  const merges: string[] = [];
  for (const [key, label] of Object.entries(TEXT_ROWS)) {
    put(row, COL.stt, label);
    put(row, COL.code, filled.texts?.[key as TextKey] ?? null);
    merges.push(`${cellAddress(row, COL.code)}:${cellAddress(row, COL.note)}`);
    row++;
  }
  sheets[form.sheet] = report;
  for (const list of form.lists) {
    const cells: Record<string, CellInput> = {};
    list.columns.forEach((c, i) => (cells[cellAddress(LIST_HEADER_ROW, i + 1)] = c.header));
    (filled.lists?.[list.sheet] ?? []).forEach((values, r) => {
      list.columns.forEach((c, i) => {
        const v = c.key === 'stt' ? (values.stt ?? r + 1) : (values[c.key] ?? null);
        cells[cellAddress(LIST_FIRST_ROW + r, i + 1)] = c.type === 'date' && typeof v === 'string' ? date(v) : v;
      });
    });
    sheets[list.sheet] = cells;
  }
  const stamp = opts.stamp === undefined ? formatStamp(form.id, form.revision) : opts.stamp;
  if (stamp !== null) sheets[META_SHEET] = { [STAMP_CELL]: stamp };
  return makeBook(sheets, { states: { [META_SHEET]: 'veryHidden' }, merges: { [form.sheet]: merges } });
}

/** A valid FilledForm for each form, with every indicator filled (small whole numbers; yes/no 1). */
export function sampleFilledForm(formId: FormId, forms: FormSet = loadForms()): FilledForm {
  const form = forms[formId];
  const values = Object.fromEntries(indicatorsOf(form).map((ind, i) => [ind.code, ind.type === 'yesno' ? 1 : i + 1]));
  const base = { formId, period: '2021-03', signedOn: '2021-03-16', preparer: 'Nguyễn Văn Lập' };
  switch (formId) {
    case 'PCMD-01':
      return { ...base, unitCode: '00007', unitName: 'Phường Cống Vị', values, texts: { assessment: 'Tình hình ổn định.' } };
    case 'PCMD-02':
      return {
        ...base, unitCode: 'CA', unitName: 'Công an quận Ba Đình',
        values: { ...values, CA07: 2, CA08: 3_000_000 },
        lists: {
          DanhSach: [
            { date: '2021-03-02', decision: '12/QĐ-XPHC', ward: 'Phường Kim Mã', fullName: 'Trần Thị Mẫu', birthYear: 1990, sex: 'Nữ', residence: 'Số 1 phố Mẫu', behaviour: 'Bán dâm', fine: 1_500_000 },
            { date: '2021-03-05', decision: '15/QĐ-XPHC', ward: 'Phường Cống Vị', fullName: 'Lê Văn Thử', birthYear: 1985, sex: 'Nam', residence: 'Số 2 phố Thử', behaviour: 'Mua dâm', fine: 1_500_000 },
          ],
        },
      };
    case 'PCMD-03':
      return {
        ...base, unitCode: 'D178', unitName: 'Đội kiểm tra liên ngành 178 quận Ba Đình',
        values: { ...values, DK01: 2, DK02: 1, DK03: 1, DK04: 5_000_000 },
        lists: {
          CoSo: [
            { date: '2021-03-03', name: 'Karaoke Hoa Mai', kind: 'Karaoke', address: '10 Kim Mã', ward: 'Phường Kim Mã', result: 'Vi phạm', fine: 5_000_000 },
            { date: '2021-03-04', name: 'Nhà nghỉ Bình An', kind: 'Nhà nghỉ, khách sạn', address: '5 Đội Cấn', ward: 'Phường Đội Cấn', result: 'Không vi phạm', fine: null },
          ],
        },
      };
  }
}

// --- internal ---

function makeSheet(name: string, input: Readonly<Record<string, CellInput>>, state: SheetState, merges: readonly string[]): BookSheet {
  const cells = new Map<string, CellValue>();
  let maxRow = 0;
  let maxCol = 0;
  for (const [address, v] of Object.entries(input)) {
    const value = toCellValue(v);
    if (value.kind === 'empty') continue;
    const m = /^([A-Z]+)(\d+)$/.exec(address);
    if (!m) throw new Error(`bad address ${address}`);
    cells.set(address, value);
    maxRow = Math.max(maxRow, Number(m[2]));
    maxCol = Math.max(maxCol, columnNumber(m[1] ?? 'A'));
  }
  return { name, state, cells, maxRow, maxCol, merges };
}

function toCellValue(v: CellInput): CellValue {
  if (v === null) return { kind: 'empty' };
  if (typeof v === 'string') return { kind: 'text', value: v };
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  return v;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return columnLetter(n) === letters ? n : 0;
}

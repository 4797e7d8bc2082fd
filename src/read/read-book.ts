import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Cell, Workbook, Worksheet } from 'exceljs';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';
import { addDays, isoDate } from '../domain/period.ts';
import { cellAddress, type Book, type BookSheet, type CellValue, type SheetState } from './book.ts';
import { sniffWorkbook } from './sniff.ts';
import { guardSheets, type SheetBounds } from './sheet-guard.ts';
import { stripXmlForbidden } from '../common/safe-text.ts';

export type ReadBookResult =
  /** `notes`: warnings about what the reader left out (a merge clipped to the form's bounds, a text cut short). */
  | { readonly ok: true; readonly book: Book; readonly sha256: string; readonly notes: readonly Issue[] }
  /** `sha256` is null when the file could not be read at all. */
  | { readonly ok: false; readonly issue: Issue; readonly sha256: string | null };

export interface ReadBookOptions {
  /** Workbooks that unpack to more than this are refused before parsing (config `limits.maxUnpackedMb`). */
  readonly maxUnpackedMb: number;
  /** The path shown in issues: relative to the scanned folder, POSIX separators. Default: the file's base name. */
  readonly displayPath?: string;
  /** What the forms need (sheet-guard.ts): memory is bounded by this, not by what a sheet declares. Default: FORM_BOUNDS. */
  readonly bounds?: ReadBounds;
}

export interface ReadBounds extends SheetBounds {
  /** The sheets the forms read: content past the bounds there is an error, elsewhere it is dropped with a warning. */
  readonly formSheets: readonly string[];
}

/** The forms' sheets with room to spare: rows for the default 5,000-row lists plus headers, columns to Z (forms use A–J). */
export const FORM_BOUNDS: ReadBounds = { maxRow: 6000, maxCol: 26, formSheets: ['BaoCao', 'DanhSach', 'CoSo'] };

/** Longer text in one cell is cut here, with a warning: a ward's note is a few paragraphs; Excel itself stops at 32,767. */
export const MAX_CELL_TEXT = 10_000;

/**
 * Reads a workbook file into a library-independent Book. The read edge: the only module that runs exceljs on
 * input. Never throws for a bad file: every problem (missing, unreadable, not a workbook, encrypted, too large,
 * corrupt) comes back as one issue with a Vietnamese message.
 */
export async function readBook(file: string, opts: ReadBookOptions): Promise<ReadBookResult> {
  const displayPath = opts.displayPath ?? path.basename(file);
  let bytes: Buffer;
  try {
    // Refuse a file bigger than the unpacked limit before holding it in memory: no workbook can be that.
    // Synchronous on purpose: files are read one after another, and awaiting small reads left the thread idle
    // (about 0.2 s of a year's compile, measured in the benchmark).
    // Only a regular file is read: a FIFO would block forever and /dev/zero never ends (issue 13). Opened without
    // blocking and checked on the open descriptor, so what is checked is what is read.
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) return { ok: false, sha256: null, issue: issue('file.unreadable', { file: displayPath }, { reason: fsReason({ code: 'EISDIR' }) }) };
      if (!stat.isFile()) return { ok: false, sha256: null, issue: issue('file.not-regular', { file: displayPath }) };
      if (stat.size > opts.maxUnpackedMb * MB) {
        return { ok: false, sha256: null, issue: issue('file.too-large', { file: displayPath }, { unpackedMb: Math.ceil(stat.size / MB), limitMb: opts.maxUnpackedMb }) };
      }
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { ok: false, sha256: null, issue: issue('file.unreadable', { file: displayPath }, { reason: fsReason(error) }) };
  }
  return readBookBytes(bytes, { ...opts, displayPath });
}

/** The same from bytes already in memory (tests, and files that came from elsewhere). */
export async function readBookBytes(bytes: Buffer, opts: ReadBookOptions & { readonly displayPath: string }): Promise<ReadBookResult> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sniffed = sniffWorkbook(bytes, { file: opts.displayPath, maxUnpackedMb: opts.maxUnpackedMb });
  if (!sniffed.ok) return { ok: false, issue: sniffed.issue, sha256 };
  const bounds = opts.bounds ?? FORM_BOUNDS;
  const guarded = guardSheets(bytes, { file: opts.displayPath, bounds, formSheets: bounds.formSheets, maxPartBytes: opts.maxUnpackedMb * MB });
  if (!guarded.ok) return { ok: false, issue: guarded.issue, sha256 };
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer (its own `Buffer` interface); a copy satisfies that without a cast.
    await wb.xlsx.load(new Uint8Array(guarded.bytes).buffer, { ignoreNodes: IGNORED_NODES });
  } catch {
    // exceljs's own message is English and technical: the clerk gets what to do instead.
    const reason = 'nội dung bên trong không đúng cấu trúc sổ tính Excel';
    return { ok: false, issue: issue('file.corrupt', { file: opts.displayPath }, { reason }), sha256 };
  }
  const notes = [...guarded.notes];
  const book = toBook(wb, sniffed.date1904, guarded.overrides, (sheet, cell, length) =>
    notes.push(issue('cell.text-truncated', { file: opts.displayPath, sheet, cell }, { length, limit: MAX_CELL_TEXT })),
  );
  return { ok: true, book, sha256, notes };
}

// --- internal ---

const MB = 1024 * 1024;
/** Whole-column validations and formatting cost seconds and hundreds of MB in exceljs (libraries.md §1.2); we never need them. */
// `cols` too: exceljs makes an object per column up to a `<col max>` the file declares (16,384, or any number).
const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'extLst', 'drawing', 'picture', 'cols'];
const DAYS_1900_TO_1904 = 1462;

function fsReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'không tìm thấy tệp';
    case 'EACCES':
    case 'EPERM':
      return 'không có quyền đọc tệp';
    case 'EISDIR':
      return 'đây là một thư mục, không phải tệp';
    case 'EBUSY':
      return 'tệp đang bị chương trình khác khóa';
    default:
      return code ? `lỗi hệ thống ${code}` : 'lỗi không rõ';
  }
}

/**
 * exceljs only understands `date1904="1"`; LibreOffice writes `"true"`, which exceljs reads as the 1900 system,
 * so every date comes out 1462 days early. When the sniffer saw 1904 and exceljs did not, shift the dates.
 */
type Overrides = ReadonlyMap<string, ReadonlyMap<string, CellValue>>;
type OnTruncated = (sheet: string, cell: string, length: number) => void;

function toBook(wb: Workbook, date1904: boolean, overrides: Overrides, onTruncated: OnTruncated): Book {
  const shiftDays = date1904 && !wb.properties.date1904 ? DAYS_1900_TO_1904 : 0;
  return {
    sheets: wb.worksheets.map((ws) => toBookSheet(ws, shiftDays, overrides.get(ws.name), onTruncated)),
    date1904: date1904 || wb.properties.date1904 === true,
  };
}

/**
 * Text as the rest of the tool may use it: without the characters XML 1.0 forbids (exceljs decodes `_xFFFE_` and
 * `_x001B_` into them, and one of them in a report makes the whole .docx or .xlsx unreadable), at most MAX_CELL_TEXT long.
 */
function cleanText(value: string, sheet: string, cell: string, onTruncated: OnTruncated): string {
  const text = stripXmlForbidden(value);
  if (text.length <= MAX_CELL_TEXT) return text;
  onTruncated(sheet, cell, text.length);
  // Never cut a surrogate pair in half.
  const cut = /[\uD800-\uDBFF]/.test(text[MAX_CELL_TEXT - 1] ?? '') ? MAX_CELL_TEXT - 1 : MAX_CELL_TEXT;
  return text.slice(0, cut);
}

function toBookSheet(ws: Worksheet, shiftDays: number, overrides: ReadonlyMap<string, CellValue> | undefined, onTruncated: OnTruncated): BookSheet {
  const name = stripXmlForbidden(ws.name);
  const cells = new Map<string, CellValue>();
  const mergeEnds = new Map<string, { row: number; col: number; masterRow: number; masterCol: number }>();
  let maxRow = 0;
  let maxCol = 0;
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) {
        // A merge's slave repeats the master's value in exceljs: keep only the master, remember the range.
        const m = cell.master;
        const end = mergeEnds.get(m.address) ?? { row: 0, col: 0, masterRow: Number(m.row), masterCol: Number(m.col) };
        mergeEnds.set(m.address, { ...end, row: Math.max(end.row, Number(cell.row)), col: Math.max(end.col, Number(cell.col)) });
        return;
      }
      const read = overrides?.get(cell.address) ?? normalizeCell(cell, shiftDays);
      if (read.kind === 'empty') return;
      const value: CellValue =
        read.kind === 'text' ? { kind: 'text', value: cleanText(read.value, name, cell.address, onTruncated) }
        : read.kind === 'formula-no-result' ? { kind: 'formula-no-result', formula: stripXmlForbidden(read.formula).slice(0, MAX_CELL_TEXT) }
        : read.kind === 'bad-value' ? { kind: 'bad-value', raw: stripXmlForbidden(read.raw).slice(0, 100) }
        : read;
      if (value.kind === 'text' && value.value === '') return;
      cells.set(cell.address, value);
      maxRow = Math.max(maxRow, Number(cell.row));
      maxCol = Math.max(maxCol, Number(cell.col));
    });
  });
  const merges = [...mergeEnds].map(([master, e]) => `${master}:${cellAddress(Math.max(e.row, e.masterRow), Math.max(e.col, e.masterCol))}`);
  return { name, state: sheetState(ws.state), cells, maxRow, maxCol, merges: merges.sort() };
}

const sheetState = (state: string): SheetState => (state === 'hidden' || state === 'veryHidden' ? state : 'visible');

const EMPTY: CellValue = { kind: 'empty' };

/** exceljs's value zoo → CellValue (libraries.md §1.2). Formulas count by their cached result. */
function normalizeCell(cell: Cell, shiftDays: number): CellValue {
  const v: unknown = cell.value;
  if (isRecord(v) && ('formula' in v || 'sharedFormula' in v)) {
    // `cell.result` is the model's result: unlike `cell.value`, it keeps a cached 0 or false.
    const result: unknown = cell.result;
    return result === undefined ? { kind: 'formula-no-result', formula: cell.formula ?? '' } : fromScalar(result, shiftDays);
  }
  return fromScalar(v, shiftDays);
}

function fromScalar(v: unknown, shiftDays: number): CellValue {
  if (v === null || v === undefined) return EMPTY;
  // A stored number that is not finite never reaches here as `#NUM!` nobody typed: sheet-guard reports it at its cell.
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'bad-value', raw: String(v) };
  if (typeof v === 'string') return v === '' ? EMPTY : { kind: 'text', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? EMPTY : { kind: 'date', value: isoDayOf(v, shiftDays) };
  if (isRecord(v)) {
    if (typeof v.error === 'string') return { kind: 'error', value: v.error };
    // Rich text and hyperlinks: the text as the clerk sees it.
    const text = textOf(v);
    return text === '' ? EMPTY : { kind: 'text', value: text };
  }
  return EMPTY;
}

/** exceljs builds dates at UTC midnight from the serial: read the UTC fields, never the local ones. */
function isoDayOf(d: Date, shiftDays: number): string {
  const iso = isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  return shiftDays === 0 ? iso : addDays(iso, shiftDays);
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (!isRecord(v)) return '';
  if (Array.isArray(v.richText)) return v.richText.map((run: unknown) => (isRecord(run) ? textOf(run.text) : '')).join('');
  return textOf(v.text);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

import { unzipSync } from 'fflate';
import type { Cell, Workbook, Worksheet } from 'exceljs';
import { addDays, isoDate } from '../../src/domain/period.ts';
import { cellAddress, type Book, type BookSheet, type CellValue, type SheetState } from '../../src/read/book.ts';

/**
 * The reader the tool used before its own cell reader (src/read/_xlsx-book.ts): exceljs `load`, then exceljs's
 * values normalised into a Book. Kept only as a test oracle: the differential test reads every bundled and
 * generated workbook with both and expects the same Book and the same records. Null when exceljs cannot load it
 * (the tool refused such files before exceljs saw them: not a zip, not a workbook).
 */
export async function readBookWithExceljs(bytes: Buffer): Promise<Book | null> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(new Uint8Array(bytes).buffer, { ignoreNodes: IGNORED_NODES });
    return toBook(wb, sniffDate1904(bytes));
  } catch {
    return null;
  }
}

// --- internal ---

const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'extLst', 'drawing', 'picture'];
const DAYS_1900_TO_1904 = 1462;

/** What the old sniffer told exceljs: the 1904 system as `"1"` or as LibreOffice's `"true"`. */
function sniffDate1904(bytes: Buffer): boolean {
  const files = unzipSync(new Uint8Array(bytes), { filter: (f) => f.name === 'xl/workbook.xml' });
  const xml = Buffer.from(files['xl/workbook.xml'] ?? new Uint8Array()).toString('utf8');
  return /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(xml);
}

/**
 * exceljs only understands `date1904="1"`; LibreOffice writes `"true"`, which exceljs reads as the 1900 system,
 * so every date comes out 1462 days early. When the sniffer saw 1904 and exceljs did not, shift the dates.
 */
function toBook(wb: Workbook, date1904: boolean): Book {
  const shiftDays = date1904 && !wb.properties.date1904 ? DAYS_1900_TO_1904 : 0;
  return { sheets: wb.worksheets.map((ws) => toBookSheet(ws, shiftDays)), date1904: date1904 || wb.properties.date1904 === true };
}

function toBookSheet(ws: Worksheet, shiftDays: number): BookSheet {
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
      const value = normalizeCell(cell, shiftDays);
      if (value.kind === 'empty') return;
      cells.set(cell.address, value);
      maxRow = Math.max(maxRow, Number(cell.row));
      maxCol = Math.max(maxCol, Number(cell.col));
    });
  });
  const merges = [...mergeEnds].map(([master, e]) => `${master}:${cellAddress(Math.max(e.row, e.masterRow), Math.max(e.col, e.masterCol))}`);
  return { name: ws.name, state: sheetState(ws.state), cells, maxRow, maxCol, merges: merges.sort() };
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
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'error', value: '#NUM!' };
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

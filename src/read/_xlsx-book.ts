import { isoDate } from '../domain/period.ts';
import { cellAddress, type Book, type BookSheet, type CellValue, type SheetState } from './book.ts';
import { decodeOoxmlText, NotPlainXml, parseElements, parseXml, parseXmlWithSaxes, plainXmlStream, prefixedAttr, scanPlainXml, xmlStream, type XmlHandlers } from './_xml.ts';
import type { ZipParts } from './_zip-parts.ts';

/**
 * The cell reader: from the parts of an .xlsx (already sniffed) to a Book, reading only what a form needs —
 * the workbook part (sheet names, states, the date system), the shared strings, the styles' number formats (to
 * tell a date from a number) and the cells of the sheets asked for, up to the rows and columns asked for. A sheet
 * part is parsed as a stream (saxes) and parsing stops at the last row wanted, so a sheet that declares a million
 * styled rows or a merge over the whole grid costs what the form's cells cost.
 *
 * Values are normalised the way the exceljs path did (libraries.md §1.2), with these corrections: a stored number
 * that is not a number (`1,5`, `12abc`, `1e309`) is a `bad-value` at its cell (what it stores) instead of parseFloat's guess; a
 * `t="d"` cell is its ISO date; a formula whose cached result is the empty string is empty (exceljs reported it as
 * uncalculated); `_xHHHH_` escapes are decoded in inline strings too, and characters XML cannot carry are dropped.
 * Throws (SyntaxError from saxes, PartError) on a damaged workbook; the caller turns that into an issue.
 */

/** Which cells of a sheet to read: the sheet (matched like `findSheet`: exactly, else trimmed and case-folded) and its extent. */
export interface SheetBounds {
  readonly name: string;
  /** Last row (1-based) to read; parsing of the sheet stops after it. */
  readonly maxRow: number;
  /** Last column (1-based, A = 1) to read. */
  readonly maxCol: number;
}

/** `wanted` undefined: every cell of every sheet. Otherwise sheets not named there are listed without cells. */
export function readXlsxBook(parts: ZipParts, wanted: readonly SheetBounds[] | undefined): Book {
  const wb = remembered(workbookParts, [parts.contentKey(WORKBOOK), parts.contentKey(WORKBOOK_RELS)], () => readWorkbookPart(parts));
  const shared = new SharedContext(parts, wb);
  const sheets: BookSheet[] = [];
  for (const s of wb.sheets) {
    if (!parts.has(s.path)) continue;
    const bounds = wanted === undefined ? EVERYTHING : boundsFor(s.name, wanted);
    sheets.push(bounds ? readSheet(parts, s, bounds, shared) : { name: s.name, state: s.state, cells: new Map(), maxRow: 0, maxCol: 0, merges: [] });
    parts.release(s.path);
  }
  return { sheets, date1904: wb.date1904 };
}

// --- workbook, relationships ---

interface SheetEntry {
  readonly name: string;
  readonly state: SheetState;
  /** The worksheet part, e.g. `xl/worksheets/sheet1.xml`. */
  readonly path: string;
}

interface WorkbookPart {
  readonly sheets: readonly SheetEntry[];
  readonly date1904: boolean;
  readonly sharedStringsPath: string;
  readonly stylesPath: string;
}

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const EVERYTHING: SheetBounds = { name: '', maxRow: Infinity, maxCol: Infinity };

function readWorkbookPart(parts: ZipParts): WorkbookPart {
  const xml = parts.get(WORKBOOK);
  if (!xml) throw new Error('no workbook part');
  const listed: { name: string; state: SheetState; rid: string | undefined }[] = [];
  let date1904 = false;
  parseXml(xml, {
    open(name, a) {
      if (name === 'sheet') listed.push({ name: a.name ?? '', state: sheetState(a.state), rid: prefixedAttr(a, 'id') });
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    },
  });
  const rels = readRels(parts, WORKBOOK_RELS, 'xl');
  const sheets = listed.flatMap((s) => {
    const rel = s.rid === undefined ? undefined : rels.get(s.rid);
    return rel && !rel.type.endsWith('/chartsheet') ? [{ name: s.name, state: s.state, path: rel.target }] : [];
  });
  const byType = (suffix: string, fallback: string): string => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? fallback;
  return { sheets, date1904, sharedStringsPath: byType('/sharedStrings', 'xl/sharedStrings.xml'), stylesPath: byType('/styles', 'xl/styles.xml') };
}

const sheetState = (state: string | undefined): SheetState => (state === 'hidden' || state === 'veryHidden' ? state : 'visible');

interface Rel {
  readonly type: string;
  /** Resolved to a path inside the zip (external targets are kept as written). */
  readonly target: string;
}

function readRels(parts: ZipParts, relsPath: string, baseDir: string): Map<string, Rel> {
  const rels = new Map<string, Rel>();
  const xml = parts.get(relsPath);
  if (!xml) return rels;
  parseXml(xml, {
    open(name, a) {
      if (name !== 'Relationship' || a.Id === undefined || a.Target === undefined) return;
      const target = a.TargetMode === 'External' ? a.Target : resolvePath(baseDir, a.Target);
      rels.set(a.Id, { type: a.Type ?? '', target });
    },
  });
  return rels;
}

/** `worksheets/sheet1.xml` from `xl` → `xl/worksheets/sheet1.xml`; `/xl/…` is from the zip's root. */
function resolvePath(baseDir: string, target: string): string {
  const t = target.trim();
  const segments = t.startsWith('/') ? [] : baseDir.split('/').filter(Boolean);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  return segments.join('/');
}

function boundsFor(sheetName: string, wanted: readonly SheetBounds[]): SheetBounds | null {
  const folded = sheetName.trim().toLowerCase();
  let maxRow = 0;
  let maxCol = 0;
  for (const w of wanted) {
    if (w.name !== sheetName && w.name.toLowerCase() !== folded) continue;
    maxRow = Math.max(maxRow, w.maxRow);
    maxCol = Math.max(maxCol, w.maxCol);
  }
  return maxRow > 0 && maxCol > 0 ? { name: sheetName, maxRow, maxCol } : null;
}

// --- what was read from parts seen before ---

/**
 * The workbook part (with its relationships) and the styles part of a form are the same in every file the same
 * program wrote from the same blank form: what was read from them is kept, by the parts' content keys
 * (`ZipParts.contentKey`: the stored bytes, hashed), and not parsed again (issue 18: about a sixth of a year's
 * reading). A few of each, the most recent; what is kept holds no cell of any file, only sheet names and formats.
 */
const REMEMBERED = 16;
const workbookParts = new Map<string, WorkbookPart>();
const dateStyleParts = new Map<string, (style: number) => boolean>();

function remembered<T>(cache: Map<string, T>, keys: readonly (string | null)[], read: () => T): T {
  const key = keys.join('|');
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = read();
  cache.set(key, value);
  if (cache.size > REMEMBERED) cache.delete(cache.keys().next().value!);
  return value;
}

// --- shared strings and styles, read on first use ---

class SharedContext {
  readonly date1904: boolean;
  readonly #parts: ZipParts;
  readonly #wb: WorkbookPart;
  #strings: readonly string[] | undefined;
  #dateStyles: ((style: number) => boolean) | undefined;

  constructor(parts: ZipParts, wb: WorkbookPart) {
    this.#parts = parts;
    this.#wb = wb;
    this.date1904 = wb.date1904;
  }

  sharedString(index: number): string | undefined {
    this.#strings ??= readSharedStrings(this.#parts, this.#wb.sharedStringsPath);
    return this.#strings[index];
  }

  isDateStyle(style: number): boolean {
    this.#dateStyles ??= remembered(dateStyleParts, [this.#parts.contentKey(this.#wb.stylesPath)], () => readDateStyles(this.#parts, this.#wb.stylesPath));
    return this.#dateStyles(style);
  }
}

/** Each `<si>`: its text runs joined (rich text is text to us), phonetic runs (`<rPh>`) left out. */
function readSharedStrings(parts: ZipParts, path: string): string[] {
  const xml = parts.get(path);
  if (!xml) return [];
  const out = plainFirst((_, parse) => readSharedStringsWith(parse, xml));
  parts.release(path);
  return out;
}

function readSharedStringsWith(parse: typeof parseXml, xml: Buffer): string[] {
  const out: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  parse(xml, {
    open(name) {
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = current !== null;
    },
    text(t) {
      if (inText) current?.push(t);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current) {
        out.push(decodeOoxmlText(current.join('')));
        current = null;
      }
    },
  });
  return out;
}

/**
 * Which cell styles (`s` of a cell, an index into cellXfs) format a date, by exceljs's rule: a custom format's code,
 * or the built-in one, holding y, m, d, h, s or b outside quotes and brackets. Style 0 never counts (exceljs skips it).
 */
function readDateStyles(parts: ZipParts, path: string): (style: number) => boolean {
  const xml = parts.get(path);
  if (!xml) return () => false;
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  parseElements(xml.toString('utf8'), ['numFmts', 'cellXfs'], {
    open(name, a) {
      if (name === 'numFmt') custom.set(parseInt(a.numFmtId ?? '', 10), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(parseInt(a.numFmtId ?? '', 10));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  parts.release(path);
  const memo = new Map<number, boolean>();
  return (style) => {
    let isDate = memo.get(style);
    if (isDate === undefined) {
      const id = xfFormats[style];
      isDate = style > 0 && id !== undefined && id > 0 && isDateFormat(custom.get(id) || BUILT_IN_DATE_FORMATS[id]);
      memo.set(style, isDate);
    }
    return isDate;
  };
}

/** The built-in formats (ECMA-376 §18.8.30) that are dates or times; the others never are. */
const BUILT_IN_DATE_FORMATS: Readonly<Record<number, string>> = {
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};

function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

// --- one sheet ---

interface CellState {
  row: number;
  col: number;
  keep: boolean;
  t: string;
  style: number;
  v: string | undefined;
  f: string | undefined;
  fType: string | undefined;
  fRef: string | undefined;
  fSi: string | undefined;
  inline: string | undefined;
}

/** Row × this + column: one number per cell (columns stop at 16,384). */
const KEY = 1 << 15;
const MAX_COL = 16_384;
const MAX_ROW = 1_048_576;

function readSheet(parts: ZipParts, entry: SheetEntry, bounds: SheetBounds, shared: SharedContext): BookSheet {
  return plainFirst((stream) => readSheetWith(stream, parts, entry, bounds, shared));
}

type XmlStream = typeof xmlStream;

/**
 * Reads with the plain-XML reader first (`plainXmlStream`, `scanPlainXml`) and, when the part is not plain XML
 * (`NotPlainXml`), from scratch with saxes (`xmlStream`, `parseXmlWithSaxes`): the same handlers, the same result, or the
 * same error.
 */
function plainFirst<T>(read: (stream: XmlStream, parse: typeof parseXml) => T): T {
  try {
    return read(plainXmlStream, scanPlain);
  } catch (error) {
    if (!(error instanceof NotPlainXml)) throw error;
  }
  return read(xmlStream, parseXmlWithSaxes);
}

const scanPlain = (bytes: Uint8Array | string, h: XmlHandlers, o: { stop?: () => boolean; open?: boolean } = {}): void => {
  if (typeof bytes === 'string') throw new NotPlainXml();
  scanPlainXml(bytes, h, o);
};

function readSheetWith(stream: XmlStream, parts: ZipParts, entry: SheetEntry, bounds: SheetBounds, shared: SharedContext): BookSheet {
  const cells = new Map<number, CellValue>();
  const masters = new Map<string, { formula: string; row: number; col: number }>();
  const merges: Range[] = [];
  const links: { ref: string; rid: string }[] = [];
  let row = 0;
  let col = 0;
  let mode: 'v' | 'f' | 't' | null = null;
  let phonetic = 0;
  let inCell = false;
  let beyond = false;
  const c: CellState = { row: 0, col: 0, keep: false, t: 'n', style: 0, v: undefined, f: undefined, fType: undefined, fRef: undefined, fSi: undefined, inline: undefined };

  const handlers = {
    open(name: string, a: Readonly<Record<string, string>>) {
      switch (name) {
        case 'row': {
          const r = a.r === undefined ? NaN : parseInt(a.r, 10);
          row = Number.isInteger(r) && r > 0 ? r : row + 1;
          col = 0;
          if (row > bounds.maxRow) beyond = true;
          return;
        }
        case 'c': {
          const at = a.r === undefined ? null : parseRef(a.r);
          if (at) {
            c.row = at.row;
            c.col = at.col;
          } else {
            c.row = row;
            c.col = col + 1;
          }
          col = c.col;
          c.keep = c.row <= bounds.maxRow && c.col <= bounds.maxCol;
          c.t = a.t ?? 'n';
          c.style = a.s ? parseInt(a.s, 10) || 0 : 0;
          c.v = c.f = c.fType = c.fRef = c.fSi = c.inline = undefined;
          inCell = true;
          return;
        }
        case 'v':
          if (inCell) {
            mode = 'v';
            c.v ??= '';
          }
          return;
        case 'f':
          if (inCell) {
            mode = 'f';
            c.f ??= '';
            c.fType = a.t;
            c.fRef = a.ref;
            c.fSi = a.si;
          }
          return;
        case 'is':
          if (inCell) c.inline ??= '';
          return;
        case 'rPh':
          phonetic++;
          return;
        case 't':
          if (inCell && c.inline !== undefined && phonetic === 0) mode = 't';
          return;
        case 'mergeCell': {
          const range = a.ref === undefined ? null : parseRange(a.ref);
          if (range && (range.bottom > range.top || range.right > range.left) && range.top <= bounds.maxRow && range.left <= bounds.maxCol) merges.push(range);
          return;
        }
        case 'hyperlink': {
          const rid = prefixedAttr(a, 'id');
          if (rid !== undefined && a.ref !== undefined) links.push({ ref: a.ref, rid });
          return;
        }
        default:
          return;
      }
    },
    text(t: string) {
      if (mode === 'v') c.v += t;
      else if (mode === 'f') c.f += t;
      else if (mode === 't') c.inline += t;
    },
    close(name: string) {
      switch (name) {
        case 'v':
        case 'f':
        case 't':
          mode = null;
          return;
        case 'rPh':
          phonetic--;
          return;
        case 'c':
          inCell = false;
          mode = null;
          finishCell();
          return;
        default:
          return;
      }
    },
  };

  function finishCell(): void {
    const isFormula = (c.f !== undefined && c.f !== '') || c.fType !== undefined;
    let formula = c.f ?? '';
    if (isFormula && c.fType === 'shared' && c.fSi !== undefined) {
      if (c.fRef !== undefined) masters.set(c.fSi, { formula, row: c.row, col: c.col });
      else if (formula === '') {
        const m = masters.get(c.fSi);
        formula = m ? slideFormula(m.formula, m, c) : '';
      }
    }
    if (!c.keep) return;
    const value = isFormula ? formulaValue(c, formula, shared) : plainValue(c, shared);
    const key = c.row * KEY + c.col;
    if (value === null) cells.delete(key);
    else cells.set(key, value);
  }

  // The part arrives in pieces (ZipParts.chunks: a big one is never held whole). The rows are parsed up to </sheetData>
  // and no further than the last row wanted; the rows past it are only scanned for </sheetData>, not parsed, not kept;
  // of what follows (page setup, protection, validations…), only the merges and the hyperlinks are parsed.
  const sax = stream(handlers);
  let state: 'rows' | 'skipping' | 'tail' = 'rows';
  let carry: Buffer = Buffer.alloc(0);
  const tail: Buffer[] = [];
  const found = parts.chunks(entry.path, (piece) => {
    if (state === 'tail') {
      tail.push(Buffer.from(piece));
      return;
    }
    const chunk = Buffer.from(piece.buffer, piece.byteOffset, piece.length);
    // The end tag split between the previous piece and this one, else within this one.
    const joint = carry.length > 0 ? sheetDataEnd(Buffer.concat([carry, chunk.subarray(0, CARRY)])) - carry.length : -1;
    const cut = joint > 0 ? joint : sheetDataEnd(chunk);
    if (cut < 0) {
      if (state === 'rows' && !sax.write(chunk, () => beyond)) state = 'skipping';
      carry = Buffer.from(chunk.subarray(Math.max(0, chunk.length - CARRY)));
      return;
    }
    if (state === 'rows') sax.write(chunk.subarray(0, cut), () => beyond);
    tail.push(Buffer.from(chunk.subarray(cut)));
    state = 'tail';
  });
  if (!found) throw new Error(`no part ${entry.path}`);
  if (state === 'rows') sax.close(); // no </sheetData> (an empty `<sheetData/>`): the whole part was parsed, and checked
  else if (state === 'skipping') throw new Error(`no </sheetData> in ${entry.path}`);
  else {
    inCell = false;
    mode = null;
    parseElements(Buffer.concat(tail).toString('utf8'), ['mergeCells', 'hyperlinks'], handlers);
  }
  if (links.length > 0) applyHyperlinks(parts, entry.path, links, cells);
  return finishSheet(entry, cells, merges);
}

const SHEET_DATA_END = Buffer.from('sheetData>');
/** Bytes of one piece kept for the next, so that a `</x:sheetData>` split between two pieces is found. */
const CARRY = 64;

/** Where the first `</sheetData>` (or `</x:sheetData>`) in `bytes` ends (the index after its `>`); -1 when there is none. */
function sheetDataEnd(bytes: Buffer): number {
  for (let at = bytes.indexOf(SHEET_DATA_END); at >= 0; at = bytes.indexOf(SHEET_DATA_END, at + 1)) {
    const lt = bytes.lastIndexOf(0x3c, at);
    if (lt >= 0 && at - lt <= CARRY / 2 && bytes[lt + 1] === 0x2f && /^[\w.-]*:?$/.test(bytes.toString('latin1', lt + 2, at))) return at + SHEET_DATA_END.length;
  }
  return -1;
}

/** An empty value: null (the cell is left out). */
function plainValue(c: CellState, shared: SharedContext): CellValue | null {
  if (c.t === 'inlineStr') return c.inline ? text(decodeOoxmlText(c.inline)) : c.v ? text(c.v) : null;
  const v = c.v ?? c.inline;
  if (v === undefined || v === '') return null;
  switch (c.t) {
    case 's': {
      const s = /^\s*\d+\s*$/.test(v) ? shared.sharedString(Number(v)) : undefined;
      return s === undefined ? REF_ERROR : text(s);
    }
    case 'd':
      return isoDateOf(v);
    default:
      return storedValue(c, v, shared);
  }
}

function formulaValue(c: CellState, formula: string, shared: SharedContext): CellValue | null {
  const v = c.v;
  // A cached empty string (`=IF(…;"";…)`) is a result: the cell shows nothing.
  if (v === undefined || (v === '' && c.t !== 'str')) return { kind: 'formula-no-result', formula };
  // A formula's cached `t="d"` stays a number or text as before: no test pins what a cached ISO date should become.
  return storedValue(c, v, shared);
}

/** What a plain cell and a formula's cached result share: a string, a boolean, an error, or else a number or date. */
function storedValue(c: CellState, v: string, shared: SharedContext): CellValue | null {
  switch (c.t) {
    case 'str':
      return text(xmlDecode(v));
    case 'b':
      return boolOf(v);
    case 'e':
      return { kind: 'error', value: v };
    default:
      return numberOrDate(v, c.style, shared);
  }
}

const REF_ERROR: CellValue = { kind: 'error', value: '#REF!' };
const VALUE_ERROR: CellValue = { kind: 'error', value: '#VALUE!' };
const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const DAY_MS = 86_400_000;
const EXCEL_EPOCH_SERIAL = 25569;
const DAYS_1900_TO_1904 = 1462;

const badValue = (v: string): CellValue => ({ kind: 'bad-value', raw: xmlDecode(v).trim().slice(0, 100) });

const text = (s: string): CellValue | null => (s === '' ? null : { kind: 'text', value: s });

function boolOf(v: string): CellValue {
  const s = v.trim();
  if (s === '1' || s === 'true') return { kind: 'bool', value: true };
  if (s === '0' || s === 'false') return { kind: 'bool', value: false };
  return VALUE_ERROR;
}

/** A stored number, or the date it stands for when its style is a date format. Not a number: `bad-value` at the cell. */
function numberOrDate(v: string, style: number, shared: SharedContext): CellValue | null {
  // Not a number, or one no double holds (1e309): what the cell stores, reported at the cell (issue 13), never an
  // error value (#VALUE!, #NUM!) that nobody typed.
  if (!NUMBER.test(v)) return badValue(v);
  const n = Number(v);
  if (!Number.isFinite(n)) return badValue(v);
  if (style === 0 || !shared.isDateStyle(style)) return { kind: 'number', value: n };
  // As exceljs: the serial (shifted for the 1904 system) to UTC midnight, rounded to the millisecond, read in UTC.
  const d = new Date(Math.round((n - EXCEL_EPOCH_SERIAL + (shared.date1904 ? DAYS_1900_TO_1904 : 0)) * DAY_MS));
  if (Number.isNaN(d.getTime())) return null;
  return { kind: 'date', value: isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) };
}

/** `t="d"`: an ISO 8601 date (and time); the day is what counts. */
function isoDateOf(v: string): CellValue {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?\s*$/.exec(v);
  if (!m) return badValue(v);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return badValue(v);
  return { kind: 'date', value: isoDate(y, mo, d) };
}

/** exceljs decodes entities in `t="str"` values a second time (utils.xmlDecode); kept for identical text. */
function xmlDecode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([a-z]*);/g, (m) => XML_ENTITIES[m] ?? m);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' };

// --- addresses, ranges, shared formulas ---

interface Range {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) return null;
  const col = lettersToColumn(m[1] ?? '');
  const row = Number(m[2]);
  return col >= 1 && col <= MAX_COL && row >= 1 && row <= MAX_ROW ? { row, col } : null;
}

function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function parseRange(ref: string): Range | null {
  const [from = '', to = from] = ref.split(':');
  const a = parseRef(from);
  const b = parseRef(to);
  if (!a || !b) return null;
  return { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
}

/**
 * A shared formula's text at a follower cell: the master's formula with its relative references moved by the
 * offset (exceljs's slideFormula, so the text quoted for an uncalculated formula stays the same).
 */
function slideFormula(formula: string, from: { row: number; col: number }, to: { row: number; col: number }): string {
  return formula.replace(/(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi, (match: string, sheet: string | undefined, _s: unknown, addr: string, paren: string | undefined) => {
    if (paren) return match;
    const m = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i.exec(addr);
    if (!m) return match;
    const [, colDollar = '', colText = '', rowDollar = '', rowText = ''] = m;
    const letters = colText.toUpperCase();
    if (letters.length > 3 || (letters.length === 3 && letters > 'XFD')) return match;
    const col = lettersToColumn(letters) + (colDollar ? 0 : to.col - from.col);
    const row = Number(rowText) + (rowDollar ? 0 : to.row - from.row);
    return `${sheet ?? ''}${colDollar}${columnLetters(col)}${rowDollar}${row}`;
  });
}

function columnLetters(col: number): string {
  return cellAddress(1, col).slice(0, -1);
}

// --- finishing a sheet ---

/**
 * A hyperlinked cell is its text (exceljs: `{ text, hyperlink }`): text and numbers as text; a date, a
 * boolean or an error as a link's text is nothing.
 */
function applyHyperlinks(parts: ZipParts, sheetPath: string, links: readonly { ref: string; rid: string }[], cells: Map<number, CellValue>): void {
  const slash = sheetPath.lastIndexOf('/');
  const dir = sheetPath.slice(0, slash);
  let rels: Map<string, Rel>;
  try {
    rels = readRels(parts, `${dir}/_rels/${sheetPath.slice(slash + 1)}.rels`, dir);
  } catch {
    return;
  }
  for (const link of links) {
    const at = parseRef(link.ref);
    if (!at || !rels.has(link.rid)) continue;
    const key = at.row * KEY + at.col;
    const value = cells.get(key);
    if (!value) continue;
    const asText = value.kind === 'text' ? value : value.kind === 'number' ? { kind: 'text' as const, value: String(value.value) } : null;
    if (asText) cells.set(key, asText);
    else cells.delete(key);
  }
}

function finishSheet(entry: SheetEntry, cells: Map<number, CellValue>, merges: readonly Range[]): BookSheet {
  // A merge keeps only its top-left cell: whatever the file stores under the others is not shown (exceljs drops it).
  for (const m of merges) {
    const area = (m.bottom - m.top + 1) * (m.right - m.left + 1);
    if (area <= cells.size) {
      for (let r = m.top; r <= m.bottom; r++) {
        for (let k = m.left; k <= m.right; k++) if (r !== m.top || k !== m.left) cells.delete(r * KEY + k);
      }
    } else {
      for (const key of cells.keys()) {
        const r = Math.floor(key / KEY);
        const k = key % KEY;
        if (r >= m.top && r <= m.bottom && k >= m.left && k <= m.right && (r !== m.top || k !== m.left)) cells.delete(key);
      }
    }
  }
  const out = new Map<string, CellValue>();
  let maxRow = 0;
  let maxCol = 0;
  for (const [key, value] of [...cells].sort((a, b) => a[0] - b[0])) {
    const r = Math.floor(key / KEY);
    const k = key % KEY;
    out.set(cellAddress(r, k), value);
    maxRow = Math.max(maxRow, r);
    maxCol = Math.max(maxCol, k);
  }
  const ranges = merges.map((m) => `${cellAddress(m.top, m.left)}:${cellAddress(m.bottom, m.right)}`);
  return { name: entry.name, state: entry.state, cells: out, maxRow, maxCol, merges: [...new Set(ranges)].sort() };
}

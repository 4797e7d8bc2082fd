import { zipSync, type Zippable } from 'fflate';
import { extractEntry, readZipDirectory, type ZipEntry } from '../common/zip-directory.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';
import { cellAddress, type CellValue } from './book.ts';

/**
 * A look at every worksheet's XML before a spreadsheet library builds objects from it (issue 13): memory must be
 * bounded by what the form needs, not by what the sheet declares, and a stored value must be read as what it is.
 *
 * - A merged range reaching past the form's bounds (`H1:XFD1048576`, a whole column) is clipped to them: exceljs
 *   makes an object for every cell of a merge. A warning names the range.
 * - Styled empty cells and empty rows (a million of them cost a gigabyte) are dropped when there are many: they
 *   hold nothing the tool reads.
 * - A value beyond the bounds is an error at its cell on a sheet the form reads (a list cut short would silently
 *   shrink a total); on any other sheet it is dropped with a warning.
 * - A stored number that is not one (`<v>1,5</v>`, `12abc`, `0x1F`, `1e309`, `NaN`: exceljs would parseFloat them)
 *   and an ISO date stored as `t="d"` come back as overrides: what the cell really holds, by sheet name and address.
 * - Comment relationships are dropped (the tool never reads comments, and exceljs fails on openpyxl's absolute
 *   comment targets), and so are other parts' references to them.
 *
 * Pure over the zip bytes; independent of the reader that comes after it (exceljs today, a streaming reader
 * later may reuse or drop it). The zip was already checked by the sniffer (size limit, every entry inflates).
 */

export interface SheetBounds {
  /** Highest row and column (1-based) that a form sheet may use. */
  readonly maxRow: number;
  readonly maxCol: number;
}

export interface GuardOptions {
  /** Path shown in issues. */
  readonly file: string;
  readonly bounds: SheetBounds;
  /** Names of the sheets the form reads (BaoCao, DanhSach, CoSo): content past the bounds there is an error. */
  readonly formSheets: readonly string[];
  /** Each part inflates to at most this (the sniffer's limit). */
  readonly maxPartBytes: number;
}

export type GuardResult =
  | {
      readonly ok: true;
      /** The bytes to hand to the spreadsheet library: the input itself when nothing had to change. */
      readonly bytes: Buffer;
      /** What a cell really holds where the library would misread it, by sheet name, then A1 address. */
      readonly overrides: ReadonlyMap<string, ReadonlyMap<string, CellValue>>;
      /** Warnings about what was clipped or dropped. */
      readonly notes: readonly Issue[];
    }
  | { readonly ok: false; readonly issue: Issue };

/** Below this many empty cells and rows a sheet is handed over as it is (rewriting costs a re-zip). */
export const EMPTY_CELLS_TOLERATED = 5000;
/** exceljs loads merges in O(n²) (libraries.md §1.2); a form has a few dozen. */
export const MAX_MERGES = 1000;

export function guardSheets(bytes: Buffer, o: GuardOptions): GuardResult {
  const dir = readZipDirectory(bytes);
  if (!dir.ok) return { ok: true, bytes, overrides: new Map(), notes: [] };
  const byName = new Map(dir.entries.map((e) => [e.name, e]));
  const text = (name: string): string | null => {
    const e = byName.get(name);
    return e ? (extractEntry(bytes, e, Math.max(1, o.maxPartBytes))?.toString('utf8') ?? null) : null;
  };
  const sheets = sheetParts(text('xl/workbook.xml') ?? '', text('xl/_rels/workbook.xml.rels') ?? '');
  const formSheets = new Set(o.formSheets.map((s) => s.toLowerCase()));
  const replaced = new Map<string, string>();
  const overrides = new Map<string, Map<string, CellValue>>();
  const notes: Issue[] = [];
  for (const { name, part } of sheets) {
    const xml = text(part);
    if (xml === null) continue;
    const scanned = scanSheet(xml, { ...o, sheet: name, strict: formSheets.has(name.trim().toLowerCase()) });
    if (scanned.error) return { ok: false, issue: scanned.error };
    if (scanned.xml !== null) replaced.set(part, scanned.xml);
    if (scanned.overrides.size > 0) overrides.set(name, scanned.overrides);
    notes.push(...scanned.notes);
  }
  for (const e of dir.entries) {
    if (!/^xl\/worksheets\/_rels\/[^/]+\.rels$/.test(e.name)) continue;
    const rels = text(e.name);
    if (rels === null) continue;
    const kept = rels.replace(COMMENT_REL, '');
    if (kept !== rels) replaced.set(e.name, kept);
  }
  if (replaced.size === 0) return { ok: true, bytes, overrides, notes };
  return { ok: true, bytes: rezip(bytes, dir.entries, replaced, o.maxPartBytes), overrides, notes };
}

// --- internal ---

const COMMENT_REL = /<(?:\w+:)?Relationship\b[^>]*\bType\s*=\s*["'][^"']*\/(?:comments|vmlDrawing)["'][^>]*?(?:\/>|>\s*<\/(?:\w+:)?Relationship>)/g;

interface SheetPart {
  readonly name: string;
  readonly part: string;
}

/** The worksheets listed in workbook.xml, with their part names through the workbook's relationships. */
function sheetParts(workbookXml: string, relsXml: string): SheetPart[] {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = attr(m[1] ?? '', 'Id');
    const target = attr(m[1] ?? '', 'Target');
    if (id !== null && target !== null) targets.set(id, partName(target));
  }
  const out: SheetPart[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    const name = attr(attrs, 'name');
    const rid = /(?:^|\s)[A-Za-z][\w.-]*:id\s*=\s*(["'])(.*?)\1/.exec(attrs)?.[2];
    const part = rid === undefined ? undefined : targets.get(decodeXml(rid));
    if (name !== null && part !== undefined) out.push({ name, part });
  }
  return out;
}

/** A relationship target of the workbook part → the zip entry name (`worksheets/sheet1.xml`, `/xl/worksheets/sheet1.xml`). */
function partName(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

const ATTR_RES = new Map<string, RegExp>();

function attr(attrs: string, name: string): string | null {
  let re = ATTR_RES.get(name);
  if (!re) ATTR_RES.set(name, (re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(["'])(.*?)\\1`, 's')));
  const m = re.exec(attrs);
  if (!m) return null;
  const value = m[2] ?? '';
  return value.includes('&') ? decodeXml(value) : value;
}

function decodeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[named] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

interface ScanOptions extends GuardOptions {
  readonly sheet: string;
  /** A sheet the form reads. */
  readonly strict: boolean;
}

interface Scanned {
  /** The rewritten XML, or null when it stays as it is. */
  readonly xml: string | null;
  readonly overrides: Map<string, CellValue>;
  readonly notes: Issue[];
  readonly error: Issue | null;
}

const ROW_RE = /<((?:\w+:)?)row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1row>)/g;
const CELL_RE = /<((?:\w+:)?)c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1c>)/g;
const V_RE = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/;
const HAS_FORMULA = /<(?:\w+:)?f\b/;
const HAS_INLINE = /<(?:\w+:)?is\b/;
/** What Excel stores as a number: an optional sign, digits with an optional point, an optional exponent. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function scanSheet(xml: string, o: ScanOptions): Scanned {
  const overrides = new Map<string, CellValue>();
  const notes: Issue[] = [];
  const at = (cell?: string) => ({ file: o.file, sheet: o.sheet, ...(cell ? { cell } : {}) });
  const { maxRow, maxCol } = o.bounds;
  let empty = 0;
  let dropped: string | null = null;
  let error: Issue | null = null;
  let rowNumber = 0;
  const rows: string[] = [];
  const data = /<((?:\w+:)?)sheetData\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1sheetData>)/.exec(xml);
  const body = data?.[2] ?? '';
  for (const row of body.matchAll(ROW_RE)) {
    const rowAttrs = row[2] ?? '';
    const r = attr(rowAttrs, 'r');
    rowNumber = r !== null && /^\d+$/.test(r) ? Number(r) : rowNumber + 1;
    let col = 0;
    const kept: string[] = [];
    for (const c of (row[3] ?? '').matchAll(CELL_RE)) {
      const attrs = c[2] ?? '';
      const inner = c[3] ?? '';
      const ref = attr(attrs, 'r');
      const pos = ref === null ? null : parseRef(ref);
      col = pos ? pos.col : col + 1;
      const cellRow = pos ? pos.row : rowNumber;
      const v = V_RE.exec(inner)?.[1];
      const formula = HAS_FORMULA.test(inner);
      const hasContent = (v !== undefined && v !== '') || formula || HAS_INLINE.test(inner);
      if (!hasContent) {
        empty++;
        continue;
      }
      const address = cellAddress(cellRow, col);
      if (cellRow > maxRow || col > maxCol) {
        if (o.strict) {
          error ??= issue('sheet.out-of-bounds', at(address), { sheet: o.sheet, maxRow, maxCol: cellAddress(1, maxCol).replace(/\d+$/, '') });
        } else dropped ??= address;
        continue;
      }
      kept.push(c[0]);
      if (v === undefined) continue;
      const t = attr(attrs, 't') ?? 'n';
      if (t === 'n') {
        const raw = decodeXml(v).trim();
        if (!NUMBER.test(raw) || !Number.isFinite(Number(raw))) overrides.set(address, { kind: 'bad-value', raw });
      } else if (t === 'd') {
        overrides.set(address, isoDay(decodeXml(v).trim()));
      }
    }
    if (error) break;
    if (kept.length === 0) {
      empty++;
      continue;
    }
    rows.push(`<${row[1] ?? ''}row${rowAttrs}>${kept.join('')}</${row[1] ?? ''}row>`);
  }
  if (error) return { xml: null, overrides, notes, error };
  if (dropped) notes.push(issue('sheet.extra-data-ignored', at(dropped), { sheet: o.sheet }));

  const merges = clipMerges(xml, o.bounds);
  if (merges.clipped) notes.push(issue('sheet.merge-clipped', at(merges.clipped), { range: merges.clippedRange, sheet: o.sheet }));
  const rewriteData = data !== null && (empty > EMPTY_CELLS_TOLERATED || dropped !== null);
  if (!rewriteData && merges.xml === null) return { xml: null, overrides, notes, error: null };
  let out = merges.xml ?? xml;
  if (rewriteData && data) {
    const p = data[1] ?? '';
    // The merges' rewrite never touches sheetData, so the match is still there, at the same text.
    out = out.replace(data[0], () => `<${p}sheetData>${rows.join('')}</${p}sheetData>`);
  }
  return { xml: out, overrides, notes, error: null };
}

function isoDay(text: string): CellValue {
  const m = ISO_DATE.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const back = new Date(Date.UTC(2000, mo - 1, d));
    if (y >= 1900 && mo >= 1 && mo <= 12 && back.getUTCMonth() === mo - 1) return { kind: 'date', value: `${m[1]}-${m[2]}-${m[3]}` };
  }
  return { kind: 'bad-value', raw: text };
}

function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of (m[1] ?? '').toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** A range `A1:B2`, a cell `A1`, a whole column `A:A` or a whole row `3:3` → its corners. */
function parseRange(ref: string): { r1: number; c1: number; r2: number; c2: number } | null {
  const [a = '', b = a] = ref.trim().split(':');
  const corner = (s: string, end: boolean) => {
    const cell = parseRef(s);
    if (cell) return cell;
    if (/^\$?[A-Za-z]{1,3}$/.test(s)) return { row: end ? 1_048_576 : 1, col: parseRef(`${s.replace('$', '')}1`)?.col ?? 0 };
    if (/^\$?\d{1,7}$/.test(s)) return { row: Number(s.replace('$', '')), col: end ? 16_384 : 1 };
    return null;
  };
  const p = corner(a, false);
  const q = corner(b, true);
  if (!p || !q) return null;
  return { r1: Math.min(p.row, q.row), c1: Math.min(p.col, q.col), r2: Math.max(p.row, q.row), c2: Math.max(p.col, q.col) };
}

const MERGE_RE = /<(?:\w+:)?mergeCell\b([^>]*?)(?:\/>|>\s*<\/(?:\w+:)?mergeCell>)/g;
const MERGES_BLOCK_RE = /<((?:\w+:)?)mergeCells\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1mergeCells>)/;

/** Clips merged ranges to the bounds (dropping those outside or left as one cell) and keeps at most MAX_MERGES. */
function clipMerges(xml: string, bounds: SheetBounds): { xml: string | null; clipped: string | null; clippedRange: string } {
  const block = MERGES_BLOCK_RE.exec(xml);
  if (!block) return { xml: null, clipped: null, clippedRange: '' };
  const kept: string[] = [];
  let clipped: string | null = null;
  let clippedRange = '';
  let changed = false;
  for (const m of (block[2] ?? '').matchAll(MERGE_RE)) {
    const ref = attr(m[1] ?? '', 'ref') ?? '';
    const r = parseRange(ref);
    if (!r) {
      changed = true;
      continue;
    }
    const over = r.r2 > bounds.maxRow || r.c2 > bounds.maxCol;
    const tooMany = kept.length >= MAX_MERGES;
    if (over || tooMany) {
      changed = true;
      if (clipped === null) {
        clipped = cellAddress(r.r1, r.c1);
        clippedRange = ref;
      }
      if (tooMany || r.r1 > bounds.maxRow || r.c1 > bounds.maxCol) continue;
    }
    const r2 = Math.min(r.r2, bounds.maxRow);
    const c2 = Math.min(r.c2, bounds.maxCol);
    if (r2 === r.r1 && c2 === r.c1) continue;
    kept.push(`${cellAddress(r.r1, r.c1)}:${cellAddress(r2, c2)}`);
  }
  if (!changed) return { xml: null, clipped: null, clippedRange: '' };
  const p = block[1] ?? '';
  const replacement = kept.length === 0 ? '' : `<${p}mergeCells count="${kept.length}">${kept.map((k) => `<${p}mergeCell ref="${k}"/>`).join('')}</${p}mergeCells>`;
  return { xml: xml.replace(block[0], () => replacement), clipped, clippedRange };
}

/** The same zip with some parts replaced (stored uncompressed: it only lives until the library has read it). */
function rezip(bytes: Buffer, entries: readonly ZipEntry[], replaced: ReadonlyMap<string, string>, maxPartBytes: number): Buffer {
  const files: Zippable = {};
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const text = replaced.get(e.name);
    const data = text !== undefined ? Buffer.from(text, 'utf8') : extractEntry(bytes, e, Math.max(1, maxPartBytes));
    if (data) files[e.name] = [new Uint8Array(data.buffer, data.byteOffset, data.length), { level: 0 }];
  }
  return Buffer.from(zipSync(files));
}

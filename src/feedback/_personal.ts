import type { Cell, Workbook, Worksheet } from 'exceljs';
import type { ListColumn, ListDef } from '../domain/form-schema.ts';
import { LIST_HEADER_ROW } from '../domain/form-layout.ts';
import { foldUnitName } from '../domain/units.ts';

/** A personal list whose sensitive content was removed from the annotated copy. */
export interface RemovedList {
  readonly sheet: string;
  /** The sensitive headers of the definition, e.g. `Họ và tên`. */
  readonly headers: readonly string[];
}

/** The note put in each blanked column's header cell. */
export const PERSONAL_NOTE =
  'Nội dung cột này đã được xóa khỏi bản sao có chú thích để bảo vệ dữ liệu cá nhân (Luật Bảo vệ dữ liệu cá nhân). ' +
  'Nếu có lỗi ở cột này, sửa trong tệp gốc của đơn vị rồi gửi lại tệp gốc.';
/** The note on a cell of a kept column whose content was removed because it is not what the column holds. */
export const MISPLACED_NOTE =
  'Nội dung ô này đã được xóa khỏi bản sao có chú thích: ô ghi nội dung không đúng loại của cột, có thể là dữ liệu cá nhân ' +
  '(họ tên, năm sinh, nơi cư trú) gõ nhầm cột. Kiểm tra và sửa ô này trong tệp gốc.';

/**
 * Removes the sensitive content of every personal list sheet from the workbook (security.md: names appear in one
 * output only). Conservative, because a clerk may move, add or rename columns, or type a name in the wrong column:
 * - row 1 keeps only cells that are one of the list's headers (with the header row deleted, row 1 holds a person);
 * - from row 2, a column is kept only when its row-1 header is one of the NON-sensitive headers, and in a kept
 *   column a cell is kept only when its content is of the column's kind (a date, an amount, one of the choices, a
 *   ward, known or not, a decision number): a name typed into `Giới tính` goes too, a wrong ward stays;
 * - any text elsewhere in the workbook that contains a removed text (a list pasted into another sheet) goes too.
 * Header cells of emptied columns and kept-column cells that were emptied get a note saying why.
 */
export function removePersonalData(wb: Workbook, lists: readonly ListDef[], wardNames: readonly string[]): RemovedList[] {
  const wards = new Set(wardNames.map(foldUnitName));
  const harmless = new Set(lists.flatMap((l) => l.columns.flatMap((c) => [c.header, ...(c.choices ?? [])])).map(fold));
  const removedTexts = new Set<string>();
  const removed: RemovedList[] = [];
  const listSheets = new Set<Worksheet>();
  for (const list of lists) {
    if (!list.personal) continue;
    const ws = wb.worksheets.find((s) => fold(s.name) === fold(list.sheet));
    if (!ws) continue;
    listSheets.add(ws);
    blankSheet(ws, list, { wards, harmless, removedTexts });
    removed.push({ sheet: ws.name, headers: list.columns.filter((c) => c.sensitive).map((c) => c.header) });
  }
  scrubElsewhere(wb, listSheets, removedTexts);
  return removed;
}

// --- internal ---

/** A text that says it is a ward (or a commune, a township): "Phường Hàng Bông", "P. Hàng Bông", "UBND phường …". */
const WARD_WORD = /^(ubnd |uy ban nhan dan )?((phuong|xa|thi tran)\s|p\.)/;

interface ScrubContext {
  readonly wards: ReadonlySet<string>;
  /** Folded texts that are never personal (headers, choices): not searched for elsewhere. */
  readonly harmless: ReadonlySet<string>;
  /** Texts removed so far (at least 5 characters, not a ward or a header), to find their copies elsewhere. */
  readonly removedTexts: Set<string>;
}

function blankSheet(ws: Worksheet, list: ListDef, ctx: ScrubContext): void {
  const byHeader = new Map(list.columns.map((c) => [fold(c.header), c]));
  const headerRow = ws.getRow(LIST_HEADER_ROW);
  const kept = new Map<number, ListColumn>();
  headerRow.eachCell({ includeEmpty: false }, (cell) => {
    const column = byHeader.get(fold(textOf(cell)));
    if (!column) blank(cell, ctx, null);
    else if (!column.sensitive) kept.set(Number(cell.col), column);
  });
  const emptiedColumns = new Set<number>();
  ws.eachRow({ includeEmpty: false }, (row) => {
    if (Number(row.number) <= LIST_HEADER_ROW) return;
    row.eachCell({ includeEmpty: false }, (cell) => {
      const column = kept.get(Number(cell.col));
      if (column && fits(cell, column, ctx.wards)) return;
      if (isEmpty(cell)) return;
      if (column) blank(cell, ctx, MISPLACED_NOTE);
      else {
        emptiedColumns.add(Number(cell.col));
        blank(cell, ctx, null);
      }
    });
  });
  // The definition's sensitive columns always carry the note, and so does any other column that was emptied.
  list.columns.forEach((c, i) => {
    if (c.sensitive) emptiedColumns.add(i + 1);
  });
  for (const col of emptiedColumns) headerRow.getCell(col).note = PERSONAL_NOTE;
}

/** Whether a cell of a kept column holds what that column holds; anything else may be a misplaced name. */
function fits(cell: Cell, column: ListColumn, wards: ReadonlySet<string>): boolean {
  const v = shownValue(cell);
  switch (v.kind) {
    case 'empty':
    case 'error': // nothing personal, and the clerk must see it
      return true;
    case 'date':
      return column.type === 'date';
    case 'number':
      return ['integer', 'money', 'year', 'date'].includes(column.type) || (column.type === 'ward' && /^\d{1,5}$/.test(String(v.value)));
    case 'text':
      return textFits(v.value.normalize('NFC').trim(), column, wards);
  }
}

function textFits(s: string, column: ListColumn, wards: ReadonlySet<string>): boolean {
  switch (column.type) {
    case 'integer':
    case 'money':
    case 'year':
      return /^[\d\s.,]+$/.test(s);
    case 'date':
      return /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$|^\d{4}-\d{1,2}-\d{1,2}$/.test(s);
    case 'choice':
      return (column.choices ?? []).some((c) => fold(c) === fold(s));
    case 'ward':
      // A wrong ward is an error the unit must see, not personal data: any text naming a ward (of this district or
      // another) stays; a text that names no ward (a person's name typed there) goes.
      return /^\d{1,5}$/.test(s) || wards.has(foldUnitName(s)) || WARD_WORD.test(fold(s));
    case 'text':
      // The one free-text column kept is `Số quyết định` (35/QĐ-XPVPHC): digits, letters, / and -; no comma, short.
      return /\d/.test(s) && /[/-]/.test(s) && /^[\p{L}\d/.\-– ]{1,40}$/u.test(s);
  }
}

type Shown = { kind: 'empty' } | { kind: 'error' } | { kind: 'date' } | { kind: 'number'; value: number } | { kind: 'text'; value: string };

/** What the cell shows: a formula's cached result, rich text and hyperlinks as their text; a boolean as text. */
function shownValue(cell: Cell): Shown {
  const v: unknown = cell.value;
  const isFormula = typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
  const shown: unknown = isFormula ? cell.result : v;
  if (shown === null || shown === undefined || shown === '') return { kind: 'empty' };
  if (shown instanceof Date) return { kind: 'date' };
  if (typeof shown === 'number') return { kind: 'number', value: shown };
  if (typeof shown === 'object' && 'error' in shown) return { kind: 'error' };
  return { kind: 'text', value: typeof shown === 'string' ? shown : textOf(cell) };
}

function textOf(cell: Cell): string {
  const v: unknown = cell.value;
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v && typeof v.result === 'string') return v.result;
  }
  return v === null || v === undefined ? '' : String(cell.text);
}

const isEmpty = (cell: Cell): boolean => cell.value === null || cell.value === undefined || (typeof cell.value === 'string' && cell.value.trim() === '');

function blank(cell: Cell, ctx: ScrubContext, note: string | null): void {
  const text = textOf(cell).normalize('NFC').trim();
  // A ward name or a choice in the wrong column is removed here, but its copies elsewhere (the ward lists) stay.
  if (text.length >= 5 && !ctx.harmless.has(fold(text)) && !ctx.wards.has(foldUnitName(text))) ctx.removedTexts.add(text);
  const hadNote = cell.note !== undefined;
  cell.value = null;
  if (note !== null) cell.note = note;
  else if (hadNote) cell.note = PERSONAL_NOTE;
}

/** Text cells of the other sheets that contain a removed text: a name copied next to the form is as sensitive. */
function scrubElsewhere(wb: Workbook, listSheets: ReadonlySet<Worksheet>, removedTexts: ReadonlySet<string>): void {
  if (removedTexts.size === 0) return;
  const needles = [...removedTexts].map(fold);
  for (const ws of wb.worksheets) {
    if (listSheets.has(ws)) continue;
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const text = fold(textOf(cell));
        if (text.length >= 5 && needles.some((n) => text.includes(n))) {
          cell.value = null;
          cell.note = MISPLACED_NOTE;
        }
      });
    });
  }
}

/** Header comparison as lenient as the reader's: case, diacritics (NFC/NFD), spaces. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

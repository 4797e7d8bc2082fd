import type { Cell, Workbook, Worksheet } from 'exceljs';
import type { ListDef } from '../forms/form-schema.ts';
import { LIST_HEADER_ROW } from '../forms/layout.ts';

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

/**
 * Blanks the sensitive content of every personal list sheet in the workbook (security.md: names appear in one output
 * only). Conservative, because a clerk may have moved, added or renamed columns: from row 2 on, a column is kept
 * only when its row-1 header is one of the list's NON-sensitive headers; in row 1 a cell is kept only when it is
 * one of the list's headers (with the header row deleted, row 1 holds a person). Notes on blanked cells are
 * replaced too. Returns the lists it touched.
 */
export function removePersonalData(wb: Workbook, lists: readonly ListDef[]): RemovedList[] {
  const removed: RemovedList[] = [];
  for (const list of lists) {
    if (!list.personal) continue;
    const ws = wb.worksheets.find((s) => fold(s.name) === fold(list.sheet));
    if (!ws) continue;
    blankSheet(ws, list);
    removed.push({ sheet: ws.name, headers: list.columns.filter((c) => c.sensitive).map((c) => c.header) });
  }
  return removed;
}

// --- internal ---

function blankSheet(ws: Worksheet, list: ListDef): void {
  const allHeaders = new Set(list.columns.map((c) => fold(c.header)));
  const keptHeaders = new Set(list.columns.filter((c) => !c.sensitive).map((c) => fold(c.header)));
  const headerRow = ws.getRow(LIST_HEADER_ROW);
  const kept = new Set<number>();
  headerRow.eachCell({ includeEmpty: false }, (cell) => {
    const text = fold(textOf(cell));
    if (!allHeaders.has(text)) blank(cell);
    else if (keptHeaders.has(text)) kept.add(Number(cell.col));
  });
  const blankedColumns = new Set<number>();
  ws.eachRow({ includeEmpty: false }, (row) => {
    if (Number(row.number) <= LIST_HEADER_ROW) return;
    row.eachCell({ includeEmpty: false }, (cell) => {
      const col = Number(cell.col);
      if (kept.has(col)) return;
      if (cell.value !== null && cell.value !== undefined) blankedColumns.add(col);
      blank(cell);
    });
  });
  // The definition's sensitive columns always carry the note, and so does any other column that was emptied.
  list.columns.forEach((c, i) => {
    if (c.sensitive) blankedColumns.add(i + 1);
  });
  for (const col of blankedColumns) headerRow.getCell(col).note = PERSONAL_NOTE;
}

function blank(cell: Cell): void {
  cell.value = null;
  if (cell.note !== undefined) cell.note = PERSONAL_NOTE;
}

function textOf(cell: Cell): string {
  const v = cell.value;
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return v === null || v === undefined ? '' : String(cell.text);
}

/** Header comparison as lenient as the reader's: case, diacritics (NFC/NFD), spaces. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

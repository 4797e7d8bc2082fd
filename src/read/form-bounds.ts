import { COL, META_SHEET, STAMP_CELL } from '../domain/form-layout.ts';
import type { SheetBounds } from './_xlsx-book.ts';

/**
 * What the form parser (parse/) looks at, as sheets and extents for the cell reader: the report sheet's columns
 * A–G down to REPORT_MAX_ROW, the stamp cell of the very hidden DanhMuc sheet, and each list sheet's defined
 * columns (every row: a list's length is itself checked against `limits.maxListRows`). Cells beyond these are
 * never read, so a sheet that declares a million styled rows or a merge over the whole grid costs nothing.
 */
export interface FormShape {
  readonly sheet: string;
  readonly lists: readonly { readonly sheet: string; readonly columns: readonly unknown[] }[];
}

/**
 * The report sheet's last row read. The forms hold about 60 rows and rows are found by their code, not their
 * number, so a clerk may insert rows; a table that reaches past this is not one of our forms.
 */
export const REPORT_MAX_ROW = 10_000;
/** Excel's last row: list sheets are read to their end. */
const LAST_ROW = 1_048_576;

export function formSheetBounds(forms: Iterable<FormShape>): SheetBounds[] {
  const stamp = /^([A-Z]+)(\d+)$/.exec(STAMP_CELL);
  const bounds: SheetBounds[] = [{ name: META_SHEET, maxRow: Number(stamp?.[2] ?? 1), maxCol: (stamp?.[1] ?? 'A').charCodeAt(0) - 64 }];
  const reportCols = Math.max(...Object.values(COL).map(Number));
  for (const form of forms) {
    bounds.push({ name: form.sheet, maxRow: REPORT_MAX_ROW, maxCol: reportCols });
    for (const list of form.lists) bounds.push({ name: list.sheet, maxRow: LAST_ROW, maxCol: list.columns.length });
  }
  return bounds;
}

/**
 * A workbook as the rest of the tool sees it: no exceljs types past this point (the read edge
 * normalises every library value into `CellValue`).
 */

export type CellValue =
  | { readonly kind: 'empty' }
  | { readonly kind: 'number'; readonly value: number }
  /** Text as typed (rich text joined, hyperlink text); not trimmed. */
  | { readonly kind: 'text'; readonly value: string }
  /** A date cell, as an ISO day, already corrected for the 1904 date system. */
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  /** An error value (`#REF!`, `#DIV/0!`…), typed or as a formula's cached result. */
  | { readonly kind: 'error'; readonly value: string }
  /** A formula whose writer stored no result: its value is unknown until Excel or LibreOffice saves it. */
  | { readonly kind: 'formula-no-result'; readonly formula: string }
  /** A value stored as a number that is not one (`1,5`, `12abc`, `0x1F`, `1e309`) or a `t="d"` date that is not a date: never guessed. */
  | { readonly kind: 'bad-value'; readonly raw: string };

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface BookSheet {
  readonly name: string;
  readonly state: SheetState;
  /** Cells by A1 address. Empty cells are absent; the slave cells of a merge are absent (the master holds the value). */
  readonly cells: ReadonlyMap<string, CellValue>;
  /** Highest row and column that hold anything (1-based). */
  readonly maxRow: number;
  readonly maxCol: number;
  /** Merged ranges, e.g. `B40:G40`. */
  readonly merges: readonly string[];
}

export interface Book {
  readonly sheets: readonly BookSheet[];
  /** The workbook used the 1904 date system (already applied to date cells). */
  readonly date1904: boolean;
}

const EMPTY: CellValue = { kind: 'empty' };

/** Column number (1-based) to letters: 1 → A, 27 → AA. */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export const cellAddress = (row: number, col: number): string => `${columnLetter(col)}${row}`;

export const cellAt = (sheet: BookSheet, row: number, col: number): CellValue => sheet.cells.get(cellAddress(row, col)) ?? EMPTY;

export const findSheet = (book: Book, name: string): BookSheet | undefined =>
  book.sheets.find((s) => s.name === name) ?? book.sheets.find((s) => s.name.trim().toLowerCase() === name.toLowerCase());

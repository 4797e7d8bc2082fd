import { stripXmlForbidden } from './safe-text.ts';
import type { AddWorksheetOptions, Alignment, Borders, CellValue, Fill, Font, Style } from 'exceljs';
import { formatNumberVi } from './vi-format.ts';

/**
 * The look shared by every sheet we write (the Excel report, written by report/xlsx/_writer.ts; the feedback copies'
 * error sheet and the outreach list, written by exceljs): fonts, fills, number formats, borders, page setup. Each cell gets a fresh top-level style object (exceljs's per-property setters
 * mutate a shared style in place, so they are never used here).
 */

/** Excel shows the locale's separators: `1.200.000` and `62,5%` in a Vietnamese Excel. */
export const NUM_FMT = { count: '#,##0', money: '#,##0', percent: '0.0"%"', date: 'dd/mm/yyyy', yesno: '"Có";"-";"Không"', wards: '#,##0" phường"' } as const;

export const GREY = 'FFD9D9D9';
const HEADER_FILL = 'FFDCE6F1';
const SECTION_FILL = 'FFF2F2F2';
export const FONT_NAME = 'Times New Roman';

export type Tone = 'header' | 'section' | 'plain' | 'total';

export interface CellOptions {
  readonly tone?: Tone;
  readonly numFmt?: string;
  readonly wrap?: boolean;
  readonly align?: Alignment['horizontal'];
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** ARGB fill and font colour, e.g. a status colour or the grey of a unit without data. */
  readonly fill?: string;
  readonly color?: string;
  readonly border?: boolean;
}

/**
 * Writes one cell. Strings are always written as plain string values, never parsed: a ward's text or a file
 * name beginning with `=`, `+`, `-` or `@` stays text (security.md). Formulas are only ever built by the
 * callers from cell addresses, through `formula()`.
 */
export function put(ws: CellSheet, row: number, col: number, value: CellValue, options: CellOptions = {}): void {
  const cell = ws.getCell(row, col);
  // The last guard (issue 13): no string past Excel's 32,767 characters a cell, none with a character XML forbids.
  cell.value = typeof value === 'string' ? excelCellText(value) : value;
  cell.style = sharedStyle(options);
}

/** What `put` needs of a sheet: an exceljs worksheet, or one of the Excel report's writer (report/xlsx/_writer.ts). */
export interface CellSheet {
  getCell(row: number, col: number): StyledCell;
}

/** A cell as `put` writes it: an exceljs cell, or one of the Excel report's writer. */
export interface StyledCell {
  value: CellValue;
  style: Partial<Style>;
}

/**
 * One style object for all the cells written with the same options (exceljs keeps the object it is given, as it
 * does for merged cells): a ward sheet of a large city has tens of thousands of cells, and a style each cost
 * memory that grew with the number of wards (issue 18). Nothing of ours changes a cell's style in place.
 */
const styles = new Map<string, Partial<Style>>();
function sharedStyle(o: CellOptions): Partial<Style> {
  const key = `${o.tone}|${o.numFmt}|${o.wrap}|${o.align}|${o.bold}|${o.italic}|${o.fill}|${o.color}|${o.border}`;
  let style = styles.get(key);
  if (style === undefined) {
    style = styleOf(o);
    styles.set(key, style);
  }
  return style;
}

/** Excel refuses a cell holding more than this many characters. */
export const EXCEL_CELL_MAX = 32_767;

/** Text a cell of ours may hold: without what XML 1.0 forbids, cut (with "…") to Excel's limit, a surrogate pair never halved. */
export function excelCellText(text: string): string {
  const clean = stripXmlForbidden(text);
  if (clean.length <= EXCEL_CELL_MAX) return clean;
  const cut = /[\uD800-\uDBFF]/.test(clean[EXCEL_CELL_MAX - 2] ?? '') ? EXCEL_CELL_MAX - 2 : EXCEL_CELL_MAX - 1;
  return `${clean.slice(0, cut)}…`;
}

/** A live formula with its computed result stored (ECMA-376 formulas carry no leading '='). */
export const formula = (text: string, result: number | string): CellValue => ({ formula: text, result, date1904: false });

/** "A".."Z", "AA".. for a 1-based column number. */
export function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Row height (points) for wrapped texts in a column of `width` characters. Neither Excel nor LibreOffice fits
 * row heights to wrapped text on opening a file, so they are set here. Times New Roman 11 runs about 1.3
 * characters per width unit (a Calibri digit); erring low leaves some air rather than clipping a line.
 */
export const wrappedHeight = (texts: readonly string[], width: number, minLines = 1): number =>
  15 * Math.max(minLines, ...texts.map((t) => linesOf(t, width)));

export const linesOf = (text: string, width: number): number =>
  text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / (width * 1.3))), 0);

/** A column width (characters) at least `min` and wide enough for the largest number with its separators, so Excel never shows ####. */
export const numberWidth = (values: readonly (number | null | undefined)[], min: number): number =>
  Math.max(min, ...values.map((v) => (typeof v === 'number' ? formatNumberVi(v).length + 3 : 0)));

// --- internal ---

const THIN = { style: 'thin', color: { argb: 'FF808080' } } as const;
const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function styleOf(o: CellOptions): Partial<Style> {
  const tone = o.tone ?? 'plain';
  const font: Partial<Font> = { name: FONT_NAME, size: 11, bold: o.bold ?? (tone === 'header' || tone === 'section' || tone === 'total'), italic: o.italic ?? false };
  if (o.color) font.color = { argb: o.color };
  const fillArgb = o.fill ?? (tone === 'header' ? HEADER_FILL : tone === 'section' ? SECTION_FILL : undefined);
  const style: Partial<Style> = {
    font,
    alignment: { vertical: 'middle', horizontal: o.align ?? (tone === 'header' ? 'center' : undefined), wrapText: o.wrap ?? tone === 'header' },
  };
  if (o.border ?? true) style.border = BORDER;
  if (fillArgb) style.fill = solid(fillArgb);
  if (o.numFmt) style.numFmt = o.numFmt;
  return style;
}

const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } });

const HF_FONT = '&"Times New Roman,Regular"';

/** `&` starts a code in header/footer text; a literal one is written `&&`. */
export const escapeHf = (text: string): string => text.replace(/&/g, '&&');

/**
 * What every printed sheet of ours shares: A4 landscape, one page wide, centred, a header (left and right texts,
 * already escaped, may hold &B codes) and "Trang n/N" in the footer; with `headerRows`, those rows are repeated on
 * every page and frozen with `frozenColumns` (a sheet of charts has no table header to repeat).
 */
export function landscapeSheetOptions(o: { headerRows?: readonly [number, number]; frozenColumns?: number; leftHeader: string; rightHeader: string }) {
  const titles = o.headerRows;
  const frozen = o.frozenColumns ?? 0;
  const topLeft = titles ? `${columnName(frozen + 1)}${titles[1] + 1}` : '';
  return {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      ...(titles ? { printTitlesRow: `${titles[0]}:${titles[1]}` } : {}),
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${HF_FONT}${o.leftHeader}&R${HF_FONT}${o.rightHeader}`,
      oddFooter: `&C${HF_FONT}Trang &P/&N`,
    },
    ...(titles ? { views: [{ state: 'frozen' as const, xSplit: frozen, ySplit: titles[1], topLeftCell: topLeft, activeCell: topLeft }] } : {}),
  } satisfies Partial<AddWorksheetOptions>;
}

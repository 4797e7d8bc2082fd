import type { AddWorksheetOptions, Alignment, Borders, Cell, CellValue, Fill, Font, Style, Workbook, Worksheet } from 'exceljs';
import type { ReportModel } from '../aggregate/report-model.ts';
import type { TargetStatus } from '../aggregate/summary-schema.ts';
import type { AudienceConfig } from '../config/config-schema.ts';
import { formatDateVi, formatNumberVi } from '../format/vi-format.ts';
import { parsePeriodId } from '../periods/period.ts';

/**
 * The look shared by every sheet of the Excel report: fonts, fills, number formats, the three title rows,
 * frozen header, page setup. Each cell gets a fresh top-level style object (exceljs's per-property setters
 * mutate a shared style in place, so they are never used here).
 */

/** Excel shows the locale's separators: `1.200.000` and `62,5%` in a Vietnamese Excel. */
export const NUM_FMT = { count: '#,##0', money: '#,##0', percent: '0.0"%"', date: 'dd/mm/yyyy', yesno: '"Có";"-";"Không"', wards: '#,##0" phường"' } as const;

/** Colours by status word (fill, text): the legend on `Chi tieu` explains them. */
export const STATUS_COLOURS: Readonly<Record<TargetStatus, { fill: string; font: string }>> = {
  'Đạt': { fill: 'FFC6EFCE', font: 'FF006100' },
  'Đúng tiến độ': { fill: 'FFDDEBF7', font: 'FF1F4E79' },
  'Chậm tiến độ': { fill: 'FFFFEB9C', font: 'FF9C5700' },
  'Không đạt': { fill: 'FFFFC7CE', font: 'FF9C0006' },
  'Thiếu số liệu': { fill: 'FFD9D9D9', font: 'FF404040' },
};
export const GREY = 'FFD9D9D9';
const HEADER_FILL = 'FFDCE6F1';
const SECTION_FILL = 'FFF2F2F2';
const FONT_NAME = 'Times New Roman';

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
export function put(ws: Worksheet, row: number, col: number, value: CellValue, options: CellOptions = {}): Cell {
  const cell = ws.getCell(row, col);
  cell.value = value;
  cell.style = styleOf(options);
  return cell;
}

/** A live formula with its computed result stored (ECMA-376 formulas carry no leading '='). */
export const formula = (text: string, result: number | string): CellValue => ({ formula: text, result, date1904: false });

export interface SheetSetup {
  readonly name: string;
  /** Row 2: the sheet's title, without the period (added here, in capitals). */
  readonly title: string;
  /** Column widths in characters, A first. */
  readonly widths: readonly number[];
  /** The table's header rows (first, last): frozen and printed on every page. */
  readonly headerRows: readonly [number, number];
  /** Columns frozen at the left (0: none). */
  readonly frozenColumns?: number;
}

/** The first table row after the three title rows and a blank one. */
export const TABLE_TOP = 5;

/** Adds a sheet with the three title rows, widths, frozen header and A4-landscape page setup. */
export function addReportSheet(wb: Workbook, setup: SheetSetup, ctx: { model: ReportModel; audience: AudienceConfig }): Worksheet {
  const { model, audience } = ctx;
  const [first, last] = setup.headerRows;
  const x = setup.frozenColumns ?? 0;
  const ws = wb.addWorksheet(
    setup.name,
    landscapeSheetOptions({
      headerRows: [first, last],
      frozenColumns: x,
      leftHeader: escapeHf(audience.issuer),
      rightHeader: escapeHf(`Kỳ báo cáo: ${model.periodLabel}`),
    }),
  );
  setup.widths.forEach((w, i) => {
    // exceljs leaves out a width of exactly 9 (its own default), and Excel would then use 8.43.
    ws.getColumn(i + 1).width = w === 9 ? 9.05 : w;
  });
  const span = setup.widths.length;
  const { from, to } = model.summary.period;
  titleRow(ws, 1, audience.issuer, span, { bold: true, size: 11, align: 'left' });
  titleRow(ws, 2, `${setup.title} ${model.periodLabel.toUpperCase()}`.normalize('NFC'), span, { bold: true, size: 13, align: 'center' });
  titleRow(ws, 3, `Số liệu từ ngày ${formatDateVi(from)} đến ngày ${formatDateVi(to)}; lập ngày ${formatDateVi(model.reportDate)}`, span, { italic: true, size: 11, align: 'center' });
  ws.getRow(2).height = 21;
  return ws;
}

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

/** The months of a quarter, half year or year, as column headers ("Tháng 1"); none for a month. */
export const monthHeaders = (model: ReportModel): { id: string; label: string }[] =>
  (model.monthly?.months ?? []).map((id) => ({ id, label: `Tháng ${parsePeriodId(id)?.index ?? id}` }));

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

function titleRow(ws: Worksheet, row: number, text: string, span: number, o: { bold?: boolean; italic?: boolean; size: number; align: 'left' | 'center' }): void {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.style = {
    font: { name: FONT_NAME, size: o.size, bold: o.bold ?? false, italic: o.italic ?? false },
    alignment: { horizontal: o.align, vertical: 'middle' },
  };
  if (o.align === 'center' && span > 1) ws.mergeCells(row, 1, row, span);
}

const HF_FONT = '&"Times New Roman,Regular"';

/** `&` starts a code in header/footer text; a literal one is written `&&`. */
export const escapeHf = (text: string): string => text.replace(/&/g, '&&');

/**
 * What every printed sheet of ours shares: A4 landscape, one page wide, centred, the header rows repeated and
 * frozen, a header (left and right texts, already escaped, may hold &B codes) and "Trang n/N" in the footer.
 */
export function landscapeSheetOptions(o: { headerRows: readonly [number, number]; frozenColumns: number; leftHeader: string; rightHeader: string }) {
  const [first, last] = o.headerRows;
  const topLeft = `${columnName(o.frozenColumns + 1)}${last + 1}`;
  return {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${first}:${last}`,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${HF_FONT}${o.leftHeader}&R${HF_FONT}${o.rightHeader}`,
      oddFooter: `&C${HF_FONT}Trang &P/&N`,
    },
    views: [{ state: 'frozen', xSplit: o.frozenColumns, ySplit: last, topLeftCell: topLeft, activeCell: topLeft }],
  } satisfies Partial<AddWorksheetOptions>;
}

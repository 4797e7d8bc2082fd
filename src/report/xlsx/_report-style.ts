import type { ReportBook, ReportSheet } from './_writer.ts';
import type { ReportModel } from '../../aggregate/report-model.ts';
import type { TargetStatus } from '../../domain/summary-schema.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import { formatDateVi } from '../../common/vi-format.ts';
import { parsePeriodId } from '../../domain/period.ts';
import { escapeHf, FONT_NAME, landscapeSheetOptions } from '../../common/xlsx-style.ts';

/** What the Excel report's sheets share beyond common/xlsx-style.ts: the three title rows, status colours, month columns. */

/** Colours by status word (fill, text): the legend on `Chi tieu` explains them. */
export const STATUS_COLOURS: Readonly<Record<TargetStatus, { fill: string; font: string }>> = {
  'Đạt': { fill: 'FFC6EFCE', font: 'FF006100' },
  'Đúng tiến độ': { fill: 'FFDDEBF7', font: 'FF1F4E79' },
  'Chậm tiến độ': { fill: 'FFFFEB9C', font: 'FF9C5700' },
  'Không đạt': { fill: 'FFFFC7CE', font: 'FF9C0006' },
  'Thiếu số liệu': { fill: 'FFD9D9D9', font: 'FF404040' },
};

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
export function addReportSheet(wb: ReportBook, setup: SheetSetup, ctx: { model: ReportModel; audience: AudienceConfig }): ReportSheet {
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
    // A width of exactly 9 is left out of the file (exceljs's default, kept by _writer.ts), and Excel would then use 8.43.
    ws.getColumn(i + 1).width = w === 9 ? 9.05 : w;
  });
  // A wide table (a year's 14 wards, total and 12 months) shrunk to one page wide printed at 3–5 pt: it is split
  // over pages side by side instead, its frozen columns (code, label, unit) repeated on each, to print at ≥ 8 pt.
  // (A sheet without frozen label columns, a list of texts, stays one page wide: split, its columns would lose their rows.)
  const pages = x > 0 ? pagesWide(setup.widths, x) : 1;
  if (pages > 1) {
    ws.pageSetup.fitToWidth = pages;
    if (x > 0) ws.pageSetup.printTitlesColumn = `A:${String.fromCharCode(64 + x)}`;
  }
  const span = setup.widths.length;
  const { from, to } = model.summary.period;
  // Printed over several pages, a title centred on the whole width would be cut in two: it starts at the left instead.
  const align = pages > 1 ? 'left' : 'center';
  titleRow(ws, 1, audience.issuer, span, { bold: true, size: 11, align: 'left' });
  titleRow(ws, 2, sheetTitle(setup.title, model.periodLabel), span, { bold: true, size: 13, align });
  titleRow(ws, 3, `Số liệu từ ngày ${formatDateVi(from)} đến ngày ${formatDateVi(to)}; lập ngày ${formatDateVi(model.reportDate)}`, span, { italic: true, size: 11, align });
  ws.getRow(2).height = 21;
  return ws;
}

/**
 * A sheet's title with the period, in capitals, never saying the year twice: "KẾT QUẢ … KẾ HOẠCH NĂM 2021" for
 * the year 2021 stays as it is (not "… NĂM 2021 NĂM 2021"); for quarter II it becomes "KẾT QUẢ … KẾ HOẠCH QUÝ II NĂM 2021".
 */
export function sheetTitle(title: string, periodLabel: string): string {
  const label = periodLabel.normalize('NFC').toLocaleUpperCase('vi');
  const base = title.normalize('NFC').trim();
  const year = /\s+NĂM \d{4}$/u.exec(base);
  if (year && label.endsWith(year[0].trim())) return base === `${base.slice(0, year.index)} ${label}` ? base : `${base.slice(0, year.index)} ${label}`;
  return `${base} ${label}`;
}

/** The months of a quarter, half year or year, as column headers ("Tháng 1"); none for a month. */
export const monthHeaders = (model: ReportModel): { id: string; label: string }[] =>
  (model.monthly?.months ?? []).map((id) => ({ id, label: `Tháng ${parsePeriodId(id)?.index ?? id}` }));

/**
 * How many A4-landscape pages wide a sheet must print on so that its 11 pt text is printed at `MIN_PRINT_PT` or
 * more, the first `repeated` columns printed again on every page. Widths in Excel's units (a digit of the default
 * font: 7 px + 5 px of padding at 96 dpi).
 */
export function pagesWide(widths: readonly number[], repeated: number): number {
  const mmOf = (w: number): number => ((Math.trunc(w * 7) + 5) * 25.4) / 96;
  const total = widths.reduce((a, w) => a + mmOf(w), 0);
  const titles = widths.slice(0, repeated).reduce((a, w) => a + mmOf(w), 0);
  for (let pages = 1; pages < 10; pages++) {
    const scale = (pages * PRINTABLE_MM) / (total + (pages - 1) * titles);
    if (scale * CELL_PT >= MIN_PRINT_PT) return pages;
  }
  return 10;
}

// --- internal ---

/** A4 landscape (297 mm) less the sheets' side margins (0.5 in each). */
const PRINTABLE_MM = 297 - 25.4;
const CELL_PT = 11;
/** The smallest print size we accept, with a little room (spec: at least 8 pt). */
const MIN_PRINT_PT = 8.5;

function titleRow(ws: ReportSheet, row: number, text: string, span: number, o: { bold?: boolean; italic?: boolean; size: number; align: 'left' | 'center' }): void {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.style = {
    font: { name: FONT_NAME, size: o.size, bold: o.bold ?? false, italic: o.italic ?? false },
    alignment: { horizontal: o.align, vertical: 'middle' },
  };
  if (o.align === 'center' && span > 1) ws.mergeCells(row, 1, row, span);
}

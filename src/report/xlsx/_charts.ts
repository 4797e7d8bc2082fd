import type { CellValue } from 'exceljs';
import type { ReportBook, ReportSheet } from './_writer.ts';
import type { ReportModel } from '../../aggregate/report-model.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import { formatDateVi } from '../../common/vi-format.ts';
import type { ChartModel, ValueSource } from '../charts/chart-model.ts';
import { chartSpaceXml } from '../charts/drawingml.ts';
import type { PlacedChart } from '../charts/xlsx-charts.ts';
import { FORM_SHEETS } from './_forms.ts';
import { NUM_FMT, columnName, escapeHf, formula, landscapeSheetOptions, put } from '../../common/xlsx-style.ts';
import { TABLE_TOP } from './_report-style.ts';
import { TARGET_SHEET } from './_targets.ts';
import { WARD_SHEET } from './_wards.ts';

export const CHART_SHEET = 'Bieu do';

/** Rows a chart covers (15 pt each) and the columns it spans (A to G); its table starts in column I, beside it. */
const CHART_ROWS = 24;
const CHART_COLS = 7;
const TABLE_COL = 9;
const WIDTHS = [14, 14, 14, 14, 14, 14, 14, 3, 14, 14, 14, 14, 14];

/**
 * `Bieu do`: each chart with its data table beside it, one chart a page (A4 landscape, like every sheet). The tables are what the
 * native charts plot (their `c:f` point here); a number the report's other sheets also show is a formula to that
 * cell, with its value stored, so a clerk who corrects a month on `Cong an` or `Tong hop phuong` sees the chart
 * follow. Run after the other sheets: it looks their cells up by indicator code and month header.
 * Returns the charts to add to the zip (xlsx-charts.ts), anchored beside their tables.
 */
export function addChartSheet(wb: ReportBook, ctx: { model: ReportModel; audience: AudienceConfig }, charts: readonly ChartModel[]): PlacedChart[] {
  const { model, audience } = ctx;
  const ws = wb.addWorksheet(CHART_SHEET, landscapeSheetOptions({ leftHeader: escapeHf(audience.issuer), rightHeader: escapeHf(`Kỳ báo cáo: ${model.periodLabel}`) }));
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  title(ws, 1, audience.issuer, { bold: true, size: 11 });
  title(ws, 2, `BIỂU ĐỒ KẾT QUẢ CÔNG TÁC PHÒNG, CHỐNG TỆ NẠN MẠI DÂM ${model.periodLabel.toUpperCase()}`.normalize('NFC'), { bold: true, size: 13 });
  const { from, to } = model.summary.period;
  title(ws, 3, `Số liệu từ ngày ${formatDateVi(from)} đến ngày ${formatDateVi(to)}. Mỗi biểu đồ vẽ từ bảng số liệu bên cạnh: sửa số trong bảng (hoặc trong các sheet nguồn) thì biểu đồ đổi theo.`, { italic: true, size: 10 });

  const lookup = sourceLookup(wb);
  const placed: PlacedChart[] = [];
  let top = TABLE_TOP;
  charts.forEach((chart, k) => {
    const refs = writeTable(ws, chart, top, lookup);
    placed.push({ name: `Biểu đồ ${k + 1}`, xml: chartSpaceXml(chart, refs), from: { col: 0, row: top - 1 }, to: { col: CHART_COLS, row: top - 1 + CHART_ROWS } });
    const last = Math.max(top + CHART_ROWS, top + chart.categories.length + 1);
    if (k < charts.length - 1) ws.getRow(last).addPageBreak();
    top = last + 2;
  });
  return placed;
}

// --- internal ---

type Lookup = (source: ValueSource) => string | null;

function title(ws: ReportSheet, row: number, text: string, o: { bold?: boolean; italic?: boolean; size: number }): void {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.style = { font: { name: 'Times New Roman', size: o.size, bold: o.bold ?? false, italic: o.italic ?? false }, alignment: { horizontal: row === 1 ? 'left' : 'center', vertical: 'middle', wrapText: row === 3 } };
  if (row > 1) ws.mergeCells(row, 1, row, WIDTHS.length);
}

const quoteSheet = (name: string): string => `'${name.replace(/'/g, "''")}'`;
const absolute = (sheet: string, col: number, row: number): string => `${quoteSheet(sheet)}!$${columnName(col)}$${row}`;

/** The chart's data table: categories down column I, one column per series; returns the chart's references to it. */
function writeTable(ws: ReportSheet, chart: ChartModel, top: number, lookup: Lookup) {
  const n = chart.categories.length;
  const fmt = chart.format === 'percent' ? NUM_FMT.percent : NUM_FMT.count;
  const col = (j: number): number => TABLE_COL + 1 + j;
  put(ws, top, TABLE_COL, chart.categoryAxis, { tone: 'header' });
  chart.categories.forEach((c, i) => put(ws, top + 1 + i, TABLE_COL, c, { align: 'center' }));
  chart.series.forEach((s, j) => {
    const col = TABLE_COL + 1 + j;
    put(ws, top, col, s.name, { tone: 'header' });
    s.values.forEach((v, i) => {
      const row = top + 1 + i;
      put(ws, row, col, cellValue(s, i, v, top, row, lookup), { numFmt: fmt });
    });
  });
  const longest = Math.max(...chart.series.map((s) => s.name.length));
  ws.getRow(top).height = 15 * Math.max(2, Math.ceil(longest / 16));
  const last = top + n;
  const range = (c: number): string => `${quoteSheet(CHART_SHEET)}!$${columnName(c)}$${top + 1}:$${columnName(c)}$${last}`;
  return {
    categories: range(TABLE_COL),
    seriesNames: chart.series.map((_, j) => absolute(CHART_SHEET, col(j), top)),
    seriesValues: chart.series.map((_, j) => range(col(j))),
  };
}

function cellValue(s: ChartModel['series'][number], i: number, v: number | null, top: number, row: number, lookup: Lookup): CellValue {
  if (v === null) return null;
  if (s.runningTotalOf !== undefined) {
    const of = columnName(TABLE_COL + 1 + s.runningTotalOf);
    return formula(`SUM(${of}$${top + 1}:${of}${row})`, v);
  }
  const source = s.sources?.[i];
  const ref = source ? lookup(source) : null;
  return ref === null ? v : formula(ref, v);
}

/**
 * Finds where the report's other sheets show a number: a month's district total in the row of its indicator
 * code (column A) and the column headed `Tháng n`; a ward's ratio in the by-ward table of `Chi tieu`
 * (ward name in column B, ratio in C). Null when that cell is not there (a month report has no month columns).
 */
function sourceLookup(wb: ReportBook): Lookup {
  const monthCells = new Map<string, string>();
  for (const name of [WARD_SHEET, FORM_SHEETS['PCMD-02'], FORM_SHEETS['PCMD-03']]) {
    const ws = wb.getWorksheet(name);
    if (!ws) continue;
    const headers = new Map<string, number>();
    for (const r of [TABLE_TOP, TABLE_TOP + 1]) {
      ws.getRow(r).eachCell((cell, col) => {
        if (typeof cell.value === 'string' && /^Tháng \d+$/.test(cell.value)) headers.set(cell.value, col);
      });
    }
    if (headers.size === 0) continue;
    for (let r = TABLE_TOP + 1; r <= ws.rowCount; r++) {
      const code = ws.getCell(r, 1).value;
      if (typeof code !== 'string' || !/^[A-Z]{2}\d{2}$/.test(code)) continue;
      for (const [header, col] of headers) {
        const key = `${code}|${header}`;
        if (!monthCells.has(key)) monthCells.set(key, absolute(name, col, r));
      }
    }
  }
  const wardRows = new Map<string, number[]>();
  const targets = wb.getWorksheet(TARGET_SHEET);
  if (targets) {
    for (let r = TABLE_TOP + 1; r <= targets.rowCount; r++) {
      const name = targets.getCell(r, 2).value;
      if (typeof name === 'string' && typeof targets.getCell(r, 3).value === 'number') wardRows.set(name, [...(wardRows.get(name) ?? []), r]);
    }
  }
  return (source) => {
    if (source.kind === 'month-total') {
      const n = Number(source.month.slice(5));
      return monthCells.get(`${source.code}|Tháng ${n}`) ?? null;
    }
    const rows = wardRows.get(source.unitName) ?? [];
    return rows.length === 1 && rows[0] !== undefined ? absolute(TARGET_SHEET, 3, rows[0]) : null;
  };
}

import type { ReportBook } from './_writer.ts';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { type SummaryUnit, summaryUnitKey } from '../../domain/summary-schema.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import type { Indicator } from '../../domain/form-schema.ts';
import { indicatorsOf } from '../../load/load-forms.ts';
import { unitLabel } from '../unit-label.ts';
import { GREY, NUM_FMT, columnName, formula, numberWidth, put, wrappedHeight } from '../../common/xlsx-style.ts';
import { TABLE_TOP, addReportSheet, monthHeaders } from './_report-style.ts';

/**
 * `Tong hop phuong`: the PCMD-01 sections and indicators down; the wards (registry order), `Toàn quận`
 * and, for a quarter, half year or year, the district total by month across.
 * `Toàn quận` is a live formula over the ward columns with the summary's total stored as its result, so a
 * clerk who corrects a ward sees the total follow and a viewer that does not calculate shows the right number.
 */
export function addWardSheet(wb: ReportBook, ctx: { model: ReportModel; audience: AudienceConfig }): void {
  const { model } = ctx;
  const wards = model.units.filter((u) => u.kind === 'ward');
  const statusOf = new Map(model.summary.units.map((u) => [summaryUnitKey(u), u.status]));
  // Across the 2025 reorganisation a ward of part of the period shows its span, and a state indicator ('last':
  // a stock at the period's end, a yes/no) adds only the wards that still exist at the end (as summary.json does).
  const partial = wards.some((w) => w.partial);
  const months = monthHeaders(model);
  const firstWard = 4;
  const totalCol = firstWard + wards.length;
  const codes = indicatorsOf(model.forms['PCMD-01']).map((i) => i.code);
  const indicator = (code: string) => model.summary.indicators[code];
  const widths = [
    7,
    44,
    10,
    ...wards.map((w) => (w.partial ? 14 : numberWidth(codes.map((c) => indicator(c)?.byUnit[w.key]), 10))),
    numberWidth(codes.map((c) => indicator(c)?.total), 12),
    ...months.map((m) => numberWidth(codes.map((c) => model.monthly?.totals[m.id]?.[c]), 10)),
  ];
  const [top, sub] = [TABLE_TOP, TABLE_TOP + 1];
  const ws = addReportSheet(wb, { name: WARD_SHEET, title: 'TỔNG HỢP KẾT QUẢ CÔNG TÁC PHÒNG, CHỐNG TỆ NẠN MẠI DÂM CỦA CÁC PHƯỜNG', widths, headerRows: [top, sub], frozenColumns: 3 }, ctx);

  // Header: two rows; the second carries each ward's reporting status and the month names.
  ['Mã', 'Chỉ tiêu', 'Đơn vị tính'].forEach((text, i) => {
    put(ws, top, i + 1, text, { tone: 'header' });
    put(ws, sub, i + 1, null, { tone: 'header' });
    ws.mergeCells(top, i + 1, sub, i + 1);
  });
  wards.forEach((w, i) => {
    const gap = gapLabel(statusOf.get(w.key));
    put(ws, top, firstWard + i, unitLabel(w, { short: true }), { tone: 'header', ...(w.partial ? { wrap: true } : {}), ...(gap ? { fill: GREY } : {}) });
    put(ws, sub, firstWard + i, gap ?? '', { tone: 'header', bold: false, italic: true, ...(gap ? { fill: GREY, color: 'FF9C0006' } : {}) });
  });
  put(ws, top, totalCol, 'Toàn quận', { tone: 'header' });
  put(ws, sub, totalCol, null, { tone: 'header' });
  ws.mergeCells(top, totalCol, sub, totalCol);
  months.forEach((m, i) => {
    put(ws, top, totalCol + 1 + i, i === 0 ? 'Toàn quận theo tháng' : null, { tone: 'header' });
    put(ws, sub, totalCol + 1 + i, m.label, { tone: 'header' });
  });
  if (months.length > 1) ws.mergeCells(top, totalCol + 1, top, totalCol + months.length);
  ws.getRow(top).height = partial ? 58 : 32;
  ws.getRow(sub).height = 18;

  let row = sub + 1;
  const lastCol = totalCol + months.length;
  const range = (r: number): string => `${columnName(firstWard)}${r}:${columnName(totalCol - 1)}${r}`;
  const atEndRanges = (r: number): string[] => columnRuns(wards.map((w, i) => (w.atEnd ? firstWard + i : null))).map(([a, b]) => (a === b ? `${columnName(a)}${r}` : `${columnName(a)}${r}:${columnName(b)}${r}`));
  for (const section of model.forms['PCMD-01'].sections) {
    if (section.title !== null) {
      put(ws, row, 1, section.roman ?? '', { tone: 'section', align: 'center' });
      put(ws, row, 2, section.title, { tone: 'section' });
      for (let c = 3; c <= lastCol; c++) put(ws, row, c, null, { tone: 'section' });
      ws.mergeCells(row, 2, row, 3);
      row++;
    }
    for (const ind of section.indicators) {
      const entry = model.summary.indicators[ind.code];
      put(ws, row, 1, ind.code, { align: 'center' });
      put(ws, row, 2, ind.label, { wrap: true });
      put(ws, row, 3, ind.unit, { align: 'center', wrap: true });
      wards.forEach((w, i) => {
        const value = entry?.byUnit[w.key];
        const gap = gapLabel(statusOf.get(w.key)) !== null;
        // A missing or rejected ward has no value at all: an empty grey cell, never 0.
        put(ws, row, firstWard + i, gap || value === undefined ? null : value, { numFmt: valueFormat(ind), ...(ind.type === 'yesno' ? { align: 'center' } : {}), ...(gap ? { fill: GREY } : {}) });
      });
      const counted = ind.overTime === 'last' && partial ? atEndRanges(row) : [range(row)];
      put(ws, row, totalCol, totalFormula(ind, counted, entry?.total ?? null), { tone: 'total', numFmt: totalFormat(ind), fill: 'FFFFF2CC' });
      months.forEach((m, i) => {
        put(ws, row, totalCol + 1 + i, model.monthly?.totals[m.id]?.[ind.code] ?? null, { numFmt: totalFormat(ind) });
      });
      ws.getRow(row).height = wrappedHeight([ind.label], 44);
      row++;
    }
  }
  ws.getCell(row + 1, 2).value = 'Cột "Toàn quận" là công thức cộng các phường; ô xám: phường chưa báo cáo hoặc báo cáo bị trả lại (không tính vào tổng).';
  ws.getCell(row + 1, 2).style = { font: { name: 'Times New Roman', size: 10, italic: true } };
  if (partial) {
    ws.getCell(row + 2, 2).value =
      'Phường có ghi "đến …"/"từ …" chỉ hoạt động một phần kỳ (sắp xếp lại phường): số liệu các tháng của phường đó được cộng vào "Toàn quận"; riêng số liệu cuối kỳ (tồn tại cuối kỳ, kinh phí, có/không) chỉ cộng các phường còn hoạt động đến cuối kỳ.';
    ws.getCell(row + 2, 2).style = { font: { name: 'Times New Roman', size: 10, italic: true } };
  }

}

export const WARD_SHEET = 'Tong hop phuong';

/**
 * The formula of a `Toàn quận` cell over the ward range(s), with the summary's total as its stored result. Several
 * ranges when only some wards count (a state indicator across the 2025 reorganisation: the wards still existing).
 */
export function totalFormula(ind: Pick<Indicator, 'type'>, ranges: string | readonly string[], total: number | null): ReturnType<typeof formula> {
  const list = typeof ranges === 'string' ? [ranges] : ranges;
  if (list.length === 0) return formula('""', '');
  const range = list.join(',');
  const sum = ind.type === 'yesno' ? list.map((r) => `COUNTIF(${r},1)`).join('+') : `SUM(${range})`;
  // No ward gave a value: the total stays empty, as in summary.json, rather than a misleading 0.
  return total === null ? formula(`IF(COUNT(${range})=0,"",${sum})`, '') : formula(sum, total);
}

// --- internal ---



function gapLabel(status: SummaryUnit['status'] | undefined): string | null {
  if (status === 'missing' || status === undefined) return 'Chưa báo cáo';
  if (status === 'rejected') return 'Bị trả lại';
  return null;
}

const valueFormat = (ind: Indicator): string => (ind.type === 'yesno' ? NUM_FMT.yesno : NUM_FMT[ind.type]);
const totalFormat = (ind: Indicator): string => (ind.type === 'yesno' ? NUM_FMT.wards : NUM_FMT[ind.type]);

/** Consecutive column numbers as [first, last] runs; null breaks a run (D,E,F,_,H → [D,F], [H,H]). */
function columnRuns(cols: readonly (number | null)[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const c of cols) {
    const last = runs.at(-1);
    if (c === null) continue;
    if (last && last[1] === c - 1) last[1] = c;
    else runs.push([c, c]);
  }
  return runs;
}

import type { ReportBook, ReportSheet } from './_writer.ts';
import { unitLabel } from '../unit-label.ts';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { TARGET_STATUSES, type TargetStatus } from '../../domain/summary-schema.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import { capitalise } from '../../narrative/statements.ts';
import { STATUS_LEGEND, targetCells } from '../../narrative/target-wording.ts';
import { NUM_FMT, linesOf, put, wrappedHeight } from '../../common/xlsx-style.ts';
import { STATUS_COLOURS, TABLE_TOP, addReportSheet } from './_report-style.ts';

/**
 * `Chi tieu`: the plan's targets with the period's value, the year to date, the share of the target reached
 * and the status, coloured; a table by ward for targets judged ward by ward (CT8); the colour legend.
 * Values and percentages are numbers (percent in percent, as in summary.json: 62.5 shows as 62,5%).
 */
export function addTargetSheet(wb: ReportBook, ctx: { model: ReportModel; audience: AudienceConfig }): void {
  const { model } = ctx;
  const widths = [6, 50, 18, 10, 12, 12, 14, 15, 36];
  const ws = addReportSheet(wb, { name: TARGET_SHEET, title: `KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM ${model.plan.year}`, widths, headerRows: [TABLE_TOP, TABLE_TOP] }, ctx);
  const headers = ['Mã', 'Chỉ tiêu', 'Chỉ tiêu năm', 'Đơn vị tính', 'Kết quả trong kỳ', 'Lũy kế từ đầu năm', 'Tỷ lệ so với chỉ tiêu', 'Tình trạng', 'Ghi chú'];
  headers.forEach((h, i) => put(ws, TABLE_TOP, i + 1, h, { tone: 'header' }));
  ws.getRow(TABLE_TOP).height = 32;

  let row = TABLE_TOP + 1;
  for (const t of model.plan.targets) {
    const s = model.summary.targets[t.id];
    // Worded as the Word report words it (targetCells): "Từ 30 đến 50 cơ sở", and for a range "Trong khoảng", not "150%".
    const cells = targetCells(t, s);
    const valueFmt = 'ratio' in t.target ? NUM_FMT.percent : NUM_FMT.count;
    put(ws, row, 1, t.id, { align: 'center' });
    put(ws, row, 2, t.label, { wrap: true });
    put(ws, row, 3, cells.target, { align: 'center', wrap: true });
    put(ws, row, 4, t.unit, { align: 'center' });
    put(ws, row, 5, s?.period ?? null, { numFmt: valueFmt });
    put(ws, row, 6, s?.yearToDate ?? null, { numFmt: valueFmt });
    if (cells.progress.endsWith('%')) put(ws, row, 7, s?.percent ?? null, { numFmt: NUM_FMT.percent });
    else put(ws, row, 7, cells.progress, { align: 'center' });
    statusCell(ws, row, 8, s?.status ?? 'Thiếu số liệu');
    put(ws, row, 9, t.note ?? '', { wrap: true });
    ws.getRow(row).height = wrappedHeight([t.label], 52, t.note ? linesOf(t.note, 36) : 1);
    row++;
  }

  for (const t of model.plan.targets) {
    const byUnit = model.summary.targets[t.id]?.byUnit;
    if (!byUnit) continue;
    row += 1;
    put(ws, row, 2, `${t.id} theo phường: ${t.label}`, { border: false, bold: true, wrap: true });
    ws.mergeCells(row, 2, row, 9);
    ws.getRow(row).height = 30;
    row++;
    ['STT', 'Phường', 'Tỷ lệ (%)', 'Tình trạng'].forEach((h, i) => put(ws, row, i + 1, h, { tone: 'header' }));
    put(ws, row, 5, null, { tone: 'header' });
    ws.mergeCells(row, 4, row, 5);
    row++;
    const names = new Map(model.units.map((u) => [u.key, unitLabel(u)]));
    const codes = [...model.units.map((u) => u.key).filter((c) => c in byUnit), ...Object.keys(byUnit).filter((c) => !names.has(c))];
    codes.forEach((code, k) => {
      const entry = byUnit[code];
      put(ws, row, 1, k + 1, { align: 'center' });
      put(ws, row, 2, names.get(code) ?? code);
      put(ws, row, 3, entry?.ratio ?? null, { numFmt: NUM_FMT.percent });
      statusCell(ws, row, 4, entry?.status ?? 'Thiếu số liệu');
      put(ws, row, 5, null, {});
      ws.mergeCells(row, 4, row, 5);
      row++;
    });
  }

  row += 1;
  put(ws, row, 2, 'Chú giải tình trạng:', { border: false, bold: true });
  row++;
  for (const status of TARGET_STATUSES) {
    statusCell(ws, row, 2, status);
    put(ws, row, 3, `${capitalise(STATUS_LEGEND[status])}.`, { border: false, italic: true });
    row++;
  }
}

export const TARGET_SHEET = 'Chi tieu';

// --- internal ---

function statusCell(ws: ReportSheet, row: number, col: number, status: TargetStatus): void {
  const c = STATUS_COLOURS[status];
  put(ws, row, col, status, { align: 'center', bold: true, fill: c.fill, color: c.font });
}

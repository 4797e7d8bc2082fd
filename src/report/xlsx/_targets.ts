import type { Workbook, Worksheet } from 'exceljs';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { TARGET_STATUSES, type TargetStatus, type TargetValue } from '../../domain/summary-schema.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import { formatNumberVi } from '../../common/vi-format.ts';
import { NUM_FMT, linesOf, put, wrappedHeight } from '../../common/xlsx-style.ts';
import { STATUS_COLOURS, TABLE_TOP, addReportSheet } from './_report-style.ts';

/**
 * `Chi tieu`: the plan's targets with the period's value, the year to date, the share of the target reached
 * and the status, coloured; a table by ward for targets judged ward by ward (CT8); the colour legend.
 * Values and percentages are numbers (percent in percent, as in summary.json: 62.5 shows as 62,5%).
 */
export function addTargetSheet(wb: Workbook, ctx: { model: ReportModel; audience: AudienceConfig }): void {
  const { model } = ctx;
  const widths = [6, 52, 13, 10, 12, 12, 12, 15, 36];
  const ws = addReportSheet(wb, { name: TARGET_SHEET, title: `KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM ${model.plan.year}`, widths, headerRows: [TABLE_TOP, TABLE_TOP] }, ctx);
  const headers = ['Mã', 'Chỉ tiêu', 'Chỉ tiêu năm', 'Đơn vị tính', 'Kết quả trong kỳ', 'Lũy kế từ đầu năm', 'Tỷ lệ so với chỉ tiêu', 'Tình trạng', 'Ghi chú'];
  headers.forEach((h, i) => put(ws, TABLE_TOP, i + 1, h, { tone: 'header' }));
  ws.getRow(TABLE_TOP).height = 32;

  let row = TABLE_TOP + 1;
  for (const t of model.plan.targets) {
    const s = model.summary.targets[t.id];
    const valueFmt = 'ratio' in t.target ? NUM_FMT.percent : NUM_FMT.count;
    put(ws, row, 1, t.id, { align: 'center' });
    put(ws, row, 2, t.label, { wrap: true });
    put(ws, row, 3, formatTarget(t.target), { align: 'center' });
    put(ws, row, 4, t.unit, { align: 'center' });
    put(ws, row, 5, s?.period ?? null, { numFmt: valueFmt });
    put(ws, row, 6, s?.yearToDate ?? null, { numFmt: valueFmt });
    put(ws, row, 7, s?.percent ?? null, { numFmt: NUM_FMT.percent });
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
    const names = new Map(model.units.map((u) => [u.code, u.name]));
    const codes = [...model.units.map((u) => u.code).filter((c) => c in byUnit), ...Object.keys(byUnit).filter((c) => !names.has(c))];
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
    put(ws, row, 3, LEGEND[status], { border: false, italic: true });
    row++;
  }
}

export const TARGET_SHEET = 'Chi tieu';

/** A target the plan's way: "≥ 400", "30 – 50", "= 0", "≤ 5", "≥ 80%". */
export function formatTarget(target: TargetValue): string {
  if ('ratio' in target) return `≥ ${formatNumberVi(target.ratio * 100, 1)}%`;
  if ('min' in target && 'max' in target) return `${formatNumberVi(target.min)} – ${formatNumberVi(target.max)}`;
  if ('min' in target) return `≥ ${formatNumberVi(target.min)}`;
  return target.max <= 0 ? `= ${formatNumberVi(target.max)}` : `≤ ${formatNumberVi(target.max)}`;
}

// --- internal ---

/** What each status word means (plan-2021.md). */
const LEGEND: Readonly<Record<TargetStatus, string>> = {
  'Đạt': 'Đã đạt chỉ tiêu năm; chỉ tiêu "không để xảy ra" (như CT1) đang được giữ.',
  'Đúng tiến độ': 'Lũy kế đạt ít nhất tỷ lệ thời gian đã qua của năm.',
  'Chậm tiến độ': 'Lũy kế thấp hơn tỷ lệ thời gian đã qua của năm.',
  'Không đạt': 'Chỉ tiêu đã bị vi phạm hoặc vượt khoảng cho phép; hoặc đã hết năm mà chưa đạt.',
  'Thiếu số liệu': 'Có đơn vị cần cho chỉ tiêu chưa báo cáo hoặc báo cáo bị trả lại.',
};

function statusCell(ws: Worksheet, row: number, col: number, status: TargetStatus): void {
  const c = STATUS_COLOURS[status];
  put(ws, row, col, status, { align: 'center', bold: true, fill: c.fill, color: c.font });
}

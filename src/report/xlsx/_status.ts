import type { ReportBook } from './_writer.ts';
import { keyLabel, unitLabel } from '../unit-label.ts';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { type SummaryUnit, summaryUnitKey } from '../../domain/summary-schema.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import { NUM_FMT, put, wrappedHeight } from '../../common/xlsx-style.ts';
import { STATUS_COLOURS, TABLE_TOP, addReportSheet } from './_report-style.ts';

type Ctx = { model: ReportModel; audience: AudienceConfig };

/**
 * `Tinh hinh bao cao`: every expected unit, whether it reported, when, on time or late, accepted or rejected, and
 * (for the district's own copy) its error counts and the files used. The city's copy carries no file path and no
 * checking detail (spec/report-writing.md): its last three columns are left out.
 */
export function addStatusSheet(wb: ReportBook, ctx: Ctx & { internal: boolean }): void {
  const { model } = ctx;
  const widths = [5, 8, 30, 10, 18, 20, 12, 11, ...(ctx.internal ? [7, 9, 44] : [])];
  const ws = addReportSheet(wb, { name: STATUS_SHEET, title: 'TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ', widths, headerRows: [TABLE_TOP, TABLE_TOP] }, ctx);
  const headers = ['STT', 'Mã đơn vị', 'Đơn vị', 'Biểu mẫu', 'Tình trạng', 'Nguồn số liệu', 'Ngày báo cáo', 'Thời hạn', ...(ctx.internal ? ['Số lỗi', 'Số cảnh báo', 'Tệp đã dùng'] : [])];
  headers.forEach((h, i) => put(ws, TABLE_TOP, i + 1, h, { tone: 'header' }));
  ws.getRow(TABLE_TOP).height = 32;

  let row = TABLE_TOP + 1;
  model.summary.units.forEach((u, k) => {
    const issues = model.summary.issues.filter((i) => i.unit === summaryUnitKey(u));
    const name = keyLabel(model.units, summaryUnitKey(u), u.name);
    const look = UNIT_STATUS[u.status];
    put(ws, row, 1, k + 1, { align: 'center' });
    put(ws, row, 2, u.code, { align: 'center' });
    put(ws, row, 3, name);
    put(ws, row, 4, u.form, { align: 'center' });
    put(ws, row, 5, look.label, { align: 'center', bold: true, fill: look.colours.fill, color: look.colours.font });
    put(ws, row, 6, u.source === null ? '' : SOURCE[u.source]);
    put(ws, row, 7, u.signedOn === null ? null : new Date(`${u.signedOn}T00:00:00Z`), { numFmt: NUM_FMT.date, align: 'center' });
    const late = u.onTime === false;
    put(ws, row, 8, u.onTime === null ? '' : u.onTime ? 'Đúng hạn' : 'Muộn', { align: 'center', ...(late ? { fill: STATUS_COLOURS['Chậm tiến độ'].fill, color: STATUS_COLOURS['Chậm tiến độ'].font } : {}) });
    if (ctx.internal) {
      put(ws, row, 9, issues.filter((i) => i.severity === 'error').length, { align: 'center' });
      put(ws, row, 10, issues.filter((i) => i.severity === 'warning').length, { align: 'center' });
      put(ws, row, 11, u.files.join('\n'), { wrap: true });
    }
    ws.getRow(row).height = wrappedHeight([ctx.internal ? u.files.join('\n') : '', name], 44);
    row++;
  });
  const count = (s: SummaryUnit['status']): number => model.summary.units.filter((u) => u.status === s).length;
  const tally = `Đã tiếp nhận ${count('accepted')}/${model.summary.units.length} đơn vị; bị trả lại: ${count('rejected')}; chưa báo cáo: ${count('missing')}.`;
  put(ws, row + 1, 3, tally, { border: false, italic: true });
}

/** `Kiem tra`: every issue of the compile, with its unit, file, sheet and cell. */
export function addIssueSheet(wb: ReportBook, ctx: Ctx): void {
  const { model } = ctx;
  const widths = [5, 10, 24, 24, 36, 12, 7, 70];
  const ws = addReportSheet(wb, { name: ISSUE_SHEET, title: 'KẾT QUẢ KIỂM TRA SỐ LIỆU', widths, headerRows: [TABLE_TOP, TABLE_TOP] }, ctx);
  const headers = ['STT', 'Mức độ', 'Mã lỗi', 'Đơn vị', 'Tệp', 'Sheet', 'Ô', 'Nội dung'];
  headers.forEach((h, i) => put(ws, TABLE_TOP, i + 1, h, { tone: 'header' }));
  ws.getRow(TABLE_TOP).height = 20;

  const names = new Map(model.units.map((u) => [u.key, unitLabel(u)]));
  let row = TABLE_TOP + 1;
  if (model.summary.issues.length === 0) {
    put(ws, row, 1, 'Không có lỗi hoặc cảnh báo.', { italic: true });
    ws.mergeCells(row, 1, row, widths.length);
  }
  model.summary.issues.forEach((issue, k) => {
    const colours = STATUS_COLOURS[SEVERITY_TONE[issue.severity]];
    put(ws, row, 1, k + 1, { align: 'center' });
    put(ws, row, 2, SEVERITY_WORD[issue.severity], { align: 'center', bold: true, fill: colours.fill, color: colours.font });
    put(ws, row, 3, issue.code);
    put(ws, row, 4, issue.unit === undefined ? '' : (names.get(issue.unit) ?? issue.unit), { wrap: true });
    put(ws, row, 5, issue.file ?? '', { wrap: true });
    put(ws, row, 6, issue.sheet ?? '', { align: 'center' });
    put(ws, row, 7, issue.cell ?? '', { align: 'center' });
    put(ws, row, 8, issue.message, { wrap: true });
    ws.getRow(row).height = Math.max(wrappedHeight([issue.message], 70), wrappedHeight([issue.file ?? ''], 36));
    row++;
  });
}

const SEVERITY_WORD = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Ghi chú' } as const;
const SEVERITY_TONE = { error: 'Không đạt', warning: 'Chậm tiến độ', info: 'Đúng tiến độ' } as const;

export const STATUS_SHEET = 'Tinh hinh bao cao';
export const ISSUE_SHEET = 'Kiem tra';

/** How a unit's reporting status reads and looks. */
export const UNIT_STATUS = {
  accepted: { label: 'Đã tiếp nhận', colours: STATUS_COLOURS['Đạt'] },
  rejected: { label: 'Bị trả lại', colours: STATUS_COLOURS['Không đạt'] },
  missing: { label: 'Chưa báo cáo', colours: STATUS_COLOURS['Thiếu số liệu'] },
} as const satisfies Record<SummaryUnit['status'], { label: string; colours: { fill: string; font: string } }>;

// --- internal ---

const SOURCE = { period: 'Báo cáo của kỳ', monthly: 'Cộng các báo cáo tháng' } as const;

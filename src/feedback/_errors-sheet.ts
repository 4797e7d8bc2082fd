import type { Alignment, Borders, Cell, CellValue, Font, Workbook, Worksheet } from 'exceljs';
import { countBySeverity, type Issue } from '../domain/issue.ts';
import type { RemovedList } from './_personal.ts';
import { linesOf } from '../common/xlsx-style.ts';
import { ISSUE_MARK, type IssueMark } from './_marks.ts';

export const ERRORS_SHEET = 'Lỗi cần sửa';

export interface ErrorsSheetOptions {
  readonly title?: string | undefined;
  readonly removed: readonly RemovedList[];
}

/** Rows of the sheet: title, how to use it, the personal-data notice, the table header, then one issue a row. */
export const ERRORS_LAYOUT = { title: 1, howTo: 2, notice: 3, header: 4, first: 5 } as const;
/** The explanation first (what a ward official reads), then where, then how serious; the code last, small. */
export const ERRORS_COLUMNS = ['Nội dung và cách sửa', 'Ô', 'Sheet', 'Mức độ', 'Mã lỗi'] as const;

/**
 * Adds the `Lỗi cần sửa` sheet as the FIRST sheet and the active tab: every issue of the file, errors first, each
 * with a link to its cell (an internal hyperlink `'BaoCao'!E17`) where the cell exists in this workbook; file-level
 * issues (no sheet, or a sheet that is missing) are listed without a link. Header frozen, widths set, A4 landscape.
 */
export function addErrorsSheet(wb: Workbook, issues: readonly Issue[], opts: ErrorsSheetOptions): Worksheet {
  const ws = wb.addWorksheet(ERRORS_SHEET, {
    views: [{ state: 'frozen', ySplit: ERRORS_LAYOUT.header, activeCell: `A${ERRORS_LAYOUT.first}`, showGridLines: false }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${ERRORS_LAYOUT.header}:${ERRORS_LAYOUT.header}` },
  });
  makeFirstAndActive(wb, ws);
  ws.columns = WIDTHS.map((width) => ({ width }));

  const { errors, warnings } = countBySeverity(issues);
  putText(ws, ERRORS_LAYOUT.title, `Lỗi cần sửa${opts.title ? ` trong tệp ${opts.title}` : ''}`, { bold: true, size: 14 });
  putText(ws, ERRORS_LAYOUT.howTo, howToText(errors, warnings), { size: 11 });
  putText(ws, ERRORS_LAYOUT.notice, opts.removed.map(noticeText).join(' '), { italic: true, size: 11, color: { argb: 'FF9C0006' } });

  ERRORS_COLUMNS.forEach((h, i) => put(ws.getCell(ERRORS_LAYOUT.header, i + 1), h, { font: { bold: true }, fill: HEADER_FILL }));
  const ordered = [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity === 'warning')]; // never an info
  ordered.forEach((issue, n) => {
    const row = ERRORS_LAYOUT.first + n;
    const target = issue.sheet !== undefined ? wb.getWorksheet(issue.sheet) : undefined;
    const level = issue.severity === 'error' ? 'error' : 'warning';
    put(ws.getCell(row, 1), `${n + 1}. ${issue.message}`, { alignment: { wrapText: true, vertical: 'top' } });
    put(ws.getCell(row, 2), placeValue(issue, target), target ? { font: { color: { argb: 'FF0563C1' }, underline: true } } : {});
    put(ws.getCell(row, 3), issue.sheet ?? '(cả tệp)');
    // The level cell carries the same mark as the cells it lists: the legend, in colour and in grey print.
    put(ws.getCell(row, 4), level === 'error' ? 'Lỗi' : 'Cảnh báo', { mark: ISSUE_MARK[level], font: { bold: true } });
    put(ws.getCell(row, 5), issue.code, { font: { size: 8, color: { argb: 'FF7F7F7F' } } });
    ws.getRow(row).height = 15 * Math.max(1, linesOf(issue.message, WIDTHS[0] ?? 100)) + 2;
  });
  if (ordered.length === 0) putText(ws, ERRORS_LAYOUT.first, 'Không có lỗi.', { italic: true });
  ws.autoFilter = { from: { row: ERRORS_LAYOUT.header, column: 1 }, to: { row: ERRORS_LAYOUT.header + Math.max(ordered.length, 1), column: ERRORS_COLUMNS.length } };
  return ws;
}

/** A sheet reference as Excel writes it in a link: always quoted, a quote doubled. */
export const sheetRef = (sheet: string, cell: string): string => `'${sheet.replace(/'/g, "''")}'!${cell}`;

// --- internal ---

const WIDTHS = [100, 10, 14, 11, 24] as const;
const HEADER_FILL = 'FFDCE6F1';
const BORDER: Partial<Borders> = {
  top: { style: 'thin' },
  bottom: { style: 'thin' },
  left: { style: 'thin' },
  right: { style: 'thin' },
};

function howToText(errors: number, warnings: number): string {
  return (
    `${errors} lỗi (phải sửa: biểu chưa được tổng hợp cho đến khi sửa xong), ${warnings} cảnh báo (kiểm tra lại, sửa nếu sai). ` +
    'Bấm vào địa chỉ ở cột "Ô" để đến ô cần sửa: ô có lỗi được gạch chéo đỏ, viền đậm; ô có cảnh báo chấm cam, viền nét đứt (vẫn nhận ra khi in đen trắng); rê chuột lên ô để đọc ghi chú. ' +
    'Sửa trong tệp gốc của đơn vị rồi gửi lại tệp gốc, không gửi bản sao này.'
  );
}

function noticeText(r: RemovedList): string {
  return `Để bảo vệ dữ liệu cá nhân, nội dung các cột ${r.headers.join(', ')} của sheet ${r.sheet} đã được xóa khỏi bản sao này; các cột đó cần sửa trong tệp gốc.`;
}

/** The link cell: the address as text, and an internal hyperlink when the sheet exists in this workbook. */
function placeValue(issue: Issue, target: Worksheet | undefined): CellValue {
  const shown = issue.cell ?? (target ? '(cả sheet)' : '');
  if (!target) return shown;
  const cell = issue.cell ?? 'A1';
  return { text: shown, hyperlink: sheetRef(target.name, cell), tooltip: `Đến ô ${cell} của sheet ${target.name}` };
}

/** exceljs has no API to move a sheet: its order is `orderNo`, set on load from workbook.xml, not in its typings. */
function makeFirstAndActive(wb: Workbook, ws: Worksheet): void {
  const ordered = ws as unknown as { orderNo: number };
  ordered.orderNo = Math.min(...wb.worksheets.map((s) => (s as unknown as { orderNo: number }).orderNo)) - 1;
  // `tabSelected` is written by exceljs but missing from its typings. Only one selected tab: two would open as a group in Excel, and typing would then change both sheets.
  for (const other of wb.worksheets) {
    if (other === ws) continue;
    other.views = (other.views ?? []).map((v) => Object.assign({}, v, { tabSelected: false }));
  }
  ws.views = ws.views.map((v) => Object.assign({}, v, { tabSelected: true }));
  const view = wb.views[0];
  wb.views = [{ x: 0, y: 0, width: 28800, height: 17000, visibility: 'visible', ...view, firstSheet: 0, activeTab: 0 }];
}

interface PutOptions {
  readonly font?: Partial<Font>;
  readonly fill?: string;
  readonly mark?: IssueMark;
  readonly alignment?: Partial<Alignment>;
}

/** Strings are written as plain strings: a message starting with `=` never becomes a formula (security.md). */
function put(cell: Cell, value: CellValue, opts: PutOptions = {}): void {
  cell.value = value;
  cell.style = {
    font: { name: 'Times New Roman', size: 11, ...opts.font },
    border: BORDER,
    alignment: { vertical: 'top', ...opts.alignment },
    ...(opts.fill ? { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: opts.fill } } } : {}),
    ...(opts.mark ? { fill: { type: 'pattern', pattern: opts.mark.pattern, fgColor: { argb: opts.mark.fg }, bgColor: { argb: opts.mark.bg } } } : {}),
  };
}

function putText(ws: Worksheet, row: number, text: string, font: Partial<Font>): void {
  ws.mergeCells(row, 1, row, ERRORS_COLUMNS.length);
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.style = { font: { name: 'Times New Roman', ...font }, alignment: { wrapText: true, vertical: 'top' } };
  ws.getRow(row).height = text ? 15 * linesOf(text, 165) + 4 : 6;
}

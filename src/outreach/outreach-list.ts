import type { Worksheet } from 'exceljs';
import { formatDateVi, formatNumberVi } from '../common/vi-format.ts';
import { SUPPORT_INDICATORS, outreachCounts, type OutreachWard } from './outreach-wards.ts';
import { newWorkbook, workbookBytes } from '../common/xlsx-bytes.ts';
import { NUM_FMT, escapeHf, landscapeSheetOptions, put, wrappedHeight } from '../common/xlsx-style.ts';

export interface OutreachListMeta {
  /** `2021-03`. */
  readonly periodId: string;
  /** "tháng 3 năm 2021". */
  readonly periodLabel: string;
  /** The period's data window (ISO days). */
  readonly from: string;
  readonly to: string;
  /** The day the list is made (ISO): printed, and the workbook's dates. */
  readonly madeOn: string;
  /** "UBND QUẬN BA ĐÌNH" (null when none) and "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI". */
  readonly issuerParent: string | null;
  readonly issuer: string;
}

/** `DanhSachHoTro_<period>.xlsx`: ASCII, and not the name of any report (publishReports never touches it). */
export const outreachFileName = (periodId: string): string => `DanhSachHoTro_${periodId}.xlsx`;

export const OUTREACH_SHEET = 'DanhSachHoTro';

/**
 * Written as the workbook's keywords (docProps/core.xml), so that a reader can recognise the list and refuse to
 * copy it anywhere (it is not a form: a scan of a folder holding it must never duplicate the names).
 */
export const OUTREACH_MARKER = 'baocao:outreach-list';

/** The first row of the list (spec/security.md): what the file holds and what it may be used for. */
export const OUTREACH_NOTICE =
  'TÀI LIỆU CHỨA DỮ LIỆU CÁ NHÂN NHẠY CẢM — chỉ dùng cho công tác tiếp cận, tư vấn, hỗ trợ người bán dâm của Phòng LĐ-TBXH; ' +
  'không sao chép, không gửi ra ngoài (thư điện tử, Zalo, mạng xã hội), không in thừa; hủy khi hết mục đích sử dụng. ' +
  'Xử lý theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP.';

/**
 * The support list as xlsx bytes (one sheet, A4 landscape): the notice, the title rows, then per ward a heading,
 * the support the ward reported, and its people (STT, Họ và tên, Năm sinh, Giới tính, Nơi cư trú, Ngày xử phạt).
 * Pure: no file system, no clock (the workbook's dates are `madeOn`, the zip timestamps pinned). Names are plain
 * string values, so a name beginning with `=` stays text.
 */
export async function renderOutreachList(wards: readonly OutreachWard[], meta: OutreachListMeta): Promise<Buffer> {
  const wb = await newWorkbook({ dated: meta.madeOn, title: `Danh sách tiếp cận, hỗ trợ người bán dâm ${meta.periodLabel}`, keywords: OUTREACH_MARKER });
  const ws = wb.addWorksheet(
    OUTREACH_SHEET,
    landscapeSheetOptions({
      headerRows: [HEADER_ROW, HEADER_ROW],
      frozenColumns: 0,
      leftHeader: '&BDỮ LIỆU CÁ NHÂN NHẠY CẢM — CHỈ DÙNG NỘI BỘ&B',
      rightHeader: escapeHf(`Kỳ: ${meta.periodLabel}`),
    }),
  );
  WIDTHS.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  writeTop(ws, wards, meta);
  let row = HEADER_ROW + 1;
  for (const ward of wards) row = writeWard(ws, row, ward);
  if (wards.length === 0) {
    merged(ws, row, `Không có người bán dâm bị xử phạt vi phạm hành chính trong ${meta.periodLabel}.`, { italic: true });
  }
  return workbookBytes(wb);
}

// --- internal ---

const HEADERS = ['STT', 'Họ và tên', 'Năm sinh', 'Giới tính', 'Nơi cư trú', 'Ngày xử phạt'] as const;
const WIDTHS = [6, 28, 10, 10, 58, 14] as const;
const SPAN = HEADERS.length;
const TOTAL_WIDTH = WIDTHS.reduce((s, w) => s + w, 0);
/** Row 1 notice, rows 2–4 titles, row 5 blank, row 6 the column headers. */
const HEADER_ROW = 6;
const FONT = 'Times New Roman';
const NOTICE_FILL = 'FFFFE0E0';
const WARD_FILL = 'FFDCE6F1';
const SUPPORT_FILL = 'FFF2F2F2';


function writeTop(ws: Worksheet, wards: readonly OutreachWard[], meta: OutreachListMeta): void {
  merged(ws, 1, OUTREACH_NOTICE, { bold: true, color: 'FFC00000', fill: NOTICE_FILL, border: true });
  const issuer = [meta.issuerParent, meta.issuer].filter((s) => s !== null && s !== '').join(' — ');
  merged(ws, 2, issuer, { bold: true });
  merged(ws, 3, `DANH SÁCH NGƯỜI BÁN DÂM BỊ XỬ PHẠT VI PHẠM HÀNH CHÍNH ĐỂ TIẾP CẬN, HỖ TRỢ ${meta.periodLabel.toUpperCase()}`.normalize('NFC'), {
    bold: true,
    size: 13,
    center: true,
  });
  const { rows, wards: wardCount } = outreachCounts(wards);
  merged(
    ws,
    4,
    `Nguồn: danh sách xử phạt của Công an quận (biểu PCMD-02), số liệu từ ngày ${formatDateVi(meta.from)} đến ngày ${formatDateVi(meta.to)}; ` +
      `${formatNumberVi(rows)} người, ${formatNumberVi(wardCount)} phường; lập ngày ${formatDateVi(meta.madeOn)}.`,
    { italic: true, center: true },
  );
  HEADERS.forEach((h, i) => put(ws, HEADER_ROW, i + 1, h, { tone: 'header' }));
}

function writeWard(ws: Worksheet, start: number, ward: OutreachWard): number {
  let row = start;
  merged(ws, row++, `${ward.name} — ${formatNumberVi(ward.people.length)} người`, { bold: true, fill: WARD_FILL, border: true });
  merged(ws, row++, supportText(ward), { italic: true, fill: SUPPORT_FILL, border: true });
  ward.people.forEach((p, i) => {
    put(ws, row, 1, i + 1, { align: 'center' });
    put(ws, row, 2, p.fullName);
    put(ws, row, 3, p.birthYear, { align: 'center', numFmt: '0' });
    put(ws, row, 4, p.sex, { align: 'center' });
    put(ws, row, 5, p.residence, { wrap: true });
    put(ws, row, 6, p.sanctionedOn === null ? null : new Date(`${p.sanctionedOn}T00:00:00Z`), { align: 'center', numFmt: NUM_FMT.date });
    ws.getRow(row).height = wrappedHeight([p.residence ?? ''], WIDTHS[4]);
    row++;
  });
  return row;
}

/** "Hỗ trợ phường đã báo cáo trong kỳ: tiếp cận, tư vấn 5 lượt người; hỗ trợ pháp lý —; …". */
function supportText(ward: OutreachWard): string {
  const parts = SUPPORT_INDICATORS.map((ind) => {
    const value = ward.support.find((s) => s.code === ind.code)?.value ?? null;
    return `${ind.label} ${value === null ? '—' : `${formatNumberVi(value)} ${ind.unit}`}`;
  });
  const head = ward.reported ? 'Hỗ trợ phường đã báo cáo trong kỳ' : 'Phường chưa có báo cáo được chấp nhận cho kỳ này; hỗ trợ đã báo cáo';
  return `${head}: ${parts.join('; ')}.`;
}

interface MergedOptions {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  center?: boolean;
  color?: string;
  fill?: string;
  border?: boolean;
}

/** A text across all columns, wrapped, with a row height that shows all of it. */
function merged(ws: Worksheet, row: number, text: string, o: MergedOptions): void {
  put(ws, row, 1, text, { bold: o.bold ?? false, italic: o.italic ?? false, wrap: true, align: o.center ? 'center' : 'left', border: o.border ?? false, ...(o.fill ? { fill: o.fill } : {}), ...(o.color ? { color: o.color } : {}) });
  const cell = ws.getCell(row, 1);
  if (o.size) cell.style = { ...cell.style, font: { name: FONT, size: o.size, bold: o.bold ?? false } };
  ws.mergeCells(row, 1, row, SPAN);
  ws.getRow(row).height = Math.max(o.size ? 21 : 15, wrappedHeight([text], TOTAL_WIDTH));
}

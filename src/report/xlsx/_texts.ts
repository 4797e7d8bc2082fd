import type { Workbook } from 'exceljs';
import type { ReportModel } from '../../aggregate/report-model.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import { TEXT_ROWS, type TextKey } from '../../domain/form-layout.ts';
import { put, wrappedHeight } from '../../common/xlsx-style.ts';
import { TABLE_TOP, addReportSheet } from './_report-style.ts';

/**
 * `Y kien don vi`: the units' own texts (Đánh giá chung, Khó khăn…), one row a unit, for copying into
 * letters. They are the clerks' free text: written as plain strings, so "=…" stays text (security.md).
 */
export function addTextSheet(wb: Workbook, ctx: { model: ReportModel; audience: AudienceConfig }): void {
  const { model } = ctx;
  const keys = Object.keys(TEXT_ROWS) as TextKey[];
  const widths = [5, 22, ...keys.map(() => 42)];
  const ws = addReportSheet(wb, { name: TEXT_SHEET, title: 'Ý KIẾN CỦA CÁC ĐƠN VỊ', widths, headerRows: [TABLE_TOP, TABLE_TOP], frozenColumns: 2 }, ctx);
  ['STT', 'Đơn vị', ...keys.map((k) => TEXT_ROWS[k])].forEach((h, i) => put(ws, TABLE_TOP, i + 1, h, { tone: 'header' }));
  ws.getRow(TABLE_TOP).height = 20;

  let row = TABLE_TOP + 1;
  if (model.texts.length === 0) {
    put(ws, row, 1, 'Các đơn vị không ghi ý kiến trong kỳ này.', { italic: true });
    ws.mergeCells(row, 1, row, widths.length);
  }
  model.texts.forEach((t, k) => {
    put(ws, row, 1, k + 1, { align: 'center' });
    put(ws, row, 2, t.unitName, { wrap: true });
    keys.forEach((key, i) => put(ws, row, 3 + i, t.texts[key] ?? '', { wrap: true }));
    ws.getRow(row).height = wrappedHeight(keys.map((key) => t.texts[key] ?? ''), 42);
    row++;
  });
}

export const TEXT_SHEET = 'Y kien don vi';

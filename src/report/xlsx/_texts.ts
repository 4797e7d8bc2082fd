import type { ReportBook } from './_writer.ts';
import type { ReportModel, UnitTexts } from '../../aggregate/report-model.ts';
import { periodFitStatements } from '../../narrative/period-fit.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import { TEXT_ROWS, type TextKey } from '../../domain/form-layout.ts';
import { put, wrappedHeight } from '../../common/xlsx-style.ts';
import { TABLE_TOP, addReportSheet } from './_report-style.ts';

/**
 * `Y kien don vi`: the units' own texts (Đánh giá chung, Khó khăn…) that fit the period, one row a unit, for
 * copying into letters (the district's copy only). They are the clerks' free text: written as plain strings, so "=…" stays text (security.md).
 */
export function addTextSheet(wb: ReportBook, ctx: { model: ReportModel; audience: AudienceConfig }): void {
  const { model } = ctx;
  const keys = Object.keys(TEXT_ROWS) as TextKey[];
  const widths = [5, 22, ...keys.map(() => 36)];
  const ws = addReportSheet(wb, { name: TEXT_SHEET, title: 'Ý KIẾN CỦA CÁC ĐƠN VỊ', widths, headerRows: [TABLE_TOP, TABLE_TOP], frozenColumns: 2 }, ctx);
  ['STT', 'Đơn vị', ...keys.map((k) => TEXT_ROWS[k])].forEach((h, i) => put(ws, TABLE_TOP, i + 1, h, { tone: 'header' }));
  ws.getRow(TABLE_TOP).height = 20;

  let row = TABLE_TOP + 1;
  if (model.texts.length === 0) {
    put(ws, row, 1, 'Các đơn vị không ghi ý kiến trong kỳ này.', { italic: true });
    ws.mergeCells(row, 1, row, widths.length);
  }
  model.texts.forEach((t, k) => {
    const texts = keys.map((key) => textFor(model, t, key));
    put(ws, row, 1, k + 1, { align: 'center' });
    put(ws, row, 2, t.unitName, { wrap: true });
    texts.forEach((text, i) => put(ws, row, 3 + i, text, { wrap: true }));
    ws.getRow(row).height = wrappedHeight(texts, 36);
    row++;
  });
}

// --- internal ---

/**
 * A ward's text as it fits the period: a month's (or the period's own form's) as the ward wrote it; for a roll-up,
 * only the statements that recur across its forms (src/narrative/period-fit.ts), never the last month's alone.
 */
function textFor(model: ReportModel, t: UnitTexts, key: TextKey): string {
  if (model.period.type === 'month') return t.texts[key] ?? '';
  const own = t.forms.find((f) => f.periodId === model.period.id);
  if (own) return own.texts[key] ?? '';
  const statements = periodFitStatements(t.forms.map((f) => ({ periodId: f.periodId, text: f.texts[key] ?? '' })), model.period);
  return statements.map((st) => (st.listItem ? `- ${st.text}` : `${st.text}.`)).join('\n');
}

export const TEXT_SHEET = 'Y kien don vi';

import type { ReportBook } from './_writer.ts';
import { summaryUnitKey } from '../../domain/summary-schema.ts';
import type { ReportModel, Totals } from '../../aggregate/report-model.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import type { FormId, Indicator } from '../../domain/form-schema.ts';
import { FORM_OF_KIND } from '../../domain/units.ts';
import { GREY, NUM_FMT, numberWidth, put, wrappedHeight } from '../../common/xlsx-style.ts';
import { TABLE_TOP, addReportSheet, monthHeaders } from './_report-style.ts';

/**
 * `Cong an` (PCMD-02) and `Doi 178` (PCMD-03): the form's indicators down; the unit's figure for the period,
 * the district total by month (quarter, half year, year), and the previous period and the same period a year
 * earlier where the model has them.
 */
export function addFormSheet(wb: ReportBook, form: Exclude<FormId, 'PCMD-01'>, ctx: { model: ReportModel; audience: AudienceConfig }): void {
  const { model } = ctx;
  const def = model.forms[form];
  const unit = model.units.find((u) => FORM_OF_KIND[u.kind] === form);
  const status = unit ? model.summary.units.find((u) => summaryUnitKey(u) === unit.key)?.status : undefined;
  const hasData = status === 'accepted';
  const months = monthHeaders(model);
  const compare: { header: string; totals: Totals }[] = [];
  if (model.previous) compare.push({ header: `Kỳ trước (${model.previous.periodLabel})`, totals: model.previous.totals });
  if (model.sameLastYear) compare.push({ header: `Cùng kỳ năm trước (${model.sameLastYear.periodLabel})`, totals: model.sameLastYear.totals });
  const codes = def.sections.flatMap((s) => s.indicators).map((i) => i.code);
  const widths = [
    7,
    50,
    11,
    numberWidth(codes.map((c) => model.summary.indicators[c]?.total), 15),
    ...months.map((m) => numberWidth(codes.map((c) => model.monthly?.totals[m.id]?.[c]), 11)),
    ...compare.map((k) => numberWidth(codes.map((c) => k.totals[c]), 16)),
  ];
  const title = def.title.replace(/^Báo cáo\s+/u, '').toUpperCase();
  const ws = addReportSheet(wb, { name: FORM_SHEETS[form], title, widths, headerRows: [TABLE_TOP, TABLE_TOP], frozenColumns: 3 }, ctx);

  if (!hasData) {
    const why = status === 'rejected' ? 'có báo cáo nhưng bị trả lại do còn lỗi' : 'chưa báo cáo';
    const notice = unit ? `${unit.name} ${why}: không có số liệu kỳ này.` : `Kỳ này không có đơn vị nào báo cáo theo biểu ${form}.`;
    put(ws, TABLE_TOP - 1, 2, notice, { border: false, italic: true, bold: true, color: 'FF9C0006' });
  }
  const headers = ['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Kết quả kỳ báo cáo', ...months.map((m) => m.label), ...compare.map((c) => c.header)];
  headers.forEach((h, i) => put(ws, TABLE_TOP, i + 1, h, { tone: 'header' }));
  ws.getRow(TABLE_TOP).height = compare.length > 0 ? 48 : 32;

  let row = TABLE_TOP + 1;
  for (const ind of def.sections.flatMap((s) => s.indicators)) {
    const fmt = numFmtOf(ind);
    put(ws, row, 1, ind.code, { align: 'center' });
    put(ws, row, 2, ind.label, { wrap: true });
    put(ws, row, 3, ind.unit, { align: 'center', wrap: true });
    put(ws, row, 4, hasData ? (model.summary.indicators[ind.code]?.total ?? null) : null, { numFmt: fmt, bold: true, ...(hasData ? {} : { fill: GREY }) });
    months.forEach((m, i) => put(ws, row, 5 + i, model.monthly?.totals[m.id]?.[ind.code] ?? null, { numFmt: fmt }));
    compare.forEach((c, i) => put(ws, row, 5 + months.length + i, c.totals[ind.code] ?? null, { numFmt: fmt }));
    ws.getRow(row).height = wrappedHeight([ind.label], 50);
    row++;
  }
}

export const FORM_SHEETS = { 'PCMD-02': 'Cong an', 'PCMD-03': 'Doi 178' } as const;

// --- internal ---

const numFmtOf = (ind: Indicator): string => (ind.type === 'yesno' ? NUM_FMT.yesno : NUM_FMT[ind.type]);

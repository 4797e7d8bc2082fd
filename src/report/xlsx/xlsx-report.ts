import type { ReportModel } from '../../aggregate/report-model.ts';
import type { Audience, AudienceConfig } from '../../domain/config-schema.ts';
import { zipParts } from '../../common/zip-parts.ts';
import type { ChartSetup } from '../../domain/chart-schema.ts';
import { buildCharts } from '../charts/chart-model.ts';
import { addChartsToParts, type PlacedChart } from '../charts/xlsx-charts.ts';
import { CHART_SHEET, addChartSheet } from './_charts.ts';
import { FORM_SHEETS, addFormSheet } from './_forms.ts';
import { ISSUE_SHEET, STATUS_SHEET, addIssueSheet, addStatusSheet } from './_status.ts';
import { TARGET_SHEET, addTargetSheet } from './_targets.ts';
import { addAssessmentSheet } from './_assessment.ts';
import { TEXT_SHEET, addTextSheet } from './_texts.ts';
import { WARD_SHEET, addWardSheet } from './_wards.ts';
import { type ReportBook, newReportBook, reportBookParts } from './_writer.ts';

export interface XlsxReportOptions {
  /** Which report this is (the file name says it); the audience carries the issuing body printed on every sheet. */
  readonly to: Audience;
  readonly audience: AudienceConfig;
  /** The charts of sheet `Bieu do` (templates/charts, loaded at the edge: load/load-charts.ts). */
  readonly charts: ChartSetup;
}

/** The sheets, in order (ASCII names, spec/outputs.md); an annual report adds `Xep loai phuong` after `Chi tieu` (spec/assessment.md). */
export const XLSX_REPORT_SHEETS = [TARGET_SHEET, WARD_SHEET, FORM_SHEETS['PCMD-02'], FORM_SHEETS['PCMD-03'], STATUS_SHEET, ISSUE_SHEET, TEXT_SHEET, CHART_SHEET] as const;
/** The city's copy leaves out the checking details (`Kiem tra`) and the wards' own words (`Y kien don vi`). */
export const XLSX_CITY_SHEETS = XLSX_REPORT_SHEETS.filter((s) => s !== ISSUE_SHEET && s !== TEXT_SHEET);

/** `BaoCao_PCMD_<period>_<to>.xlsx` (spec/outputs.md). */
export const xlsxReportFileName = (periodId: string, to: XlsxReportOptions['to']): string => `BaoCao_PCMD_${periodId}_${to}.xlsx`;

/**
 * The Excel report (spec/outputs.md, "The reports"): pure, ReportModel → xlsx bytes. No file system, no clock:
 * the document dates are the model's report date and the zip timestamps are pinned, so the same model gives
 * the same bytes. Written by the report's own writer (_writer.ts), not exceljs, which took longer to load than
 * the whole report takes to write (issue 18).
 */
export async function renderXlsxReport(model: ReportModel, options: XlsxReportOptions): Promise<Buffer> {
  const book = newReportBook({ dated: model.reportDate, title: xlsxReportTitle(model) });
  const placed = addReportSheets(book, model, options);
  const parts = reportBookParts(book);
  addChartsToParts(parts, CHART_SHEET, placed);
  return zipParts(parts);
}

/** The document title of the Excel report (its properties). */
export const xlsxReportTitle = (model: ReportModel): string => `Báo cáo phòng, chống tệ nạn mại dâm ${model.periodLabel}`;

/**
 * The report's sheets, added to `book` (the report's writer, or an exceljs workbook in the test that compares them);
 * returns the charts to add to the sheet `Bieu do` once the workbook's parts are written.
 */
export function addReportSheets(book: ReportBook, model: ReportModel, options: XlsxReportOptions): PlacedChart[] {
  const ctx = { model, audience: options.audience };
  addTargetSheet(book, ctx);
  addAssessmentSheet(book, ctx); // annual reports only (spec/assessment.md)
  addWardSheet(book, ctx);
  addFormSheet(book, 'PCMD-02', ctx);
  addFormSheet(book, 'PCMD-03', ctx);
  // The city's copy: no file paths, no checking details, no ward's words addressed to the district (report-writing.md).
  const internal = options.to === 'district';
  addStatusSheet(book, { ...ctx, internal });
  if (internal) {
    addIssueSheet(book, ctx);
    addTextSheet(book, ctx);
  }
  // Last: the charts' tables link to the cells of the sheets above.
  const charts = buildCharts(model, options.charts.definitions);
  return charts.length > 0 ? addChartSheet(book, ctx, charts) : [];
}

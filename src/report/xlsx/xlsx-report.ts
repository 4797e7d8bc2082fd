import type { ReportModel } from '../../aggregate/report-model.ts';
import type { Audience, AudienceConfig } from '../../domain/config-schema.ts';
import { newWorkbook, workbookBytes } from '../../common/xlsx-bytes.ts';
import type { ChartSetup } from '../../domain/chart-schema.ts';
import { buildCharts } from '../charts/chart-model.ts';
import { addChartsToXlsx } from '../charts/xlsx-charts.ts';
import { CHART_SHEET, addChartSheet } from './_charts.ts';
import { FORM_SHEETS, addFormSheet } from './_forms.ts';
import { ISSUE_SHEET, STATUS_SHEET, addIssueSheet, addStatusSheet } from './_status.ts';
import { TARGET_SHEET, addTargetSheet } from './_targets.ts';
import { addAssessmentSheet } from './_assessment.ts';
import { TEXT_SHEET, addTextSheet } from './_texts.ts';
import { WARD_SHEET, addWardSheet } from './_wards.ts';

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
 * the same bytes. exceljs is imported lazily so that `baocao --help` does not pay for it.
 */
export async function renderXlsxReport(model: ReportModel, options: XlsxReportOptions): Promise<Buffer> {
  const wb = await newWorkbook({ dated: model.reportDate, title: `Báo cáo phòng, chống tệ nạn mại dâm ${model.periodLabel}` });
  const ctx = { model, audience: options.audience };
  addTargetSheet(wb, ctx);
  addAssessmentSheet(wb, ctx); // annual reports only (spec/assessment.md)
  addWardSheet(wb, ctx);
  addFormSheet(wb, 'PCMD-02', ctx);
  addFormSheet(wb, 'PCMD-03', ctx);
  // The city's copy: no file paths, no checking details, no ward's words addressed to the district (report-writing.md).
  const internal = options.to === 'district';
  addStatusSheet(wb, { ...ctx, internal });
  if (internal) {
    addIssueSheet(wb, ctx);
    addTextSheet(wb, ctx);
  }
  // Last: the charts' tables link to the cells of the sheets above. exceljs writes no charts: they are added to the zip.
  const charts = buildCharts(model, options.charts.definitions);
  const placed = charts.length > 0 ? addChartSheet(wb, ctx, charts) : [];
  // With charts the file is unzipped and zipped again (addChartsToXlsx): exceljs need not compress it first.
  return addChartsToXlsx(await workbookBytes(wb, { stored: placed.length > 0 }), CHART_SHEET, placed);
}

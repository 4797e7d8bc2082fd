import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { DEFAULT_AUDIENCES } from '../../domain/config-schema.ts';
import { resolveConfig } from '../../load/load-config.ts';
import { makePeriod } from '../../domain/period.ts';
import { analyseParsed } from '../../inbox/analyse-inbox.ts';
import { readInputs } from '../../inbox/read-inputs.ts';
import { scanInputs } from '../../inbox/scan-inputs.ts';
import { loadChartSetup } from '../../load/load-charts.ts';
import { loadCriteria } from '../../load/load-criteria.ts';
import { loadForms } from '../../load/load-forms.ts';
import { loadDefaultPlan } from '../../load/load-plan.ts';
import { loadDefaultUnits } from '../../load/load-units.ts';
import { sampleReportModel } from '../../../test/support/sample-model.ts';
import { put, formula, landscapeSheetOptions } from '../../common/xlsx-style.ts';
import { addChartsToParts } from '../charts/xlsx-charts.ts';
import { CHART_SHEET } from './_charts.ts';
import { type ReportBook, newReportBook, reportBookParts } from './_writer.ts';
import { addReportSheets, renderXlsxReport, xlsxReportTitle } from './xlsx-report.ts';
import { zipParts } from '../../common/zip-parts.ts';

/**
 * The Excel report's own writer (_writer.ts) against exceljs, which wrote the report before issue 18: the same calls
 * on both must give the same parts, byte for byte, so that the reports look and read as they did everywhere.
 */

const DATED = '2021-12-16';

/** The same sheets built on exceljs and on our writer; their parts, as text, in zip order. */
async function bothWays(build: (book: ReportBook) => void, title = 'Báo cáo'): Promise<{ ours: [string, string][]; exceljs: [string, string][] }> {
  const ours = newReportBook({ dated: DATED, title });
  build(ours);
  const wb = new ExcelJS.Workbook();
  const stamp = new Date(`${DATED}T00:00:00Z`);
  Object.assign(wb, { creator: 'baocao', lastModifiedBy: 'baocao', created: stamp, modified: stamp, title });
  build(wb as unknown as ReportBook);
  const theirs = unzipSync(new Uint8Array(await wb.xlsx.writeBuffer()));
  const text = (parts: Record<string, Uint8Array>): [string, string][] => Object.entries(parts).map(([name, data]) => [name, strFromU8(data)]);
  return { ours: text(reportBookParts(ours)), exceljs: text(theirs) };
}

describe('the Excel report written by our writer and by exceljs', () => {
  const charts = loadChartSetup();
  const cases: [string, ReportModel, 'district' | 'city'][] = [
    ['a month, district', sampleReportModel('2021-03'), 'district'],
    ['a quarter, city', sampleReportModel('2021-Q1'), 'city'],
    ['a year, district', sampleReportModel('2021'), 'district'],
    ['a month of the 2025 reorganisation', sampleReportModel('2025-09'), 'district'],
  ];

  it.each(cases)('%s: every part the same, in the same order', async (_, model, to) => {
    const options = { to, audience: DEFAULT_AUDIENCES[to], charts };
    const { ours, exceljs } = await bothWays((book) => addReportSheets(book, model, options), xlsxReportTitle(model));
    expect(ours.map(([name]) => name)).toEqual(exceljs.map(([name]) => name));
    for (const [i, [name, text]] of ours.entries()) expect(text, name).toBe(exceljs[i]?.[1]);
  });

  describe('the bundled year (fixtures/2021), read and checked: the assessment sheet, live totals, the charts', () => {
    let model: ReportModel;
    beforeAll(async () => {
      const forms = loadForms();
      const config = resolveConfig({}, null, process.cwd());
      const files = scanInputs([fileURLToPath(new URL('../../../fixtures/2021/', import.meta.url))], process.cwd());
      const parsed = await readInputs(files, { forms, units: loadDefaultUnits(), maxUnpackedMb: config.maxUnpackedMb, maxListRows: config.maxListRows });
      model = analyseParsed(parsed, { period: makePeriod('year', 2021, 1), config, forms, units: loadDefaultUnits(), plan: loadDefaultPlan(), criteria: loadCriteria(null, forms) }).model;
    });

    it('gives the same parts, and with the charts added the file renderXlsxReport writes', async () => {
      expect(model.assessment?.wards).toHaveLength(14);
      const options = { to: 'district' as const, audience: DEFAULT_AUDIENCES.district, charts };
      let placed: ReturnType<typeof addReportSheets> = [];
      const { ours, exceljs } = await bothWays((book) => (placed = addReportSheets(book, model, options)), xlsxReportTitle(model));
      expect(ours.map(([name]) => name)).toContain('xl/worksheets/sheet9.xml');
      expect(ours).toEqual(exceljs);
      // The report is those parts with the charts added, zipped: the same bytes whichever wrote the parts.
      const parts = Object.fromEntries(exceljs.map(([name, text]) => [name, new TextEncoder().encode(text)]));
      addChartsToParts(parts, CHART_SHEET, placed);
      expect(zipParts(parts).equals(await renderXlsxReport(model, options))).toBe(true);
    });
  });

  it('writes what the sheets may hold as exceljs does: escapes, spaces, dates, formulas, merges, widths, panes, breaks', async () => {
    const { ours, exceljs } = await bothWays((book) => {
      const ws = book.addWorksheet('Thử & <xem>', landscapeSheetOptions({ headerRows: [2, 3], frozenColumns: 2, leftHeader: 'A & "B"', rightHeader: "Kỳ 'x'" }));
      [9, 12, 12, 9.05, 30, undefined, 7].forEach((w, i) => {
        if (w !== undefined) ws.getColumn(i + 1).width = w;
      });
      ws.pageSetup.fitToWidth = 2;
      ws.pageSetup.printTitlesColumn = 'A:B';
      put(ws, 1, 1, ' leading space', { tone: 'header' });
      put(ws, 1, 2, 'trailing space ', { bold: true, italic: true, color: 'FF9C0006' });
      put(ws, 1, 3, 'a\nb & <c> "d" \'e\'', { wrap: true, align: 'right' });
      put(ws, 1, 4, '=SUM(A1:A2)', { numFmt: '@' });
      put(ws, 2, 1, 1234567.891, { numFmt: '#,##0' });
      put(ws, 2, 2, -0.5, { numFmt: '0.0"%"' });
      put(ws, 2, 3, 0, {});
      put(ws, 2, 4, new Date('2021-12-31T00:00:00Z'), { numFmt: 'dd/mm/yyyy' });
      put(ws, 2, 5, formula('SUM(A2:C2)', 1234567.391), { tone: 'total' });
      put(ws, 2, 6, formula('IF(COUNT(A2)=0,"",A2)', ''), {});
      put(ws, 2, 7, formula('A2&"x"', 'x & y'), {});
      put(ws, 3, 1, 'gộp dọc', { tone: 'section' });
      put(ws, 4, 1, null, { tone: 'section' });
      ws.mergeCells(3, 1, 4, 1);
      put(ws, 3, 2, 'gộp ngang', {});
      ws.mergeCells(3, 2, 3, 5);
      ws.getCell(3, 4).value = 'written to the first cell of the range';
      ws.getRow(3).height = 45;
      ws.getRow(8).height = 20;
      ws.getCell(10, 3);
      ws.getRow(12).addPageBreak();
      ws.getCell(14, 2).value = 'no style';
      ws.getCell(14, 2).style = { font: { name: 'Times New Roman', size: 10, italic: true } };
      const plain = book.addWorksheet('Plain', landscapeSheetOptions({ leftHeader: 'x', rightHeader: 'y' }));
      plain.getRow(9).height = 30; // the last row written has no cell: the used range still starts at A
      put(plain, 2, 2, 'no frozen pane, no titles', { border: false });
      const rows = book.addWorksheet('Rows only', landscapeSheetOptions({ headerRows: [5, 5], leftHeader: 'x', rightHeader: 'y' }));
      put(rows, 6, 1, 'frozen rows only', {});
      book.addWorksheet('Empty', landscapeSheetOptions({ leftHeader: 'x', rightHeader: 'y' }));
    });
    expect(ours).toEqual(exceljs);
  });

  it('writes 20 seeded random sheets as exceljs does (values, styles, merges, heights and widths drawn at random)', async () => {
    // mulberry32: a seeded generator whose low bits are as random as its high ones (an LCG's are not).
    let seed = 18;
    const rand = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n | 0;
    };
    const pick = <T,>(list: readonly T[]): T => list[rand(list.length)]!;
    const TEXTS = ['Phường Phúc Xá', ' đầu cách', 'cuối cách ', 'a\nb', '<&>"\'', '=1+1', '\u0001\u0008\u000b', '𝔸 Ω ✓', '', 'Đ'.repeat(300)];
    const NUMBERS = [0, -0, 1, -1, 0.1 + 0.2, 1e21, 1e-7, 123456789.125, Number.MAX_SAFE_INTEGER];
    const value = () => {
      switch (rand(6)) {
        case 0: return pick(TEXTS);
        case 1: return pick(NUMBERS);
        case 2: return new Date(Date.UTC(2020 + rand(6), rand(12), 1 + rand(28)));
        case 3: return formula(`SUM(A1:B${1 + rand(9)})`, rand(2) ? pick(NUMBERS) : pick(TEXTS));
        case 4: return null;
        default: return rand(2) === 0;
      }
    };
    const options = () => ({
      ...(rand(2) ? { tone: pick(['header', 'section', 'plain', 'total'] as const) } : {}),
      ...(rand(3) === 0 ? { numFmt: pick(['#,##0', '0.0"%"', 'dd/mm/yyyy', '@', '0.00', '"Có";"-";"Không"']) } : {}),
      ...(rand(3) === 0 ? { wrap: rand(2) === 0 } : {}),
      ...(rand(3) === 0 ? { align: pick(['left', 'center', 'right'] as const) } : {}),
      ...(rand(4) === 0 ? { fill: pick(['FFC6EFCE', 'FFD9D9D9']), color: pick(['FF006100', 'FF9C0006']) } : {}),
      ...(rand(4) === 0 ? { border: false } : {}),
      ...(rand(5) === 0 ? { bold: rand(2) === 0, italic: rand(2) === 0 } : {}),
    });
    for (let round = 0; round < 20; round++) {
      const build = (book: ReportBook): void => {
        seed = 1000 + round;
        for (let k = 0; k < 1 + rand(3); k++) {
          const ws = book.addWorksheet(`Sheet ${k + 1}`, landscapeSheetOptions(rand(2) ? { headerRows: [1 + rand(3), 4], frozenColumns: rand(3), leftHeader: pick(TEXTS), rightHeader: 'x' } : { leftHeader: 'a', rightHeader: 'b' }));
          for (let c = 1; c <= 1 + rand(8); c++) if (rand(3)) ws.getColumn(c).width = pick([5, 9, 9.05, 12, 12, 30]);
          for (let i = 0; i < 40; i++) put(ws, 1 + rand(25), 1 + rand(12), value(), options());
          for (let m = 0; m < rand(3); m++) {
            const top = 30 + m * 3;
            put(ws, top, 1, pick(TEXTS), options());
            ws.mergeCells(top, 1, top + rand(2), 1 + rand(4));
          }
          for (let r = 0; r < rand(4); r++) ws.getRow(1 + rand(35)).height = pick([15, 20.5, 45]);
          if (rand(2)) ws.getRow(10 + rand(10)).addPageBreak();
          if (rand(3) === 0) ws.getCell(40 + rand(5), 1 + rand(5));
        }
      };
      const { ours, exceljs } = await bothWays(build);
      expect(ours, `round ${round}`).toEqual(exceljs);
    }
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { DEFAULT_AUDIENCES } from '../../domain/config-schema.ts';
import { indicatorsOf } from '../../load/load-forms.ts';
import { officeAvailable, runPython, sofficeConvert } from '../../../test/support/office.ts';
import { sampleReportModel } from '../../../test/support/sample-model.ts';
import { renderXlsxReport, xlsxReportFileName } from './xlsx-report.ts';
import { loadChartSetup } from '../../load/load-charts.ts';

/**
 * The Excel report through independent readers: openpyxl (formulas and cached values), LibreOffice (PDF pages;
 * CSV after a forced recalculation, so the live formulas are checked against the results we stored).
 */

const hasPython = officeAvailable('báo cáo Excel: openpyxl', { python: ['openpyxl'] });
const hasOffice = officeAvailable('báo cáo Excel: LibreOffice', { commands: ['soffice', 'pdfinfo'] });

/** A quarter with one total that no ward gave (TT03) and texts that look like formulas. */
function officeModel(): ReportModel {
  const m = sampleReportModel('2021-Q1');
  const byUnit = Object.fromEntries(Object.keys(m.summary.indicators.TT03!.byUnit).map((c) => [c, null]));
  const issues = [...m.summary.issues, { severity: 'warning' as const, code: 'cell.text-number', unit: '00001', file: '=1+1.xlsx', sheet: 'BaoCao', cell: 'E9', message: '@SUM(A1)' }];
  return { ...m, summary: { ...m.summary, issues, indicators: { ...m.summary.indicators, TT03: { total: null, byUnit } } } };
}

const model = officeModel();
const wardCodes = indicatorsOf(model.forms['PCMD-01']).map((i) => i.code);
const expectedTotal = (code: string): number | null => model.summary.indicators[code]!.total;
let dir = '';
let file = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'baocao-xlsx-'));
  file = path.join(dir, xlsxReportFileName('2021-Q1', 'district'));
  writeFileSync(file, await renderXlsxReport(model, { to: 'district', audience: DEFAULT_AUDIENCES.district, charts: loadChartSetup() }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Excel report in other readers', () => {
  it.skipIf(!hasPython)('openpyxl reads the total formulas, their cached values, the page setup and text as text', () => {
    const out = JSON.parse(runPython(OPENPYXL_SCRIPT, [file])) as OpenpyxlReport;
    for (const code of wardCodes) {
      const r = out.totals[code]!;
      expect(r.formula, code).toMatch(/^=(SUM|COUNTIF|IF)\(/);
      expect(r.cached ?? null, code).toBe(expectedTotal(code));
    }
    expect(out.totals.TT03!.formula).toMatch(/^=IF\(COUNT\(D\d+:Q\d+\)=0,"",SUM\(D\d+:Q\d+\)\)$/);
    for (const s of out.sheets) {
      // One page wide, but a wide table (the wards', a quarter's police sheet): split side by side rather than shrunk below 8 pt.
      expect(s).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToHeight: 0, fitToPage: true });
      expect(s.fitToWidth, s.name).toBe(s.name === 'Tong hop phuong' ? 2 : 1);
      expect(s.header).toContain('Kỳ báo cáo: quý I năm 2021');
      expect(s.footer).toContain('Trang &P/&N');
    }
    expect(out.sheets.find((s) => s.name === 'Tong hop phuong')).toMatchObject({ titles: '$5:$6', freeze: 'D7' });
    expect(out.risky).toEqual([
      { value: '=HYPERLINK("http://x") ghi dạng chữ', type: 's' },
      { value: '=1+1.xlsx', type: 's' },
      { value: '@SUM(A1)', type: 's' },
    ]);
  });

  it.skipIf(!hasOffice)('LibreOffice prints every sheet on A4 landscape pages with the header and page numbers', () => {
    const pdf = sofficeConvert(file, 'pdf', dir);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(sizes.length).toBeGreaterThanOrEqual(7);
    for (const [w, h] of sizes) {
      expect(w).toBeCloseTo(841.89, 0);
      expect(h).toBeCloseTo(595.28, 0);
    }
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Kỳ báo cáo: quý I năm 2021');
    expect(text).toContain(`Trang 1/${sizes.length}`);
    expect(text).toContain('TỔNG HỢP KẾT QUẢ CÔNG TÁC PHÒNG, CHỐNG TỆ NẠN MẠI DÂM CỦA CÁC PHƯỜNG QUÝ I NĂM 2021');
  });

  it.skipIf(!hasOffice)('LibreOffice, forced to recalculate, computes the totals that were stored', () => {
    const totals = recalculatedTotals(file);
    for (const code of wardCodes) expect(totals[code], code).toBe(expectedTotal(code));
  });

  it.skipIf(!hasOffice)('a clerk who corrects one ward sees Toàn quận follow', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(readFileSync(file)).buffer);
    const ws = wb.getWorksheet('Tong hop phuong')!;
    const row = ws.getColumn(1).values.indexOf('TT01');
    const cell = ws.getCell(row, 4);
    cell.value = Number(cell.value) + 1000;
    const corrected = path.join(dir, 'corrected.xlsx');
    await wb.xlsx.writeFile(corrected);
    const totals = recalculatedTotals(corrected);
    expect(totals.TT01).toBe(expectedTotal('TT01')! + 1000);
    expect(totals.TT02).toBe(expectedTotal('TT02'));
  });
});

// --- internal ---

interface OpenpyxlReport {
  totals: Record<string, { formula: string; cached: number | null | '' }>;
  sheets: { name: string; paperSize: number; orientation: string; fitToWidth: number; fitToHeight: number; fitToPage: boolean; titles: string | null; freeze: string | null; header: string; footer: string }[];
  risky: { value: string; type: string }[];
}

const OPENPYXL_SCRIPT = String.raw`
import json, sys
from openpyxl import load_workbook
path = sys.argv[1]
wb = load_workbook(path)
cached = load_workbook(path, data_only=True)
ws, wc = wb['Tong hop phuong'], cached['Tong hop phuong']
total_col = next(c.column for c in ws[5] if c.value == 'Toàn quận')
totals = {}
for r in range(7, ws.max_row + 1):
    code = ws.cell(r, 1).value
    f = ws.cell(r, total_col).value
    if isinstance(f, str) and f.startswith('='):
        v = wc.cell(r, total_col).value
        totals[code] = {'formula': f, 'cached': v if v != '' else None}
sheets = []
for s in wb.worksheets:
    ps = s.page_setup
    sheets.append({'name': s.title, 'paperSize': int(ps.paperSize), 'orientation': ps.orientation,
        'fitToWidth': int(ps.fitToWidth), 'fitToHeight': int(ps.fitToHeight),
        'fitToPage': bool(s.sheet_properties.pageSetUpPr.fitToPage), 'titles': s.print_title_rows,
        'freeze': s.freeze_panes, 'header': s.oddHeader.right.text or '', 'footer': s.oddFooter.center.text or ''})
risky = []
for row in wb['Kiem tra'].iter_rows():
    for c in row:
        if isinstance(c.value, str) and c.value != '' and c.value[0] in '=+-@':
            risky.append({'value': c.value, 'type': c.data_type})
print(json.dumps({'totals': totals, 'sheets': sheets, 'risky': risky}))
`;

const CSV_ALL_SHEETS = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/** `Toàn quận` of each indicator after LibreOffice recalculated every formula (null where the cell is empty). */
function recalculatedTotals(xlsx: string): Record<string, number | null> {
  const out = mkdtempSync(path.join(dir, 'csv-'));
  // One CSV per sheet, named <file>-<sheet>.csv; sofficeConvert looks for <file>.csv, so its complaint is expected.
  try {
    sofficeConvert(xlsx, CSV_ALL_SHEETS, out, { recalc: true });
  } catch {
    /* checked below */
  }
  const csv = path.join(out, `${path.basename(xlsx, '.xlsx')}-Tong hop phuong.csv`);
  if (!existsSync(csv)) throw new Error(`LibreOffice wrote no ${csv}`);
  const rows = parseCsv(readFileSync(csv, 'utf8'));
  const col = rows[4]!.indexOf('Toàn quận');
  return Object.fromEntries(rows.filter((r) => /^[A-Z]{2}\d{2}$/.test(r[0] ?? '')).map((r) => [r[0], r[col] === '' || r[col] === undefined ? null : Number(r[col])]));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

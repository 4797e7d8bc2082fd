import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { DEFAULT_AUDIENCES } from '../../domain/config-schema.ts';
import { indicatorsOf } from '../../load/load-forms.ts';
import { sampleReportModel } from '../../../test/support/sample-model.ts';
import { shortUnitName } from '../../domain/units.ts';
import { extractEntry, readZipDirectory } from '../../common/zip-directory.ts';
import { targetCells } from '../../narrative/target-wording.ts';
import { pagesWide } from './_report-style.ts';
import { XLSX_CITY_SHEETS, XLSX_REPORT_SHEETS, renderXlsxReport, xlsxReportFileName } from './xlsx-report.ts';
import { loadChartSetup } from '../../load/load-charts.ts';

const render = (model: ReportModel) => renderXlsxReport(model, { to: 'district', audience: DEFAULT_AUDIENCES.district, charts: loadChartSetup() });

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Row number whose column A (or `col`) holds `text`, searching from the table's first row. */
function rowOf(ws: ExcelJS.Worksheet, text: string, col = 1): number {
  for (let r = 5; r <= ws.rowCount; r++) if (ws.getCell(r, col).value === text) return r;
  throw new Error(`${ws.name}: no row with ${text}`);
}

/** Column number whose header (row 5) is `text`. */
function colOf(ws: ExcelJS.Worksheet, text: string, headerRow = 5): number {
  for (let c = 1; c <= ws.columnCount; c++) if (ws.getCell(headerRow, c).value === text) return c;
  throw new Error(`${ws.name}: no column ${text}`);
}

/** The values of some cells of a row, null where empty. */
const cells = (ws: ExcelJS.Worksheet, row: number, cols: number[]): unknown[] => cols.map((c) => ws.getCell(row, c).value);

const fillOf = (cell: ExcelJS.Cell): string | undefined => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);

describe('renderXlsxReport: the sheets and their figures', () => {
  const model = sampleReportModel('2021-03');

  it('names the file and the sheets as outputs.md says', async () => {
    const wb = await load(await render(model));
    expect(xlsxReportFileName('2021-Q1', 'city')).toBe('BaoCao_PCMD_2021-Q1_city.xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual([...XLSX_REPORT_SHEETS]);
    expect(XLSX_REPORT_SHEETS.slice(0, 6)).toEqual(['Chi tieu', 'Tong hop phuong', 'Cong an', 'Doi 178', 'Tinh hinh bao cao', 'Kiem tra']);
    expect(wb.creator).toBe('baocao');
    expect(wb.created.toISOString()).toBe('2021-03-16T00:00:00.000Z');
  });

  it('gives the city a copy without file paths, checking details or the wards’ own words', async () => {
    const wb = await load(await renderXlsxReport(model, { to: 'city', audience: DEFAULT_AUDIENCES.city, charts: loadChartSetup() }));
    expect(wb.worksheets.map((w) => w.name)).toEqual([...XLSX_CITY_SHEETS]);
    expect(XLSX_CITY_SHEETS).toEqual(['Chi tieu', 'Tong hop phuong', 'Cong an', 'Doi 178', 'Tinh hinh bao cao', 'Bieu do']);
    const texts: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.value))));
    expect(texts.filter((t) => /\.xlsx|Tệp|Số lỗi/.test(t))).toEqual([]);
    expect(String(sheet(wb, 'Tinh hinh bao cao').getCell(5, 8).value)).toBe('Thời hạn');
    expect(sheet(wb, 'Tinh hinh bao cao').getCell(5, 9).value).toBeNull();
  });

  it('puts every ward total of summary.json in Toàn quận as a live formula with its result', async () => {
    const ws = sheet(await load(await render(model)), 'Tong hop phuong');
    const total = colOf(ws, 'Toàn quận');
    const wards = model.units.filter((u) => u.kind === 'ward');
    expect(total).toBe(4 + wards.length);
    let checked = 0;
    for (const ind of indicatorsOf(model.forms['PCMD-01'])) {
      const r = rowOf(ws, ind.code);
      const entry = model.summary.indicators[ind.code]!;
      const range = `D${r}:Q${r}`;
      // (exceljs's `value` getter drops a result of 0, so formula and result are read apart.)
      const cell = ws.getCell(r, total);
      expect({ formula: cell.formula, result: cell.result }).toEqual({ formula: ind.type === 'yesno' ? `COUNTIF(${range},1)` : `SUM(${range})`, result: entry.total });
      wards.forEach((w, i) => {
        expect(ws.getCell(5, 4 + i).value).toBe(shortUnitName(w));
        expect(ws.getCell(r, 4 + i).value, `${ind.code} ${w.code}`).toBe(entry.byUnit[w.code] ?? null);
      });
      checked++;
    }
    expect(checked).toBe(30);
    // HT07 of Phúc Xá was left empty: an empty cell, not 0.
    expect(ws.getCell(rowOf(ws, 'HT07'), 4).value).toBeNull();
  });

  it('leaves a missing or rejected ward empty and grey, with its status in the header, never 0', async () => {
    const ws = sheet(await load(await render(model)), 'Tong hop phuong');
    const missing = colOf(ws, 'Nguyễn Trung Trực');
    const rejected = colOf(ws, 'Điện Biên');
    expect(ws.getCell(6, missing).value).toBe('Chưa báo cáo');
    expect(ws.getCell(6, rejected).value).toBe('Bị trả lại');
    expect(ws.getCell(6, colOf(ws, 'Phúc Xá')).value).toBe('');
    for (const code of ['TT01', 'KT05', 'DG01']) {
      for (const c of [missing, rejected]) {
        const cell = ws.getCell(rowOf(ws, code), c);
        expect(cell.value).toBeNull();
        expect(fillOf(cell)).toBe('FFD9D9D9');
      }
    }
  });

  it('shows the district total by month for a quarter and a year, and none for a month', async () => {
    const month = sheet(await load(await render(model)), 'Tong hop phuong');
    expect(() => colOf(month, 'Toàn quận theo tháng')).toThrow();
    for (const id of ['2021-Q1', '2021']) {
      const m = sampleReportModel(id);
      const ws = sheet(await load(await render(m)), 'Tong hop phuong');
      const months = m.monthly!.months;
      const first = colOf(ws, 'Toàn quận') + 1;
      expect(ws.getCell(5, first).value).toBe('Toàn quận theo tháng');
      expect(months.map((_, i) => ws.getCell(6, first + i).value)).toEqual(months.map((_, i) => `Tháng ${i + 1}`));
      for (const code of ['TT01', 'KP02', 'DG02']) {
        expect(months.map((_, i) => ws.getCell(rowOf(ws, code), first + i).value)).toEqual(months.map((mo) => m.monthly!.totals[mo]![code]));
      }
    }
  });

  it('gives the police and team 178 figures on their sheets', async () => {
    const wb = await load(await render(model));
    for (const [name, form] of [['Cong an', 'PCMD-02'], ['Doi 178', 'PCMD-03']] as const) {
      const ws = sheet(wb, name);
      const col = colOf(ws, 'Kết quả kỳ báo cáo');
      for (const ind of indicatorsOf(model.forms[form])) {
        expect(ws.getCell(rowOf(ws, ind.code), col).value, ind.code).toBe(model.summary.indicators[ind.code]!.total);
        expect(ws.getCell(rowOf(ws, ind.code), colOf(ws, 'Kỳ trước (kỳ trước)')).value).toBe(model.previous!.totals[ind.code]);
      }
    }
    expect(sheet(wb, 'Cong an').getCell(rowOf(sheet(wb, 'Cong an'), 'CA08'), 4).numFmt).toBe('#,##0');
  });

  it('marks the police sheet empty and grey when the police did not report', async () => {
    const m = sampleReportModel('2021-03');
    const units = m.summary.units.map((u) => (u.code === 'CA' ? { ...u, status: 'missing' as const, files: [], source: null, signedOn: null, onTime: null } : u));
    const ws = sheet(await load(await render({ ...m, summary: { ...m.summary, units } })), 'Cong an');
    expect(ws.getCell(4, 2).value).toBe('Công an quận Ba Đình chưa báo cáo: không có số liệu kỳ này.');
    const cell = ws.getCell(rowOf(ws, 'CA01'), 4);
    expect(cell.value).toBeNull();
    expect(fillOf(cell)).toBe('FFD9D9D9');
  });

  it('follows the unit registry: after the 2025 merger, three wards and no police or team 178 form', async () => {
    const m = sampleReportModel('2025-09');
    const wb = await load(await render(m));
    const ws = sheet(wb, 'Tong hop phuong');
    expect([4, 5, 6, 7].map((c) => ws.getCell(5, c).value)).toEqual(['Ba Đình', 'Ngọc Hà', 'Giảng Võ', 'Toàn quận']);
    const r = rowOf(ws, 'TT01');
    expect(ws.getCell(r, 7).formula).toBe(`SUM(D${r}:F${r})`);
    expect(ws.getCell(r, 7).result).toBe(m.summary.indicators.TT01!.total);
    expect(sheet(wb, 'Cong an').getCell(4, 2).value).toBe('Kỳ này không có đơn vị nào báo cáo theo biểu PCMD-02.');
  });

  it('widens a number column to its largest value', async () => {
    const m = sampleReportModel('2021');
    const kp01 = { ...m.summary.indicators.KP01!, total: 123_456_789_012 };
    const ws = sheet(await load(await render({ ...m, summary: { ...m.summary, indicators: { ...m.summary.indicators, KP01: kp01 } } })), 'Tong hop phuong');
    expect(ws.getColumn(colOf(ws, 'Toàn quận')).width).toBeGreaterThanOrEqual('123.456.789.012'.length + 2);
  });

  it('lists the targets the plan way, with values, percent and coloured status, then the legend', async () => {
    const ws = sheet(await load(await render(model)), 'Chi tieu');
    for (const t of model.plan.targets) {
      const r = rowOf(ws, t.id);
      const s = model.summary.targets[t.id]!;
      // The same words as the Word report's table (targetCells); a share of the target as a number, else its words.
      const words = targetCells(t, s);
      const progress = words.progress.endsWith('%') ? s.percent : words.progress;
      expect(cells(ws, r, [3, 5, 6, 7, 8])).toEqual([words.target, s.period, s.yearToDate, progress, s.status]);
      if (words.progress.endsWith('%')) expect(ws.getCell(r, 7).numFmt).toBe('0.0"%"');
    }
    expect(['CT1', 'CT4', 'CT5', 'CT8'].map((id) => ws.getCell(rowOf(ws, id), 3).value)).toEqual(['Không để xảy ra', 'Tối thiểu 400 lượt', 'Từ 30 đến 50 cơ sở', '80% ở mỗi phường']);
    expect(['CT1', 'CT8'].map((id) => ws.getCell(rowOf(ws, id), 7).value)).toEqual(['—', '—']);
    expect(fillOf(ws.getCell(rowOf(ws, 'CT1'), 8))).toBe('FFC6EFCE');
    expect(fillOf(ws.getCell(rowOf(ws, 'CT5'), 8))).toBe('FFFFEB9C');
    expect(fillOf(ws.getCell(rowOf(ws, 'CT6'), 8))).toBe('FFD9D9D9');
    // CT8 ward by ward, then the legend with the five status words.
    const ct8 = model.summary.targets.CT8!.byUnit!;
    expect(ws.getCell(rowOf(ws, 'Phường Cống Vị', 2), 3).value).toBe(ct8['00007']!.ratio);
    expect(ws.getCell(rowOf(ws, 'Phường Nguyễn Trung Trực', 2), 4).value).toBe('Thiếu số liệu');
    const legend = rowOf(ws, 'Chú giải tình trạng:', 2);
    expect([1, 2, 3, 4, 5].map((k) => ws.getCell(legend + k, 2).value)).toEqual(['Đạt', 'Đúng tiến độ', 'Chậm tiến độ', 'Không đạt', 'Thiếu số liệu']);
  });

  it('shows who reported, when, on time or late, accepted or rejected, and who is missing', async () => {
    const ws = sheet(await load(await render(model)), 'Tinh hinh bao cao');
    for (const u of model.summary.units) {
      const r = rowOf(ws, u.code, 2);
      expect(cells(ws, r, [3, 4, 5])).toEqual([u.name, u.form, { accepted: 'Đã tiếp nhận', rejected: 'Bị trả lại', missing: 'Chưa báo cáo' }[u.status]]);
      expect(ws.getCell(r, 7).value).toEqual(u.signedOn === null ? null : new Date(`${u.signedOn}T00:00:00Z`));
      expect(ws.getCell(r, 8).value).toBe(u.onTime === null ? '' : u.onTime ? 'Đúng hạn' : 'Muộn');
      expect(ws.getCell(r, 11).value).toBe(u.files.join('\n'));
    }
    expect(ws.getCell(rowOf(ws, '00019', 2), 9).value).toBe(1);
  });

  it('lists every issue with its unit, file, sheet and cell', async () => {
    const ws = sheet(await load(await render(model)), 'Kiem tra');
    model.summary.issues.forEach((issue, k) => {
      expect(cells(ws, 6 + k, [1, 3, 5, 6, 7, 8])).toEqual([k + 1, issue.code, issue.file ?? '', issue.sheet ?? '', issue.cell ?? '', issue.message]);
    });
    expect(ws.getCell(7, 4).value).toBe('Phường Điện Biên');
    expect(ws.getCell(7, 7).value).toBe('E17');
  });

  it('keeps an empty total empty: no ward gave a value', async () => {
    const m = sampleReportModel('2021-03');
    const byUnit = Object.fromEntries(Object.keys(m.summary.indicators.TT03!.byUnit).map((c) => [c, null]));
    const indicators = { ...m.summary.indicators, TT03: { total: null, byUnit } };
    const buf = await render({ ...m, summary: { ...m.summary, indicators } });
    const ws = sheet(await load(buf), 'Tong hop phuong');
    const r = rowOf(ws, 'TT03');
    expect(ws.getCell(r, colOf(ws, 'Toàn quận')).formula).toBe(`IF(COUNT(D${r}:Q${r})=0,"",SUM(D${r}:Q${r}))`);
    // The stored result is an empty string (exceljs reads that back as no result, hence the XML).
    const xml = sheetXml(buf)['xl/worksheets/sheet2.xml'] ?? '';
    expect(xml).toMatch(new RegExp(`<c r="R${r}" s="\\d+" t="str"><f>IF\\(COUNT\\(D${r}:Q${r}\\)=0,&quot;&quot;,SUM\\(D${r}:Q${r}\\)\\)</f><v></v></c>`));
  });
});

describe('renderXlsxReport: page setup and reproducibility', () => {
  afterEach(() => vi.useRealTimers());

  it('prints a year’s wards table over pages at 8 pt or more, not shrunk to one page', () => {
    // 14 wards, the total and 12 months: 381 width units, under 5 pt on one A4 page; 3 pages side by side.
    const year = [7, 44, 10, ...Array(14).fill(10), 14, ...Array(12).fill(12)];
    expect(pagesWide(year, 3)).toBe(3);
    expect(pagesWide(year, 3) * 271.6 / (year.reduce((a, w) => a + ((Math.trunc(w * 7) + 5) * 25.4) / 96, 0) + 2 * 61)).toBeGreaterThan(8 / 11);
    expect(pagesWide([6, 50, 18, 10, 12, 12, 14, 15, 36], 0)).toBe(1);
  });

  it('sets A4 landscape, one page wide, print titles, header, footer, frozen header and widths on every sheet', async () => {
    const wb = await load(await render(sampleReportModel('2021-Q1')));
    for (const ws of wb.worksheets) {
      if (ws.name === 'Bieu do') {
        // The charts print one a page with their tables beside them: no table header to repeat or freeze.
        expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
        expect(ws.headerFooter.oddHeader).toContain('Kỳ báo cáo: quý I năm 2021');
        expect(ws.getCell(1, 1).value).toBe('PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI');
        continue;
      }
      // A table too wide for one page at 8 pt prints over pages side by side, code, label and unit repeated on each.
      const frozen = Number((ws.views[0] as { xSplit?: number } | undefined)?.xSplit ?? 0);
      const pages = frozen > 0 ? pagesWide(ws.columns.map((c) => c.width ?? 9), frozen) : 1;
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: pages, fitToHeight: 0 });
      if (pages > 1 && frozen > 0) expect(ws.pageSetup.printTitlesColumn).toBe(`A:${'ABC'[frozen - 1]}`);
      if (ws.name === 'Tong hop phuong') expect(pages).toBe(2);
      expect(ws.pageSetup.printTitlesRow).toBe(ws.name === 'Tong hop phuong' ? '5:6' : '5:5');
      expect(ws.headerFooter.oddHeader).toContain('Kỳ báo cáo: quý I năm 2021');
      expect(ws.headerFooter.oddFooter).toContain('Trang &P/&N');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: ws.name === 'Tong hop phuong' ? 6 : 5 });
      for (let c = 1; c <= ws.columnCount; c++) expect(ws.getColumn(c).width, `${ws.name} col ${c}`).toBeGreaterThan(0);
      expect(ws.getCell(1, 1).value).toBe('PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI');
      expect(String(ws.getCell(2, 1).value)).toMatch(/ QUÝ I NĂM 2021$/);
    }
  });

  it('gives the same bytes for the same model, whatever the clock says', async () => {
    const model = sampleReportModel('2021-Q1');
    const first = await render(model);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-07-09T13:45:00Z') });
    const second = await render(model);
    expect(second.equals(first)).toBe(true);
  });

  it('writes texts from the input as text, never as formulas, whatever they begin with', async () => {
    const m = sampleReportModel('2021-03');
    const risky = ['=1+1', '+SUM(A1:A2)', '-2+3', '@HYPERLINK("http://x")', '=cmd|\' /C calc\'!A0'];
    const texts = m.texts.map((t, k) => ({ ...t, texts: { ...t.texts, difficulties: risky[k % risky.length]! } }));
    const issues = risky.map((text, k) => ({ severity: 'warning' as const, code: 'cell.text-number', unit: '00007', file: `${text}.xlsx`, sheet: text, cell: `E${k + 1}`, message: text }));
    const units = m.summary.units.map((u, k) => (u.code === '00001' ? { ...u, name: risky[k % risky.length]!, files: risky } : u));
    const buf = await render({ ...m, texts, summary: { ...m.summary, units, issues } });
    // In the XML: the only formulas are the totals of Tong hop phuong and, on Bieu do (sheet 8), the charts' running
    // totals and links to cells of the other sheets; the risky texts are shared strings.
    const xml = sheetXml(buf);
    for (const [name, body] of Object.entries(xml)) {
      const formulas = [...body.matchAll(/<f>([^<]*)<\/f>/g)].map((f) => f[1]);
      if (name === 'xl/worksheets/sheet2.xml') expect(formulas.every((f) => /^(SUM|COUNTIF|IF)\([A-Z]+\d+:[A-Z]+\d+/.test(f ?? ''))).toBe(true);
      else if (name === 'xl/worksheets/sheet8.xml') expect(formulas.every((f) => /^(SUM\([A-Z]+\$\d+:[A-Z]+\d+\)|'[A-Za-z ]+'!\$[A-Z]+\$\d+)$/.test(f ?? ''))).toBe(true);
      else expect(formulas, name).toEqual([]);
    }
    const shared = xml['xl/sharedStrings.xml'] ?? '';
    for (const text of risky) expect(shared).toContain(`<t>${escapeXml(text)}</t>`);
    // Read back: every risky text is a string value of its cell.
    const wb = await load(buf);
    const found: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => row.eachCell((cell) => {
        if (typeof cell.value === 'string' && risky.some((t) => String(cell.value).startsWith(t))) found.push(`${ws.name}!${cell.address}`);
        if (cell.type === ExcelJS.ValueType.Formula) expect(['Tong hop phuong', 'Bieu do']).toContain(ws.name);
      }));
    }
    expect(found.filter((a) => a.startsWith('Kiem tra!')).length).toBe(risky.length * 3);
    expect(found.some((a) => a.startsWith('Y kien don vi!'))).toBe(true);
    expect(found.some((a) => a.startsWith('Tinh hinh bao cao!'))).toBe(true);
  });
});

// --- internal ---

function sheetXml(buf: Buffer): Record<string, string> {
  const dir = readZipDirectory(buf);
  if (!dir.ok) throw new Error('not a zip');
  const out: Record<string, string> = {};
  for (const e of dir.entries) if (/^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(e.name)) out[e.name] = extractEntry(buf, e, 50_000_000)!.toString('utf8');
  return out;
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

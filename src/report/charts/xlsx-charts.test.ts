import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { newWorkbook, workbookBytes } from '../../common/xlsx-bytes.ts';
import type { ChartModel } from './chart-model.ts';
import { chartSpaceXml } from './drawingml.ts';
import { addChartsToParts, type PlacedChart } from './xlsx-charts.ts';
import { editZip } from '../../common/zip-parts.ts';

const chart: ChartModel = {
  id: 't',
  title: 'Kiểm tra <hành chính> & xử lý',
  subtitle: 'Từ tháng 1 đến tháng 2 năm 2021',
  categoryAxis: 'Tháng',
  valueAxis: 'Lượt',
  categories: ['Tháng 1', 'Tháng 2'],
  series: [
    { name: 'Trong tháng', type: 'bar', reference: false, values: [3, null] },
    { name: 'Tiến độ', type: 'line', reference: true, values: [1.5, 3] },
  ],
  format: 'count',
};
const refs = { categories: "'Bieu do'!$A$2:$A$3", seriesNames: ["'Bieu do'!$B$1", "'Bieu do'!$C$1"], seriesValues: ["'Bieu do'!$B$2:$B$3", "'Bieu do'!$C$2:$C$3"] };

async function twoSheets(): Promise<Buffer> {
  const wb = await newWorkbook({ dated: '2021-03-16' });
  wb.addWorksheet('Chi tieu').getCell('A1').value = 1;
  const ws = wb.addWorksheet('Bieu do', { pageSetup: { paperSize: 9, orientation: 'portrait' } });
  ws.getCell('B2').value = 3;
  ws.getCell('A10').note = 'ghi chú'; // exceljs then writes a legacyDrawing, which must stay after our drawing
  return workbookBytes(wb);
}

const parts = (buf: Buffer): Record<string, string> => Object.fromEntries(Object.entries(unzipSync(new Uint8Array(buf))).map(([k, v]) => [k, strFromU8(v)]));

describe('chartSpaceXml', () => {
  const xml = chartSpaceXml(chart, refs);

  it('takes every name, category and value from the cells, with their values cached; an empty value is a gap', () => {
    expect(xml).toContain("<c:tx><c:strRef><c:f>'Bieu do'!$B$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>Trong tháng</c:v></c:pt></c:strCache>");
    expect(xml).toContain("<c:val><c:numRef><c:f>'Bieu do'!$B$2:$B$3</c:f><c:numCache><c:formatCode>#,##0</c:formatCode><c:ptCount val=\"2\"/><c:pt idx=\"0\"><c:v>3</c:v></c:pt></c:numCache>");
    expect(xml).toContain('<c:pt idx="1"><c:v>3</c:v></c:pt></c:numCache>'); // the line's second point
    expect(xml.match(/<c:cat><c:strRef><c:f>'Bieu do'!\$A\$2:\$A\$3<\/c:f>/g)).toHaveLength(2);
    expect(xml).toContain('<c:dispBlanksAs val="gap"/>');
  });

  it('puts the bars and the dashed reference line on the same axes, titled in Vietnamese, in Times New Roman, escaped', () => {
    expect(xml.indexOf('<c:barChart>')).toBeLessThan(xml.indexOf('<c:lineChart>'));
    expect(xml.indexOf('</c:lineChart>')).toBeLessThan(xml.indexOf('<c:catAx>'));
    expect(xml).toContain('<a:prstDash val="dash"/>');
    expect(xml).toContain('<a:t>Kiểm tra &lt;hành chính&gt; &amp; xử lý</a:t>');
    expect(xml).toContain('<a:t>Lượt</a:t>');
    expect(xml).not.toMatch(/typeface="(?!Times New Roman")/);
  });
});

/** The charts added to a zipped workbook (exceljs's, here): its parts edited and zipped again. */
const addChartsToXlsx = (xlsx: Buffer, sheet: string, charts: readonly PlacedChart[]): Buffer => (charts.length === 0 ? xlsx : editZip(xlsx, (p) => addChartsToParts(p, sheet, charts)));

describe('addChartsToParts', () => {
  it('adds the chart, the drawing, their relationships and content types, and a drawing element in schema order', async () => {
    const before = await twoSheets();
    const p = parts(addChartsToXlsx(before, 'Bieu do', [{ name: 'Biểu đồ 1', xml: chartSpaceXml(chart, refs), from: { col: 0, row: 4 }, to: { col: 7, row: 26 } }]));
    expect(p['xl/charts/chart1.xml']).toContain('<c:chartSpace');
    expect(p['xl/drawings/drawing1.xml']).toContain('<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row>');
    expect(p['xl/drawings/_rels/drawing1.xml.rels']).toContain('Target="../charts/chart1.xml"');
    expect(p['[Content_Types].xml']).toContain('<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>');
    expect(p['[Content_Types].xml']).toContain('<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>');
    // Sheet 2 is "Bieu do"; sheet 1 is left alone.
    const sheet = p['xl/worksheets/sheet2.xml'] ?? '';
    const rels = p['xl/worksheets/_rels/sheet2.xml.rels'] ?? '';
    const id = /<drawing [^>]*r:id="([^"]+)"/.exec(sheet)?.[1];
    expect(rels).toContain(`Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"`);
    expect(rels.match(new RegExp(`Id="${id}"`, 'g'))).toHaveLength(1);
    expect(sheet.indexOf('<pageSetup')).toBeLessThan(sheet.indexOf('<drawing '));
    expect(sheet.indexOf('<drawing ')).toBeLessThan(sheet.indexOf('<legacyDrawing'));
    expect(p['xl/worksheets/sheet1.xml']).not.toContain('<drawing');
  });

  it('gives a workbook that exceljs reads back, and the same bytes for the same input', async () => {
    const before = await twoSheets();
    const placed = [{ name: 'Biểu đồ 1', xml: chartSpaceXml(chart, refs), from: { col: 0, row: 4 }, to: { col: 7, row: 26 } }];
    const a = addChartsToXlsx(before, 'Bieu do', placed);
    expect(addChartsToXlsx(before, 'Bieu do', placed).equals(a)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(a).buffer);
    expect(wb.getWorksheet('Bieu do')?.getCell('B2').value).toBe(3);
  });

  it('numbers its parts after those already there, and refuses a sheet that does not exist', async () => {
    const once = addChartsToXlsx(await twoSheets(), 'Bieu do', [{ name: 'a', xml: chartSpaceXml(chart, refs), from: { col: 0, row: 0 }, to: { col: 2, row: 2 } }]);
    const twice = parts(addChartsToXlsx(once, 'Chi tieu', [{ name: 'b', xml: chartSpaceXml(chart, refs), from: { col: 0, row: 0 }, to: { col: 2, row: 2 } }]));
    expect(twice['xl/drawings/drawing2.xml']).toBeDefined();
    expect(twice['xl/drawings/_rels/drawing2.xml.rels']).toContain('Target="../charts/chart2.xml"');
    expect(twice['xl/worksheets/sheet1.xml']).toContain('<drawing ');
    expect(() => addChartsToXlsx(once, 'Khong co', [{ name: 'c', xml: '', from: { col: 0, row: 0 }, to: { col: 1, row: 1 } }])).toThrow(/no sheet named Khong co/);
    expect(addChartsToXlsx(once, 'Khong co', [])).toBe(once);
  });
});

import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms } from '../load/load-forms.ts';
import { makeIssue, type Issue } from '../domain/issue.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { annotateWorkbook, AS_TYPED_FORMAT, ERRORS_SHEET, ISSUE_FILL, ISSUE_MARK } from './annotate-workbook.ts';

/**
 * annotateWorkbook on a real filled police form (fixtures/2021, invented people) with issues made up for the test:
 * two on one BaoCao cell, one on a DanhSach cell, one for the whole file, one on a sheet the workbook lacks.
 */
const ORIGINAL = readFileSync(new URL('../../fixtures/2021/2021-03/PCMD-02_2021-03_CA.xlsx', import.meta.url));
const form = loadForms()['PCMD-02'];
const wardNames = loadDefaultUnits().units.filter((u) => u.kind === 'ward').map((u) => u.name);
const OPTIONS = { title: 'PCMD-02_2021-03_CA.xlsx', wardNames };
const at = { unit: 'CA', file: 'PCMD-02_2021-03_CA.xlsx' };
const ISSUES: Issue[] = [
  makeIssue('info', 'header.stamp-missing', at, 'Tệp không dùng biểu mẫu của công cụ.'),
  makeIssue('warning', 'header.signed-on-missing', { ...at, sheet: 'BaoCao', cell: 'B5' }, 'Ô B5 (Ngày báo cáo) để trống.'),
  makeIssue('error', 'rule.CA07-eq-DanhSach-rows', { ...at, sheet: 'BaoCao', cell: 'E15' }, 'CA07 = 7 khác số dòng trong sheet DanhSach (6).'),
  makeIssue('warning', 'cell.text-number', { ...at, sheet: 'BaoCao', cell: 'E15' }, 'CA07: số được nhập dưới dạng chữ.'),
  makeIssue('warning', 'rule.DanhSach-decision-unique', { ...at, sheet: 'DanhSach', cell: 'C3' }, 'Số quyết định ở ô C3 trùng với ô C2.'),
  makeIssue('error', 'list.missing', { ...at, sheet: 'CoSo' }, 'Không tìm thấy sheet "CoSo".'),
];

const load = async (bytes: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
};
const parts = (bytes: Buffer): Record<string, string> =>
  Object.fromEntries(Object.entries(unzipSync(new Uint8Array(bytes))).map(([name, data]) => [name, strFromU8(data)]));
/** The background a cell shows: a solid fill's colour, a patterned fill's background. */
const fillOf = (cell: ExcelJS.Cell): string | undefined =>
  cell.fill?.type === 'pattern' ? (cell.fill.pattern === 'solid' ? cell.fill.fgColor?.argb : cell.fill.bgColor?.argb) : undefined;
const patternOf = (cell: ExcelJS.Cell): string | undefined => (cell.fill?.type === 'pattern' ? cell.fill.pattern : undefined);
const noteOf = (cell: ExcelJS.Cell): string => {
  const n = cell.note;
  return typeof n === 'string' ? n : (n?.texts ?? []).map((t) => t.text).join('');
};

let annotated: Buffer;
let copy: ExcelJS.Workbook;
let original: ExcelJS.Workbook;
beforeAll(async () => {
  const before = Buffer.from(ORIGINAL);
  annotated = await annotateWorkbook(ORIGINAL, ISSUES, form, OPTIONS);
  expect(ORIGINAL.equals(before)).toBe(true);
  copy = await load(annotated);
  original = await load(ORIGINAL);
});

describe('annotateWorkbook', () => {
  it('puts "Lỗi cần sửa" first, as the only selected and active tab, keeping every other sheet in order', () => {
    expect(copy.worksheets.map((w) => w.name)).toEqual([ERRORS_SHEET, ...original.worksheets.map((w) => w.name)]);
    expect(copy.views[0]?.activeTab).toBe(0);
    // One sheet selected, the one holding the links (exceljs does not read `tabSelected` back).
    const selected = Object.values(parts(annotated)).filter((x) => x.includes('tabSelected="1"'));
    expect(selected).toHaveLength(1);
    expect(selected[0]).toContain('<hyperlinks>');
  });

  it('fills each issue cell by its worst severity, with one note listing every issue on it, and leaves other cells alone', () => {
    const report = copy.getWorksheet('BaoCao')!;
    expect(fillOf(report.getCell('E15'))).toBe(ISSUE_FILL.error);
    expect(noteOf(report.getCell('E15'))).toMatch(/^Lỗi: CA07 = 7[\s\S]* \[rule\.CA07-eq-DanhSach-rows\]\n\nCảnh báo: CA07: [^\n]* \[cell\.text-number\]$/);
    expect(fillOf(copy.getWorksheet('DanhSach')!.getCell('C3'))).toBe(ISSUE_FILL.warning);
    // E14 and E16 had the very same style object as E15 in exceljs: they must not turn red with it.
    for (const address of ['E14', 'E16']) {
      expect(fillOf(report.getCell(address))).toBe(fillOf(original.getWorksheet('BaoCao')!.getCell(address)));
      expect(report.getCell(address).note).toBeUndefined();
    }
    expect(report.getCell('E15').value).toEqual(original.getWorksheet('BaoCao')!.getCell('E15').value);
  });

  it('marks with a pattern and a border as well as a colour (grey print), unlike the plain cream of input cells', () => {
    const report = copy.getWorksheet('BaoCao')!;
    const error = report.getCell('E15');
    const warning = copy.getWorksheet('DanhSach')!.getCell('C3');
    expect([patternOf(error), error.border?.left?.style]).toEqual([ISSUE_MARK.error.pattern, ISSUE_MARK.error.border]);
    expect([patternOf(warning), warning.border?.top?.style]).toEqual([ISSUE_MARK.warning.pattern, ISSUE_MARK.warning.border]);
    const input = original.getWorksheet('BaoCao')!.getCell('E14');
    expect(patternOf(input)).toBe('solid');
    expect(new Set([fillOf(input), ISSUE_FILL.error, ISSUE_FILL.warning]).size).toBe(3);
  });

  it('leaves infos out: no mark, no row in "Lỗi cần sửa"', () => {
    const rows = copy.getWorksheet(ERRORS_SHEET)!.getColumn(5).values;
    expect(rows).not.toContain('header.stamp-missing');
  });

  it('shows a fraction as typed: 2,5 keeps its decimals instead of the form\'s whole-number format', async () => {
    const wb = await load(ORIGINAL);
    wb.getWorksheet('BaoCao')!.getCell('E10').value = 2.5;
    const issue = makeIssue('error', 'cell.fraction', { ...at, sheet: 'BaoCao', cell: 'E10' }, 'CA01: ô ghi số lẻ (2,5), cần một số nguyên ≥ 0. Nhập số nguyên.');
    const out = await load(await annotateWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), [issue], form, OPTIONS));
    const cell = out.getWorksheet('BaoCao')!.getCell('E10');
    expect([cell.value, cell.numFmt]).toEqual([2.5, AS_TYPED_FORMAT]);
    // A whole number keeps the form's own format.
    expect(out.getWorksheet('BaoCao')!.getCell('E15').numFmt).toBe(original.getWorksheet('BaoCao')!.getCell('E15').numFmt);
  });

  // exceljs does not read internal links back (only those with a relationship): the links are checked in the XML below.
  it('lists the errors first, then the warnings, with the address of each cell', () => {
    const ws = copy.getWorksheet(ERRORS_SHEET)!;
    expect(ws.getRow(4).values).toEqual([undefined, 'Nội dung và cách sửa', 'Ô', 'Sheet', 'Mức độ', 'Mã lỗi']);
    const rows = [5, 6, 7, 8, 9].map((r) => ({
      text: String(ws.getCell(r, 1).value).slice(0, 12),
      place: ws.getCell(r, 2).text,
      sheet: ws.getCell(r, 3).value,
      level: ws.getCell(r, 4).value,
      code: ws.getCell(r, 5).value,
    }));
    expect(rows).toEqual([
      { text: '1. CA07 = 7 ', place: 'E15', sheet: 'BaoCao', level: 'Lỗi', code: 'rule.CA07-eq-DanhSach-rows' },
      { text: '2. Không tìm', place: '', sheet: 'CoSo', level: 'Lỗi', code: 'list.missing' },
      { text: '3. Ô B5 (Ngà', place: 'B5', sheet: 'BaoCao', level: 'Cảnh báo', code: 'header.signed-on-missing' },
      { text: '4. CA07: số ', place: 'E15', sheet: 'BaoCao', level: 'Cảnh báo', code: 'cell.text-number' },
      { text: '5. Số quyết ', place: 'C3', sheet: 'DanhSach', level: 'Cảnh báo', code: 'rule.DanhSach-decision-unique' },
    ]);
    expect(ws.getCell(10, 1).value).toBeNull();
    // The code is last and small; the level carries the mark of the cells it lists.
    expect(ws.getCell(5, 5).font?.size).toBeLessThan(ws.getCell(5, 1).font?.size ?? 0);
    expect(patternOf(ws.getCell(5, 4))).toBe(ISSUE_MARK.error.pattern);
    expect(String(ws.getCell('A2').value)).toMatch(/^2 lỗi .*, 3 cảnh báo /);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(ws.getColumn(1).width).toBe(100);
  });

  it('links each address to its cell with an internal link only (no External relationship Excel would try to open)', () => {
    const p = parts(annotated);
    const hyperlinks = Object.values(p).join('').match(/<hyperlink\b[^>]*>/g) ?? [];
    expect(hyperlinks.map((h) => [/ref="(\w+)"/.exec(h)?.[1], /location="([^"]+)"/.exec(h)?.[1]])).toEqual([
      ['B5', '&apos;BaoCao&apos;!E15'],
      ['B7', '&apos;BaoCao&apos;!B5'],
      ['B8', '&apos;BaoCao&apos;!E15'],
      ['B9', '&apos;DanhSach&apos;!C3'],
    ]);
    for (const h of hyperlinks) expect(h).not.toContain('r:id');
    expect(Object.entries(p).filter(([n]) => n.endsWith('.rels')).map(([, x]) => x).join('')).not.toContain('TargetMode="External"');
  });

  it('removes names, birth years and residences from the police list, notes why in their headers, keeps the other columns', () => {
    const before = original.getWorksheet('DanhSach')!;
    const after = copy.getWorksheet('DanhSach')!;
    const personal: string[] = [];
    for (let r = 2; r <= before.rowCount; r++) {
      for (const col of ['E', 'F', 'H']) {
        const v = before.getCell(`${col}${r}`).value;
        if (v !== null) personal.push(String(v));
        expect(after.getCell(`${col}${r}`).value, `${col}${r}`).toBeNull();
      }
      for (const col of ['B', 'C', 'D', 'G', 'I', 'J']) expect(after.getCell(`${col}${r}`).value).toEqual(before.getCell(`${col}${r}`).value);
    }
    expect(personal.length).toBeGreaterThan(10);
    const text = Object.values(parts(annotated)).join('\n');
    for (const s of personal.filter((x) => x.length > 4)) expect(text).not.toContain(s);
    for (const col of ['E', 'F', 'H']) expect(noteOf(after.getCell(`${col}1`))).toContain('bảo vệ dữ liệu cá nhân');
    expect(after.getCell('E1').value).toBe('Họ và tên');
    expect(String(copy.getWorksheet(ERRORS_SHEET)!.getCell('A3').value)).toContain('Họ và tên, Năm sinh, Nơi cư trú của sheet DanhSach');
  });

  it('also removes a name typed into a kept column, and its copies on other sheets, but no ward list', async () => {
    const wb = await load(ORIGINAL);
    const list = wb.getWorksheet('DanhSach')!;
    const name = String(list.getCell('E3').value);
    list.getCell('G2').value = name; // Giới tính
    list.getCell('C4').value = `${name} 1990`; // Số quyết định
    list.getCell('D5').value = 'Phường Kim Mã'; // a ward, in its column: kept
    list.getCell('D6').value = 'Phường Hàng Bông'; // a ward of another district: an error the police must see, kept
    list.getCell('D7').value = name; // a name in Phường: removed
    list.getCell('I5').value = 'Phường Kim Mã'; // a ward in Hành vi: removed, but the ward lists keep it
    wb.getWorksheet('BaoCao')!.getCell('G9').value = `Đã xử phạt ${name}`;
    const out = await load(await annotateWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), [], form, OPTIONS));
    const after = out.getWorksheet('DanhSach')!;
    for (const address of ['G2', 'C4', 'I5', 'D7']) {
      expect(after.getCell(address).value, address).toBeNull();
      expect(noteOf(after.getCell(address)), address).toContain('không đúng loại của cột');
    }
    expect(after.getCell('D5').value).toBe('Phường Kim Mã');
    expect(after.getCell('D6').value).toBe('Phường Hàng Bông');
    expect(after.getCell('G3').value).toBe(list.getCell('G3').value);
    expect(out.getWorksheet('BaoCao')!.getCell('G9').value).toBeNull();
    const wardList: unknown[] = [];
    out.getWorksheet('DanhMuc')!.getColumn(2).eachCell((c) => void wardList.push(c.value));
    expect(wardList).toContain('Phường Kim Mã');
  });

  it('keeps the data validations of the original, without the duplicated ranges of an exceljs round trip', () => {
    const sqrefs = (bytes: Buffer) =>
      Object.entries(parts(bytes))
        .filter(([n]) => n.startsWith('xl/worksheets/sheet'))
        .flatMap(([, x]) => [...x.matchAll(/<dataValidation\b[^>]*sqref="([^"]+)"/g)].map((m) => m[1]))
        .sort();
    expect(sqrefs(annotated)).toEqual(sqrefs(ORIGINAL));
  });

  it('gives the same bytes for the same input, and replaces its own sheet when a copy is annotated again', async () => {
    expect((await annotateWorkbook(ORIGINAL, ISSUES, form, OPTIONS)).equals(annotated)).toBe(true);
    const again = await load(await annotateWorkbook(annotated, ISSUES.slice(1, 2), form));
    expect(again.worksheets.filter((w) => w.name === ERRORS_SHEET)).toHaveLength(1);
    expect(again.getWorksheet(ERRORS_SHEET)!.getCell('E5').value).toBe('header.signed-on-missing');
  });

  it('unhides the row of an issue cell, so the link lands on a visible cell', async () => {
    const hidden = await load(ORIGINAL);
    hidden.getWorksheet('BaoCao')!.getRow(15).hidden = true;
    const out = await load(await annotateWorkbook(Buffer.from(await hidden.xlsx.writeBuffer()), ISSUES, form));
    expect(out.getWorksheet('BaoCao')!.getRow(15).hidden).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadForms } from '../load/load-forms.ts';
import { makeIssue, type Issue } from '../domain/issue.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { annotateWorkbook, ERRORS_SHEET, ISSUE_FILL } from './annotate-workbook.ts';

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
  makeIssue('warning', 'header.stamp-missing', at, 'Tệp không mang dấu phiên bản.'),
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
const fillOf = (cell: ExcelJS.Cell): string | undefined => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);
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
    expect(noteOf(report.getCell('E15'))).toMatch(/^Lỗi \(rule\.CA07-eq-DanhSach-rows\): CA07 = 7[\s\S]*\n\nCảnh báo \(cell\.text-number\): CA07/);
    expect(fillOf(copy.getWorksheet('DanhSach')!.getCell('C3'))).toBe(ISSUE_FILL.warning);
    // E14 and E16 had the very same style object as E15 in exceljs: they must not turn red with it.
    for (const address of ['E14', 'E16']) {
      expect(fillOf(report.getCell(address))).toBe(fillOf(original.getWorksheet('BaoCao')!.getCell(address)));
      expect(report.getCell(address).note).toBeUndefined();
    }
    expect(report.getCell('E15').value).toEqual(original.getWorksheet('BaoCao')!.getCell('E15').value);
  });

  // exceljs does not read internal links back (only those with a relationship): the links are checked in the XML below.
  it('lists the errors first, then the warnings, with the address of each cell', () => {
    const ws = copy.getWorksheet(ERRORS_SHEET)!;
    expect(ws.getRow(4).values).toEqual([undefined, 'STT', 'Mức độ', 'Sheet', 'Ô', 'Mã lỗi', 'Nội dung và cách sửa']);
    const rows = [5, 6, 7, 8, 9].map((r) => ({
      level: ws.getCell(r, 2).value,
      sheet: ws.getCell(r, 3).value,
      place: ws.getCell(r, 4).text,
      code: ws.getCell(r, 5).value,
    }));
    expect(rows).toEqual([
      { level: 'Lỗi', sheet: 'BaoCao', place: 'E15', code: 'rule.CA07-eq-DanhSach-rows' },
      { level: 'Lỗi', sheet: 'CoSo', place: '', code: 'list.missing' },
      { level: 'Cảnh báo', sheet: '(cả tệp)', place: '', code: 'header.stamp-missing' },
      { level: 'Cảnh báo', sheet: 'BaoCao', place: 'E15', code: 'cell.text-number' },
      { level: 'Cảnh báo', sheet: 'DanhSach', place: 'C3', code: 'rule.DanhSach-decision-unique' },
    ]);
    expect(String(ws.getCell('A2').value)).toContain('2 lỗi');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(ws.getColumn(6).width).toBe(100);
  });

  it('links each address to its cell with an internal link only (no External relationship Excel would try to open)', () => {
    const p = parts(annotated);
    const hyperlinks = Object.values(p).join('').match(/<hyperlink\b[^>]*>/g) ?? [];
    expect(hyperlinks.map((h) => [/ref="(\w+)"/.exec(h)?.[1], /location="([^"]+)"/.exec(h)?.[1]])).toEqual([
      ['D5', '&apos;BaoCao&apos;!E15'],
      ['D8', '&apos;BaoCao&apos;!E15'],
      ['D9', '&apos;DanhSach&apos;!C3'],
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
    list.getCell('I5').value = 'Phường Kim Mã'; // a ward in Hành vi: removed, but the ward lists keep it
    wb.getWorksheet('BaoCao')!.getCell('G9').value = `Đã xử phạt ${name}`;
    const out = await load(await annotateWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), [], form, OPTIONS));
    const after = out.getWorksheet('DanhSach')!;
    for (const address of ['G2', 'C4', 'I5']) {
      expect(after.getCell(address).value, address).toBeNull();
      expect(noteOf(after.getCell(address)), address).toContain('không đúng loại của cột');
    }
    expect(after.getCell('D5').value).toBe('Phường Kim Mã');
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
    const again = await load(await annotateWorkbook(annotated, ISSUES.slice(0, 1), form));
    expect(again.worksheets.filter((w) => w.name === ERRORS_SHEET)).toHaveLength(1);
    expect(again.getWorksheet(ERRORS_SHEET)!.getCell('E5').value).toBe('header.stamp-missing');
  });

  it('unhides the row of an issue cell, so the link lands on a visible cell', async () => {
    const hidden = await load(ORIGINAL);
    hidden.getWorksheet('BaoCao')!.getRow(15).hidden = true;
    const out = await load(await annotateWorkbook(Buffer.from(await hidden.xlsx.writeBuffer()), ISSUES, form));
    expect(out.getWorksheet('BaoCao')!.getRow(15).hidden).toBe(false);
  });
});

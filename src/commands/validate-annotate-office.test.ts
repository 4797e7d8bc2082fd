import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { officeAvailable, runPython, sofficeConvert } from '../../test/support/office.ts';
import { ValidateJsonSchema, type ValidateJson } from './validate-json.ts';

/**
 * The annotated copy of a police workbook with planted errors in DanhSach, through independent readers: openpyxl
 * (comments, first sheet, links, every cell value) and LibreOffice (converts it to PDF). No name, birth year or
 * residence of the original may be left anywhere in the copy.
 */
const hasPython = officeAvailable('bản chú thích: openpyxl', { python: ['openpyxl'] });
const hasOffice = officeAvailable('bản chú thích: LibreOffice', { commands: ['soffice', 'pdftotext'] });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = path.join(root, 'fixtures/2021/2021-03/PCMD-02_2021-03_CA.xlsx');
const FILE = 'PCMD-02_2021-03_CA.xlsx';
let work = '';
let copy = '';
let report: ValidateJson;
const personal: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'baocao-annotate-'));
  const inbox = path.join(work, 'inbox');
  mkdirSync(inbox);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(readFileSync(SOURCE)).buffer);
  const list = wb.getWorksheet('DanhSach')!;
  list.getCell('D2').value = 'Phường Hàng Bông'; // not a ward of the district
  list.getCell('C3').value = list.getCell('C2').value; // a decision number twice
  list.eachRow((row, n) => {
    if (n < 2) return;
    for (const col of ['E', 'H']) personal.push(String(row.getCell(col).value));
  });
  writeFileSync(path.join(inbox, FILE), Buffer.from(await wb.xlsx.writeBuffer()));
  copyFileSync(path.join(root, 'fixtures/bad/rule-KT03-le-KT01/PCMD-01_2021-03_00007.xlsx'), path.join(inbox, 'PCMD-01_2021-03_00007.xlsx'));

  const io = memoryIo();
  const code = await runCli(['validate', inbox, '--json', '--annotate', path.join(work, 'out')], { io, cwd: work });
  expect(code).toBe(1);
  report = ValidateJsonSchema.parse(JSON.parse(io.stdout));
  copy = path.join(work, 'out', FILE);

  // A ward's form with a typed 2,5 (TT01, E10): a fraction the form's whole-number format would show as 3.
  const fraction = path.join(work, 'fraction');
  mkdirSync(fraction);
  copyFileSync(path.join(root, 'fixtures/bad/fractional-number', FRACTION_FILE), path.join(fraction, FRACTION_FILE));
  expect(await runCli(['validate', fraction, '--json', '--annotate', path.join(work, 'out-fraction')], { io: memoryIo(), cwd: work })).toBe(1);
  fractionCopy = path.join(work, 'out-fraction', FRACTION_FILE);
});
const FRACTION_FILE = 'PCMD-01_2021-03_00007.xlsx';
let fractionCopy = '';
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the annotated copy in other readers', () => {
  it('the run found the planted DanhSach errors', () => {
    const onList = report.issues.filter((i) => i.file === FILE && i.sheet === 'DanhSach').map((i) => [i.code, i.cell]);
    expect(onList).toEqual([['rule.DanhSach-ward-known', 'D2'], ['rule.DanhSach-decision-unique', 'C3']]);
    expect(personal.length).toBeGreaterThan(6);
  });

  it.skipIf(!hasPython)('openpyxl finds "Lỗi cần sửa" first and active, a link per issue cell, a comment on each issue cell, and no personal data', () => {
    const out = JSON.parse(runPython(OPENPYXL_SCRIPT, [copy])) as OpenpyxlFacts;
    expect(out.sheets[0]).toBe('Lỗi cần sửa');
    expect(out.active).toBe('Lỗi cần sửa');
    expect(out.freeze).toBe('A5');
    const ownIssues = report.issues.filter((i) => i.file === FILE);
    const withCell = ownIssues.filter((i) => i.cell !== undefined);
    expect(out.links.sort()).toEqual(withCell.map((i) => `'${i.sheet}'!${i.cell}`).sort());
    for (const i of withCell) expect(out.comments[`${i.sheet}!${i.cell}`], `${i.sheet}!${i.cell}`).toContain(i.message);
    expect(out.comments['DanhSach!E1']).toContain('bảo vệ dữ liệu cá nhân');
    const everything = [...out.values, ...Object.values(out.comments)].join('\n');
    for (const s of personal) expect(everything).not.toContain(s);
  });

  it.skipIf(!hasPython)('openpyxl: the typed 2,5 is displayed with its decimals, the marked cell has a pattern, "Lỗi cần sửa" starts with Vietnamese', () => {
    const out = JSON.parse(runPython(MARK_SCRIPT, [fractionCopy])) as MarkFacts;
    expect(out.value).toBe(2.5);
    // The format shows decimals: the whole-number format of the blank form (#,##0) would print 3.
    expect(out.format).toMatch(/0\.0/);
    expect(out.pattern).not.toBe('solid');
    expect(out.pattern).not.toBeNull();
    expect(out.border).not.toBeNull();
    expect(out.header).toBe('Nội dung và cách sửa');
    expect(out.first).toMatch(/^1\. TT01: ô ghi số lẻ \(2,5\), cần một số nguyên ≥ 0/);
    expect(out.first).not.toContain('cell.fraction');
    expect(out.codes).toContain('cell.fraction');
  });

  it.skipIf(!hasOffice)('LibreOffice opens it and prints the "Lỗi cần sửa" sheet, without any personal data', () => {
    const pdf = sofficeConvert(copy, 'pdf', path.join(work, 'pdf'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Lỗi cần sửa trong tệp PCMD-02_2021-03_CA.xlsx');
    expect(text).toContain('rule.DanhSach-ward-known');
    for (const s of personal) expect(text).not.toContain(s);
  });
});

interface OpenpyxlFacts {
  sheets: string[];
  active: string;
  freeze: string | null;
  links: string[];
  comments: Record<string, string>;
  values: string[];
}

const OPENPYXL_SCRIPT = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
first = wb.worksheets[0]
links, comments, values = [], {}, []
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                values.append(str(c.value))
            if c.comment is not None:
                comments[ws.title + '!' + c.coordinate] = c.comment.text
            if ws is first and c.hyperlink is not None:
                links.append(c.hyperlink.location)
print(json.dumps({'sheets': wb.sheetnames, 'active': wb.active.title, 'freeze': first.freeze_panes,
                  'links': links, 'comments': comments, 'values': values}, ensure_ascii=False))
`;

interface MarkFacts {
  value: number;
  format: string;
  pattern: string | null;
  border: string | null;
  header: string;
  first: string;
  codes: string[];
}

const MARK_SCRIPT = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cell = wb['BaoCao']['E10']
sheet = wb['Lỗi cần sửa']
print(json.dumps({'value': cell.value, 'format': cell.number_format, 'pattern': cell.fill.patternType,
                  'border': cell.border.left.style, 'header': sheet['A4'].value, 'first': sheet['A5'].value,
                  'codes': [c.value for c in sheet['E'] if c.value]}, ensure_ascii=False))
`;

import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { readBookBytes } from '../../src/read/read-book.ts';
import { formSheetBounds } from '../../src/read/form-bounds.ts';
import type { Book } from '../../src/read/book.ts';
import { loadForms } from '../../src/load/load-forms.ts';
import { loadDefaultUnits } from '../../src/load/load-units.ts';
import { parseFormBook } from '../../src/parse/parse-form-book.ts';
import { makeFormBook, sampleFilledForm } from '../support/book.ts';
import { withDate1904, writeBookXlsx } from '../support/book-xlsx.ts';
import { readBookWithExceljs } from '../support/exceljs-book.ts';
import { officeAvailable, runPython, sofficeConvert } from '../support/office.ts';

/**
 * The cell reader against the exceljs reader it replaced (kept as an oracle in test/support/exceljs-book.ts):
 * every bundled workbook (the 2021 year, the bad-input corpus) and workbooks generated here (each form filled,
 * both ways of writing the 1904 date system, a zoo of values, copies re-saved by openpyxl and by LibreOffice)
 * must give the same Book when read whole, and the same record and issues when read within the form's bounds.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const forms = loadForms();
const units = loadDefaultUnits();
const bounds = formSheetBounds(Object.values(forms));
const dir = mkdtempSync(path.join(tmpdir(), 'baocao-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function xlsxUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.xlsx'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** A Book as plain data (Maps as objects), so a difference shows cell by cell. */
const plain = (book: Book) => ({ date1904: book.date1904, sheets: book.sheets.map((s) => ({ ...s, cells: Object.fromEntries(s.cells) })) });

async function newBook(bytes: Buffer, withBounds: boolean): Promise<Book> {
  const r = await readBookBytes(bytes, { maxUnpackedMb: 50, displayPath: 'f.xlsx', ...(withBounds ? { sheets: bounds } : {}) });
  if (!r.ok) throw new Error(`${r.issue.code}: ${r.issue.message}`);
  return r.book;
}

const parse = (book: Book) => parseFormBook(book, { forms, units, file: 'f.xlsx', sha256: '0', maxListRows: 5000 });

/** Both readers on one workbook: the same whole Book, and the same parse (record and issues) from the bounded read. */
async function expectSame(bytes: Buffer): Promise<void> {
  const oracle = await readBookWithExceljs(bytes);
  if (!oracle) throw new Error('exceljs could not load it');
  expect(plain(await newBook(bytes, false))).toEqual(plain(oracle));
  expect(parse(await newBook(bytes, true))).toEqual(parse(oracle));
}

const EXCELJS_IS_NO_ORACLE = [
  'merge-bomb', 'merge-whole-column', 'styled-empty-rows', 'stored-number-not-a-number', 'date-stored-as-t-d', 'note-too-long',
  'xml-forbidden-characters', 'terminal-escape-in-unit-name',
];

describe('the cell reader and the exceljs reader agree', () => {
  const year = xlsxUnder(path.join(root, 'fixtures', '2021'));

  it('on all 192 workbooks of the bundled year', async () => {
    expect(year.length).toBe(192);
    for (const file of year) await expectSame(readFileSync(file));
  });

  it('on every workbook of the bad-input corpus that exceljs can open', async () => {
    const bad = xlsxUnder(path.join(root, 'fixtures', 'bad'));
    let compared = 0;
    const refused: string[] = [];
    for (const file of bad) {
      // Issue 13's hostile cases are where exceljs is no oracle: it runs out of memory (merges over the grid, a
      // flood of styled rows), parseFloats stored non-numbers, misreads t="d", keeps what XML forbids and any length.
      if (EXCELJS_IS_NO_ORACLE.some((c) => file.includes(`${path.sep}${c}${path.sep}`))) continue;
      const bytes = readFileSync(file);
      const oracle = await readBookWithExceljs(bytes);
      if (!oracle) continue;
      const r = await readBookBytes(bytes, { maxUnpackedMb: 50, displayPath: 'f.xlsx' });
      if (!r.ok) {
        refused.push(`${path.relative(path.join(root, 'fixtures', 'bad'), file)}: ${r.issue.code}`);
        continue;
      }
      compared++;
      expect({ file, book: plain(r.book) }).toEqual({ file, book: plain(oracle) });
      expect({ file, parsed: parse(await newBook(bytes, true)) }).toEqual({ file, parsed: parse(oracle) });
    }
    // exceljs opens these, but the sniff refused them before exceljs ever saw them (the old reader did the same).
    expect(refused).toEqual(['strict-ooxml/PCMD-01_2021-03_00007.xlsx: file.strict-ooxml']);
    expect(compared).toBeGreaterThanOrEqual(20);
  });

  it('on each form filled in by the test builders, in both 1904 spellings', async () => {
    for (const id of ['PCMD-01', 'PCMD-02', 'PCMD-03'] as const) {
      const bytes = await writeBookXlsx(makeFormBook(sampleFilledForm(id)));
      await expectSame(bytes);
      const in1904 = await writeBookXlsx({ ...makeFormBook(sampleFilledForm(id)), date1904: true });
      await expectSame(withDate1904(in1904, '1'));
      await expectSame(withDate1904(in1904, 'true'));
    }
  });

  it('on a zoo of values: shared formulas, rich text, hyperlinks, merges over stored values, dates in formulas', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('BaoCao');
    ws.getCell('A1').value = 7.25;
    ws.getCell('A2').value = { richText: [{ text: 'Phường ' }, { text: 'Cống Vị', font: { italic: true } }] };
    ws.getCell('A3').value = { text: 'liên kết', hyperlink: 'https://example.invalid/a' };
    ws.getCell('A4').value = { formula: 'A1*2', result: 14.5 };
    ws.getCell('A5').value = { formula: 'A1*3' };
    ws.getCell('A6').value = { formula: 'DATE(2021,3,1)', result: new Date(Date.UTC(2021, 2, 1)) };
    ws.getCell('A6').numFmt = 'd/m/yyyy';
    ws.getCell('A7').value = new Date(Date.UTC(1999, 11, 31));
    ws.getCell('A7').numFmt = 'yyyy-mm-dd hh:mm';
    ws.getCell('A8').value = { error: '#N/A' };
    ws.getCell('A9').value = false;
    ws.getCell('A10').value = 45000;
    ws.getCell('A10').numFmt = '#,##0';
    const master = { formula: '$A$1+B1', result: 1, shareType: 'shared', ref: 'C1:C4' };
    ws.getCell('C1').value = master;
    ws.getCell('C2').value = { sharedFormula: 'C1', result: 2 };
    ws.getCell('C3').value = { sharedFormula: 'C1' };
    ws.getCell('C4').value = { sharedFormula: 'C1' };
    ws.getCell('E1').value = 'gộp';
    ws.getCell('F1').value = 'bị che';
    ws.mergeCells('E1:G2');
    ws.getCell('B30').value = 'Đánh giá chung';
    wb.addWorksheet('Trống');
    await expectSame(Buffer.from(await wb.xlsx.writeBuffer()));
  });

  const hasPython = officeAvailable('đọc lại tệp do openpyxl lưu', { python: ['openpyxl'] });
  it.skipIf(!hasPython)('on a month of the year re-saved by openpyxl (another writer: inline layout, its own styles)', async () => {
    const month = path.join(root, 'fixtures', '2021', '2021-03');
    const out = path.join(dir, 'openpyxl');
    mkdirSync(out, { recursive: true });
    runPython(RESAVE, [month, out]);
    const files = xlsxUnder(out);
    expect(files.length).toBe(16);
    for (const file of files) await expectSame(readFileSync(file));
  });

  const hasOffice = officeAvailable('đọc lại tệp do LibreOffice lưu', { commands: ['soffice'] });
  it.skipIf(!hasOffice)('on a police form re-saved by LibreOffice', async () => {
    const input = path.join(dir, 'ca.xlsx');
    writeFileSync(input, readFileSync(xlsxUnder(path.join(root, 'fixtures', '2021', '2021-03')).find((f) => path.basename(f).startsWith('PCMD-02')) ?? ''));
    await expectSame(readFileSync(sofficeConvert(input, 'xlsx', path.join(dir, 'lo'))));
  });
});

const RESAVE = String.raw`
import os, sys
import openpyxl
src, out = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    if name.endswith('.xlsx'):
        openpyxl.load_workbook(os.path.join(src, name)).save(os.path.join(out, name))
`;

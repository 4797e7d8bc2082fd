import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readBook, readBookBytes, type ReadBookResult } from './read-book.ts';
import type { Book, BookSheet } from './book.ts';
import { loadForms } from '../load/load-forms.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { parseFormBook } from '../parse/parse-form-book.ts';
import { indicatorRow, makeFormBook, sampleFilledForm } from '../../test/support/book.ts';
import { withCellXml, withDate1904, writeBookXlsx } from '../../test/support/book-xlsx.ts';
import { makeDocx, makeEncryptedCfb, makeOds, makeXlsCfb, makeZip, makeZipBomb } from '../../test/support/bad-files.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'baocao-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = { maxUnpackedMb: 5, displayPath: 'inbox/bao-cao.xlsx' };
const fromBytes = (bytes: Buffer): Promise<ReadBookResult> => readBookBytes(bytes, opts);
const bookOf = (r: ReadBookResult): Book => {
  if (!r.ok) throw new Error(`expected a book, got ${r.issue.code}: ${r.issue.message}`);
  return r.book;
};
const sheetOf = (book: Book, name: string): BookSheet => {
  const s = book.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
};
const cellsOf = (sheet: BookSheet) => Object.fromEntries(sheet.cells);

/** One workbook with every kind of value exceljs can hand back (libraries.md §1.2). */
async function zooXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('HuongDan', { state: 'hidden' }).getCell('A1').value = 'Hướng dẫn';
  const ws = wb.addWorksheet('BaoCao');
  wb.addWorksheet('DanhMuc', { state: 'veryHidden' }).getCell('A1').value = 'baocao:PCMD-01:2021.1';
  ws.getCell('A1').value = 12;
  ws.getCell('A2').value = '  có khoảng trắng  ';
  ws.getCell('A3').value = { richText: [{ text: 'Phường ' }, { text: 'Cống Vị', font: { bold: true } }] };
  ws.getCell('A4').value = { text: 'Trang web', hyperlink: 'https://example.invalid' };
  ws.getCell('A5').value = new Date(Date.UTC(2021, 2, 16));
  ws.getCell('A5').numFmt = 'dd/mm/yyyy';
  ws.getCell('A6').value = { formula: 'A1*2', result: 24 };
  ws.getCell('A7').value = { formula: 'A1-A1', result: 0 };
  ws.getCell('A8').value = { formula: 'A1*3' };
  ws.getCell('A9').value = { error: '#REF!' };
  ws.getCell('A10').value = { formula: '1/0', result: { error: '#DIV/0!' } };
  ws.getCell('A11').value = true;
  ws.getCell('A12').value = { formula: '1=2', result: false };
  ws.getCell('A13').value = { formula: 'A5+1', result: new Date(Date.UTC(2021, 2, 17)) };
  ws.getCell('A13').numFmt = 'dd/mm/yyyy';
  ws.getCell('A14').value = { formula: '"a"&"b"', result: 'ab' };
  // exceljs's typings omit the shared-formula master's fields; a variable avoids the excess-property check.
  const sharedMaster = { formula: 'A1+1', result: 13, shareType: 'shared', ref: 'C1:C3' };
  ws.getCell('C1').value = sharedMaster;
  ws.getCell('C2').value = { sharedFormula: 'C1', result: 14 };
  ws.getCell('C3').value = { sharedFormula: 'C1' };
  ws.getCell('B20').value = 'Đánh giá chung gộp ô';
  ws.mergeCells('B20:G20');
  ws.getCell('B21').value = 'Gộp dọc';
  ws.mergeCells('B21:B23');
  ws.getCell('A30').value = 'dòng ẩn';
  ws.getRow(30).hidden = true;
  ws.getCell('A31').value = '';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readBookBytes: normalising cells', async () => {
  const book = bookOf(await fromBytes(await zooXlsx()));
  const report = sheetOf(book, 'BaoCao');
  const cells = cellsOf(report);

  it('keeps sheets in order with their states', () => {
    expect(book.sheets.map((s) => [s.name, s.state])).toEqual([['HuongDan', 'hidden'], ['BaoCao', 'visible'], ['DanhMuc', 'veryHidden']]);
    expect(book.date1904).toBe(false);
  });

  it('reads plain values: numbers, untrimmed text, rich text and hyperlinks as text, dates as ISO days, booleans', () => {
    expect(cells.A1).toEqual({ kind: 'number', value: 12 });
    expect(cells.A2).toEqual({ kind: 'text', value: '  có khoảng trắng  ' });
    expect(cells.A3).toEqual({ kind: 'text', value: 'Phường Cống Vị' });
    expect(cells.A4).toEqual({ kind: 'text', value: 'Trang web' });
    expect(cells.A5).toEqual({ kind: 'date', value: '2021-03-16' });
    expect(cells.A11).toEqual({ kind: 'bool', value: true });
  });

  it('reads formulas by their cached result, keeping a cached 0 and false', () => {
    expect(cells.A6).toEqual({ kind: 'number', value: 24 });
    expect(cells.A7).toEqual({ kind: 'number', value: 0 });
    expect(cells.A12).toEqual({ kind: 'bool', value: false });
    expect(cells.A13).toEqual({ kind: 'date', value: '2021-03-17' });
    expect(cells.A14).toEqual({ kind: 'text', value: 'ab' });
  });

  it('marks formulas without a cached result, shared-formula slaves included', () => {
    expect(cells.A8).toEqual({ kind: 'formula-no-result', formula: 'A1*3' });
    expect(cells.C1).toEqual({ kind: 'number', value: 13 });
    expect(cells.C2).toEqual({ kind: 'number', value: 14 });
    expect(cells.C3).toEqual({ kind: 'formula-no-result', formula: 'A3+1' });
  });

  it('reads error literals and error results as errors', () => {
    expect(cells.A9).toEqual({ kind: 'error', value: '#REF!' });
    expect(cells.A10).toEqual({ kind: 'error', value: '#DIV/0!' });
  });

  it('keeps only the master of a merge and records the ranges', () => {
    expect(cells.B20).toEqual({ kind: 'text', value: 'Đánh giá chung gộp ô' });
    expect(cells.C20).toBeUndefined();
    expect(cells.B22).toBeUndefined();
    expect(report.merges).toEqual(['B20:G20', 'B21:B23']);
  });

  it('reads hidden rows like any other, drops empty strings, and knows the extent', () => {
    expect(cells.A30).toEqual({ kind: 'text', value: 'dòng ẩn' });
    expect(cells.A31).toBeUndefined();
    expect([report.maxRow, report.maxCol]).toEqual([30, 3]);
  });
});

describe('readBookBytes: the 1904 date system', async () => {
  // Written the Excel way (date1904="1", dates stored as 1904 serials), and as LibreOffice writes the flag ("true").
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = true;
  const ws = wb.addWorksheet('BaoCao');
  ws.getCell('B5').value = new Date(Date.UTC(2021, 2, 16));
  ws.getCell('B5').numFmt = 'dd/mm/yyyy';
  ws.getCell('B6').value = { formula: 'B5+1', result: new Date(Date.UTC(2021, 2, 17)) };
  ws.getCell('B6').numFmt = 'dd/mm/yyyy';
  const excel = Buffer.from(await wb.xlsx.writeBuffer());
  const libreOffice = withDate1904(excel, 'true');

  it('reads date1904="1" as exceljs does (no double correction)', async () => {
    const book = bookOf(await fromBytes(excel));
    expect(book.date1904).toBe(true);
    expect(cellsOf(sheetOf(book, 'BaoCao'))).toEqual({ B5: { kind: 'date', value: '2021-03-16' }, B6: { kind: 'date', value: '2021-03-17' } });
  });

  it('corrects date1904="true", which exceljs reads 1462 days early', async () => {
    expect(libreOffice.toString('latin1')).not.toContain('date1904="1"');
    const book = bookOf(await fromBytes(libreOffice));
    expect(book.date1904).toBe(true);
    expect(cellsOf(sheetOf(book, 'BaoCao'))).toEqual({ B5: { kind: 'date', value: '2021-03-16' }, B6: { kind: 'date', value: '2021-03-17' } });
  });

  it('reads a 1900 workbook unchanged', async () => {
    const plain = new ExcelJS.Workbook();
    const s = plain.addWorksheet('BaoCao');
    s.getCell('B5').value = new Date(Date.UTC(2021, 2, 16));
    s.getCell('B5').numFmt = 'dd/mm/yyyy';
    const book = bookOf(await fromBytes(Buffer.from(await plain.xlsx.writeBuffer())));
    expect([book.date1904, cellsOf(sheetOf(book, 'BaoCao')).B5]).toEqual([false, { kind: 'date', value: '2021-03-16' }]);
  });
});

describe('readBookBytes: a filled form end to end', () => {
  const ctx = { forms: loadForms(), units: loadDefaultUnits(), file: 'inbox/bao-cao.xlsx', sha256: '', maxListRows: 100 };

  it.each(['PCMD-01', 'PCMD-02', 'PCMD-03'] as const)('%s gives the same record from xlsx as from the in-memory Book', async (formId) => {
    const book = makeFormBook(sampleFilledForm(formId));
    const hidden = formId === 'PCMD-01' ? [indicatorRow(book, 'KT02'), indicatorRow(book, 'TD01')] : [10];
    const r = await fromBytes(await writeBookXlsx(book, { hiddenRows: { BaoCao: hidden } }));
    const direct = parseFormBook(book, ctx);
    const viaXlsx = parseFormBook(bookOf(r), ctx);
    expect(viaXlsx).toEqual(direct);
    expect(viaXlsx.issues).toEqual([]);
  });

  it('reads value cells of every exceljs kind and reports each problem at its cell', async () => {
    const book = makeFormBook(sampleFilledForm('PCMD-01'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await writeBookXlsx(book)).buffer);
    const ws = wb.getWorksheet('BaoCao');
    if (!ws) throw new Error('no BaoCao');
    const e = (code: string) => `E${indicatorRow(book, code)}`;
    const put: Record<string, ExcelJS.CellValue> = {
      [e('TT01')]: { richText: [{ text: '1.' }, { text: '200', font: { bold: true } }] },
      [e('TT02')]: { formula: 'E9*2', result: 42 },
      [e('TT03')]: { formula: 'E9*3' },
      [e('TT04')]: { error: '#REF!' },
      [e('KT01')]: { formula: '1/0', result: { error: '#DIV/0!' } },
      [e('KT02')]: { text: '7', hyperlink: 'https://example.invalid' },
      [e('KT03')]: new Date(Date.UTC(2021, 2, 5)),
    };
    for (const [address, value] of Object.entries(put)) ws.getCell(address).value = value;
    const r = await fromBytes(Buffer.from(await wb.xlsx.writeBuffer()));
    const parsed = parseFormBook(bookOf(r), ctx);
    const v = (code: string) => parsed.record?.values[code]?.value;
    expect([v('TT01'), v('TT02'), v('TT03'), v('TT04'), v('KT01'), v('KT02'), v('KT03')]).toEqual([1200, 42, null, null, null, 7, null]);
    expect(parsed.issues.map((i) => [i.code, i.cell])).toEqual([
      ['cell.text-number', e('TT01')],
      ['cell.formula-no-result', e('TT03')],
      ['cell.error-value', e('TT04')],
      ['cell.error-value', e('KT01')],
      ['cell.text-number', e('KT02')],
      ['cell.not-number', e('KT03')],
    ]);
  });

  it('reports a formula cell saved without a <v> (as openpyxl writes them) as a formula without result', async () => {
    const book = makeFormBook(sampleFilledForm('PCMD-01'));
    const row = indicatorRow(book, 'KT02');
    const xlsx = withCellXml(await writeBookXlsx(book), 'xl/worksheets/sheet2.xml', `E${row}`, `<c r="E${row}" t="str"><f>"12"</f></c>`);
    const parsed = parseFormBook(bookOf(await fromBytes(xlsx)), ctx);
    expect(parsed.issues.map((i) => [i.code, i.cell])).toEqual([['cell.formula-no-result', `E${row}`]]);
  });
});

describe('readBookBytes: files that are not workbooks', () => {
  it.each([
    ['empty', Buffer.alloc(0), 'file.empty'],
    ['xls', makeXlsCfb(), 'file.xls'],
    ['encrypted', makeEncryptedCfb(), 'file.encrypted'],
    ['ods', makeOds(), 'file.ods'],
    ['docx', makeDocx(), 'file.not-workbook'],
    ['csv', Buffer.from('Mã,Giá trị\nTT01,5\n'), 'file.csv'],
    ['zip bomb', makeZipBomb(6), 'file.too-large'],
    ['broken workbook.xml', makeZip({ 'xl/workbook.xml': '<not xml' }), 'file.corrupt'],
  ])('%s → %s with the file and a hash', async (_case, bytes, code) => {
    const r = await fromBytes(bytes);
    expect(r.ok ? 'ok' : [r.issue.code, r.issue.file, r.issue.severity]).toEqual([code, 'inbox/bao-cao.xlsx', 'error']);
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('never throws on damaged bytes', async () => {
    const good = await writeBookXlsx(makeFormBook(sampleFilledForm('PCMD-01')));
    for (const cut of [0.1, 0.5, 0.9, 0.99]) {
      const r = await fromBytes(good.subarray(0, Math.floor(good.length * cut)));
      expect(r.ok ? 'ok' : r.issue.code).toBe('file.corrupt');
    }
    const flipped = Buffer.from(good);
    for (let i = 200; i < flipped.length - 200; i += 97) flipped[i] = (flipped[i] ?? 0) ^ 0xff;
    const r = await fromBytes(flipped);
    expect(r.ok ? 'ok' : r.issue.code).toBe('file.corrupt');
  });
});

describe('readBook: the file system', () => {
  it('reads a file, hashing its bytes, and shows the display path', async () => {
    const bytes = await writeBookXlsx(makeFormBook(sampleFilledForm('PCMD-03')));
    const file = path.join(dir, 'doi-178.xlsx');
    writeFileSync(file, bytes);
    const r = await readBook(file, { maxUnpackedMb: 5 });
    expect(r.ok && r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const empty = path.join(dir, 'rong.xlsx');
    writeFileSync(empty, '');
    const e = await readBook(empty, { maxUnpackedMb: 5 });
    expect(!e.ok && [e.issue.code, e.issue.file]).toEqual(['file.empty', 'rong.xlsx']);
  });

  it('turns a missing file or a folder into file.unreadable, without a hash', async () => {
    const missing = await readBook(path.join(dir, 'khong-co.xlsx'), { maxUnpackedMb: 5, displayPath: 'khong-co.xlsx' });
    expect(!missing.ok && [missing.issue.code, missing.issue.file, missing.sha256]).toEqual(['file.unreadable', 'khong-co.xlsx', null]);
    expect(!missing.ok && missing.issue.message).toContain('không có tệp hoặc thư mục này');
    mkdirSync(path.join(dir, 'thu-muc.xlsx'));
    const folder = await readBook(path.join(dir, 'thu-muc.xlsx'), { maxUnpackedMb: 5 });
    expect(!folder.ok && folder.issue.code).toBe('file.unreadable');
    expect(!folder.ok && folder.issue.message).toContain('thư mục');
  });

  it('refuses a file larger than the unpacked limit without reading it', async () => {
    const big = path.join(dir, 'lon.xlsx');
    writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 1));
    const r = await readBook(big, { maxUnpackedMb: 1 });
    expect(!r.ok && [r.issue.code, r.sha256]).toEqual(['file.too-large', null]);
  });
});

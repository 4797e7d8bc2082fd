import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { sniffWorkbook } from './sniff.ts';
import { readBookBytes } from './read-book.ts';
import { readZipDirectory } from '../common/zip-directory.ts';
import { listCfbNames } from './_cfb.ts';
import { makeBook } from '../../test/support/book.ts';
import { patchZip, withDate1904, writeBookXlsx } from '../../test/support/book-xlsx.ts';
import { makeCfb, makeDocx, makeEncryptedCfb, makeOds, makePptx, makeXlsCfb, makeZip, makeZipBomb } from '../../test/support/bad-files.ts';

const sniff = (bytes: Buffer, file = 'phuong/bao-cao.xlsx', maxUnpackedMb = 50) => sniffWorkbook(bytes, { file, maxUnpackedMb });
const codeOf = (r: ReturnType<typeof sniff>) => (r.ok ? 'ok' : r.issue.code);
const xlsx = await writeBookXlsx(makeBook({ BaoCao: { A1: 'Biểu mẫu', B1: 'PCMD-01' } }));

describe('sniffWorkbook', () => {
  it('accepts an .xlsx and reports its date system', () => {
    expect(sniff(xlsx)).toMatchObject({ ok: true, date1904: false });
    expect(sniff(withDate1904(xlsx, '1'))).toMatchObject({ ok: true, date1904: true });
    expect(sniff(withDate1904(xlsx, 'true'))).toMatchObject({ ok: true, date1904: true });
  });

  it('refuses a zero-byte file', () => {
    const r = sniff(Buffer.alloc(0));
    expect(codeOf(r)).toBe('file.empty');
    expect(!r.ok && r.issue.file).toBe('phuong/bao-cao.xlsx');
  });

  it('tells an .xls from a password-protected .xlsx by the CFB directory', () => {
    expect(listCfbNames(makeXlsCfb())).toEqual(['Root Entry', 'Workbook', '\u0005SummaryInformation']);
    expect(codeOf(sniff(makeXlsCfb(), 'a.xls'))).toBe('file.xls');
    expect(codeOf(sniff(makeEncryptedCfb()))).toBe('file.encrypted');
  });

  it('still recognises encryption when the CFB directory is damaged', () => {
    const broken = makeEncryptedCfb();
    broken.writeUInt16LE(7, 0x1e); // an impossible sector size
    expect(codeOf(sniff(broken))).toBe('file.encrypted');
    expect(codeOf(sniff(makeCfb(['Workbook']).subarray(0, 100)))).toBe('file.xls');
  });

  it('recognises .ods, .docx, .pptx and a plain zip renamed to .xlsx', () => {
    expect(codeOf(sniff(makeOds()))).toBe('file.ods');
    const docx = sniff(makeDocx());
    expect(codeOf(docx)).toBe('file.not-workbook');
    expect(!docx.ok && docx.issue.message).toContain('Word (.docx)');
    expect(!sniff(makePptx()).ok && codeOf(sniff(makePptx()))).toBe('file.not-workbook');
    const zip = sniff(makeZip({ 'a.txt': 'hello' }));
    expect(!zip.ok && zip.issue.message).toContain('.zip');
  });

  it('reports a truncated zip as corrupt', () => {
    expect(codeOf(sniff(xlsx.subarray(0, Math.floor(xlsx.length / 2))))).toBe('file.corrupt');
    expect(codeOf(sniff(xlsx.subarray(0, xlsx.length - 10)))).toBe('file.corrupt');
  });

  it('refuses a zip bomb before parsing, naming the limit', () => {
    const bomb = makeZipBomb(6);
    expect(bomb.length).toBeLessThan(20_000);
    const r = sniff(bomb, 'bomb.xlsx', 5);
    expect(codeOf(r)).toBe('file.too-large');
    expect(!r.ok && r.issue.message).toContain('7 MB');
    expect(!r.ok && r.issue.message).toContain('5 MB');
    expect(codeOf(sniff(bomb, 'bomb.xlsx', 10))).toBe('ok');
  });

  it('refuses, when the reader gets to it, a part that unpacks to more than its entry declares', async () => {
    // The sniff reads the directory only (the declared total is small); the sheet part is inflated when read,
    // bounded by the 1,000 bytes it declares, and refused there instead of being unpacked to 2 MB.
    const bomb = makeZipBomb(2);
    const dirStart = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const lying = Buffer.from(bomb);
    lying.writeUInt32LE(1000, dirStart + 24);
    expect(codeOf(sniff(lying, 'bomb.xlsx', 1))).toBe('ok');
    const real = Buffer.from(xlsx);
    const dir = readZipDirectory(real);
    const sheet = dir.ok ? dir.entries.find((e) => e.name === 'xl/worksheets/sheet1.xml') : undefined;
    if (!sheet) throw new Error('no sheet1.xml');
    real.writeUInt32LE(20, sheet.centralOffset + 24);
    const r = await readBookBytes(real, { maxUnpackedMb: 1, displayPath: 'bomb.xlsx' });
    expect(r.ok ? 'ok' : r.issue.code).toBe('file.corrupt');
    expect(r.ok ? '' : r.issue.message).toContain('xl/worksheets/sheet1.xml');
  });

  it('refuses Strict Open XML', () => {
    const strict = patchZip(xlsx, (f) =>
      f.set('xl/workbook.xml', (f.get('xl/workbook.xml') ?? '').replaceAll('http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main')),
    );
    expect(codeOf(sniff(strict))).toBe('file.strict-ooxml');
  });

  it('recognises CSV by content or by name, and nothing else as CSV', () => {
    expect(codeOf(sniff(Buffer.from('Mã,Giá trị\nTT01,5\n'), 'bao-cao.xlsx'))).toBe('file.csv');
    expect(codeOf(sniff(Buffer.from('\uFEFFMã;Giá trị\r\nTT01;5\r\n'), 'x.xlsx'))).toBe('file.csv');
    expect(codeOf(sniff(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Mã\tGiá trị\nTT01\t5\n', 'utf16le')]), 'x.txt'))).toBe('file.csv');
    expect(codeOf(sniff(Buffer.from('chỉ một dòng chữ'), 'bao-cao.csv'))).toBe('file.csv');
    expect(codeOf(sniff(Buffer.from('<html><table><tr><td>1,2</td></tr></table></html>'), 'bao-cao.xls'))).toBe('file.unknown-type');
  });

  it('calls anything else an unknown type, quoting the extension', () => {
    const pdf = sniff(Buffer.from('%PDF-1.4\n\u0000\u0001\u0002binary'), 'bao-cao.pdf');
    expect(codeOf(pdf)).toBe('file.unknown-type');
    expect(!pdf.ok && pdf.issue.message).toContain('".pdf"');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(codeOf(sniff(png, 'anh'))).toBe('file.unknown-type');
  });

  it('handles a zip with stored entries and directories', () => {
    const stored = patchZip(xlsx, () => undefined);
    expect(codeOf(sniff(stored))).toBe('ok');
    const withDir = Buffer.from(zipSync({ 'xl/': new Uint8Array(0), 'xl/workbook.xml': [strToU8('<workbook/>'), { level: 0 }] }));
    expect(codeOf(sniff(withDir))).toBe('ok');
  });
});

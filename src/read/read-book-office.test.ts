import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { readBookBytes } from './read-book.ts';
import { makeFormBook, sampleFilledForm } from '../../test/support/book.ts';
import { writeBookXlsx } from '../../test/support/book-xlsx.ts';
import { officeAvailable, sofficeConvert } from '../../test/support/office.ts';

const hasOffice = officeAvailable('đọc tệp do LibreOffice lưu (hệ ngày 1904)', { commands: ['soffice'] });
const dir = mkdtempSync(path.join(tmpdir(), 'baocao-read-lo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBook on a workbook saved by LibreOffice', () => {
  // The bug this guards against (libraries.md §1.2): LibreOffice writes date1904="true", which exceljs ignores.
  it.skipIf(!hasOffice)('reads the same dates from a 1904 workbook before and after LibreOffice saves it', async () => {
    const bytes = await writeBookXlsx({ ...makeFormBook(sampleFilledForm('PCMD-02')), date1904: true });
    const input = path.join(dir, 'ca-1904.xlsx');
    writeFileSync(input, bytes);
    const saved = readFileSync(sofficeConvert(input, 'xlsx', path.join(dir, 'out')));
    const workbookXml = strFromU8(unzipSync(new Uint8Array(saved))['xl/workbook.xml'] ?? new Uint8Array());
    expect(workbookXml).toMatch(/date1904="true"/);
    const dates = async (b: Buffer) => {
      const r = await readBookBytes(b, { maxUnpackedMb: 50, displayPath: 'ca-1904.xlsx' });
      if (!r.ok) throw new Error(r.issue.code);
      const cell = (sheet: string, address: string) => r.book.sheets.find((s) => s.name === sheet)?.cells.get(address);
      return [r.book.date1904, cell('BaoCao', 'B5'), cell('DanhSach', 'B2'), cell('DanhSach', 'B3')];
    };
    const expected = [true, { kind: 'date', value: '2021-03-16' }, { kind: 'date', value: '2021-03-02' }, { kind: 'date', value: '2021-03-05' }];
    expect(await dates(bytes)).toEqual(expected);
    expect(await dates(saved)).toEqual(expected);
  });
});

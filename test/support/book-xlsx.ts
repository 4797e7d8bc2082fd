import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Book } from '../../src/read/book.ts';

/**
 * Real .xlsx bytes for read-edge tests: a Book written back with exceljs (the inverse of readBook, as far as
 * the format allows), and small byte-level patches of a written file (date1904="true", Strict namespaces…).
 */

export interface WriteBookOptions {
  /** Rows to hide, by sheet name (hidden rows must not change what is read). */
  readonly hiddenRows?: Readonly<Record<string, readonly number[]>>;
}

/** Writes a Book as .xlsx: dates get a date format, errors are error literals, formula-no-result a bare `<f>`. */
export async function writeBookXlsx(book: Book, opts: WriteBookOptions = {}): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2021, 0, 1));
  if (book.date1904) wb.properties.date1904 = true;
  for (const sheet of book.sheets) {
    const ws = wb.addWorksheet(sheet.name, { state: sheet.state });
    for (const [address, v] of sheet.cells) {
      const cell = ws.getCell(address);
      switch (v.kind) {
        case 'empty':
          break;
        case 'number':
        case 'text':
        case 'bool':
          cell.value = v.value;
          break;
        case 'date':
          cell.value = new Date(`${v.value}T00:00:00Z`);
          cell.numFmt = 'dd/mm/yyyy';
          break;
        case 'error':
          cell.value = { error: v.value as '#REF!' };
          break;
        case 'formula-no-result':
          cell.value = { formula: v.formula };
          break;
      }
    }
    for (const range of sheet.merges) ws.mergeCells(range);
    for (const row of opts.hiddenRows?.[sheet.name] ?? []) ws.getRow(row).hidden = true;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rewrites some entries of a zip (text entries, by name); `null` deletes an entry. */
export function patchZip(zip: Buffer, patch: (files: Map<string, string>) => void): Buffer {
  const raw = unzipSync(new Uint8Array(zip));
  const text = new Map(Object.entries(raw).map(([name, data]) => [name, strFromU8(data)]));
  patch(text);
  return Buffer.from(zipSync(Object.fromEntries([...text].map(([name, data]) => [name, strToU8(data)]))));
}

/** Sets `date1904` on workbookPr the way a given program writes it: `"1"` (Excel) or `"true"` (LibreOffice). */
export const withDate1904 = (xlsx: Buffer, value: '1' | 'true'): Buffer =>
  patchZip(xlsx, (files) => {
    const xml = files.get('xl/workbook.xml') ?? '';
    const without = xml.replace(/(<workbookPr\b[^>]*?)\s+date1904="[^"]*"/, '$1');
    files.set('xl/workbook.xml', without.replace(/<workbookPr\b([^>]*?)\s*\/>/, `<workbookPr$1 date1904="${value}"/>`));
  });

/** Replaces a cell's XML in a sheet part, for what exceljs cannot write (a cached boolean false, an empty string result). */
export const withCellXml = (xlsx: Buffer, sheetPart: string, address: string, xml: string): Buffer =>
  patchZip(xlsx, (files) => {
    const sheet = files.get(sheetPart) ?? '';
    const re = new RegExp(`<c r="${address}"[^>]*?(?:/>|>.*?</c>)`);
    files.set(sheetPart, sheet.replace(re, xml));
  });

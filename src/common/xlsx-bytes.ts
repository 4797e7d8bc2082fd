import type { Workbook } from 'exceljs';
import { pinZipTimestamps } from './zip-directory.ts';

/**
 * A new workbook of ours, dated `dated` (ISO day, UTC midnight) instead of now, so that the same input gives the
 * same bytes. exceljs is imported here, lazily: only the commands that write workbooks pay for it.
 */
export async function newWorkbook(o: { dated: string; title?: string; keywords?: string }): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const stamp = new Date(`${o.dated}T00:00:00Z`);
  wb.creator = 'baocao';
  wb.lastModifiedBy = 'baocao';
  wb.created = stamp;
  wb.modified = stamp;
  if (o.title !== undefined) wb.title = o.title;
  if (o.keywords !== undefined) wb.keywords = o.keywords;
  return wb;
}

/** The workbook's bytes with every zip entry time pinned (exceljs stamps them with the clock). */
export async function workbookBytes(wb: Workbook): Promise<Buffer> {
  return pinZipTimestamps(Buffer.from(await wb.xlsx.writeBuffer()));
}

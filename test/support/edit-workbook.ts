import { writeFileSync } from 'node:fs';
import { locateCodeRows } from '../../tools/fixtures/fill-form.ts';

/**
 * Edits a filled form in place, as a clerk would in Excel: value cells (column E) of BaoCao by indicator code (null empties
 * one), any other cell by address (`B4`). Returns the address of each cell written.
 */
export async function editWorkbook(file: string, values: Readonly<Record<string, number | string | null>>): Promise<Record<string, string>> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('BaoCao');
  if (!ws) throw new Error(`no BaoCao in ${file}`);
  const rows = locateCodeRows(ws);
  const cells: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const address = /^[A-Z]{2}\d{2}$/.test(key) ? `E${rows.get(key) ?? 0}` : key;
    ws.getCell(address).value = value;
    cells[key] = address;
  }
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return cells;
}

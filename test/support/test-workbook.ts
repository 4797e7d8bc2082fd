import type { Workbook } from 'exceljs';
import type { FormId } from '../../src/domain/form-schema.ts';
import { loadForms } from '../../src/load/load-forms.ts';
import { parsePeriodId, periodWindow, type Period } from '../../src/domain/period.ts';
import { loadDefaultUnits } from '../../src/load/load-units.ts';
import { FORM_OF_KIND, unitsValidOn, type Unit } from '../../src/domain/units.ts';
import { extractEntry, readZipDirectory } from '../../src/common/zip-directory.ts';
import type { BlankFormOptions } from '../../src/blank-forms/render-blank-form.ts';

/** Test support for the forms-writer tests: blank-form options for a unit code, and ways to look inside the bytes. */

export const MARCH_2021: Period = parsePeriodId('2021-03') ?? (() => { throw new Error('bad period'); })();

/** Options for the blank form of `unitCode` in March 2021 (Decree 09 window). */
export function blankOptionsFor(unitCode: string, period: Period = MARCH_2021): BlankFormOptions {
  const units = unitsValidOn(loadDefaultUnits(), '2021-03-31');
  const unit: Unit | undefined = units.find((u) => u.code === unitCode);
  if (!unit) throw new Error(`no unit ${unitCode}`);
  const window = periodWindow(period, 'decree-09');
  const form = loadForms()[FORM_OF_KIND[unit.kind]];
  return { form, unit, period, wards: units.filter((u) => u.kind === 'ward'), createdOn: window.to, window, deadline: '2021-03-17' };
}

export const UNIT_OF_FORM: Record<FormId, string> = { 'PCMD-01': '00007', 'PCMD-02': 'CA', 'PCMD-03': 'D178' };

export async function loadWorkbook(bytes: Buffer): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
}

/** The XML text of every part of the zip whose name matches. */
export function zipParts(bytes: Buffer, name: RegExp): Map<string, string> {
  const dir = readZipDirectory(bytes);
  if (!dir.ok) throw new Error(`not a zip: ${dir.reason}`);
  const parts = new Map<string, string>();
  for (const e of dir.entries) {
    if (!name.test(e.name)) continue;
    const data = extractEntry(bytes, e, 10 * 1024 * 1024);
    if (!data) throw new Error(`cannot extract ${e.name}`);
    parts.set(e.name, data.toString('utf8'));
  }
  return parts;
}

/** exceljs reads a locked cell (Excel's default) back with no protection at all. */
export const isLocked = (cell: { protection?: Partial<{ locked: boolean }> }): boolean => cell.protection?.locked !== false;

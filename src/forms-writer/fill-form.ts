import type { Worksheet } from 'exceljs';
import type { Form } from '../forms/form-schema.ts';
import { indicatorsOf } from '../forms/load-forms.ts';
import { COL, HEADER, LIST_FIRST_ROW, TEXT_ROWS, type TextKey } from '../forms/layout.ts';
import { workbookBytes } from '../render/xlsx-bytes.ts';
import { compactValidations } from './_compact-validations.ts';
import type { FilledForm } from './filled-form.ts';
import { utcMidnight } from './render-blank-form.ts';

/**
 * Fills a blank form the way a clerk would, and returns the .xlsx bytes. Indicator rows are found by
 * the code in column B and text rows by their label in column A, never by row number, so a blank whose
 * rows were moved (a clerk inserted one) is filled correctly. `null` leaves a cell empty ("not reported").
 * Used by the fixture generator and the tests; a FilledForm that does not fit the form is a bug and throws.
 */
export async function fillForm(blank: Buffer, filled: FilledForm, form: Form): Promise<Buffer> {
  if (filled.formId !== form.id) throw new Error(`fillForm: a ${filled.formId} filling given with the ${form.id} definition`);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  // A copy as a plain ArrayBuffer: exceljs types `load` with its own Buffer interface, which Node's Buffer does not satisfy.
  await wb.xlsx.load(new Uint8Array(blank).buffer);
  const ws = wb.getWorksheet(form.sheet);
  if (!ws) throw new Error(`fillForm: the blank has no sheet ${form.sheet}`);

  // Header: the blank has B2–B4 prefilled; a filling may say otherwise (a name typed without diacritics…).
  ws.getCell(HEADER.unitName.row, 2).value = filled.unitName;
  ws.getCell(HEADER.unitCode.row, 2).value = filled.unitCode;
  ws.getCell(HEADER.period.row, 2).value = filled.period;
  ws.getCell(HEADER.signedOn.row, 2).value = filled.signedOn === null ? null : utcMidnight(filled.signedOn);
  ws.getCell(HEADER.preparer.row, 2).value = filled.preparer || null;

  const rows = locateCodeRows(ws);
  const known = new Set(indicatorsOf(form).map((i) => i.code));
  const write = (column: number, entries: Readonly<Record<string, number | string | null>> | undefined) => {
    for (const [code, value] of Object.entries(entries ?? {})) {
      const row = rows.get(code);
      if (!known.has(code) || row === undefined) throw new Error(`fillForm: ${form.id} has no row for indicator ${code}`);
      if (value !== null) ws.getCell(row, column).value = value;
    }
  };
  write(COL.value, filled.values);
  write(COL.yearToDate, filled.yearToDate);
  write(COL.note, filled.notes);

  const textRows = locateTextRows(ws);
  for (const [key, text] of Object.entries(filled.texts ?? {}) as [TextKey, string | undefined][]) {
    const row = textRows.get(key);
    if (row === undefined) throw new Error(`fillForm: no row labelled "${TEXT_ROWS[key]}"`);
    if (text !== undefined) ws.getCell(row, COL.code).value = text;
  }

  for (const [sheet, records] of Object.entries(filled.lists ?? {})) fillList(wb.getWorksheet(sheet), sheet, records, form);

  wb.worksheets.forEach(compactValidations);
  return workbookBytes(wb);
}

/** Row of each indicator code in column B of the report sheet (the first row holding it). */
export function locateCodeRows(ws: Worksheet): Map<string, number> {
  const rows = new Map<string, number>();
  ws.eachRow((row, n) => {
    const v = row.getCell(COL.code).value;
    if (typeof v === 'string' && /^[A-Z]{2}\d{2}$/.test(v.trim()) && !rows.has(v.trim())) rows.set(v.trim(), n);
  });
  return rows;
}

/** Row of each free-text field, found by its label in column A. */
export function locateTextRows(ws: Worksheet): Map<TextKey, number> {
  const byLabel = new Map<string, TextKey>(Object.entries(TEXT_ROWS).map(([k, label]) => [label, k as TextKey]));
  const rows = new Map<TextKey, number>();
  ws.eachRow((row, n) => {
    const v = row.getCell(COL.stt).value;
    const key = typeof v === 'string' ? byLabel.get(v.trim().normalize('NFC')) : undefined;
    if (key && !rows.has(key)) rows.set(key, n);
  });
  return rows;
}

// --- internal ---

type ListRecord = Readonly<Record<string, string | number | null>>;

function fillList(ws: Worksheet | undefined, sheet: string, records: readonly ListRecord[], form: Form): void {
  const def = form.lists.find((l) => l.sheet === sheet);
  if (!ws || !def) throw new Error(`fillForm: ${form.id} has no list sheet ${sheet}`);
  const columns = new Map(def.columns.map((c, i) => [c.key, { def: c, col: i + 1 }]));
  records.forEach((record, i) => {
    for (const [key, value] of Object.entries(record)) {
      const column = columns.get(key);
      if (!column) throw new Error(`fillForm: list ${sheet} has no column ${key}`);
      if (value === null) continue;
      const cell = ws.getCell(LIST_FIRST_ROW + i, column.col);
      // Dates as real Excel dates; a date column given something that is not an ISO day keeps it as typed.
      cell.value = column.def.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? utcMidnight(value) : value;
    }
  });
}

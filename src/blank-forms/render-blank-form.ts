import type { Workbook } from 'exceljs';
import type { Form } from '../domain/form-schema.ts';
import { INSTRUCTIONS_SHEET } from '../domain/form-layout.ts';
import type { DateWindow, Period } from '../domain/period.ts';
import type { Unit } from '../domain/units.ts';
import { newWorkbook, workbookBytes } from '../common/xlsx-bytes.ts';
import { instructionLines, type InstructionLine } from './_instructions.ts';
import { addListSheet, addMetaSheet } from './_list-sheets.ts';
import { addReportSheet } from './_report-sheet.ts';
import { BOLD, FONT, LINE_HEIGHT, PAGE_FOOTER, WRAP_TOP, a4Setup, linesFor, styleCell } from './_sheet-style.ts';

export interface BlankFormOptions {
  readonly form: Form;
  /** The unit the form is for: its canonical name and code are prefilled in B2/B3. */
  readonly unit: Unit;
  readonly period: Period;
  /** The wards valid in the period, in registry order: the dropdown of every `ward` column. */
  readonly wards: readonly Unit[];
  /** ISO day written as the workbook's created/modified date. Same input, same bytes: pass a date derived from the period. */
  readonly createdOn: string;
  /** The period's data window, printed under the title and in the instructions when given. */
  readonly window?: DateWindow | undefined;
  /** ISO day the form is due, printed in the instructions when given. */
  readonly deadline?: string | undefined;
  /** Who receives the filled form (instructions sheet). */
  readonly sendTo?: string | undefined;
}

export const DEFAULT_SEND_TO = 'Phòng Lao động - Thương binh và Xã hội quận';

/**
 * Builds a blank form as .xlsx bytes: `HuongDan`, `BaoCao`, the form's list sheets, and the very hidden
 * `DanhMuc` (stamp and dropdown lists). Everything about the form comes from its definition, every
 * position from src/forms/layout.ts. No file system, no clock: the same options give the same bytes.
 */
export async function renderBlankForm(options: BlankFormOptions): Promise<Buffer> {
  const wb = await newWorkbook({ dated: options.createdOn });

  addInstructionsSheet(wb, instructionLines({ ...options, sendTo: options.sendTo ?? DEFAULT_SEND_TO }));
  await addReportSheet(wb, options);
  for (const list of options.form.lists) {
    const ws = addListSheet(wb, list);
    await ws.protect('', {
      selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true,
      insertRows: true, deleteRows: true, sort: true, autoFilter: true,
    });
  }
  addMetaSheet(wb, options.form, options.wards);
  // BaoCao (the second sheet) is the tab that shows when the file opens.
  wb.views = [{ x: 0, y: 0, width: 28800, height: 17000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];

  return workbookBytes(wb);
}

/** `2021-03-14` → the Date exceljs writes as that day (UTC midnight, as exceljs reads dates back). */
export function utcMidnight(iso: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

// --- internal ---

// LibreOffice never scales a one-column sheet to fit (a single column cannot break across pages), so the
// column itself must fit the A4 portrait page at 100%.
const INSTRUCTIONS_WIDTH = 85;

function addInstructionsSheet(wb: Workbook, lines: readonly InstructionLine[]): void {
  const ws = wb.addWorksheet(INSTRUCTIONS_SHEET, { pageSetup: a4Setup('portrait'), headerFooter: { oddFooter: PAGE_FOOTER } });
  ws.getColumn(1).width = INSTRUCTIONS_WIDTH;
  let row = 1;
  for (const line of lines) {
    if (line.kind === 'heading') row++; // a blank line before each heading
    const cell = ws.getCell(row, 1);
    cell.value = line.text;
    const font = line.kind === 'title' ? { ...BOLD, size: 14 } : line.kind === 'heading' ? BOLD : FONT;
    styleCell(cell, { font, alignment: WRAP_TOP });
    ws.getRow(row).height = LINE_HEIGHT * linesFor(line.text, INSTRUCTIONS_WIDTH) + 4;
    row++;
  }
}

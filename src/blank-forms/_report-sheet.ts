import type { DataValidation, Workbook, Worksheet } from 'exceljs';
import { maxOf } from '../domain/value-limits.ts';
import type { Form, Indicator } from '../domain/form-schema.ts';
import { COL, FIRST_TABLE_ROW, HEADER, TABLE_COLUMNS, TABLE_HEADER_ROW, TEXT_ROWS, type HeaderField } from '../domain/form-layout.ts';
import { formatDateVi } from '../common/vi-format.ts';
import { periodLabelVi, type DateWindow, type Period } from '../domain/period.ts';
import type { Unit } from '../domain/units.ts';
import {
  BOLD, BORDER, CENTER, DATE_FORMAT, FONT, HEADER_FILL, INPUT_FILL, LINE_HEIGHT, MIDDLE, NUMBER_FORMAT, SECTION_FILL,
  TEXT_FORMAT, WRAP_TOP, PAGE_FOOTER, a4Setup, linesFor, styleCell, type CellLook,
} from './_sheet-style.ts';

/** Widths of columns A–G in characters; A also carries the header labels and the text-row labels. */
const WIDTHS = [15, 12, 50, 12, 14, 14, 22] as const;
/** Upper bound for money validation when the definition gives none: a trillion đồng. */
const TEXT_ROW_LINES = 5;

export interface ReportSheetInput {
  readonly form: Form;
  readonly unit: Unit;
  readonly period: Period;
  readonly window?: DateWindow | undefined;
}

/**
 * The `BaoCao` sheet: header block A1:B6, table header in row 8, a section row per titled section and
 * one row per indicator from row 9, then the free-text rows. Prefilled header cells (form, unit, code,
 * period) are locked; B5 (date), B6 (preparer), E/F/G of each indicator and the text rows are unlocked.
 */
export async function addReportSheet(wb: Workbook, input: ReportSheetInput): Promise<Worksheet> {
  const { form, unit, period } = input;
  // `tabSelected` goes with the workbook's activeTab; exceljs writes it but its typings leave it out.
  const view = { tabSelected: true, activeCell: `B${HEADER.signedOn.row}` };
  const ws = wb.addWorksheet(form.sheet, {
    views: [view],
    pageSetup: { ...a4Setup('portrait'), printTitlesRow: `${TABLE_HEADER_ROW}:${TABLE_HEADER_ROW}` },
    headerFooter: { oddFooter: PAGE_FOOTER },
  });
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));

  const values: Record<HeaderField, { value: string | null; look: CellLook }> = {
    form: { value: form.id, look: { font: BOLD } },
    unitName: { value: unit.name, look: { font: BOLD } },
    unitCode: { value: unit.code, look: { font: BOLD, numFmt: TEXT_FORMAT, alignment: { horizontal: 'left' } } },
    period: { value: period.id, look: { font: BOLD, numFmt: TEXT_FORMAT, alignment: { horizontal: 'left' } } },
    signedOn: { value: null, look: { input: true, numFmt: DATE_FORMAT, fill: INPUT_FILL, border: BORDER, alignment: { horizontal: 'left' } } },
    preparer: { value: null, look: { input: true, fill: INPUT_FILL, border: BORDER } },
  };
  for (const [field, { row, label }] of Object.entries(HEADER) as [HeaderField, (typeof HEADER)[HeaderField]][]) {
    ws.getCell(row, 1).value = label;
    styleCell(ws.getCell(row, 1), {});
    const cell = ws.getCell(row, 2);
    cell.value = values[field].value;
    styleCell(cell, values[field].look);
  }
  writeTitle(ws, input);

  TABLE_COLUMNS.forEach((text, i) => {
    const cell = ws.getCell(TABLE_HEADER_ROW, i + 1);
    cell.value = text;
    styleCell(cell, { font: BOLD, alignment: CENTER, border: BORDER, fill: HEADER_FILL });
  });
  ws.getRow(TABLE_HEADER_ROW).height = 2 * LINE_HEIGHT + 2;

  let row = FIRST_TABLE_ROW;
  let stt = 0;
  for (const section of form.sections) {
    if (section.roman !== null || section.title !== null) writeSectionRow(ws, row++, section.roman, section.title);
    for (const indicator of section.indicators) writeIndicatorRow(ws, row++, ++stt, indicator);
  }

  row++; // one empty row between the table and the texts
  for (const label of Object.values(TEXT_ROWS)) writeTextRow(ws, row++, label);

  // An empty password: protection is a guard against slips, and a password would add a random salt (libraries.md §1.3).
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  return ws;
}

// --- internal ---

function writeTitle(ws: Worksheet, input: ReportSheetInput): void {
  const label = periodLabelVi(input.period);
  const lines: [string, CellLook][] = [
    [input.form.title.toUpperCase(), { font: { ...BOLD, size: 13 }, alignment: CENTER }],
    [`Kỳ báo cáo: ${label.charAt(0).toUpperCase()}${label.slice(1)}`, { font: { ...FONT, italic: true }, alignment: CENTER }],
  ];
  if (input.window) {
    const text = `(số liệu từ ngày ${formatDateVi(input.window.from)} đến ngày ${formatDateVi(input.window.to)})`;
    lines.push([text, { font: { ...FONT, italic: true }, alignment: CENTER }]);
  }
  // The title takes rows 1–2 (two lines), the period and window one row each; columns D–G.
  let row = 1;
  lines.forEach(([text, look], i) => {
    const span = i === 0 ? 2 : 1;
    ws.mergeCells(row, COL.unit, row + span - 1, COL.note);
    const cell = ws.getCell(row, COL.unit);
    cell.value = text;
    styleCell(cell, look);
    row += span;
  });
}

function writeSectionRow(ws: Worksheet, row: number, roman: string | null, title: string | null): void {
  for (let c = COL.stt; c <= COL.note; c++) styleCell(ws.getCell(row, c), { font: BOLD, border: BORDER, fill: SECTION_FILL, alignment: MIDDLE });
  ws.getCell(row, COL.stt).value = roman;
  ws.getCell(row, COL.stt).alignment = CENTER;
  ws.getCell(row, COL.label).value = title;
  ws.getRow(row).height = LINE_HEIGHT * linesFor(title ?? '', WIDTHS[2]) + 4;
}

function writeIndicatorRow(ws: Worksheet, row: number, stt: number, ind: Indicator): void {
  const put = (col: number, value: string | number | null, look: CellLook) => {
    const cell = ws.getCell(row, col);
    cell.value = value;
    styleCell(cell, { border: BORDER, ...look });
    return cell;
  };
  put(COL.stt, stt, { alignment: CENTER });
  put(COL.code, ind.code, { alignment: CENTER });
  put(COL.label, ind.label, { alignment: MIDDLE });
  put(COL.unit, ind.unit, { alignment: CENTER });
  const numFmt = ind.type === 'yesno' ? '0' : NUMBER_FORMAT;
  for (const col of [COL.value, COL.yearToDate]) {
    const cell = put(col, null, { input: true, fill: INPUT_FILL, numFmt, alignment: { vertical: 'middle' } });
    cell.dataValidation = validationFor(ind);
  }
  put(COL.note, null, { input: true, fill: INPUT_FILL, alignment: MIDDLE });
  ws.getRow(row).height = LINE_HEIGHT * Math.max(linesFor(ind.label, WIDTHS[2]), linesFor(ind.unit, WIDTHS[3])) + 4;
}

function writeTextRow(ws: Worksheet, row: number, label: string): void {
  styleCell(ws.getCell(row, COL.stt), { font: BOLD, alignment: WRAP_TOP, border: BORDER });
  ws.getCell(row, COL.stt).value = label;
  for (let c = COL.code; c <= COL.note; c++) styleCell(ws.getCell(row, c), { input: true, fill: INPUT_FILL, alignment: WRAP_TOP, border: BORDER });
  ws.mergeCells(row, COL.code, row, COL.note);
  ws.getRow(row).height = LINE_HEIGHT * TEXT_ROW_LINES;
}

function validationFor(ind: Indicator): DataValidation {
  const base = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: `Chỉ tiêu ${ind.code}` } as const;
  switch (ind.type) {
    case 'yesno':
      return { ...base, type: 'whole', operator: 'between', formulae: [0, 1], error: 'Ghi 1 (có, đạt) hoặc 0 (không, chưa đạt). Để trống nếu chưa có thông tin.' };
    case 'money':
      return {
        ...base, type: 'whole', operator: 'between', formulae: [0, maxOf(ind)],
        error: 'Ghi số tiền bằng đồng: số nguyên không âm, không dùng dấu chấm, dấu phẩy (ví dụ 1200000). Để trống nếu không có số liệu.',
      };
    case 'count':
      return { ...base, type: 'whole', operator: 'between', formulae: [0, maxOf(ind)], error: COUNT_ERROR };
  }
}

const COUNT_ERROR = 'Ghi số nguyên không âm (0, 1, 2…), không dùng dấu chấm, dấu phẩy. Để trống nếu không có số liệu.';

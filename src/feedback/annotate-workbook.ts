import type { Cell, Workbook, Worksheet } from 'exceljs';
import type { Form, ListDef } from '../domain/form-schema.ts';
import { compactValidations } from '../blank-forms/compact-validations.ts';
import { actionable, type Issue } from '../domain/issue.ts';
import { addErrorsSheet, ERRORS_SHEET } from './_errors-sheet.ts';
import { ISSUE_FILL, ISSUE_MARK } from './_marks.ts';
import { removePersonalData } from './_personal.ts';
import { finishAnnotatedZip } from './_zip.ts';

export { ERRORS_SHEET, ISSUE_FILL, ISSUE_MARK };

export interface AnnotateOptions {
  /** Lists whose sensitive columns are removed from the copy. Default: the personal lists of `form`. */
  readonly personalLists?: readonly ListDef[];
  /** Named in the title of the `Lỗi cần sửa` sheet: the file as the clerk knows it. */
  readonly title?: string;
  /**
   * Ward names (and aliases) a personal list's `Phường` column may hold; any other text there is removed from the
   * copy like a name typed into the wrong column. Default: none, so every ward name goes (codes stay).
   */
  readonly wardNames?: readonly string[];
}

/**
 * A number format that shows a fraction as typed (2,5 stays 2,5): a cell marked because it holds a fraction must not
 * show the rounded whole number the form's format `#,##0` would print.
 */
export const AS_TYPED_FORMAT = '#,##0.0#########';

/**
 * The copy of a unit's workbook that goes back to the unit (`baocao validate --annotate`): every error and warning cell
 * marked (ISSUE_MARK: hatched red, dotted orange, with a border; a fraction shown as typed) with a note holding the
 * Vietnamese message(s), and a first, active sheet `Lỗi cần sửa` listing every issue, explanation first, with a link to
 * its cell. Infos are left out. Pure: bytes in, bytes out.
 *
 * Personal data: the sensitive columns of a personal list (Họ và tên, Năm sinh, Nơi cư trú of DanhSach) are blanked
 * in the copy, with a note in their header cell, because security.md allows names in one output only (outreach); so is
 * whatever another column holds that is not of that column's kind (a name typed into Giới tính), and any copy of a
 * removed text elsewhere in the workbook (see removePersonalData).
 * Rows or columns holding an issue cell are unhidden, so the link lands on a visible cell.
 */
export async function annotateWorkbook(original: Buffer, all: readonly Issue[], form?: Form, options: AnnotateOptions = {}): Promise<Buffer> {
  const issues = actionable(all); // an info is about the run, never something for the unit to fix
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(original).buffer);
  // exceljs expands validations per cell on load and writes them back overlapping (see compactValidations).
  wb.worksheets.forEach(compactValidations);
  const stale = wb.worksheets.find((ws) => ws.name === ERRORS_SHEET);
  if (stale) wb.removeWorksheet(stale.id); // a copy annotated before, sent back unchanged

  const personalLists = options.personalLists ?? form?.lists.filter((l) => l.personal) ?? [];
  const removed = removePersonalData(wb, personalLists, options.wardNames ?? []);
  markIssueCells(wb, issues);
  addErrorsSheet(wb, issues, { title: options.title, removed });
  return finishAnnotatedZip(Buffer.from(await wb.xlsx.writeBuffer()));
}

// --- internal ---

const SEVERITY_WORD = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Ghi chú' } as const;

function markIssueCells(wb: Workbook, issues: readonly Issue[]): void {
  const byCell = new Map<string, { ws: Worksheet; cell: string; issues: Issue[] }>();
  for (const i of issues) {
    const ws = i.sheet === undefined || i.cell === undefined ? undefined : wb.getWorksheet(i.sheet);
    if (!ws || i.cell === undefined) continue;
    const key = `${ws.name}!${i.cell}`;
    const entry = byCell.get(key) ?? { ws, cell: i.cell, issues: [] };
    entry.issues.push(i);
    byCell.set(key, entry);
  }
  for (const { ws, cell: address, issues: here } of byCell.values()) {
    const cell = ws.getCell(address);
    const mark = ISSUE_MARK[here.some((i) => i.severity === 'error') ? 'error' : 'warning'];
    const edge = { style: mark.border, color: { argb: mark.borderColor } };
    // A fresh style object: exceljs shares one style object between the cells that had the same style in the file.
    cell.style = {
      ...cell.style,
      fill: { type: 'pattern', pattern: mark.pattern, fgColor: { argb: mark.fg }, bgColor: { argb: mark.bg } },
      border: { top: edge, left: edge, bottom: edge, right: edge },
      ...(hasFraction(cell) ? { numFmt: AS_TYPED_FORMAT } : {}),
    };
    cell.note = noteText(here, cell);
    ws.getRow(Number(cell.row)).hidden = false;
    ws.getColumn(Number(cell.col)).hidden = false;
  }
}

/** Whether the cell shows a number with a fraction (typed, or a formula's result). */
function hasFraction(cell: Cell): boolean {
  const v: unknown = cell.value;
  const shown: unknown = typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v) ? cell.result : v;
  return typeof shown === 'number' && Number.isFinite(shown) && !Number.isInteger(shown);
}

/** One note per cell, listing every issue on it, the explanation first and the code last; a note the unit had there is kept below ours. */
function noteText(issues: readonly Issue[], cell: Cell): string {
  const ours = issues.map((i) => `${SEVERITY_WORD[i.severity]}: ${i.message} [${i.code}]`).join('\n\n');
  const previous = textOfNote(cell.note);
  return previous ? `${ours}\n\n— Ghi chú trước đó: ${previous}` : ours;
}

function textOfNote(note: Cell['note']): string {
  if (note === undefined || note === null) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

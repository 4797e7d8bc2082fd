import { findSheet, type Book, type BookSheet } from '../read/book.ts';
import type { FormSet } from '../load/load-forms.ts';
import { issue } from '../domain/issue-catalog.ts';
import { makeIssue, type Issue, type IssueLocation } from '../domain/issue.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { UnitRegistry } from '../domain/units.ts';
import { parseHeader } from './_header.ts';
import { parseLists } from './_lists.ts';
import { parseTable } from './_table.ts';

export interface ParseContext {
  readonly forms: FormSet;
  readonly units: UnitRegistry;
  /** The workbook's path relative to the scanned folder (POSIX separators): goes into the record and every issue. */
  readonly file: string;
  readonly sha256: string;
  readonly maxListRows: number;
  /** Read the sensitive list columns (name, birth year, residence). Only `baocao outreach` sets this. */
  readonly withPersonalData?: boolean;
}

export interface ParsedForm {
  /** Null when the form, the unit or the period cannot be determined (the issues say why). */
  readonly record: FormRecord | null;
  /** In reading order: header, table, list sheets. Every issue carries the file, and the unit once it is known. */
  readonly issues: readonly Issue[];
}

/**
 * Reads a workbook against its form (spec/forms.md). Pure: no file, no clock. A record comes back even when
 * cells are wrong; the validator decides from the issues' severities whether the form is accepted.
 */
export function parseFormBook(book: Book, ctx: ParseContext): ParsedForm {
  const sheet = findReportSheet(book, ctx.forms);
  if (!sheet) {
    const name = reportSheetNames(ctx.forms)[0] ?? 'BaoCao';
    const found = book.sheets.map((s) => s.name).join(', ') || 'không có sheet nào';
    return { record: null, issues: [issue('sheet.missing', { file: ctx.file }, { sheet: name, found })] };
  }
  const at = (cell?: string): IssueLocation => ({ file: ctx.file, sheet: sheet.name, cell });
  const header = parseHeader(book, sheet, { forms: ctx.forms, units: ctx.units, at });
  const { form, period, unit } = header;
  if (!form || !period || !unit) return { record: null, issues: withUnit(header.issues, unit?.code) };
  const table = parseTable(sheet, form, at);
  const lists = parseLists(book, form, {
    units: ctx.units,
    period,
    maxListRows: ctx.maxListRows,
    withPersonalData: ctx.withPersonalData ?? false,
    date1904: book.date1904,
    at: (listSheet, cell) => ({ file: ctx.file, sheet: listSheet, cell }),
  });
  const record: FormRecord = {
    file: ctx.file,
    sha256: ctx.sha256,
    formId: form.id,
    revision: header.revision,
    unitCode: unit.code,
    unitName: unit.name,
    period,
    signedOn: header.signedOn,
    values: table.values,
    texts: table.texts,
    lists: lists.lists,
  };
  return { record, issues: withUnit([...header.issues, ...table.issues, ...lists.issues], unit.code) };
}

// --- internal ---

/** All three forms use `BaoCao`; the name comes from the definitions all the same. */
const reportSheetNames = (forms: FormSet): string[] => [...new Set(Object.values(forms).map((f) => f.sheet))];

function findReportSheet(book: Book, forms: FormSet): BookSheet | undefined {
  for (const name of reportSheetNames(forms)) {
    const sheet = findSheet(book, name);
    if (sheet) return sheet;
  }
  return undefined;
}

/** Issues raised before the unit was known get it once it is (and keep one field order for stable JSON). */
function withUnit(issues: readonly Issue[], unit: string | undefined): Issue[] {
  if (unit === undefined) return [...issues];
  return issues.map((i) => makeIssue(i.severity, i.code, { unit: i.unit ?? unit, file: i.file, sheet: i.sheet, cell: i.cell }, i.message));
}

import { cellAddress, cellAt, columnLetter, findSheet, type Book, type BookSheet, type CellValue } from '../read/book.ts';
import type { Form, ListColumn, ListDef } from '../domain/form-schema.ts';
import { LIST_FIRST_ROW, LIST_HEADER_ROW } from '../domain/form-layout.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue, IssueLocation } from '../domain/issue.ts';
import type { ListRow } from '../domain/form-record.ts';
import { lastDayOf, type Period } from '../domain/period.ts';
import { matchUnit, type UnitRegistry } from '../domain/units.ts';
import { cellText, foldText, isBlank, readDateCell } from './_cell-values.ts';
import { parseNumberText } from './number-text.ts';
import { asWhole } from './_whole.ts';

export interface ListContext {
  readonly units: UnitRegistry;
  readonly period: Period;
  readonly maxListRows: number;
  readonly withPersonalData: boolean;
  /** The workbook's date system, for date serials typed as plain numbers. */
  readonly date1904: boolean;
  /** Builds an issue location on a sheet of this workbook. */
  readonly at: (sheet: string, cell?: string) => IssueLocation;
}

/**
 * Reads the list sheets of a form (DanhSach, CoSo). A list whose sheet is missing, or which has more rows
 * than allowed, is left out of the result (the issue says why) so that no rule counts an empty list.
 */
export function parseLists(book: Book, form: Form, context: ListContext): { lists: Record<string, ListRow[]>; issues: Issue[] } {
  const ctx: RowContext = { ...context, wardOf: wardMatcher(context) };
  const lists: Record<string, ListRow[]> = {};
  const issues: Issue[] = [];
  for (const list of form.lists) {
    const sheet = findSheet(book, list.sheet);
    if (!sheet) {
      issues.push(issue('list.missing', ctx.at(list.sheet), { sheet: list.sheet }));
      continue;
    }
    issues.push(...checkListHeader(sheet, list, ctx));
    const rows = filledRows(sheet, list);
    if (rows.length > ctx.maxListRows) {
      issues.push(issue('list.too-many-rows', ctx.at(list.sheet), { sheet: list.sheet, rows: rows.length, limit: ctx.maxListRows }));
      continue;
    }
    lists[list.sheet] = rows.map((row) => readRow(sheet, list, row, ctx, issues));
  }
  return { lists, issues };
}

// --- internal ---

/** A ward name → its code, memoised: a police list names the same few wards thousands of times. */
type RowContext = ListContext & { readonly wardOf: (text: string) => string | null };

function wardMatcher(ctx: ListContext): (text: string) => string | null {
  const wards = { ...ctx.units, units: ctx.units.units.filter((u) => u.kind === 'ward') };
  const day = lastDayOf(ctx.period);
  const memo = new Map<string, string | null>();
  return (text) => {
    let code = memo.get(text);
    if (code === undefined) {
      const asCode = /^\d{1,5}$/.test(text) ? text : null;
      const match = matchUnit(wards, { code: asCode, name: asCode ? null : text }, day);
      code = match.kind === 'matched' ? match.unit.code : null;
      memo.set(text, code);
    }
    return code;
  };
}

/** The numbering column: a row holding only its STT (pre-numbered blank rows) is an empty row. */
const isNumbering = (c: ListColumn): boolean => c.key === 'stt';

function checkListHeader(sheet: BookSheet, list: ListDef, ctx: ListContext): Issue[] {
  const issues: Issue[] = [];
  const headers = new Set(list.columns.map((c) => foldText(c.header)));
  for (const [i, column] of list.columns.entries()) {
    const text = cellText(cellAt(sheet, LIST_HEADER_ROW, i + 1));
    if (foldText(text) === foldText(column.header)) continue;
    // With the header row deleted, row 1 holds a person: on a personal list only another header (or nothing) is quoted.
    const found = !list.personal || text === '' || headers.has(foldText(text)) ? text : UNQUOTED;
    const at = ctx.at(list.sheet, cellAddress(LIST_HEADER_ROW, i + 1));
    issues.push(issue('list.header-mismatch', at, { sheet: list.sheet, expected: column.header, found }));
  }
  return issues;
}

const UNQUOTED = '(nội dung khác, không trích dẫn vì là dữ liệu cá nhân)';

/** Rows from LIST_FIRST_ROW that hold anything in a defined column other than STT (sensitive columns included: a row with only a name is still a row). */
function filledRows(sheet: BookSheet, list: ListDef): number[] {
  const rows = new Set<number>();
  const letters = new Set(list.columns.flatMap((c, i) => (isNumbering(c) ? [] : [columnLetter(i + 1)])));
  for (const [address, value] of sheet.cells) {
    const m = /^([A-Z]+)(\d+)$/.exec(address);
    if (!m || !letters.has(m[1] ?? '') || isBlank(value)) continue;
    const row = Number(m[2]);
    if (row >= LIST_FIRST_ROW) rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
}

function readRow(sheet: BookSheet, list: ListDef, row: number, ctx: RowContext, issues: Issue[]): ListRow {
  const values: Record<string, string | number | null> = {};
  const invalid: string[] = [];
  for (const [i, column] of list.columns.entries()) {
    // Sensitive columns are not even looked at unless asked for (baocao outreach): no copy, no issue.
    if (column.sensitive && !ctx.withPersonalData) continue;
    const address = cellAddress(row, i + 1);
    const at = ctx.at(list.sheet, address);
    const cell = cellAt(sheet, row, i + 1);
    const read = readListCell(cell, column, ctx);
    values[column.key] = read.value;
    if (read.value === null && read.problem === null && column.required) {
      issues.push(issue('list.required-empty', at, { header: column.header }));
    }
    // The numbering column is cosmetic: a stray "1." there does not reject the form.
    if (read.problem !== null && isNumbering(column)) {
      values[column.key] = null;
    } else if (read.problem !== null) {
      invalid.push(column.key);
      // A personal list is never quoted: the message names the cell only (security.md).
      issues.push(...problemIssues(read.problem, { cell, column, at, quote: !list.personal }));
    }
  }
  return { row, values, invalid };
}

type Problem = 'date' | 'number' | 'choice' | 'ward' | 'formula-no-result' | 'error' | 'bad-value';

function readListCell(cell: CellValue, column: ListColumn, ctx: RowContext): { value: string | number | null; problem: Problem | null } {
  if (isBlank(cell)) return { value: null, problem: null };
  if (cell.kind === 'formula-no-result') return { value: null, problem: 'formula-no-result' };
  if (cell.kind === 'error') return { value: null, problem: 'error' };
  if (cell.kind === 'bad-value') return { value: null, problem: 'bad-value' };
  const ok = (value: string | number) => ({ value, problem: null });
  const bad = (problem: Problem) => ({ value: null, problem });
  switch (column.type) {
    case 'text':
      return ok(cellText(cell));
    case 'date': {
      const iso = readDateCell(cell, ctx.date1904);
      return iso ? ok(iso) : bad('date');
    }
    case 'integer':
    case 'money':
    case 'year': {
      const n = cell.kind === 'number' ? asWhole(cell.value, column.type === 'money' ? 'money' : 'count') : cell.kind === 'text' ? wholeOf(cell.value) : null;
      return n !== null && Number.isInteger(n) && n >= 0 ? ok(n) : bad('number');
    }
    case 'choice': {
      const choice = matchChoice(cellText(cell), column.choices ?? []);
      return choice ? ok(choice) : bad('choice');
    }
    case 'ward': {
      // A ward by name (leniently) or by code, among the wards that exist in the period → its unit code.
      const unit = ctx.wardOf(cellText(cell));
      return unit ? ok(unit) : bad('ward');
    }
  }
}

/** A whole number typed as text (`1.200.000`, `1 200`); null when it is not one. */
function wholeOf(text: string): number | null {
  const parsed = parseNumberText(text);
  return parsed.kind === 'whole' ? parsed.value : null;
}

/** Exact spelling first, then folded (case, diacritics, spaces) when that picks exactly one choice. */
function matchChoice(text: string, choices: readonly string[]): string | null {
  if (choices.includes(text)) return text;
  const folded = foldText(text);
  const hits = choices.filter((c) => foldText(c) === folded);
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

function problemIssues(problem: Problem, p: { cell: CellValue; column: ListColumn; at: IssueLocation; quote: boolean }): Issue[] {
  const header = p.column.header;
  const found = p.quote ? { found: cellText(p.cell) } : {};
  switch (problem) {
    case 'date':
      return [issue('list.date-invalid', p.at, { header, ...found })];
    case 'number':
      return [issue('list.number-invalid', p.at, { header, ...found })];
    case 'choice':
      return [issue('list.choice-invalid', p.at, { header, choices: (p.column.choices ?? []).join(', '), ...found })];
    case 'ward':
      // The form's list-ward rule reports it (the validator owns that check); the column is marked invalid.
      return [];
    case 'formula-no-result':
      return [issue('cell.formula-no-result', p.at, { code: header })];
    case 'error':
      // An error value (#REF!) is never personal data, so it may be quoted even on a personal list.
      return [issue('cell.error-value', p.at, { code: header, found: cellText(p.cell) })];
    case 'bad-value':
      return [issue('cell.bad-value', p.at, p.quote ? { found: cellText(p.cell) } : {})];
  }
}

import { cellAt, cellAddress, type BookSheet } from '../read/book.ts';
import type { Form } from '../domain/form-schema.ts';
import { indicatorsOf } from '../load/load-forms.ts';
import { COL, COL_LETTER, FIRST_TABLE_ROW, TABLE_COLUMNS, TABLE_HEADER_ROW, TEXT_ROWS, type TextKey } from '../domain/form-layout.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue, IssueLocation } from '../domain/issue.ts';
import type { FreeText, IndicatorEntry } from '../domain/form-record.ts';
import { cellText, foldText } from './_cell-values.ts';
import { readIndicatorValue } from './_indicator-value.ts';

export interface TableRead {
  readonly values: Record<string, IndicatorEntry>;
  readonly texts: Partial<Record<TextKey, FreeText>>;
  readonly issues: readonly Issue[];
}

/**
 * Reads the indicator table and the free-text rows below it. Rows are found by the code in column B and
 * the label in column A, never by row number: clerks insert, delete and hide rows.
 */
export function parseTable(sheet: BookSheet, form: Form, at: (cell?: string) => IssueLocation): TableRead {
  const issues: Issue[] = [...checkTableHeader(sheet, at)];
  const texts = readTexts(sheet);
  const textRows = new Set(Object.values(texts).map((t) => rowOf(t.cell)));
  const known = new Map(indicatorsOf(form).map((i) => [i.code, i]));
  const values: Record<string, IndicatorEntry> = {};
  const codeCellOf = new Map<string, string>();
  for (const row of rowsWithCellIn(sheet, COL_LETTER.code)) {
    if (row < FIRST_TABLE_ROW || textRows.has(row)) continue;
    const codeCell = cellAddress(row, COL.code);
    const code = cellText(cellAt(sheet, row, COL.code)).toUpperCase();
    const indicator = known.get(code);
    if (!indicator) {
      if (CODE_LIKE.test(code)) issues.push(issue('indicator.unknown', at(codeCell), { found: code }));
      continue;
    }
    const first = codeCellOf.get(code);
    if (first !== undefined) {
      issues.push(issue('indicator.duplicate', at(codeCell), { code, otherCell: first }));
      continue;
    }
    codeCellOf.set(code, codeCell);
    const cell = cellAddress(row, COL.value);
    const yearToDateCell = cellAddress(row, COL.yearToDate);
    const value = readIndicatorValue(cellAt(sheet, row, COL.value), indicator, at(cell));
    const ytd = readIndicatorValue(cellAt(sheet, row, COL.yearToDate), indicator, at(yearToDateCell));
    issues.push(...value.issues, ...ytd.issues);
    values[code] = { code, value: value.value, cell, yearToDate: ytd.value, yearToDateCell };
  }
  for (const indicator of known.values()) {
    if (!codeCellOf.has(indicator.code)) issues.push(issue('indicator.missing', at(), { code: indicator.code, label: indicator.label }));
  }
  return { values: orderLike(form, values), texts, issues };
}

// --- internal ---

/** Two capital letters and two digits: what an indicator code looks like (section rows and notes do not). */
const CODE_LIKE = /^[A-Z]{2}\d{2}$/;

const rowOf = (address: string): number => Number(/\d+$/.exec(address)?.[0] ?? 0);

/** Row numbers holding a cell in the given column, ascending: bounded by the cells present, not by maxRow. */
function rowsWithCellIn(sheet: BookSheet, column: string): number[] {
  const rows: number[] = [];
  const re = new RegExp(`^${column}(\\d+)$`);
  for (const address of sheet.cells.keys()) {
    const m = re.exec(address);
    if (m) rows.push(Number(m[1]));
  }
  return rows.sort((a, b) => a - b);
}

/** Row 8 should hold the printed column titles; a difference is only a warning (values are read by code). */
function checkTableHeader(sheet: BookSheet, at: (cell?: string) => IssueLocation): Issue[] {
  for (const [i, expected] of TABLE_COLUMNS.entries()) {
    const found = cellText(cellAt(sheet, TABLE_HEADER_ROW, i + 1));
    if (foldText(found) !== foldText(expected)) {
      return [issue('table.header-mismatch', at(cellAddress(TABLE_HEADER_ROW, i + 1)), { found, expected })];
    }
  }
  return [];
}

const TEXT_KEYS = Object.entries(TEXT_ROWS).map(([key, label]) => ({ key: key as TextKey, folded: foldText(label) }));

/** Free-text rows: label in column A, text in B (B:G may be merged; the master cell B holds it). First label wins. */
function readTexts(sheet: BookSheet): Partial<Record<TextKey, FreeText>> {
  const texts: Partial<Record<TextKey, FreeText>> = {};
  for (const row of rowsWithCellIn(sheet, COL_LETTER.stt)) {
    if (row < FIRST_TABLE_ROW) continue;
    const label = foldText(cellText(cellAt(sheet, row, COL.stt)));
    const key = TEXT_KEYS.find((k) => k.folded === label)?.key;
    if (!key || texts[key]) continue;
    const text = cellText(cellAt(sheet, row, COL.code));
    if (text) texts[key] = { text, cell: cellAddress(row, COL.code) };
  }
  return texts;
}

/** Entries in the form's order, so equal workbooks give equal JSON whatever the row order in the file. */
function orderLike(form: Form, values: Record<string, IndicatorEntry>): Record<string, IndicatorEntry> {
  const out: Record<string, IndicatorEntry> = {};
  for (const i of indicatorsOf(form)) {
    const v = values[i.code];
    if (v) out[i.code] = v;
  }
  return out;
}

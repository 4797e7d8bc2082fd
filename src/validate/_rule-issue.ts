import type { ListDef, Rule } from '../domain/form-schema.ts';
import { formatNumberVi } from '../common/vi-format.ts';
import { fillMessage, makeIssue, type Issue, type IssueLocation } from '../domain/issue.ts';
import { columnLetter } from '../read/book.ts';

/** A rule's issue: code `rule.<id>`, the rule's severity, its message template filled with `params`. */
export function ruleIssue(rule: Rule, at: IssueLocation, params: Readonly<Record<string, string | number>>): Issue {
  return makeIssue(rule.severity, `rule.${rule.id}`, at, fillMessage(rule.message, params));
}

/** A number as a clerk reads it: 1.200.000; 12,5. */
export const viNumber = (value: number): string => formatNumberVi(value, 1);

/** The A1 address of a list cell: column letter from the column's position in the definition, the sheet row as read. */
export function listCell(list: ListDef, columnKey: string, row: number): string {
  const index = list.columns.findIndex((c) => c.key === columnKey);
  return `${columnLetter(index + 1)}${row}`;
}

/** The header block's values stand in column B (label in A): where B4 `Kỳ báo cáo` and B5 `Ngày báo cáo` are. */
export const HEADER_VALUE_COLUMN = 2;

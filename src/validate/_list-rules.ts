import type { Form, ListDef, Rule } from '../domain/form-schema.ts';
import { findList } from '../load/load-forms.ts';
import { formatDateVi } from '../common/vi-format.ts';
import type { Issue, IssueLocation } from '../domain/issue.ts';
import { isInWindow, periodWindow } from '../domain/period.ts';
import type { FormRecord, ListRow } from '../domain/form-record.ts';
import { listCell, ruleIssue } from './_rule-issue.ts';
import type { RuleContext } from './rule-context.ts';

type ListRule = Extract<Rule, { check: 'list-ward' | 'list-window' | 'list-unique' }>;

/**
 * The list-sheet rules of a form (DanhSach, CoSo). A list that was not read (sheet missing, too many rows)
 * is skipped: its own issue says why. Messages name cells only; on a personal list (`personal: true`) no
 * cell content ever reaches a message, whatever placeholders the rule's template holds.
 */
export function checkListRule(record: FormRecord, rule: ListRule, form: Form, ctx: RuleContext): Issue[] {
  const list = findList(form, rule.list);
  const rows = record.lists[rule.list];
  if (!list || !rows) return [];
  const at = (row: ListRow): IssueLocation => ({
    unit: record.unitCode,
    file: record.file,
    sheet: list.sheet,
    cell: listCell(list, rule.column, row.row),
  });
  switch (rule.check) {
    case 'list-ward':
      return wardIssues(rule, list, rows, at);
    case 'list-window':
      return windowIssues(rule, list, rows, at, periodWindow(record.period, ctx.window));
    case 'list-unique':
      return uniqueIssues(rule, list, rows, at);
  }
}

// --- internal ---

/**
 * A ward the reader could not match (it leaves the cell null and names the column in `invalid`; it raises no
 * issue of its own, this rule does). An empty cell of a required column already has `list.required-empty`,
 * so only an optional ward column reports its empty cells here.
 */
function wardIssues(rule: ListRule, list: ListDef, rows: readonly ListRow[], at: (r: ListRow) => IssueLocation): Issue[] {
  const required = list.columns.find((c) => c.key === rule.column)?.required ?? false;
  return rows
    .filter((r) => r.invalid.includes(rule.column) || (!required && r.values[rule.column] == null))
    .map((r) => ruleIssue(rule, at(r), { cell: at(r).cell ?? '' }));
}

function windowIssues(
  rule: ListRule,
  list: ListDef,
  rows: readonly ListRow[],
  at: (r: ListRow) => IssueLocation,
  window: { from: string; to: string },
): Issue[] {
  const bounds = { from: formatDateVi(window.from), to: formatDateVi(window.to) };
  return rows.flatMap((r) => {
    const day = r.values[rule.column];
    if (typeof day !== 'string' || isInWindow(day, window)) return [];
    const cell = at(r).cell ?? '';
    // A sanction date next to a person's row is personal data: a personal list never quotes it.
    const params = list.personal ? { cell, ...bounds } : { cell, ...bounds, found: formatDateVi(day) };
    return [ruleIssue(rule, at(r), params)];
  });
}

/** The same value twice: a warning on each later row, naming the first row's cell. Compared folded (case, spaces). */
function uniqueIssues(rule: ListRule, list: ListDef, rows: readonly ListRow[], at: (r: ListRow) => IssueLocation): Issue[] {
  const firstCell = new Map<string, string>();
  const issues: Issue[] = [];
  for (const r of rows) {
    const v = r.values[rule.column];
    if (v === null || v === undefined) continue;
    const key = String(v).normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
    if (key === '') continue;
    const cell = listCell(list, rule.column, r.row);
    const other = firstCell.get(key);
    if (other === undefined) firstCell.set(key, cell);
    else issues.push(ruleIssue(rule, at(r), { cell, otherCell: other }));
  }
  return issues;
}

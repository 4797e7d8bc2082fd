import type { Form, Rule, Term } from '../domain/form-schema.ts';
import type { Issue } from '../domain/issue.ts';
import type { FormRecord, ListRow } from '../domain/form-record.ts';
import { ruleIssue, viNumber } from './_rule-issue.ts';
import { previousRecordOf, type RuleContext } from './rule-context.ts';

export type CompareRule = Extract<Rule, { check: 'compare' }>;

/**
 * `left op right`, each side a signed sum of terms. The rule is skipped when a term is unknown: an indicator
 * left empty (not reported is not zero), the previous period not known to the tool, a list sheet that was not
 * read, or a list column with unreadable cells (those cells already have their own issue). The issue points at
 * the first current indicator of the left side: the value the clerk most likely has to correct.
 */
export function checkCompare(record: FormRecord, rule: CompareRule, form: Form, ctx: RuleContext): Issue[] {
  const usesPrevious = [...rule.left, ...rule.right].some((t) => 'code' in t && t.of === 'previous');
  const previous = usesPrevious ? previousRecordOf(record, ctx.history) : undefined;
  const left = sumOf(rule.left, record, previous);
  const right = sumOf(rule.right, record, previous);
  if (left === null || right === null || holds(rule.op, left, right)) return [];
  const at = { unit: record.unitCode, file: record.file, sheet: form.sheet, cell: anchorCell(rule, record) };
  return [ruleIssue(rule, at, { left: viNumber(left), right: viNumber(right) })];
}

// --- internal ---

function holds(op: CompareRule['op'], left: number, right: number): boolean {
  switch (op) {
    case '<=':
      return left <= right;
    case '=':
      return left === right;
    case '>=':
      return left >= right;
  }
}

/** The signed sum of a side; null as soon as one term is unknown. */
function sumOf(terms: readonly Term[], record: FormRecord, previous: FormRecord | undefined): number | null {
  let total = 0;
  for (const term of terms) {
    const v = valueOf(term, record, previous);
    if (v === null) return null;
    total += (term.sign ?? 1) * v;
  }
  return total;
}

function valueOf(term: Term, record: FormRecord, previous: FormRecord | undefined): number | null {
  if ('code' in term) {
    const source = term.of === 'previous' ? previous : record;
    return source?.values[term.code]?.value ?? null;
  }
  if ('count' in term) {
    const rows = record.lists[term.count];
    if (!rows) return null;
    const where = term.where;
    if (!where) return rows.length;
    // A row whose column could not be read (or is empty) might or might not match: the count is unknown.
    if (rows.some((r) => isUnreadable(r, where.column) || r.values[where.column] == null)) return null;
    return rows.filter((r) => r.values[where.column] === where.equals).length;
  }
  const rows = record.lists[term.sum];
  if (!rows) return null;
  let total = 0;
  for (const r of rows) {
    const v = r.values[term.column];
    // An empty amount adds nothing (a "Không vi phạm" row has no fine); an unreadable one makes the sum unknown.
    if (isUnreadable(r, term.column) || typeof v === 'string') return null;
    total += v ?? 0;
  }
  return total;
}

const isUnreadable = (row: ListRow, column: string): boolean => row.invalid.includes(column);

/** The cell of the first current indicator on the left (else on the right): where the clerk looks first. */
function anchorCell(rule: CompareRule, record: FormRecord): string | undefined {
  const codes = [...rule.left, ...rule.right].flatMap((t) => ('code' in t && t.of !== 'previous' ? [t.code] : []));
  for (const code of codes) {
    const cell = record.values[code]?.cell;
    if (cell !== undefined) return cell;
  }
  return undefined;
}

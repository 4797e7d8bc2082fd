import type { Rule } from '../domain/form-schema.ts';
import type { FormSet } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import type { FormRecord, ListRow } from '../domain/form-record.ts';
import { ruleIssue, viNumber } from './_rule-issue.ts';

type ReconcileRule = Extract<Rule, { check: 'reconcile' }>;

/**
 * The reconcile rules (PCMD-02): per ward, the police list's rows with the rule's `Hành vi` against that ward's
 * own form of the same period (XL02 sellers, XL03 buyers). The warning goes on the WARD's form (its file, its
 * cell, its unit), since either side may be wrong and the ward's figure is the one printed per ward. Skipped
 * where a side is unknown: the ward's value left empty, or a list row that might match but whose ward or
 * behaviour could not be read (it could belong to any ward). A ward named in the list without a form of its own gets nothing here: it is
 * missing, and completeness says so.
 */
export function reconcileRecords(records: readonly FormRecord[], forms: FormSet): Issue[] {
  const issues: Issue[] = [];
  for (const source of records) {
    for (const rule of forms[source.formId].rules) {
      if (rule.check === 'reconcile') issues.push(...reconcileOne(source, rule, records, forms));
    }
  }
  return issues;
}

// --- internal ---

function reconcileOne(source: FormRecord, rule: ReconcileRule, records: readonly FormRecord[], forms: FormSet): Issue[] {
  const counts = countByGroup(source.lists[rule.list], rule);
  if (!counts) return [];
  const targets = records.filter((r) => r.formId === rule.against.form && r.period.id === source.period.id);
  return targets.flatMap((ward) => {
    const entry = ward.values[rule.against.code];
    if (!entry || entry.value === null) return [];
    const found = counts.get(ward.unitCode) ?? 0;
    if (found === entry.value) return [];
    const at = { unit: ward.unitCode, file: ward.file, sheet: forms[ward.formId].sheet, cell: entry.cell };
    return [ruleIssue(rule, at, { found: viNumber(found), expected: viNumber(entry.value), unitName: ward.unitName })];
  });
}

/** Matching rows per group value (ward code); null when the list was not read or a row cannot be placed. */
function countByGroup(rows: readonly ListRow[] | undefined, rule: ReconcileRule): Map<string, number> | null {
  if (!rows) return null;
  const counts = new Map<string, number>();
  for (const row of rows) {
    const what = row.invalid.includes(rule.where.column) ? null : (row.values[rule.where.column] ?? null);
    // A row known not to match (a buyer, when counting sellers) does not matter, wherever it belongs.
    if (what !== null && what !== rule.where.equals) continue;
    const group = row.invalid.includes(rule.groupBy) ? null : row.values[rule.groupBy];
    if (what === null || typeof group !== 'string') return null;
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return counts;
}

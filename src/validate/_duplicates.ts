import type { FormSet } from '../load/load-forms.ts';
import { HEADER } from '../domain/form-layout.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';
import { cellAddress } from '../read/book.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { HEADER_VALUE_COLUMN } from './_rule-issue.ts';

export interface DuplicateOutcome {
  readonly issues: Issue[];
  /** Records without a rival, and the winners: in input order. */
  readonly survivors: FormRecord[];
  /** Records that lost to a strictly later `Ngày báo cáo`. */
  readonly superseded: ReadonlySet<FormRecord>;
}

/**
 * Two or more records for the same unit AND period (keyed on both: codes are reused after 2025). When every
 * one carries a `Ngày báo cáo` and one is strictly the latest, it wins and each other one gets
 * `cross.superseded`; otherwise the tool does not guess: each gets `cross.duplicate-unit` (an error naming every
 * file) and none survives.
 */
export function resolveDuplicates(records: readonly FormRecord[], forms: FormSet): DuplicateOutcome {
  const groups = new Map<string, FormRecord[]>();
  for (const r of records) {
    const k = `${r.unitCode}\u0000${r.period.id}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const issues: Issue[] = [];
  const losers = new Set<FormRecord>();
  const superseded = new Set<FormRecord>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const winner = latestSigned(group);
    for (const r of group) {
      if (r === winner) continue;
      losers.add(r);
      const params = { unit: r.unitName, period: r.period.id };
      if (winner) {
        superseded.add(r);
        const at = { unit: r.unitCode, file: r.file, sheet: forms[r.formId].sheet, cell: cellAddress(HEADER.signedOn.row, HEADER_VALUE_COLUMN) };
        issues.push(issue('cross.superseded', at, { ...params, winner: winner.file }));
      } else {
        issues.push(issue('cross.duplicate-unit', { unit: r.unitCode, file: r.file }, { ...params, files: group.map((g) => g.file).join(', ') }));
      }
    }
  }
  return { issues, survivors: records.filter((r) => !losers.has(r)), superseded };
}

// --- internal ---

/** The one record signed strictly later than all others; undefined when a date is missing or the latest is shared. */
function latestSigned(group: readonly FormRecord[]): FormRecord | undefined {
  if (group.some((r) => r.signedOn === null)) return undefined;
  const sorted = [...group].sort((a, b) => (b.signedOn ?? '').localeCompare(a.signedOn ?? ''));
  const [first, second] = sorted;
  return first && second && first.signedOn !== second.signedOn ? first : undefined;
}

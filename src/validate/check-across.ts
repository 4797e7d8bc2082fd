import { HEADER } from '../domain/form-layout.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';
import { cellAddress } from '../read/book.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { periodContains } from '../domain/period.ts';
import { HEADER_VALUE_COLUMN } from './_rule-issue.ts';
import { resolveDuplicates } from './_duplicates.ts';
import { reconcileRecords } from './_reconcile.ts';
import type { RunContext } from './rule-context.ts';

export interface AcrossResult {
  /** Duplicates, reconciliation and other-period issues, in that order (unsorted). */
  readonly issues: Issue[];
  /**
   * The records the run may use, in input order: every record except those that lost to a later `Ngày báo cáo`
   * and those in an unresolved duplicate (which carry an error).
   */
  readonly survivors: FormRecord[];
  /** Records that lost to a later `Ngày báo cáo` of the same unit and period (status `superseded`). */
  readonly superseded: ReadonlySet<FormRecord>;
}

/**
 * The checks that span workbooks, over the parsed records of one run (spec/forms.md, "Across forms"):
 * - duplicates: the same unit AND period twice (see resolveDuplicates for who wins);
 * - reconcile: the police list against each ward's form of the same period, among the survivors only;
 * - other period: with `ctx.expectedPeriod` (`validate --period P`), each record of a period not within P (a month of a
 *   quarter P is within it) gets an info at its `Kỳ báo cáo` cell (B4): out of scope, see validateRun.
 */
export function checkAcross(records: readonly FormRecord[], ctx: RunContext): AcrossResult {
  const duplicates = resolveDuplicates(records, ctx.forms);
  const issues = [...duplicates.issues, ...reconcileRecords(duplicates.survivors, ctx.forms)];
  const expected = ctx.expectedPeriod;
  if (expected) {
    for (const r of records) {
      if (periodContains(expected, r.period)) continue;
      const at = { unit: r.unitCode, file: r.file, sheet: ctx.forms[r.formId].sheet, cell: cellAddress(HEADER.period.row, HEADER_VALUE_COLUMN) };
      issues.push(issue('cross.other-period', at, { expected: expected.id }));
    }
  }
  return { issues, survivors: duplicates.survivors, superseded: duplicates.superseded };
}

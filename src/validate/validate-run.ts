import type { FormId } from '../domain/form-schema.ts';
import { hasErrors, sortIssues, type Issue } from '../domain/issue.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { checkAcross } from './check-across.ts';
import { checkRecord } from './check-record.ts';
import { indexHistory, type RunContext } from './rule-context.ts';

/**
 * What became of one input file: exactly an entry of `files[]` in `validate --json` (spec/outputs.md).
 * - `accepted`: read as a form, no error-level issue of its own (cross-form errors included);
 * - `rejected`: read as a form, but it has an error-level issue (left out of every total until fixed);
 * - `unreadable`: not read as a form at all (the issues say why);
 * - `superseded`: another file for the same unit and period has a later `Ngày báo cáo` and is used instead.
 */
export interface FileStatus {
  readonly file: string;
  readonly form: FormId | null;
  readonly unit: string | null;
  /** Period id, e.g. `2021-03`. */
  readonly period: string | null;
  readonly status: FileState;
}
export type FileState = 'accepted' | 'rejected' | 'unreadable' | 'superseded';

/** One input as the read edge hands it over (ParsedInput of src/pipeline fits). File paths are unique in a run. */
export interface ParsedFile {
  readonly file: string;
  readonly record: FormRecord | null;
  readonly issues: readonly Issue[];
}

export interface ValidateRunInput {
  readonly parsed: readonly ParsedFile[];
  readonly ctx: RunContext;
}

export interface ValidateRunResult {
  /** One entry per input, in input order. */
  readonly files: FileStatus[];
  /** The readers' issues and the rules' issues, sorted with sortIssues. */
  readonly issues: Issue[];
  /** The records of the accepted files, in input order: what aggregation may use. */
  readonly accepted: FormRecord[];
}

/**
 * The whole pure validation of one run: the checks across workbooks, every form's rules on every record, then
 * each file's status. Used by `baocao validate` and, through analyseInbox, by `compile` and `status`.
 *
 * The history the cross-period rules read (previous period, year to date, outlier) is every parsed record,
 * rejected ones included, since a form with an error elsewhere is still the best figure there is for its
 * month, except the records that lost a duplicate contest: a superseded form was replaced by its unit, and of
 * two forms that tie nobody knows which is right, so neither is used. The rules still run on those records
 * themselves, so the clerk sees everything wrong in every file, except with `ctx.expectedPeriod` (`validate --period P`):
 * then the files of other periods are only history, and their issues are replaced by one `cross.other-period` info each
 * (their status is still computed from all their issues).
 */
export function validateRun(input: ValidateRunInput): ValidateRunResult {
  const { parsed, ctx } = input;
  const records = parsed.flatMap((p) => (p.record ? [p.record] : []));
  const across = checkAcross(records, ctx);
  const ruleCtx = { ...ctx, history: indexHistory(across.survivors) };
  const generated = [...records.flatMap((r) => checkRecord(r, ruleCtx)), ...across.issues];
  // Out of scope (`--period`): a file of another period keeps only its `cross.other-period` info.
  const outOfScope = new Set(across.issues.flatMap((i) => (i.code === 'cross.other-period' && i.file !== undefined ? [i.file] : [])));
  const inScope = (i: Issue): boolean => i.file === undefined || !outOfScope.has(i.file) || i.code === 'cross.other-period';
  const filesWithErrors = new Set(generated.flatMap((i) => (i.severity === 'error' && i.file !== undefined ? [i.file] : [])));

  const accepted: FormRecord[] = [];
  const files = parsed.map((p): FileStatus => {
    const r = p.record;
    if (!r) return { file: p.file, form: null, unit: null, period: null, status: 'unreadable' };
    const status = across.superseded.has(r) ? 'superseded' : hasErrors(p.issues) || filesWithErrors.has(r.file) ? 'rejected' : 'accepted';
    if (status === 'accepted') accepted.push(r);
    return { file: p.file, form: r.formId, unit: r.unitCode, period: r.period.id, status };
  });
  return { files, issues: sortIssues([...parsed.flatMap((p) => p.issues), ...generated].filter(inScope)), accepted };
}

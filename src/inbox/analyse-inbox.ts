import { buildReportModel } from '../aggregate/build-report-model.ts';
import type { Plan } from '../domain/plan-schema.ts';
import type { Criteria } from '../domain/criteria-schema.ts';
import type { ReportModel } from '../aggregate/report-model.ts';
import type { Config } from '../domain/config-schema.ts';
import type { FormSet } from '../load/load-forms.ts';
import { makeIssue, summarizeInfo, type Issue } from '../domain/issue.ts';
import type { Period } from '../domain/period.ts';
import type { UnitRegistry } from '../domain/units.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { RejectedRecord } from '../aggregate/record-index.ts';
import { validateRun, type FileStatus } from '../validate/validate-run.ts';
import { isReportedByCompile, isUsedByCompile } from './period-scope.ts';
import { readInputs, type ParsedInput } from './read-inputs.ts';
import type { InputFile } from './scan-inputs.ts';

export interface InboxAnalysis {
  readonly model: ReportModel;
  /** Every file read, with its status (validate's view). */
  readonly files: readonly FileStatus[];
  /** Inputs the compile used (for manifest.json): files of the period's scope, and files that could not be read as a form. */
  readonly used: readonly { file: string; sha256: string }[];
  readonly ignoredFiles: number;
  /** The accepted records and the rejected forms the model was built from (for `baocao explain`). */
  readonly records: readonly FormRecord[];
  readonly rejected: readonly RejectedRecord[];
}

export interface AnalyseOptions {
  readonly files: readonly InputFile[];
  readonly period: Period;
  readonly config: Config;
  readonly forms: FormSet;
  readonly units: UnitRegistry;
  readonly plan: Plan;
  /** The criteria of the wards' assessment, for an annual compile (spec/assessment.md). */
  readonly criteria?: Criteria | null;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * read → validate → aggregate for one period: the spine shared by `compile` and `status`. Reads every file
 * (the whole inbox: earlier periods feed the cross-period rules and the year to date), validates them together
 * (the same code path as `baocao validate`), keeps the forms the period uses and builds the report model.
 */
export async function analyseInbox(o: AnalyseOptions): Promise<InboxAnalysis> {
  const parsed = await readInputs(o.files, {
    forms: o.forms,
    units: o.units,
    maxUnpackedMb: o.config.maxUnpackedMb,
    maxListRows: o.config.maxListRows,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  return analyseParsed(parsed, o);
}

/** The pure part of analyseInbox, for tests and benchmarks that already hold parsed inputs. */
export function analyseParsed(parsed: readonly ParsedInput[], o: Omit<AnalyseOptions, 'files' | 'onProgress'>): InboxAnalysis {
  const run = validateRun({ parsed, ctx: { forms: o.forms, units: o.units, window: o.config.window } });
  const periodOf = new Map(parsed.map((p) => [p.file, p.record?.period ?? null]));
  // A file is in scope when its period is used by this compile; a file that could not be read as a form
  // might be for this period, so it stays in scope too (its issue must be seen).
  const scoped = (test: (form: Period, period: Period) => boolean) => (file: string | undefined): boolean => {
    if (file === undefined) return true;
    const p = periodOf.get(file);
    return p === null || p === undefined || test(p, o.period);
  };
  const inScope = scoped(isUsedByCompile);
  const reported = scoped(isReportedByCompile);
  const ignoredFiles = parsed.filter((p) => !inScope(p.file)).length;
  const rejected = run.files.flatMap((f) =>
    f.status === 'rejected' && f.unit !== null && f.period !== null && inScope(f.file) ? [{ unitCode: f.unit, periodId: f.period, file: f.file }] : [],
  );
  const notes: Issue[] = [];
  if (o.plan.year !== o.period.year) {
    notes.push(makeIssue('warning', 'plan.other-year', {}, `Kế hoạch đang dùng là của năm ${o.plan.year}, không phải năm ${o.period.year}: các chỉ tiêu không được đánh giá. Chỉ định kế hoạch của năm ${o.period.year} bằng --plan hoặc khóa "plan" trong cấu hình.`));
  }
  const records = run.accepted.filter((r) => inScope(r.file));
  const model = buildReportModel({
    period: o.period,
    window: o.config.window,
    deadlineDays: o.config.deadlineDays,
    reportDateDays: o.config.reportDateDays,
    records,
    rejected,
    // Info issues (forms not made from ours, unchecked year to date) once per kind, counted over the period's files.
    issues: summarizeInfo([...run.issues.filter((i) => reported(i.file)), ...notes]),
    ignoredFiles,
    units: o.units,
    forms: o.forms,
    plan: o.plan.year === o.period.year ? o.plan : { ...o.plan, targets: [] },
    criteria: o.criteria ?? null,
  });
  const used = parsed.flatMap((p) => (p.sha256 !== null && inScope(p.file) ? [{ file: p.file, sha256: p.sha256 }] : []));
  return { model, files: run.files, used, ignoredFiles, records, rejected };
}

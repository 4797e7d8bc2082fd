import path from 'node:path';
import { periodOption } from './period-option.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { progressLine } from './progress.ts';
import { loadForms } from '../load/load-forms.ts';
import { hasErrors, summarizeInfo } from '../domain/issue.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { readInputs } from '../inbox/read-inputs.ts';
import { scanInputs } from '../inbox/scan-inputs.ts';
import { loadUnits } from '../load/load-units.ts';
import { validateRun } from '../validate/validate-run.ts';
import { checkAnnotateDir, writeAnnotatedCopies, type AnnotateOutcome } from './_validate-annotate.ts';
import { formatValidateText } from './_validate-text.ts';
import { buildValidateJson } from './validate-json.ts';

export interface ValidateOptions extends CommonOptions {
  /** Files and folders to check (every .xlsx, .xlsm, .xls, .ods, .csv found). */
  paths: readonly string[];
  /** `--period P`: warn about each workbook of another period. */
  period?: string;
  /** `--annotate DIR`: write annotated copies of the workbooks with issues there. */
  annotate?: string;
}

/**
 * `baocao validate PATH… [--period P] [--annotate DIR]`: scan → read → validate (the same validateRun as compile) →
 * report. Writes nothing but the annotated copies. Exit 0 when no error-level issue, 1 otherwise; usage problems
 * (bad period, missing path, DIR inside an input) are UsageErrors, exit 2, raised before anything is read or written.
 */
export async function runValidate(opts: ValidateOptions, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const period = opts.period === undefined ? undefined : periodOption(opts.period, ctx);
  const annotateDir = opts.annotate === undefined ? null : checkAnnotateDir(opts.annotate, opts.paths, ctx.cwd);
  const files = scanInputs(opts.paths, ctx.cwd);
  const forms = loadForms();
  const units = loadUnits(config.unitsFile);

  const progress = progressLine(io, { json: ctx.json, quiet: ctx.quiet, label: 'Đang kiểm tra' });
  const parsed = await readInputs(files, {
    forms,
    units,
    maxUnpackedMb: config.maxUnpackedMb,
    maxListRows: config.maxListRows,
    onProgress: progress.update,
  });
  progress.done();
  const run = validateRun({ parsed, ctx: { forms, units, window: config.window, expectedPeriod: period } });

  const annotated = annotateDir === null ? null : await writeAnnotatedCopies({ dir: annotateDir, files, parsed, issues: run.issues, forms, units });
  // What is shown: info issues once per kind ("12 tệp không dùng biểu mẫu của công cụ"), not once per file.
  const shown = summarizeInfo(run.issues);

  if (ctx.json) {
    io.out(serializeJson(buildValidateJson(run.files, shown)));
    if (annotated && !ctx.quiet) io.err(annotateLines(annotated, ctx));
  } else {
    const unitNames = new Map(parsed.flatMap((p) => (p.record ? [[p.file, p.record.unitName] as const] : [])));
    // Under --period the files of other periods are counted in one info line, not listed one by one.
    const outOfScope = new Set(run.issues.flatMap((i) => (i.code === 'cross.other-period' ? [i.file] : [])));
    const listed = run.files.filter((f) => !outOfScope.has(f.file));
    io.out(formatValidateText({ files: listed, skipped: run.files.length - listed.length, issues: shown, unitNames, paths: opts.paths, period: period?.id ?? null }, { quiet: ctx.quiet, color: io.color }));
    if (annotated) io.out(annotateLines(annotated, ctx));
  }
  return hasErrors(run.issues) ? EXIT.dataNotClean : EXIT.ok;
}

// --- internal ---

/** Relative to the working folder when inside it, else absolute (never a `../../` chain). */
function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

function annotateLines(a: AnnotateOutcome, ctx: CommandContext): string {
  const lines = [
    a.written.length === 0
      ? 'Không có tệp nào cần ghi bản chú thích.'
      : `Đã ghi ${a.written.length} bản chú thích (ô lỗi tô màu, ghi chú từng ô, sheet "Lỗi cần sửa") để gửi lại đơn vị:`,
    ...a.written.map((f) => `  ${shownPath(f, ctx.cwd)}`),
    ...a.skipped.map((s) => `  Không ghi bản chú thích cho ${s.file}: ${s.reason}.`),
  ];
  return `${lines.join('\n')}\n`;
}

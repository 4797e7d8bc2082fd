import path from 'node:path';
import { loadPlan } from '../load/load-plan.ts';
import type { ReportModel } from '../aggregate/report-model.ts';
import type { ChartSetup } from '../domain/chart-schema.ts';
import type { Summary } from '../domain/summary-schema.ts';
import { periodOption } from './period-option.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { progressLine } from './progress.ts';
import { UsageError } from '../common/usage-error.ts';
import { detailsHint } from './_details-hint.ts';
import { loadForms } from '../load/load-forms.ts';
import { countBySeverity, hasErrors } from '../domain/issue.ts';
import { buildManifest } from '../store/build-manifest.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { analyseInbox } from '../inbox/analyse-inbox.ts';
import { scanInputs } from '../inbox/scan-inputs.ts';
import { loadUnits } from '../load/load-units.ts';
import { loadCriteria } from '../load/load-criteria.ts';
import { periodFileId } from '../domain/period.ts';
import { VERSION } from '../common/version.ts';
import { acquireLock } from '../store/lock.ts';
import { refuseOutputInside } from '../store/output-place.ts';
import { publishReports, type PublishFile } from '../store/publish.ts';
import { loadReportTemplates } from '../load/templates.ts';
import { appendRegister, checkRegisterCovers, periodState, readRegister, REGISTER_SCHEMA_ID } from '../store/register.ts';
import { readPriorCorrections } from '../store/prior-corrections.ts';
import type { ReportText } from '../report/report-text.ts';
import { AUDIENCES, type Audience } from '../domain/audiences.ts';

export interface CompileOptions extends CommonOptions {
  period: string;
  input?: string;
  out?: string;
  to?: string[];
  format?: string;
  plan?: string;
  requireComplete?: boolean;
  /** A closed period whose figures changed: write the correction and exit 0 instead of 1 (spec/closing.md). */
  acceptCorrections?: boolean;
  /** Replace a closed period's files (the previous ones go to history/); needs `reason`, recorded in the register. */
  reopen?: boolean;
  reason?: string;
}

const FORMATS = ['docx', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

/**
 * `baocao compile`: read → validate → aggregate → render → write, for one period. Writes the reports,
 * summary.json and manifest.json to OUT/<period>/ (atomically, the replaced versions kept under history/),
 * under a lock on OUT. Exit 0 when clean, 1 when an error-level issue or a missing/rejected unit remains.
 */
export async function runCompile(opts: CompileOptions, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const period = periodOption(opts.period, ctx);
  const formats = parseFormats(opts.format ?? 'docx,xlsx');
  const audiences = [...new Set(opts.to ?? AUDIENCES)] as Audience[];
  const inputDir = path.resolve(ctx.cwd, opts.input ?? config.inbox);
  const outDir = path.resolve(ctx.cwd, opts.out ?? config.output);
  refuseOutputInside(outDir, [inputDir], { what: 'Thư mục ghi báo cáo', option: opts.out !== undefined ? '--out' : 'khóa "output" trong cấu hình' });
  const plan = loadPlan(opts.plan !== undefined ? path.resolve(ctx.cwd, opts.plan) : config.planFile);
  const units = loadUnits(config.unitsFile);
  const forms = loadForms();
  // The wards' assessment is part of the annual report only (spec/assessment.md).
  const criteria = period.type === 'year' ? loadCriteria(config.criteriaFile, forms) : null;
  const files = scanInputs([inputDir], ctx.cwd);
  const reason = opts.reason?.normalize('NFC').trim() ?? '';
  if (opts.reopen && reason === '') throw new UsageError('REOPEN_NEEDS_REASON', '--reopen cần lý do: --reason "…" (được ghi vào sổ register.jsonl).');

  const lock = await acquireLock(outDir, { waitSeconds: config.lockWaitSeconds, owner: { command: `baocao compile --period ${opts.period}` } });
  try {
    // What was sent (spec/closing.md): read first, so that a corrupt register stops the run before any work.
    const register = readRegister(outDir);
    checkRegisterCovers(register, path.join(outDir, period.id), period.id);
    const state = periodState(register, period.id);
    if (opts.reopen && !state.closed) throw new UsageError('NOT_CLOSED', `Kỳ ${period.id} chưa chốt: không cần --reopen.`);
    const progress = progressLine(io, { json: ctx.json, quiet: ctx.quiet, label: 'Đang đọc' });
    const analysis = await analyseInbox({ files, period, config, forms, units, plan, criteria, onProgress: progress.update });
    progress.done();
    const model = { ...analysis.model, priorCorrections: readPriorCorrections(register, outDir, period) };
    if (state.closed && !opts.reopen) {
      const { compileClosed } = await import('./_compile-closed.ts');
      const render = (m: ReportModel) => renderReports(m, { formats, audiences, ctx });
      return await compileClosed({ period, outDir, register, state, analysis, model, forms, units, plan, audiences, acceptCorrections: Boolean(opts.acceptCorrections), renderReports: render, reportText }, ctx);
    }
    // The reason is recorded before anything is replaced: the register never lags behind the files.
    if (opts.reopen) appendRegister(register, { event: 'reopen', schema: REGISTER_SCHEMA_ID, period: period.id, at: ctx.now, day: ctx.today, tool: VERSION, reason });
    const incomplete = model.summary.units.filter((u) => u.status !== 'accepted');
    const clean = !hasErrors(model.summary.issues) && incomplete.length === 0;

    let summary: Summary = model.summary;
    let written: { written: string[]; unchanged: string[]; archivedTo: string | null } | null = null;
    if (!(opts.requireComplete && incomplete.length > 0)) {
      const reports = await renderReports(model, { formats, audiences, ctx });
      summary = { ...model.summary, outputs: [...reports.map((r) => r.name), 'summary.json', 'manifest.json'] };
      const outputs: PublishFile[] = [...reports, { name: 'summary.json', bytes: Buffer.from(serializeJson(summary), 'utf8') }];
      const manifest = buildManifest({ period: period.id, inputs: analysis.used, outputs: outputs.map((f) => ({ file: f.name, bytes: f.bytes })), configHash: config.hash, version: VERSION });
      written = publishReports({ dir: path.join(outDir, period.id), files: outputs, manifest, now: ctx.now });
    }

    if (ctx.json) io.out(serializeJson(summary));
    else {
      const hint = detailsHint({ inputDir, cwd: ctx.cwd, period, issues: summary.issues, files: analysis.files });
      printOutcome(ctx, { summary, clean, incomplete: incomplete.length, written, outDir: path.join(outDir, period.id), refused: written === null, hint });
    }
    return clean ? EXIT.ok : EXIT.dataNotClean;
  } finally {
    lock.release();
  }
}

// --- internal ---

function parseFormats(text: string): Format[] {
  const parts = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = parts.filter((p) => !(FORMATS as readonly string[]).includes(p));
  if (bad.length || parts.length === 0) throw new UsageError('BAD_FORMAT', `--format chỉ nhận docx, xlsx (cách nhau dấu phẩy), không nhận "${bad.join(', ') || text}".`);
  return [...new Set(parts)] as Format[];
}

async function renderReports(model: ReportModel, o: { formats: Format[]; audiences: Audience[]; ctx: CommandContext }): Promise<PublishFile[]> {
  const out: PublishFile[] = [];
  for (const to of o.audiences) {
    const audience = o.ctx.config.audiences[to];
    if (o.formats.includes('docx')) {
      const { renderDocxReport, docxReportFileName } = await import('../report/docx/docx-report.ts');
      out.push({ name: docxReportFileName(periodFileId(model.period), to), bytes: await renderDocxReport(model, { to, audience, place: o.ctx.config.place, text: await reportText(), planReference: o.ctx.config.planReference, charts: await chartSetup() }) });
    }
    if (o.formats.includes('xlsx')) {
      const { renderXlsxReport, xlsxReportFileName } = await import('../report/xlsx/xlsx-report.ts');
      out.push({ name: xlsxReportFileName(periodFileId(model.period), to), bytes: await renderXlsxReport(model, { to, audience, charts: await chartSetup() }) });
    }
  }
  return out;
}

interface Outcome {
  summary: Summary;
  clean: boolean;
  incomplete: number;
  written: { written: string[]; unchanged: string[]; archivedTo: string | null } | null;
  outDir: string;
  refused: boolean;
  /** The commands that show the details (detailsHint). */
  hint: string;
}

/**
 * Cron mails any output, so a clean run prints nothing without a terminal (or with --quiet); a run that is not clean
 * prints one line on stderr. On a terminal the clerk gets the outcome in a few lines.
 */
function printOutcome(ctx: CommandContext, o: Outcome): void {
  const { io } = ctx;
  const s = o.summary;
  const accepted = s.units.filter((u) => u.status === 'accepted').length;
  const { errors, warnings } = countBySeverity(s.issues);
  const line =
    `baocao compile ${s.period.id}: ${accepted}/${s.units.length} đơn vị được tổng hợp` +
    (o.incomplete ? `, ${o.incomplete} thiếu hoặc bị trả lại (${s.units.filter((u) => u.status !== 'accepted').map((u) => u.code).join(', ')})` : '') +
    `; ${errors} lỗi, ${warnings} cảnh báo` +
    (o.refused ? '; KHÔNG ghi báo cáo (--require-complete)' : `; báo cáo tại ${o.outDir}`) +
    '.';
  const interactive = io.isErrTTY && !ctx.quiet;
  if (!interactive) {
    if (!o.clean) io.err(`${line}\n`);
    return;
  }
  const c = io.color;
  io.err(`${o.clean ? c.green('✓') : c.yellow('!')} ${line}\n`);
  for (const u of s.units.filter((x) => x.status !== 'accepted')) {
    io.err(`  ${c.red(u.status === 'missing' ? 'chưa gửi' : 'bị trả lại')}: ${u.name}${u.files.length ? ` (${u.files.join(', ')})` : ''}\n`);
  }
  for (const [id, t] of Object.entries(s.targets)) io.err(`  ${id}: ${t.status}\n`);
  if (s.assessment) io.err(`  Xếp loại phường: ${[...new Set(s.assessment.wards.map((w) => w.class))].map((k) => `${s.assessment?.wards.filter((w) => w.class === k).length} ${k}`).join(', ')} (chi tiết: sheet "Xep loai phuong").\n`);
  if (o.written) {
    if (o.written.written.length === 0) io.err(`  Không có gì thay đổi: báo cáo giữ nguyên.\n`);
    else io.err(`  Đã ghi: ${o.written.written.join(', ')}\n`);
    if (o.written.archivedTo) io.err(`  Bản trước được lưu tại ${o.written.archivedTo}\n`);
  }
  if (s.ignoredFiles > 0) io.err(`  Bỏ qua ${s.ignoredFiles} tệp của các kỳ khác (không dùng cho kỳ ${s.period.id}).\n`);
  if (errors + warnings > 0) io.err(`  Chi tiết lỗi, cảnh báo: summary.json và sheet "Kiem tra" của báo cáo Excel; hoặc chạy: ${o.hint}\n`);
}

let compiledText: ReportText | undefined;
/** The Word report's wording (templates/report), read once per run at this edge and handed to the renderer. */
async function reportText(): Promise<ReportText> {
  const { compileReportText } = await import('../report/report-text.ts');
  compiledText ??= compileReportText(loadReportTemplates());
  return compiledText;
}

/** The charts of the reports and their fonts (issue 17), read only when a report is drawn. */
async function chartSetup(): Promise<ChartSetup> {
  const { loadChartSetup } = await import('../load/load-charts.ts');
  return loadChartSetup();
}

import path from 'node:path';
import { loadPlan } from '../load/load-plan.ts';
import type { ReportModel } from '../aggregate/report-model.ts';
import type { ChartSetup } from '../domain/chart-schema.ts';
import { type Summary, summaryUnitKey } from '../domain/summary-schema.ts';
import { periodOption } from './period-option.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { progressLine } from './progress.ts';
import { UsageError } from '../common/usage-error.ts';
import { detailsHint } from './_details-hint.ts';
import { collectingEarly, releaseMemory } from '../common/heap.ts';
import { type ZipParts, zipParts } from '../common/zip-parts.ts';
import { loadForms } from '../load/load-forms.ts';
import { countBySeverity, hasErrors, type Issue } from '../domain/issue.ts';
import type { Plan } from '../domain/plan-schema.ts';
import type { Glossary } from '../domain/glossary.ts';
import { shortUnitName } from '../domain/units.ts';
import type { UnitInstance } from '../domain/unit-instances.ts';
import { keyLabel, unitSpanText } from '../report/unit-label.ts';
import { targetShortName } from '../domain/target-name.ts';
import { loadGlossary } from '../load/load-glossary.ts';
import { formatNumberVi } from '../common/vi-format.ts';
import { issuePlace } from './_validate-text.ts';
import { LINE_WIDTH, textWidth, truncate, wrap } from './_terminal-text.ts';
import { buildManifest } from '../store/build-manifest.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { analyseInbox, type InboxAnalysis } from '../inbox/analyse-inbox.ts';
import { scanInputs } from '../inbox/scan-inputs.ts';
import { loadUnits } from '../load/load-units.ts';
import { loadCriteria } from '../load/load-criteria.ts';
import { periodFileId } from '../domain/period.ts';
import { VERSION } from '../common/version.ts';
import { acquireLock } from '../store/lock.ts';
import { refuseOutputInside } from '../store/output-place.ts';
import { publishReports, type PublishFile } from '../store/publish.ts';
import { recoverOutputFolder, verifyPublished } from '../store/publish-journal.ts';
import { mismatchIssues, printMismatches, reportRecoveries } from './_publish-recovery.ts';
import { loadPrecompiledTemplates, loadReportTemplates } from '../load/templates.ts';
import { appendRegister, checkRegisterCovers, periodState, readRegister, REGISTER_SCHEMA_ID } from '../store/register.ts';
import { readPriorCorrections } from '../store/prior-corrections.ts';
import type { ReportText } from '../report/report-text.ts';
import { AUDIENCES, type Audience } from '../domain/audiences.ts';
import { startXlsxRenderer, type XlsxRenderer } from './_xlsx-renderer.ts';

export interface CompileOptions extends CommonOptions {
  period: string;
  input?: string;
  out?: string;
  to?: string[];
  /** `docx,xlsx`, or the list commander collects from `--format docx xlsx`. */
  format?: string | readonly string[];
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
  const files = scanInputs([inputDir], ctx.cwd, { hint: opts.input === undefined ? 'Chạy "baocao init" trong thư mục làm việc để tạo thư mục nhận báo cáo, hoặc chỉ thư mục khác bằng --input.' : undefined });
  const reason = opts.reason?.normalize('NFC').trim() ?? '';
  if (opts.reopen && reason === '') throw new UsageError('REOPEN_NEEDS_REASON', '--reopen cần lý do: --reason "…" (được ghi vào sổ register.jsonl).');

  const lock = await acquireLock(outDir, { waitSeconds: config.lockWaitSeconds, owner: { command: `baocao compile --period ${opts.period}` } });
  // Started now, so that the worker loads its code (and the chart libraries) while the inbox is read (issue 18).
  const xlsx = formats.includes('xlsx') ? startXlsxRenderer({ chartImages: formats.includes('docx'), files: files.length }) : null;
  try {
    // A publish killed half-way is finished (or its staging folder dropped) before anything else reads the folder.
    reportRecoveries(ctx, recoverOutputFolder(outDir));
    // What was sent (spec/closing.md): read first, so that a corrupt register stops the run before any work.
    const register = readRegister(outDir);
    checkRegisterCovers(register, path.join(outDir, period.id), period.id);
    const state = periodState(register, period.id);
    if (opts.reopen && !state.closed) throw new UsageError('NOT_CLOSED', `Kỳ ${period.id} chưa chốt: không cần --reopen.`);
    const progress = progressLine(io, { json: ctx.json, quiet: ctx.quiet, label: 'Đang đọc' });
    // The whole analysis (every record) lives in this callback only: past it, the reports and the manifest keep what
    // they need, so memory does not grow with the inbox while they are drawn (issue 18). A variable set to null would
    // not do: the awaited value stays in a register of this function.
    const step = await analyseInbox({ files, period, config, forms, units, plan, criteria, onProgress: progress.update }).then(async (analysis): Promise<{ exit: number } | Pick<InboxAnalysis, 'model' | 'used' | 'files'>> => {
      progress.done();
      const model = { ...analysis.model, priorCorrections: readPriorCorrections(register, outDir, period) };
      if (state.closed && !opts.reopen) {
        const { compileClosed } = await import('./_compile-closed.ts');
        const render = (m: ReportModel) => renderReports(m, { formats, audiences, ctx, xlsx });
        return { exit: await compileClosed({ period, outDir, register, state, analysis, model, forms, units, plan, audiences, acceptCorrections: Boolean(opts.acceptCorrections), renderReports: render, reportText }, ctx) };
      }
      return { model, used: analysis.used, files: analysis.files };
    });
    if ('exit' in step) return step.exit;
    const { model, used, files: read } = step;
    // The reason is recorded before anything is replaced: the register never lags behind the files.
    if (opts.reopen) appendRegister(register, { event: 'reopen', schema: REGISTER_SCHEMA_ID, period: period.id, at: ctx.now, day: ctx.today, tool: VERSION, reason });
    const incomplete = model.summary.units.filter((u) => u.status !== 'accepted');
    const clean = !hasErrors(model.summary.issues) && incomplete.length === 0;

    let summary: Summary = model.summary;
    let written: { written: string[]; unchanged: string[]; archivedTo: string | null } | null = null;
    const refuse = Boolean(opts.requireComplete && incomplete.length > 0);
    // The folder as it stands is checked against its manifest.json before anything replaces it: a report edited by hand
    // (or any other mismatch) is said, and ends up in history/ when this run replaces it.
    printMismatches(ctx, mismatchIssues(verifyPublished(path.join(outDir, period.id)), period.id, refuse ? 'status' : 'compile'));
    if (!refuse) {
      const reports = await renderReports(model, { formats, audiences, ctx, xlsx });
      summary = { ...model.summary, outputs: [...reports.map((r) => r.name), 'summary.json', 'manifest.json'] };
      const outputs: PublishFile[] = [...reports, { name: 'summary.json', bytes: Buffer.from(serializeJson(summary), 'utf8') }];
      const manifest = buildManifest({ period: period.id, inputs: used, outputs: outputs.map((f) => ({ file: f.name, bytes: f.bytes })), configHash: config.hash, version: VERSION });
      written = publishReports({ dir: path.join(outDir, period.id), files: outputs, manifest, now: ctx.now });
    }

    if (ctx.json) io.out(serializeJson(summary));
    else {
      const hint = detailsHint({ inputDir, cwd: ctx.cwd, period, issues: summary.issues, files: read });
      printOutcome(ctx, { summary, plan, clean, incomplete: incomplete.length, written, outDir: path.join(outDir, period.id), refused: written === null, hint, units: model.units });
    }
    return clean ? EXIT.ok : EXIT.dataNotClean;
  } finally {
    xlsx?.close();
    lock.release();
  }
}

// --- internal ---

function parseFormats(given: string | readonly string[]): Format[] {
  const text = [given].flat().join(',');
  const parts = text.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = parts.filter((p) => !(FORMATS as readonly string[]).includes(p));
  if (bad.length || parts.length === 0) throw new UsageError('BAD_FORMAT', `--format chỉ nhận docx, xlsx (cách nhau dấu phẩy), không nhận "${bad.join(', ') || text}".`);
  return [...new Set(parts)] as Format[];
}

/**
 * The reports, in the order district Word, district Excel, city Word, city Excel (summary.json lists them so). With
 * `xlsx` (a worker thread) the Excel ones and the Word ones' chart pictures are made there while this thread renders
 * the Word ones; without it, one after another here.
 */
async function renderReports(model: ReportModel, o: RenderOptions & { xlsx: XlsxRenderer | null }): Promise<PublishFile[]> {
  if (!o.xlsx || !o.formats.includes('xlsx')) return renderInTurn(model, o);
  const charts = await chartSetup();
  const wantWord = o.formats.includes('docx');
  const job = o.xlsx.render(model, charts, o.audiences.map((to) => ({ to, audience: o.ctx.config.audiences[to] })), { chartImages: wantWord });
  // Settled now too, so that a failure of the Word rendering below never leaves the Excel promise unhandled.
  const excelSettled = job.excel.then((bytes) => ({ bytes }), (error: unknown) => ({ error }));
  const drawn = new Map<string, PublishFile>();
  if (wantWord) {
    if (job.images) {
      const { rememberChartImages } = await import('../report/charts/chart-images.ts');
      rememberChartImages(model, charts, job.images);
    }
    // Each Word report is zipped in the worker while this thread goes on with the next one. No forced collection
    // before each (renderInTurn's): this path is for fewer than MIN_FILES_FOR_POOL files, where the two full
    // collections cost ~70 ms of a year's compile and saved 2–6 MB (192 files; 250 wards: 240 MB → 231 MB).
    const zipped: Promise<unknown>[] = [];
    for (const to of o.audiences) {
      const { name, parts } = await wordParts(model, to, o.ctx);
      const zip = o.xlsx.zip(parts).then((bytes) => drawn.set(drawnKey('docx', to), { name, bytes }));
      zip.catch(() => {}); // awaited below; a failure before then is not an unhandled rejection
      zipped.push(zip);
    }
    await Promise.all(zipped);
  }
  const excel = await excelSettled;
  if ('error' in excel) throw excel.error;
  const { xlsxReportFileName } = await import('../report/xlsx/xlsx-report.ts');
  o.audiences.forEach((to, i) => drawn.set(drawnKey('xlsx', to), { name: xlsxReportFileName(periodFileId(model.period), to), bytes: excel.bytes[i]! }));
  return inReportOrder(drawn, o);
}

/**
 * One report after another in this thread, memory released before each (the peak is one report's, issue 18). The
 * Excel reports are drawn first: packing a Word report of many wards frees buffers of some 20 MB, after which the C
 * allocator keeps up to twice that much freed memory for reuse, and an Excel report drawn after it peaked 70 MB
 * higher (bench/MEMORY-issue18.md). The reports are returned in the order of `renderReports` whatever the drawing order.
 */
async function renderInTurn(model: ReportModel, o: RenderOptions): Promise<PublishFile[]> {
  const drawn = new Map<string, PublishFile>();
  const order = (['xlsx', 'docx'] as const).flatMap((format) => (o.formats.includes(format) ? o.audiences.map((to) => ({ format, to })) : []));
  // The first collection also compacts what reading the inbox left scattered over the heap.
  let compact = true;
  await collectingEarly(async () => {
    for (const { format, to } of order) {
      releaseMemory({ compact });
      compact = false;
      drawn.set(drawnKey(format, to), format === 'docx' ? await wordReport(model, to, o.ctx) : await excelReport(model, to, o.ctx));
    }
  });
  // The last report's garbage (a Word report of many wards leaves some 50 MB of buffers) goes before summary.json and
  // manifest.json are made.
  releaseMemory();
  return inReportOrder(drawn, o);
}

interface RenderOptions {
  formats: Format[];
  audiences: Audience[];
  ctx: CommandContext;
}

const drawnKey = (format: Format, to: Audience): string => `${format}:${to}`;

/** The reports drawn, for each audience its Word then its Excel report (renderReports' order). */
const inReportOrder = (drawn: ReadonlyMap<string, PublishFile>, o: RenderOptions): PublishFile[] =>
  o.audiences.flatMap((to) => FORMATS.filter((f) => o.formats.includes(f)).map((f) => drawn.get(drawnKey(f, to))!));

async function wordReport(model: ReportModel, to: Audience, ctx: CommandContext): Promise<PublishFile> {
  const { name, parts } = await wordParts(model, to, ctx);
  return { name, bytes: zipParts(parts) };
}

/** A Word report's name and parts, not yet zipped. */
async function wordParts(model: ReportModel, to: Audience, ctx: CommandContext): Promise<{ name: string; parts: ZipParts }> {
  const { renderDocxParts, docxReportFileName } = await import('../report/docx/docx-report.ts');
  const options = { to, audience: ctx.config.audiences[to], place: ctx.config.place, text: await reportText(), planReference: ctx.config.planReference, charts: await chartSetup() };
  return { name: docxReportFileName(periodFileId(model.period), to), parts: await renderDocxParts(model, options) };
}

async function excelReport(model: ReportModel, to: Audience, ctx: CommandContext): Promise<PublishFile> {
  const { renderXlsxReport, xlsxReportFileName } = await import('../report/xlsx/xlsx-report.ts');
  return { name: xlsxReportFileName(periodFileId(model.period), to), bytes: await renderXlsxReport(model, { to, audience: ctx.config.audiences[to], charts: await chartSetup() }) };
}

interface Outcome {
  summary: Summary;
  plan: Plan;
  clean: boolean;
  incomplete: number;
  written: { written: string[]; unchanged: string[]; archivedTo: string | null } | null;
  outDir: string;
  refused: boolean;
  /** The commands that show the details (detailsHint). */
  hint: string;
  /** The period's units with their spans (a unit of part of the period is named with it). */
  units: readonly UnitInstance[];
}

/** How many errors and warnings the terminal shows after a compile; the rest are in the Excel report and summary.json. */
const ISSUE_LIMIT = 10;

/**
 * Cron mails any output, so a clean run prints nothing without a terminal (or with --quiet); a run that is not clean
 * prints one line on stderr. On a terminal the clerk gets the outcome: units missing or rejected, each target with
 * its short name and status, the errors and warnings themselves (up to ISSUE_LIMIT), what was written and where.
 */
function printOutcome(ctx: CommandContext, o: Outcome): void {
  const { io } = ctx;
  const s = o.summary;
  const g = loadGlossary();
  const accepted = s.units.filter((u) => u.status === 'accepted').length;
  const { errors, warnings } = countBySeverity(s.issues);
  const line =
    `baocao compile ${s.period.id}: ${accepted}/${s.units.length} đơn vị được tổng hợp` +
    (o.incomplete ? `, ${o.incomplete} ${g.unitStatus.missing.inline} hoặc ${g.unitStatus.rejected.inline} (${s.units.filter((u) => u.status !== 'accepted').map(summaryUnitKey).join(', ')})` : '') +
    `; ${errors} ${g.severity.error.inline}, ${warnings} ${g.severity.warning.inline}` +
    (o.refused ? '; KHÔNG ghi báo cáo (--require-complete)' : `; báo cáo tại ${o.outDir}`) +
    '.';
  const interactive = io.isErrTTY && !ctx.quiet;
  if (!interactive) {
    if (!o.clean) io.err(`${line}\n`);
    return;
  }
  const c = io.color;
  const out: string[] = [wrap(`${o.clean ? c.green('✓') : c.yellow('!')} ${line}`, LINE_WIDTH, '  ')];
  for (const u of s.units.filter((x) => x.status !== 'accepted')) {
    const files = u.files.length ? ` (${u.files.map((f) => path.posix.basename(f)).join(', ')})` : '';
    out.push(wrap(`  ${c.red(g.unitStatus[u.status].label)}: ${keyLabel(o.units, summaryUnitKey(u), u.name)}${files}`, LINE_WIDTH, '    '));
  }
  out.push(...partialUnitLines(o.units));
  const targets = o.plan.targets.filter((t) => s.targets[t.id] !== undefined);
  if (targets.length > 0) {
    out.push(`  ${g.headers.target}:`);
    const names = targets.map((t) => truncate(targetShortName(t), 40));
    const width = Math.max(...names.map(textWidth));
    targets.forEach((t, i) => {
      const r = s.targets[t.id]!;
      const percent = r.percent === null ? '' : ` (${formatNumberVi(r.percent, 1)}%)`;
      out.push(`    ${t.id.padEnd(4)} ${names[i]!}${' '.repeat(width - textWidth(names[i]!))}  ${r.status}${percent}`);
    });
  }
  if (s.assessment) out.push(`  Xếp loại phường: ${[...new Set(s.assessment.wards.map((w) => w.class))].map((k) => `${s.assessment?.wards.filter((w) => w.class === k).length} ${k}`).join(', ')} (chi tiết: sheet "Xep loai phuong").`);
  out.push(...issueLines(s.issues, g, c, o.hint));
  if (errors + warnings > 0) out.push(`  Chi tiết lỗi, cảnh báo: summary.json và sheet "Kiem tra" của báo cáo Excel; hoặc chạy:\n    ${o.hint}`);
  if (o.written) {
    if (o.written.written.length === 0) out.push('  Không có gì thay đổi: báo cáo giữ nguyên.');
    else out.push(wrap(`  Đã ghi: ${o.written.written.join(', ')}`, LINE_WIDTH, '    '));
    if (o.written.archivedTo) out.push(`  Bản trước được lưu tại ${o.written.archivedTo}`);
    out.push(`  Báo cáo tại: ${o.outDir}`);
  }
  if (s.ignoredFiles > 0) out.push(`  Bỏ qua ${s.ignoredFiles} tệp của các kỳ khác (không dùng cho kỳ ${s.period.id}).`);
  io.err(`${out.join('\n')}\n`);
}

/**
 * The errors, then the warnings, one wrapped line each, up to ISSUE_LIMIT; a unit missing is already named above.
 * Issue messages never quote personal data (issue-catalog.ts), so they can be shown as they are.
 */
function issueLines(issues: readonly Issue[], g: Glossary, c: CommandContext['io']['color'], hint: string): string[] {
  const shown = [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity === 'warning')].filter((i) => i.code !== 'unit.missing');
  if (shown.length === 0) return [];
  const lines = [`  ${g.severity.error.label}, ${g.severity.warning.inline} (${shown.length}):`];
  for (const i of shown.slice(0, ISSUE_LIMIT)) {
    const mark = i.severity === 'error' ? c.red('✗') : c.yellow('!');
    const where = [i.file, i.file !== undefined ? issuePlace(i) : undefined].filter((x) => x !== undefined && x !== '(cả tệp)').join(' ');
    lines.push(wrap(`    ${mark} ${where ? `${where}: ` : ''}${i.message}`, LINE_WIDTH, '      '));
  }
  const rest = shown.length - ISSUE_LIMIT;
  if (rest > 0) lines.push(`    … và ${rest} mục khác (xem cách xem chi tiết dưới đây).`);
  return lines;
}

/**
 * Units of part of the period (the 1 July 2025 reorganisation inside a year): one line per start or end day, so the
 * clerk sees that their months are in the totals. Nothing for a period every unit covers whole.
 */
function partialUnitLines(units: readonly UnitInstance[]): string[] {
  const partial = units.filter((u) => u.partial);
  const lines = new Map<string, string[]>();
  for (const u of partial) {
    const span = unitSpanText(u) ?? '';
    lines.set(span, [...(lines.get(span) ?? []), u.kind === 'ward' ? shortUnitName(u) : u.name]);
  }
  return [...lines].map(([span, names]) =>
    wrap(`  Đơn vị chỉ hoạt động một phần kỳ (${span}), số liệu các tháng đó đã cộng vào tổng: ${names.join(', ')}.`, LINE_WIDTH, '    '),
  );
}

let compiledText: ReportText | undefined;
/** The Word report's wording (templates/report), read once per run at this edge and handed to the renderer. */
async function reportText(): Promise<ReportText> {
  const { compileReportText } = await import('../report/report-text.ts');
  compiledText ??= compileReportText(loadReportTemplates(), loadPrecompiledTemplates());
  return compiledText;
}

/** The charts of the reports and their fonts (issue 17), read only when a report is drawn. */
async function chartSetup(): Promise<ChartSetup> {
  const { loadChartSetup } = await import('../load/load-charts.ts');
  return loadChartSetup();
}

import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ReportModel } from '../aggregate/report-model.ts';
import { VERSION } from '../common/version.ts';
import { formatDateVi } from '../common/vi-format.ts';
import { periodLabelVi, type Period } from '../domain/period.ts';
import type { Summary } from '../domain/summary-schema.ts';
import { compareSummaries, hasChanges, type FigureChanges } from '../explain/compare-summaries.ts';
import { explainFigure } from '../explain/explain-figure.ts';
import type { InboxAnalysis } from '../inbox/analyse-inbox.ts';
import type { ReportText } from '../report/report-text.ts';
import type { ErrataModel } from '../report/docx/errata-docx.ts';
import type { FormSet } from '../load/load-forms.ts';
import { findIndicator } from '../load/load-forms.ts';
import type { Plan } from '../domain/plan-schema.ts';
import type { Audience } from '../domain/config-schema.ts';
import type { UnitRegistry } from '../domain/units.ts';
import { fsyncDirectory } from '../store/atomic-write.ts';
import { buildManifest, sha256Hex } from '../store/build-manifest.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { HISTORY_DIR_NAME, historyStamp, publishReports, type PublishFile } from '../store/publish.ts';
import { appendRegister, latestSent, REGISTER_SCHEMA_ID, type PeriodState, type Register } from '../store/register.ts';
import { readSentSummary, verifySentFiles } from '../store/sent-files.ts';
import { EXIT, type CommandContext } from './context.ts';


export interface ClosedCompileInput {
  readonly period: Period;
  readonly outDir: string;
  readonly register: Register;
  readonly state: Extract<PeriodState, { closed: true }>;
  readonly analysis: InboxAnalysis;
  readonly model: ReportModel;
  readonly forms: FormSet;
  readonly units: UnitRegistry;
  readonly plan: Plan;
  readonly audiences: readonly Audience[];
  readonly acceptCorrections: boolean;
  /** The run's reports for a model (compile's own renderer). */
  readonly renderReports: (model: ReportModel) => Promise<PublishFile[]>;
  /** The Word wording (templates/report), loaded at the edge. */
  readonly reportText: () => Promise<ReportText>;
}

/**
 * `compile` of a closed period (spec/closing.md). The closed files are never touched. The figures now are compared
 * with the version sent last (the close, or the latest correction), whose files must still be the ones the register
 * recorded. Unchanged: nothing is written (exit 0). Changed: OUT/P/dieu-chinh-N/ gets a full summary.json (with
 * `corrections`), the reports and the errata; it is built under a temporary name and renamed into place, and only then
 * is the register's `correction` line added, so a run killed at any point leaves the register and the closed files as
 * they were (a half-built folder is removed by the next run). Exit 1 unless --accept-corrections.
 */
export async function compileClosed(input: ClosedCompileInput, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const { period, state } = input;
  const periodDir = path.join(input.outDir, period.id);
  const sent = latestSent(state);
  const sentDir = path.join(periodDir, sent.dir);
  verifySentFiles(sentDir, sent.outputs, sent.dir ? `bản điều chỉnh ${sent.dir} của kỳ ${period.id}` : `kỳ ${period.id} đã chốt`);
  const sentSummary = readSentSummary(sentDir);
  const changes = compareSummaries(sentSummary, input.model.summary, causeFinder(input, new Set(sent.inputs.map((i) => `${i.file}\u0000${i.sha256}`))));
  const closedOn = state.close.day;

  if (!hasChanges(changes)) {
    if (ctx.json) io.out(serializeJson({ ...input.model.summary, outputs: [], corrections: [], targetCorrections: [] }));
    // Clean: like any clean compile, silent for cron (no terminal).
    else if (io.isErrTTY && !ctx.quiet) io.err(`Kỳ ${period.id} đã chốt ngày ${formatDateVi(closedOn)}; số liệu không thay đổi so với bản đã gửi: không ghi gì.\n`);
    return EXIT.ok;
  }

  const n = state.corrections + 1;
  const dirName = `dieu-chinh-${n}`;
  removeUnfinished(periodDir);
  const target = path.join(periodDir, dirName);
  // A folder of that name not in the register was left by a run killed between its rename and the register line:
  // never sent, but kept under history/ rather than deleted.
  if (existsSync(target)) {
    const keep = path.join(periodDir, HISTORY_DIR_NAME, `${historyStamp(ctx.now)}-${dirName}-chua-ghi-so`);
    mkdirSync(path.dirname(keep), { recursive: true });
    renameSync(target, keep);
  }

  const { renderErrataDocx, errataFileName } = await import('../report/docx/errata-docx.ts');
  const errata = errataModel(input, changes, { n, date: ctx.today, closedOn });
  const reports = await input.renderReports(input.model);
  const errataFiles: PublishFile[] = [];
  const text = await input.reportText();
  for (const to of input.audiences) {
    errataFiles.push({ name: errataFileName(period.id, to), bytes: await renderErrataDocx(errata, { to, audience: ctx.config.audiences[to], place: ctx.config.place, text }) });
  }
  const files = [...errataFiles, ...reports];
  const summary: Summary = {
    ...input.model.summary,
    outputs: [...files.map((f) => f.name), 'summary.json', 'manifest.json'],
    corrections: [...changes.corrections],
    targetCorrections: [...changes.targets],
  };
  const outputs: PublishFile[] = [...files, { name: 'summary.json', bytes: Buffer.from(serializeJson(summary), 'utf8') }];
  const manifest = buildManifest({ period: period.id, inputs: input.analysis.used, outputs: outputs.map((f) => ({ file: f.name, bytes: f.bytes })), configHash: ctx.config.hash, version: VERSION });
  const partial = path.join(periodDir, `.${dirName}.${process.pid}.partial`);
  publishReports({ dir: partial, files: outputs, manifest, now: ctx.now });
  renameSync(partial, target);
  fsyncDirectory(periodDir);
  appendRegister(input.register, {
    event: 'correction',
    schema: REGISTER_SCHEMA_ID,
    period: period.id,
    at: ctx.now,
    day: ctx.today,
    tool: VERSION,
    n,
    dir: dirName,
    manifest: sha256Hex(serializeJson(manifest)),
    outputs: manifest.outputs,
    inputs: manifest.inputs,
    changes: changes.corrections.length + changes.targets.length,
    accepted: input.acceptCorrections,
  });

  if (ctx.json) io.out(serializeJson(summary));
  else {
    const head = `baocao compile ${period.id}: kỳ đã chốt ngày ${formatDateVi(closedOn)} nhưng số liệu đã thay đổi (${changes.corrections.length} số liệu, ${changes.targets.length} chỉ tiêu)`;
    const where = `; báo cáo điều chỉnh lần ${n} tại ${target}; các tệp đã gửi giữ nguyên.`;
    const interactive = io.isErrTTY && !ctx.quiet;
    if (!interactive && input.acceptCorrections) {
      // Accepted: a clean run, which cron does not mail.
    } else {
      io.err(`${head}${where}\n`);
      if (interactive) for (const line of errata.changes.slice(0, 20)) io.err(`  ${line.indicator} ${line.unitName}: ${line.old ?? '—'} → ${line.new ?? '—'}${line.file ? ` (${line.file}, ô ${line.cell})` : ''}\n`);
      if (interactive && !input.acceptCorrections) io.err(`  Xem lại báo cáo điều chỉnh, rồi chạy lại với --accept-corrections (hoặc --reopen --reason "…" để thay báo cáo đã gửi).\n`);
    }
  }
  return input.acceptCorrections ? EXIT.ok : EXIT.dataNotClean;
}

// --- internal ---

/**
 * The form a unit's new value comes from: among the cells its figure now uses, one from a workbook that is new or
 * changed since the version sent (by sha256); failing that, the last cell used.
 */
function causeFinder(input: ClosedCompileInput, sentInputs: ReadonlySet<string>) {
  const sha = new Map(input.analysis.used.map((u) => [u.file, u.sha256]));
  return (unit: string, indicator: string): { file: string; cell: string } | null => {
    const result = explainFigure({
      period: input.period,
      code: indicator,
      unit,
      records: input.analysis.records,
      rejected: input.analysis.rejected,
      units: input.units,
      forms: input.forms,
      plan: { ...input.plan, targets: [] },
      summary: input.model.summary,
    });
    if (result.kind !== 'ok') return null;
    const used = result.explanation.contributions.filter((c) => c.used);
    const changed = used.filter((c) => !sentInputs.has(`${c.file}\u0000${sha.get(c.file) ?? ''}`));
    const pick = changed.at(-1) ?? used.at(-1);
    return pick ? { file: pick.file, cell: pick.cell } : null;
  };
}

function errataModel(input: ClosedCompileInput, changes: FigureChanges, o: { n: number; date: string; closedOn: string }): ErrataModel {
  const nameOf = (key: string | null): string => (key === null ? 'Toàn quận' : (input.model.units.find((u) => u.key === key)?.name ?? key));
  const indicator = (code: string) => Object.values(input.forms).map((form) => findIndicator(form, code)).find((i) => i !== undefined);
  return {
    periodId: input.period.id,
    periodLabel: periodLabelVi(input.period),
    n: o.n,
    date: o.date,
    closedOn: o.closedOn,
    changes: changes.corrections.map((c) => ({
      indicator: c.indicator,
      label: indicator(c.indicator)?.label ?? c.indicator,
      measure: indicator(c.indicator)?.unit ?? '',
      unitName: nameOf(c.unit),
      isTotal: c.unit === null,
      old: c.old,
      new: c.new,
      file: c.file,
      cell: c.cell,
    })),
    targets: changes.targets.map((t) => {
      const planTarget = input.plan.targets.find((x) => x.id === t.target);
      return { target: t.target, label: planTarget?.label ?? t.target, measure: planTarget?.unit ?? '', unitName: nameOf(t.unit), old: t.old, new: t.new, oldStatus: t.oldStatus, newStatus: t.newStatus };
    }),
  };
}

/** Correction folders of killed runs (`.dieu-chinh-N.<pid>.partial`): we hold OUT's lock, so none is in use. */
function removeUnfinished(periodDir: string): void {
  if (!existsSync(periodDir)) return;
  for (const name of readdirSync(periodDir)) if (/^\.dieu-chinh-\d+\.\d+\.partial$/.test(name)) rmSync(path.join(periodDir, name), { recursive: true, force: true });
}

import path from 'node:path';
import type { UnitInstance } from '../domain/unit-instances.ts';
import { keyLabel } from '../report/unit-label.ts';
import { loadPlan } from '../load/load-plan.ts';
import { type SummaryUnit, summaryUnitKey } from '../domain/summary-schema.ts';
import { periodOption } from './period-option.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { progressLine } from './progress.ts';
import { formatDateVi } from '../common/vi-format.ts';
import { loadForms } from '../load/load-forms.ts';
import { hasErrors, type Issue } from '../domain/issue.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { addDays, monthRange, parsePeriodId, periodLabelVi, type Period } from '../domain/period.ts';
import type { FileStatus } from '../validate/validate-run.ts';
import { analyseInbox } from '../inbox/analyse-inbox.ts';
import { scanInputs } from '../inbox/scan-inputs.ts';
import { loadUnits } from '../load/load-units.ts';
import { shortUnitName } from '../domain/units.ts';
import { loadGlossary } from '../load/load-glossary.ts';
import type { Glossary } from '../domain/glossary.ts';
import { LINE_WIDTH, shownPath, table, textWidth, truncate, wrap } from './_terminal-text.ts';
import { periodState, readRegister } from '../store/register.ts';
import { checkPeriodOutputs, printMismatches } from './_publish-recovery.ts';

export interface StatusOptions extends CommonOptions {
  period: string;
  input?: string;
  /** `--files`: every unit's files in full under the table (the table itself shows short names). */
  files?: boolean;
  out?: string;
}

/**
 * `baocao status --period P`: who has reported, who is late, who is missing, who was rejected. The same
 * read → validate → aggregate path as compile (so both always agree), without writing anything of its own (an interrupted publish found in the report folder is finished, as compile would).
 * Exit 1 when a unit is missing or rejected, or an error-level issue remains (the same rule as compile).
 * Every line fits 100 columns: unit names and file names are shortened in the table; `--files` lists the files in full.
 */
export async function runStatus(opts: StatusOptions, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const period = periodOption(opts.period, ctx);
  // A closed period is said so; a corrupt register stops here (exit 2), before any reading.
  const outDir = path.resolve(ctx.cwd, opts.out ?? config.output);
  const closing = periodState(readRegister(outDir), period.id);
  const closed = closing.closed ? { at: closing.close.at, day: closing.close.day, corrections: closing.since.length } : null;
  // The period's report folder: an interrupted publish finished, then every file checked against manifest.json (issue 13).
  const outputs = await checkPeriodOutputs(ctx, { outDir, period: period.id, closed: closed !== null });
  printMismatches(ctx, outputs.issues);
  if (outputs.busy && !ctx.quiet) io.err(`Một lần chạy khác đang ghi báo cáo vào ${outDir}: chưa kiểm tra được các tệp báo cáo của kỳ ${period.id}.\n`);
  const inputDir = path.resolve(ctx.cwd, opts.input ?? config.inbox);
  const files = scanInputs([inputDir], ctx.cwd, { hint: opts.input === undefined ? MISSING_INBOX_HINT : undefined });
  const progress = progressLine(io, { json: ctx.json, quiet: ctx.quiet, label: 'Đang đọc' });
  const { model, files: read } = await analyseInbox({ files, period, config, forms: loadForms(), units: loadUnits(config.unitsFile), plan: loadPlan(config.planFile), onProgress: progress.update });
  progress.done();
  const s = model.summary;
  const deadline = addDays(s.period.to, config.deadlineDays);
  const incomplete = s.units.filter((u) => u.status !== 'accepted');

  const late = latePeriods(s.issues, read);
  if (ctx.json) {
    // `latePeriods` (added key): the periods whose form came after its deadline, e.g. ["2021-06", "2021-07"].
    const units = s.units.map((u) => ({ ...u, latePeriods: (late.get(summaryUnitKey(u)) ?? []).map((p) => p.id) }));
    // `outputIssues` (added key): the report folder's files that do not match its manifest.json (output.manifest-mismatch).
    io.out(serializeJson({ schema: 'baocao.status/1', period: { ...s.period, deadline }, units, closed, outputIssues: outputs.issues }));
  } else if (!ctx.quiet || incomplete.length > 0) {
    const g = loadGlossary();
    const count = (st: SummaryUnit['status']) => s.units.filter((u) => u.status === st).length;
    io.out(`${wrap(`Tình hình báo cáo ${periodLabelVi(period)} (số liệu từ ${formatDateVi(s.period.from)} đến ${formatDateVi(s.period.to)}; hạn gửi ${formatDateVi(deadline)})`)}\n\n`);
    if (count('missing') === s.units.length) {
      // Nothing has arrived: sixteen identical rows would hide the one thing to say.
      const where = shownPath(inputDir, ctx.cwd);
      const why = files.length === 0 ? `thư mục nhận báo cáo ${where} chưa có tệp bảng tính nào` : `trong thư mục nhận báo cáo ${where} chưa có tệp nào của kỳ ${period.id}`;
      io.out(
        `${wrap(`Chưa nhận được báo cáo nào của ${periodLabelVi(period)}: ${why}. Các đơn vị gửi biểu đã điền (.xlsx) vào thư mục đó, có thể chia thư mục con theo kỳ (ví dụ ${path.join(where, period.id)}); chạy lại lệnh này khi đã có tệp.`)}\n`,
      );
    } else {
      io.out(statusTable(s.units, g, late, model.units));
      if (opts.files) io.out(fileList(s.units, inputDir, g));
    }
    if (closed) io.out(`\n${wrap(`Kỳ đã chốt (đã gửi) ngày ${formatDateVi(closed.day)}${closed.corrections ? `; ${closed.corrections} lần điều chỉnh sau khi gửi` : ''}: báo cáo đã gửi không bị ghi đè.`)}\n`);
    const lateUnits = s.units.filter((u) => u.onTime === false).length;
    const u = g.unitStatus;
    io.out(
      `\n${wrap(`${s.units.length} đơn vị: ${count('accepted')} ${u.accepted.inline} (${lateUnits} ${g.timeliness.late.inline}), ${count('rejected')} ${u.rejected.inline}, ${count('missing')} ${u.missing.inline}.`)}\n`,
    );
  }
  return incomplete.length > 0 || hasErrors(s.issues) ? EXIT.dataNotClean : EXIT.ok;
}

// --- internal ---

const MISSING_INBOX_HINT = 'Chạy "baocao init" trong thư mục làm việc để tạo thư mục nhận báo cáo, hoặc chỉ thư mục khác bằng --input.';

/** One row a unit; the file column gives way first (short names, then a count), so a year still fits 100 columns. */
function statusTable(units: readonly SummaryUnit[], g: Glossary, late: ReadonlyMap<string, Period[]>, instances: readonly UnitInstance[]): string {
  // A unit of part of the period (the 2025 reorganisation) is named with its span: two rows may share a code.
  const nameOf = (u: SummaryUnit): string => keyLabel(instances, summaryUnitKey(u), shortUnitName(u), { short: true });
  const h = g.headers;
  const several = units.some((u) => u.files.length > 1);
  const head = [h.code, h.unit, h.unitStatus, h.signedOn, h.timeliness, h.files];
  const rows = units.map((u) => [
    u.code,
    truncate(nameOf(u), NAME_WIDTH),
    g.unitStatus[u.status].label,
    u.signedOn ? formatDateVi(u.signedOn) : '—',
    capitalize(timeliness(u, late.get(summaryUnitKey(u)) ?? [])),
    '',
  ]);
  const fixed = head.slice(0, -1).reduce((sum, _, col) => sum + Math.max(...[head, ...rows].map((r) => textWidth(r[col]!))) + 2, 0);
  const room = LINE_WIDTH - fixed;
  let shortened = false;
  units.forEach((u, i) => {
    rows[i]![5] = filesCell(u.files, room);
    shortened ||= rows[i]![5] !== u.files.join(', ');
  });
  const notes = [
    ...(several ? [`${h.signedOn}: của biểu gần nhất.`] : []),
    ...(shortened ? [`${h.files}: chỉ ghi tên tệp hoặc số tệp; thêm --files để xem đường dẫn đầy đủ.`] : []),
  ];
  return table([head, ...rows], { flex: 5 }) + (notes.length ? `${wrap(`(${notes.join(' ')})`)}\n` : '');
}

/** Ward names lose their "Phường" (as in the reports' tables); longer names are cut here ("Công an quận Ba Đình" fits). */
const NAME_WIDTH = 20;

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** `PCMD-01_2021-03_00001.xlsx`, or `PCMD-01_2021-01_00001.xlsx (+11 tệp)`, or `12 tệp`, within `room` characters. */
function filesCell(files: readonly string[], room: number): string {
  if (files.length === 0) return '';
  const names = files.map((f) => path.posix.basename(f));
  const all = names.join(', ');
  if (textWidth(all) <= room) return all;
  const more = ` (+${files.length - 1} tệp)`;
  if (files.length > 1 && textWidth(names[0]!) + textWidth(more) <= room) return `${names[0]}${more}`;
  return files.length > 1 ? `${files.length} tệp` : truncate(names[0]!, room);
}

/** `--files`: each unit that has files, then its files in full (absolute paths, the system's separators). */
function fileList(units: readonly SummaryUnit[], inputDir: string, g: Glossary): string {
  const lines = units
    .filter((u) => u.files.length > 0)
    .flatMap((u) => [`${u.code} ${u.name} (${g.unitStatus[u.status].inline}):`, ...u.files.map((f) => `    ${path.join(inputDir, ...f.split('/'))}`)]);
  return lines.length > 0 ? `\n${g.headers.files}:\n${lines.join('\n')}\n` : '';
}

/**
 * On time or late, per period: a unit compiled from several forms (the months of a year) is late for the periods
 * whose form came after its own deadline, not as a whole; so "muộn" never stands beside an on-time last date unqualified.
 */
function timeliness(u: SummaryUnit, late: readonly Period[]): string {
  if (u.files.length > 1) {
    if (late.length > 0) return `muộn ${periodsLabel(late)} (${late.length}/${u.files.length} kỳ)`;
    return u.onTime === true ? `đúng hạn cả ${u.files.length} kỳ` : '—';
  }
  return u.onTime === true ? 'đúng hạn' : u.onTime === false ? 'muộn' : '—';
}

/** The periods of each unit's late forms, from the `unit.late` issues (each names its form's file). */
function latePeriods(issues: readonly Issue[], files: readonly FileStatus[]): Map<string, Period[]> {
  const periodOf = new Map(files.map((f) => [f.file, f.period === null ? null : parsePeriodId(f.period)]));
  const out = new Map<string, Period[]>();
  for (const i of issues) {
    if (i.code !== 'unit.late' || i.unit === undefined || i.file === undefined) continue;
    const p = periodOf.get(i.file);
    if (p) out.set(i.unit, [...(out.get(i.unit) ?? []), p].sort((a, b) => monthRange(a).first - monthRange(b).first));
  }
  return out;
}

/** "tháng 6, 7", "quý I, III": the year is in the title line. */
function periodsLabel(periods: readonly Period[]): string {
  const labels = periods.map((p) => periodLabelVi(p).replace(/ năm \d{4}$/, ''));
  if (periods.every((p) => p.type === 'month')) return `tháng ${periods.map((p) => p.index).join(', ')}`;
  return labels.join(', ');
}

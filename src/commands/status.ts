import path from 'node:path';
import { loadPlan } from '../load/load-plan.ts';
import type { SummaryUnit } from '../domain/summary-schema.ts';
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
import { periodState, readRegister } from '../store/register.ts';

export interface StatusOptions extends CommonOptions {
  period: string;
  input?: string;
  out?: string;
}

/**
 * `baocao status --period P`: who has reported, who is late, who is missing, who was rejected. The same
 * read → validate → aggregate path as compile (so both always agree), without writing anything.
 * Exit 1 when a unit is missing or rejected, or an error-level issue remains (the same rule as compile).
 */
export async function runStatus(opts: StatusOptions, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const period = periodOption(opts.period, ctx);
  // A closed period is said so; a corrupt register stops here (exit 2), before any reading.
  const closing = periodState(readRegister(path.resolve(ctx.cwd, opts.out ?? config.output)), period.id);
  const closed = closing.closed ? { at: closing.close.at, day: closing.close.day, corrections: closing.since.length } : null;
  const files = scanInputs([path.resolve(ctx.cwd, opts.input ?? config.inbox)], ctx.cwd);
  const progress = progressLine(io, { json: ctx.json, quiet: ctx.quiet, label: 'Đang đọc' });
  const { model, files: read } = await analyseInbox({ files, period, config, forms: loadForms(), units: loadUnits(config.unitsFile), plan: loadPlan(config.planFile), onProgress: progress.update });
  progress.done();
  const s = model.summary;
  const deadline = addDays(s.period.to, config.deadlineDays);
  const incomplete = s.units.filter((u) => u.status !== 'accepted');

  const late = latePeriods(s.issues, read);
  if (ctx.json) {
    // `latePeriods` (added key): the periods whose form came after its deadline, e.g. ["2021-06", "2021-07"].
    const units = s.units.map((u) => ({ ...u, latePeriods: (late.get(u.code) ?? []).map((p) => p.id) }));
    io.out(serializeJson({ schema: 'baocao.status/1', period: { ...s.period, deadline }, units, closed }));
  } else if (!ctx.quiet || incomplete.length > 0) {
    const several = s.units.some((u) => u.files.length > 1);
    const rows = s.units.map((u) => [
      u.code,
      u.name,
      STATUS_VI[u.status],
      u.signedOn ? formatDateVi(u.signedOn) : '—',
      timeliness(u, late.get(u.code) ?? []),
      u.files.length > 2 ? `${u.files.length} tệp` : u.files.join(', '),
    ]);
    const head = ['Mã', 'Đơn vị', 'Tình trạng', several ? 'Ngày báo cáo (gần nhất)' : 'Ngày báo cáo', 'Thời hạn', 'Tệp'];
    io.out(`Tình hình báo cáo ${periodLabelVi(period)} (số liệu từ ${formatDateVi(s.period.from)} đến ${formatDateVi(s.period.to)}; hạn gửi ${formatDateVi(deadline)})\n\n`);
    io.out(table([head, ...rows]));
    const lateUnits = s.units.filter((u) => u.onTime === false).length;
    const count = (st: SummaryUnit['status']) => s.units.filter((u) => u.status === st).length;
    if (closed) io.out(`\nKỳ đã chốt (đã gửi) ngày ${formatDateVi(closed.day)}${closed.corrections ? `; ${closed.corrections} lần điều chỉnh sau khi gửi` : ''}: báo cáo đã gửi không bị ghi đè.\n`);
    io.out(`\n${s.units.length} đơn vị: ${count('accepted')} đã nhận (${lateUnits} ${several ? 'có kỳ gửi muộn' : 'gửi muộn'}), ${count('rejected')} bị trả lại, ${count('missing')} chưa gửi.\n`);
  }
  return incomplete.length > 0 || hasErrors(s.issues) ? EXIT.dataNotClean : EXIT.ok;
}

// --- internal ---

const STATUS_VI: Record<SummaryUnit['status'], string> = { accepted: 'đã nhận', rejected: 'bị trả lại', missing: 'chưa gửi' };

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

/** Plain-text columns padded by character count (NFC text: one code point per letter). */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  ').trimEnd() + '\n').join('');
}

import path from 'node:path';
import { loadPlan } from '../load/load-plan.ts';
import type { SummaryUnit } from '../domain/summary-schema.ts';
import { periodOption } from './period-option.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { progressLine } from './progress.ts';
import { formatDateVi } from '../common/vi-format.ts';
import { loadForms } from '../load/load-forms.ts';
import { hasErrors } from '../domain/issue.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { addDays, periodLabelVi } from '../domain/period.ts';
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
  const { model } = await analyseInbox({ files, period, config, forms: loadForms(), units: loadUnits(config.unitsFile), plan: loadPlan(config.planFile), onProgress: progress.update });
  progress.done();
  const s = model.summary;
  const deadline = addDays(s.period.to, config.deadlineDays);
  const incomplete = s.units.filter((u) => u.status !== 'accepted');

  if (ctx.json) {
    io.out(serializeJson({ schema: 'baocao.status/1', period: { ...s.period, deadline }, units: s.units, closed }));
  } else if (!ctx.quiet || incomplete.length > 0) {
    const rows = s.units.map((u) => [u.code, u.name, STATUS_VI[u.status], u.signedOn ? formatDateVi(u.signedOn) : '—', timeliness(u), u.files.join(', ')]);
    const head = ['Mã', 'Đơn vị', 'Tình trạng', 'Ngày báo cáo', 'Thời hạn', 'Tệp'];
    io.out(`Tình hình báo cáo ${periodLabelVi(period)} (số liệu từ ${formatDateVi(s.period.from)} đến ${formatDateVi(s.period.to)}; hạn gửi ${formatDateVi(deadline)})\n\n`);
    io.out(table([head, ...rows]));
    const late = s.units.filter((u) => u.onTime === false).length;
    const count = (st: SummaryUnit['status']) => s.units.filter((u) => u.status === st).length;
    if (closed) io.out(`\nKỳ đã chốt (đã gửi) ngày ${formatDateVi(closed.day)}${closed.corrections ? `; ${closed.corrections} lần điều chỉnh sau khi gửi` : ''}: báo cáo đã gửi không bị ghi đè.\n`);
    io.out(`\n${s.units.length} đơn vị: ${count('accepted')} đã nhận (${late} gửi muộn), ${count('rejected')} bị trả lại, ${count('missing')} chưa gửi.\n`);
  }
  return incomplete.length > 0 || hasErrors(s.issues) ? EXIT.dataNotClean : EXIT.ok;
}

// --- internal ---

const STATUS_VI: Record<SummaryUnit['status'], string> = { accepted: 'đã nhận', rejected: 'bị trả lại', missing: 'chưa gửi' };

const timeliness = (u: SummaryUnit): string => (u.onTime === true ? 'đúng hạn' : u.onTime === false ? 'muộn' : '—');

/** Plain-text columns padded by character count (NFC text: one code point per letter). */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  ').trimEnd() + '\n').join('');
}

import { chmodSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlan } from '../load/load-plan.ts';
import type { SummaryUnit } from '../domain/summary-schema.ts';
import { periodOption } from './period-option.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { progressLine } from './progress.ts';
import { UsageError } from '../common/usage-error.ts';
import { loadForms } from '../load/load-forms.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { buildOutreachWards, outreachCounts } from '../outreach/outreach-wards.ts';
import { readPoliceLists } from '../outreach/read-police-lists.ts';
import { periodFileId, type Period } from '../domain/period.ts';
import { outreachFileName, renderOutreachList } from '../outreach/outreach-list.ts';
import { analyseInbox } from '../inbox/analyse-inbox.ts';
import { scanInputs } from '../inbox/scan-inputs.ts';
import { loadUnits } from '../load/load-units.ts';
import { writeFileAtomic } from '../store/atomic-write.ts';
import { acquireLock } from '../store/lock.ts';
import { recoverOutputFolder } from '../store/publish-journal.ts';
import { reportRecoveries } from './_publish-recovery.ts';
import { refuseOutputInside } from '../store/output-place.ts';
import { appendProcessingLog } from '../store/processing-log.ts';

export interface OutreachOptions extends CommonOptions {
  period: string;
  input?: string;
  out?: string;
  yes?: boolean;
}

/** The question asked on a terminal before any personal data is read. */
export const OUTREACH_QUESTION =
  'Danh sách này chứa dữ liệu cá nhân nhạy cảm (họ tên, năm sinh, nơi cư trú của người bán dâm bị xử phạt), ' +
  'chỉ dùng cho công tác tiếp cận, tư vấn, hỗ trợ của Phòng LĐ-TBXH. Tiếp tục? (c/k) ';

/**
 * `baocao outreach --period P` (spec/security.md, "Personal data"): the one place the tool writes names. Reads the
 * inbox like compile (no personal data) to learn which police forms the period uses and what support each ward
 * reported, re-reads only those police forms with their personal columns, and writes the people fined for
 * `Bán dâm` to `OUT/<period>/DanhSachHoTro_<period>.xlsx`, owner-only (0600), overwritten in place with no
 * history copy (a copy of the names would outlive the list). Each run appends a line without names to
 * `OUT/processing-log.jsonl`. Needs a "c" on a terminal, or --yes. Exit 1, writing nothing, without accepted police data.
 */
export async function runOutreach(opts: OutreachOptions, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const period = periodOption(opts.period, ctx);
  const inputDir = path.resolve(ctx.cwd, opts.input ?? config.inbox);
  const outDir = path.resolve(ctx.cwd, opts.out ?? config.output);
  refuseOutputInside(outDir, [inputDir], { what: 'Thư mục ghi danh sách hỗ trợ', option: opts.out !== undefined ? '--out' : 'khóa "output" trong cấu hình' });
  if (!(await confirmed(opts, ctx))) {
    io.err('Đã hủy: không đọc dữ liệu cá nhân, không ghi gì.\n');
    return EXIT.nothingDone;
  }
  const units = loadUnits(config.unitsFile);
  const forms = loadForms();
  const plan = loadPlan(config.planFile);
  const files = scanInputs([inputDir], ctx.cwd);
  const target = path.join(outDir, period.id, outreachFileName(periodFileId(period)));

  const lock = await acquireLock(outDir, { waitSeconds: config.lockWaitSeconds, owner: { command: `baocao outreach --period ${opts.period}` } });
  try {
    reportRecoveries(ctx, recoverOutputFolder(outDir));
    const progress = progressLine(io, { json: ctx.json, quiet: ctx.quiet, label: 'Đang đọc' });
    const analysis = await analyseInbox({ files, period, config, forms, units, plan, onProgress: progress.update });
    progress.done();
    const { model } = analysis;
    const police = model.summary.units.find((u) => u.form === 'PCMD-02');
    if (!police || police.status !== 'accepted') {
      const status = police?.status ?? 'missing';
      if (ctx.json) io.out(serializeJson({ schema: 'baocao.outreach/1', period: period.id, file: null, rows: 0, wards: 0, police: status }));
      io.err(`${refusal(police, model.periodLabel, period)}${existsSync(target) ? ` Danh sách đã ghi trước đó (${target}) được giữ nguyên.` : ''}\n`);
      return EXIT.dataNotClean;
    }
    const records = await readPoliceLists({ files, used: police.files, analysed: analysis.used, forms, units, config });
    const wards = buildOutreachWards({ records, model });
    const bytes = await renderOutreachList(wards, {
      periodId: period.id,
      periodLabel: model.periodLabel,
      from: model.summary.period.from,
      to: model.summary.period.to,
      madeOn: ctx.today,
      issuerParent: config.audiences.district.issuerParent,
      issuer: config.audiences.district.issuer,
    });
    // Replaced in place: the temporary file is created 0600 in the same folder and renamed over the old list.
    writeFileAtomic(target, bytes, { mode: 0o600 });
    chmodSync(target, 0o600); // whatever the umask did
    const counts = outreachCounts(wards);
    const rel = path.relative(outDir, target).split(path.sep).join('/');
    const log = appendProcessingLog(outDir, { time: ctx.now, user: osUser(), command: 'outreach', period: period.id, rows: counts.rows, file: rel });

    if (ctx.json) io.out(serializeJson({ schema: 'baocao.outreach/1', period: period.id, file: target, rows: counts.rows, wards: counts.wards, police: 'accepted' }));
    else if (!ctx.quiet) {
      io.err(
        `Đã ghi danh sách hỗ trợ ${model.periodLabel}: ${counts.rows} người ở ${counts.wards} phường, tại ${target} (chỉ người dùng ${osUser()} đọc được).\n` +
          'Tệp chứa dữ liệu cá nhân nhạy cảm: chỉ dùng cho công tác tiếp cận, hỗ trợ; không gửi qua thư điện tử, Zalo, không chép ra máy khác.\n' +
          `Lần xử lý này đã được ghi vào ${log}.\n`,
      );
    }
    return EXIT.ok;
  } finally {
    lock.release();
  }
}

// --- internal ---

const YES = new Set(['c', 'có', 'co', 'y', 'yes']);

async function confirmed(opts: OutreachOptions, ctx: CommandContext): Promise<boolean> {
  if (opts.yes) return true;
  if (!ctx.io.isInTTY) {
    throw new UsageError(
      'CONFIRMATION_REQUIRED',
      'baocao outreach ghi danh sách chứa dữ liệu cá nhân nhạy cảm nên cần xác nhận. Khi không chạy trên terminal (cron, script), thêm tùy chọn --yes để xác nhận.',
    );
  }
  const answer = await ctx.io.ask(OUTREACH_QUESTION);
  return YES.has(answer.normalize('NFC').trim().toLowerCase());
}

function refusal(police: SummaryUnit | undefined, label: string, period: Period): string {
  const name = police?.name ?? 'Công an quận';
  if (police?.status === 'rejected') {
    return `Không ghi danh sách hỗ trợ: báo cáo ${label} của ${name} bị trả lại (${police.files.join(', ')}). Sửa các lỗi (xem "baocao validate <thư mục> --period ${period.id}") rồi chạy lại.`;
  }
  return `Không ghi danh sách hỗ trợ: chưa có báo cáo ${label} của ${name} nên không có danh sách xử phạt cho kỳ này.`;
}

/** The OS user for the processing log; a container without a passwd entry falls back to the environment. */
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

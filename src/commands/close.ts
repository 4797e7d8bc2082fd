import path from 'node:path';
import { VERSION } from '../common/version.ts';
import { formatDateVi } from '../common/vi-format.ts';
import { periodLabelVi } from '../domain/period.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { acquireLock } from '../store/lock.ts';
import { recoverOutputFolder } from '../store/publish-journal.ts';
import { reportRecoveries } from './_publish-recovery.ts';
import { appendRegister, periodState, readRegister, REGISTER_SCHEMA_ID } from '../store/register.ts';
import { readPeriodManifest, verifySentFiles } from '../store/sent-files.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { periodOption } from './period-option.ts';

export interface CloseOptions extends CommonOptions {
  period: string;
  out?: string;
}

/**
 * `baocao close --period P` (spec/closing.md): marks P as sent. Needs a compiled P whose files are still exactly the
 * ones its manifest lists; adds one `close` line to OUT/register.jsonl with the sha256 of every report, of summary.json
 * and of every input workbook. Closing a closed period is a no-op (exit 0). Under OUT's lock, like compile.
 */
export async function runClose(opts: CloseOptions, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const period = periodOption(opts.period, ctx);
  const outDir = path.resolve(ctx.cwd, opts.out ?? config.output);
  const periodDir = path.join(outDir, period.id);
  const lock = await acquireLock(outDir, { waitSeconds: config.lockWaitSeconds, owner: { command: `baocao close --period ${opts.period}` } });
  try {
    reportRecoveries(ctx, recoverOutputFolder(outDir));
    const register = readRegister(outDir);
    const state = periodState(register, period.id);
    if (state.closed) {
      if (ctx.json) io.out(serializeJson({ schema: 'baocao.close/1', period: period.id, closed: true, closedAt: state.close.at, already: true }));
      else if (!ctx.quiet) io.err(`Kỳ ${period.id} (${periodLabelVi(period)}) đã chốt từ ${formatDateVi(state.close.day)}: không làm gì thêm.\n`);
      return EXIT.ok;
    }
    const { manifest, sha256 } = readPeriodManifest(periodDir, period.id);
    verifySentFiles(periodDir, manifest.outputs, `kỳ ${period.id}`);
    appendRegister(register, {
      event: 'close',
      schema: REGISTER_SCHEMA_ID,
      period: period.id,
      at: ctx.now,
      day: ctx.today,
      tool: VERSION,
      manifest: sha256,
      outputs: manifest.outputs,
      inputs: manifest.inputs,
    });
    if (ctx.json) io.out(serializeJson({ schema: 'baocao.close/1', period: period.id, closed: true, closedAt: ctx.now, already: false }));
    else if (!ctx.quiet) {
      io.err(
        `${io.color.green('✓')} Đã chốt kỳ ${period.id} (${periodLabelVi(period)}): ${manifest.outputs.length} tệp báo cáo, ${manifest.inputs.length} tệp đầu vào được ghi vào sổ ${register.file}.\n` +
          `  Từ nay báo cáo của kỳ không bị ghi đè; số liệu thay đổi sẽ được ghi thành báo cáo điều chỉnh (dieu-chinh-N).\n`,
      );
    }
    return EXIT.ok;
  } finally {
    lock.release();
  }
}

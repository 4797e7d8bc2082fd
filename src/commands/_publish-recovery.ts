import path from 'node:path';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';
import { UsageError } from '../common/usage-error.ts';
import { acquireLock, type Lock } from '../store/lock.ts';
import { hasUnfinishedPublish, recoverOutputFolder, verifyPublished, type OutputMismatch, type Recovery } from '../store/publish-journal.ts';
import type { CommandContext } from './context.ts';

/**
 * What a command holding OUT's lock says about an interrupted publish it finished or undid (store/publish-journal.ts):
 * one Vietnamese line each on stderr, even under cron (it is worth a mail), so nothing is repaired silently.
 */
export function reportRecoveries(ctx: CommandContext, recovered: readonly Recovery[]): void {
  for (const r of recovered) ctx.io.err(`${ctx.io.color.yellow('!')} ${recoveryLine(r)}\n`);
}

export function recoveryLine(r: Recovery): string {
  const where = `${path.basename(r.dir)} (${r.dir})`;
  switch (r.kind) {
    case 'completed':
      return r.mismatched.length === 0
        ? `Lần ghi báo cáo trước vào ${where} bị ngắt giữa lúc thay tệp: đã thay nốt ${r.renamed.length} tệp theo nhật ký ghi; bộ báo cáo mới đã đầy đủ và khớp manifest.json.`
        : `Lần ghi báo cáo trước vào ${where} bị ngắt giữa lúc thay tệp: đã thay nốt ${r.renamed.length} tệp, nhưng ${r.mismatched.join(', ')} không khớp nhật ký ghi; chạy lại "baocao compile" cho kỳ này.`;
    case 'discarded':
      return `Lần ghi báo cáo trước vào ${where} bị ngắt trước khi thay tệp nào: đã xóa bản đang ghi dở; các báo cáo hiện có là bộ trước, còn nguyên và khớp manifest.json.`;
    case 'unreadable-journal':
      return `Nhật ký ghi báo cáo trong ${where} bị hỏng nên đã bị xóa; chạy lại "baocao compile" cho kỳ này để chắc chắn bộ báo cáo đầy đủ.`;
  }
}

/** A period folder's mismatches with its manifest.json (verifyPublished) as issues `output.manifest-mismatch`. */
export function mismatchIssues(mismatches: readonly OutputMismatch[], period: string, fix: 'compile' | 'status' | 'closed'): Issue[] {
  return mismatches.map((m) => issue('output.manifest-mismatch', {}, { file: m.file, problem: m.problem, period, fix }));
}

/** Warnings on stderr, whatever the terminal: a report folder that does not match its manifest is never passed over. */
export function printMismatches(ctx: CommandContext, issues: readonly Issue[]): void {
  for (const i of issues) ctx.io.err(`${ctx.io.color.yellow('!')} ${i.message} (${i.code})\n`);
}

/**
 * `status`'s look at a period's report folder. status writes nothing of its own; but an interrupted publish found there
 * is finished (or its staging folder dropped) under OUT's lock, taken without waiting, as compile would, so that what
 * status checks is one set. Then the folder is checked against its manifest.json. `busy`: another run is writing
 * there now (or the lock cannot be taken), so nothing was checked. A folder that cannot be repaired is said, not checked.
 */
export async function checkPeriodOutputs(ctx: CommandContext, o: { outDir: string; period: string; closed: boolean }): Promise<{ busy: boolean; issues: Issue[] }> {
  const dir = path.join(o.outDir, o.period);
  if (hasUnfinishedPublish(dir)) {
    let lock: Lock;
    try {
      lock = await acquireLock(o.outDir, { waitSeconds: 0, owner: { command: `baocao status --period ${o.period}` } });
    } catch (error) {
      if (error instanceof UsageError) return { busy: true, issues: [] };
      throw error;
    }
    try {
      reportRecoveries(ctx, recoverOutputFolder(o.outDir));
    } catch (error) {
      // status still shows who has reported; the folder it could not repair is said, and not judged.
      if (!(error instanceof UsageError)) throw error;
      ctx.io.err(`${error.message}\n`);
      return { busy: false, issues: [] };
    } finally {
      lock.release();
    }
  }
  const issues = mismatchIssues(verifyPublished(dir), o.period, o.closed ? 'closed' : 'status');
  // A compile that began while we were reading: its files are on their way; nothing to say about them yet.
  if (hasUnfinishedPublish(dir)) return { busy: true, issues: [] };
  return { busy: false, issues };
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/usage-error.ts';
import { SummarySchema, type Summary } from '../domain/summary-schema.ts';
import { parseManifest, sha256Hex, type Manifest } from './build-manifest.ts';
import { outputMismatch } from './publish-journal.ts';
import { MANIFEST_FILE_NAME } from './publish.ts';

/**
 * Reading what was sent, checked against its hashes: a closed period's files are only ever believed when their
 * bytes are the ones the register recorded. Anything else is said (exit 2), never guessed around.
 */

/** `OUT/P/manifest.json` as written by compile, with its sha256; UsageError when there is none or it cannot be read. */
export function readPeriodManifest(periodDir: string, periodId: string): { manifest: Manifest; sha256: string } {
  const file = path.join(periodDir, MANIFEST_FILE_NAME);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new UsageError('NOT_COMPILED', `Chưa có báo cáo của kỳ ${periodId} trong ${periodDir} (không thấy manifest.json). Chạy "baocao compile --period ${periodId}" trước, rồi mới chốt.`);
  }
  const parsed = parseManifest(bytes.toString('utf8'));
  if (!parsed.success || parsed.data.period !== periodId) {
    throw new UsageError('MANIFEST_UNREADABLE', `Tệp ${file} bị hỏng hoặc không phải của kỳ ${periodId}. Chạy lại "baocao compile --period ${periodId}" rồi mới chốt.`);
  }
  return { manifest: parsed.data, sha256: sha256Hex(bytes) };
}

/**
 * Checks that every file of a version sent is in `dir` with the bytes the register recorded. Throws UsageError
 * `SENT_FILES_CHANGED` naming the files that are missing or differ.
 */
export function verifySentFiles(dir: string, outputs: readonly { file: string; sha256: string }[], what: string): void {
  const bad = outputs.flatMap((o) => {
    const problem = outputMismatch(dir, o);
    return problem === null ? [] : [`${o.file} (${problem === 'changed' ? 'đã bị sửa' : 'không còn'})`];
  });
  if (bad.length > 0) {
    throw new UsageError(
      'SENT_FILES_CHANGED',
      `Các tệp của ${what} trong ${dir} không còn đúng như khi gửi (theo sổ register.jsonl): ${bad.join(', ')}. ` +
        'Chương trình không đoán số liệu đã gửi: khôi phục các tệp đó (bản sao lưu, thư mục history/) rồi chạy lại lệnh.',
    );
  }
}

/** summary.json of a version sent (already verified by verifySentFiles). */
export function readSentSummary(dir: string): Summary {
  const file = path.join(dir, 'summary.json');
  try {
    return SummarySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new UsageError('SENT_SUMMARY_UNREADABLE', `Không đọc được ${file} của bản đã gửi. Khôi phục tệp từ bản sao lưu rồi chạy lại lệnh.`, { cause: error });
  }
}

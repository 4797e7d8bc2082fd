import { chmodSync, closeSync, fstatSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

export const PROCESSING_LOG_NAME = 'processing-log.jsonl';

/**
 * One processing of personal data (spec/security.md: "keep a record of processing"): when, who (the OS user),
 * what, for which period, how many rows, which file. Never a name or any other content of the list.
 */
export interface ProcessingLogEntry {
  /** ISO timestamp of the run. */
  readonly time: string;
  readonly user: string;
  readonly command: 'outreach';
  readonly period: string;
  readonly rows: number;
  /** The file written, relative to the output folder (POSIX separators). */
  readonly file: string;
}

/**
 * Appends one JSON line to `<outDir>/processing-log.jsonl`, created owner-only (0600) if missing. Only ever
 * appended (O_APPEND: one write of one line, never a rewrite), flushed to disk before returning. An existing
 * log with wider permissions is narrowed to 0600. Call it while holding the output folder's lock.
 */
export function appendProcessingLog(outDir: string, entry: ProcessingLogEntry): string {
  const file = path.join(outDir, PROCESSING_LOG_NAME);
  mkdirSync(outDir, { recursive: true });
  const line = `${JSON.stringify({ time: entry.time, user: entry.user, command: entry.command, period: entry.period, rows: entry.rows, file: entry.file })}\n`;
  const fd = openSync(file, 'a', 0o600);
  try {
    if ((fstatSync(fd).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return file;
}

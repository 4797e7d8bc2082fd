import path from 'node:path';
import { UsageError } from '../common/usage-error.ts';
import { describeFsError, fsErrorInfo } from '../common/fs-error-text.ts';
import type { LockOwner } from './lock.ts';

/** What a run that cannot get the lock tells the person (Vietnamese): who holds it, since when, what to do. */
export function lockHeldError(at: { file: string; owner: LockOwner | null; mtimeMs: number; waitSeconds: number }): UsageError {
  const { file, owner: o, waitSeconds } = at;
  const waited = `Đã chờ ${formatSeconds(waitSeconds)} giây.`;
  const who = o
    ? `Người dùng ${o.user} đang chạy lệnh "${o.command}" (tiến trình ${o.pid} trên máy ${o.host}) từ ${formatLocalTime(o.startedAt)}.`
    : `Tệp khóa không đọc được (có thể đang được ghi), sửa lần cuối lúc ${formatLocalTime(new Date(at.mtimeMs).toISOString())}.`;
  return new UsageError(
    'LOCK_HELD',
    `Một lần chạy khác đang ghi vào thư mục ${path.dirname(file)}. ${who} ${waited} ` +
      'Hãy chờ lần chạy đó xong rồi chạy lại. Nếu chắc chắn tiến trình đó không còn chạy ' +
      `(máy đã tắt, lệnh đã bị dừng), hãy xóa tệp khóa ${file} rồi chạy lại.`,
  );
}

/** The output folder (where the lock lives) cannot be written: exit 2, not an internal fault. */
export function lockNotWritableError(file: string, error: unknown): UsageError {
  // The folder the user chose is what to name; a path the system names (a file in the way) is more precise.
  const info = fsErrorInfo(error);
  const where = info?.path ?? path.dirname(file);
  const action = info?.syscall === 'mkdir' ? 'create-dir' : 'write';
  return new UsageError('OUTPUT_NOT_WRITABLE', `Thư mục đầu ra: ${describeFsError(error, { path: where, action })}`, { cause: error });
}

// --- internal ---

/** `10:30:00 ngày 16/03/2021` in the machine's time zone; the text itself when it is not a timestamp. */
function formatLocalTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ngày ${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

function formatSeconds(s: number): string {
  return String(Math.round(s * 10) / 10).replace('.', ',');
}

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that readers see either the old content or the new, never half of it: the bytes go
 * to a temporary file in the same folder (same file system, so the rename is atomic), are flushed to
 * disk, and the temporary file is renamed over the target. On any failure the temporary file is removed
 * and the previous file is left as it was. A process killed mid-write leaves only a temporary file
 * `.<name>.<pid>.<hex>.tmp` behind (see `parseTempFileName`); publishReports removes those in the period folder.
 */
export function writeFileAtomic(target: string, data: Uint8Array | string, options: { mode?: number } = {}): void {
  stageFile(target, data, options).commit();
  fsyncDirectory(path.dirname(target));
}

/** A file written in full beside its target, not yet in place. */
interface StagedFile {
  readonly target: string;
  /** Renames it over the target (atomic); the caller syncs the folder once all are in place. */
  commit(): void;
  /** Removes the temporary file (the target is left as it was). */
  discard(): void;
}

/**
 * The first half of writeFileAtomic: the bytes in a temporary file `.<name>.<pid>.<hex>.tmp` in the target's
 * folder, flushed to disk. (A set of files is published as one switch by publishReports: a staging folder and a journal.)
 */
function stageFile(target: string, data: Uint8Array | string, options: { mode?: number } = {}): StagedFile {
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeNewFileFlushed(tmp, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, options.mode ?? 0o644);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return {
    target,
    commit: () => {
      try {
        renameWithRetry(tmp, target);
      } catch (error) {
        rmSync(tmp, { force: true });
        throw error;
      }
    },
    discard: () => rmSync(tmp, { force: true }),
  };
}

/** A new file (never one that exists: `wx`) holding `bytes`, written in full and flushed to disk. */
export function writeNewFileFlushed(file: string, bytes: Uint8Array, mode: number): void {
  const fd = openSync(file, 'wx', mode);
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Windows refuses to replace a file another program has open (Excel showing last month's report, an antivirus
 * scan, the search indexer) with EBUSY, or EPERM/EACCES, often for a moment only: retry for about two seconds,
 * then let the caller explain (common/fs-error-text.ts: "close the file in Excel and run again").
 */
export function renameWithRetry(from: string, to: string, o: { retries?: number; platform?: NodeJS.Platform } = {}): void {
  const retries = o.retries ?? 6;
  const platform = o.platform ?? process.platform;
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const transient = code === 'EBUSY' || (platform === 'win32' && (code === 'EPERM' || code === 'EACCES'));
      if (!transient || attempt >= retries) throw error;
      Atomics.wait(SLEEPER, 0, 0, 50 * (attempt + 1));
    }
  }
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

/** The parts of a temporary file name made by writeFileAtomic, or null for any other name. */
export function parseTempFileName(name: string): { target: string; pid: number } | null {
  const m = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
  return m ? { target: m[1]!, pid: Number(m[2]) } : null;
}

/**
 * Flushes a folder's entry list, so that a rename survives a power cut (POSIX needs the directory
 * itself synced). Best effort: Windows and some file systems refuse to open or sync a directory.
 */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

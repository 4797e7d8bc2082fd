import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/usage-error.ts';
import { describeFsError, fsErrorInfo } from '../common/fs-error-text.ts';
import { isPlainOutputName, parseManifest, sha256Hex, type Manifest } from './build-manifest.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { fsyncDirectory, parseTempFileName, writeFileAtomic, writeNewFileFlushed } from './atomic-write.ts';
import { applyJournal, JOURNAL_SCHEMA_ID, recoverPublish, STAGING_PREFIX, writeJournal, type PublishStep, type Recovery } from './publish-journal.ts';

export const MANIFEST_FILE_NAME = 'manifest.json';
export const HISTORY_DIR_NAME = 'history';

/** One output: a plain file name inside the period folder (no folders), its bytes, its permissions. */
export interface PublishFile {
  name: string;
  bytes: Uint8Array;
  /** Permissions for a new file (default 0o644); an unchanged file with other permissions gets these. */
  mode?: number;
}

export interface PublishOptions {
  /** The period folder, `OUT/<period>`. Created if missing. Nothing outside it is written. */
  dir: string;
  /** Every output except manifest.json (summary.json included). */
  files: readonly PublishFile[];
  /** Built from exactly these files (buildManifest); written last, as manifest.json. */
  manifest: Manifest;
  /** ISO timestamp of the run; names the history folder. */
  now: string;
  /** Tests only: called after each step of the switch; a throw there stands for a kill at that point. */
  onStep?: (step: PublishStep) => void;
}

export interface PublishResult {
  /** Names written this time (manifest.json included when it changed), in writing order. */
  written: string[];
  /** Names whose bytes were already the same: not touched (same bytes, same modification time). */
  unchanged: string[];
  /** Absolute path of `history/<stamp>` holding the replaced versions, or null when nothing was replaced. */
  archivedTo: string | null;
  /** Leftovers of an interrupted run that were removed (temporary files, unfinished history folders). */
  cleaned: string[];
  /** Outputs listed in the previous manifest.json that this run does not produce: archived under history/, then removed. */
  retired: string[];
  /** An interrupted earlier publish found in the folder, and what was done about it (recoverPublish). */
  recovered: Recovery | null;
}

/**
 * Publishes a period's outputs so that no report is ever lost or half-written, and the folder always holds one set
 * whose manifest.json matches every file (spec/security.md, issue 13):
 * 1. an interrupted earlier publish is finished or undone first (recoverPublish), and leftovers of killed runs
 *    (`.<name>.<pid>.<hex>.tmp`, `history/.<stamp>.<pid>.partial`) are removed;
 * 2. files whose bytes are unchanged are not touched, so a nightly rerun changes nothing;
 * 3. the changed files are written in full into a fresh staging folder `.dang-ghi.<pid>.<hex>/` and flushed;
 * 4. the versions about to be replaced, with the previous manifest.json, are copied to `history/<stamp>/` (built under
 *    a temporary name, renamed when complete);
 * 5. the journal `.publish-journal.json` is written (the commit point), the files are renamed into place, manifest.json
 *    last, and the journal and staging folder are removed. A kill before the journal leaves the previous set; a kill
 *    after it is finished by the next run that holds the lock.
 * `onStep` is for tests: an exception thrown there stands for a kill at that step (nothing is cleaned up).
 * Call it while holding the output folder's lock (acquireLock).
 */
export function publishReports(options: PublishOptions): PublishResult {
  const dir = path.resolve(options.dir);
  checkNames(options.files);
  checkManifest(options.files, options.manifest);
  const stamp = historyStamp(options.now);
  const all: PublishFile[] = [...options.files, { name: MANIFEST_FILE_NAME, bytes: Buffer.from(serializeJson(options.manifest), 'utf8') }];
  const step = options.onStep ?? (() => {});
  const written: string[] = [];
  let archivedTo: string | null = null;
  let committed = false;
  try {
    mkdirSync(dir, { recursive: true });
    const recovered = recoverPublish(dir);
    const cleaned = removeLeftovers(dir);
    const plan = all.map((file) => ({ file, previous: readPrevious(path.join(dir, file.name), file.bytes) }));
    const unchanged = plan.filter((p) => p.previous.kind === 'same').map((p) => p.file.name);
    for (const p of plan) if (p.previous.kind === 'same' && p.file.mode !== undefined) fixMode(path.join(dir, p.file.name), p.file.mode);

    const changed = plan.filter((p) => p.previous.kind !== 'same').map((p) => p.file);
    const replaced = plan.flatMap((p) => (p.previous.kind === 'different' ? [{ name: p.file.name, ...p.previous }] : []));
    // Outputs of an earlier run that this run no longer produces (say, a .docx before `--format xlsx`) would sit beside the
    // new reports unlisted and out of date: they are archived with the rest, then removed.
    const retired = previousOutputs(dir).filter((name) => !all.some((f) => f.name === name)).flatMap((name) => {
      const file = path.join(dir, name);
      return existsSync(file) ? [{ name, bytes: readFileSync(file), mode: statSync(file).mode & 0o777 }] : [];
    });
    const result = (): PublishResult => ({ written, unchanged, archivedTo, cleaned, retired: retired.map((r) => r.name), recovered });
    if (changed.length + retired.length === 0) return result();

    const staging = path.join(dir, `${STAGING_PREFIX}${process.pid}.${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(staging, { mode: 0o700 });
      for (const f of changed) writeNewFileFlushed(path.join(staging, f.name), f.bytes, f.mode ?? 0o644);
      fsyncDirectory(staging);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    step('staged');
    try {
      if (replaced.length + retired.length > 0) archivedTo = archive(dir, stamp, [...replaced, ...retired]);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    step('archived');
    const journal = { schema: JOURNAL_SCHEMA_ID, staging: path.basename(staging), files: changed.map((f) => ({ name: f.name, sha256: sha256Hex(f.bytes) })), retired: retired.map((r) => r.name) } as const;
    writeJournal(dir, journal);
    committed = true;
    step('committed');
    applyJournal(dir, journal, step, written);
    return result();
  } catch (error) {
    throw failed(dir, error, { written, archivedTo, committed });
  }
}

/** `2021-03-16T10:30:00.123Z` → `2021-03-16T10-30-00Z` (UTC, no colons: valid on every file system). */
export function historyStamp(now: string): string {
  const time = new Date(now);
  if (Number.isNaN(time.getTime())) throw new Error(`publishReports: now is not a timestamp: ${now}`);
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-');
}

// --- internal ---

/** Names the previous manifest.json listed as outputs; none when there is no readable manifest. */
function previousOutputs(dir: string): string[] {
  let text: string;
  try {
    text = readFileSync(path.join(dir, MANIFEST_FILE_NAME), 'utf8');
  } catch {
    return [];
  }
  const parsed = parseManifest(text);
  return parsed.success ? parsed.data.outputs.map((o) => o.file).filter(isPlainOutputName) : [];
}

type Previous = { kind: 'absent' } | { kind: 'same' } | { kind: 'different'; bytes: Buffer; mode: number };

/** An existing file is read once: compared to the new bytes, and kept for the archive when it differs. */
function readPrevious(file: string, bytes: Uint8Array): Previous {
  let size: number;
  let mode: number;
  try {
    const stat = statSync(file);
    size = stat.size;
    mode = stat.mode & 0o777;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  const old = readFileSync(file);
  if (size === bytes.length && old.equals(bytes)) return { kind: 'same' };
  return { kind: 'different', bytes: old, mode };
}

/** Copies the versions about to be replaced into a fresh `history/<stamp>[-n]/`, complete or not at all. */
function archive(dir: string, stamp: string, replaced: readonly { name: string; bytes: Buffer; mode: number }[]): string {
  const historyDir = path.join(dir, HISTORY_DIR_NAME);
  mkdirSync(historyDir, { recursive: true });
  let target = path.join(historyDir, stamp);
  for (let n = 2; existsSync(target); n++) target = path.join(historyDir, `${stamp}-${n}`);
  const partial = path.join(historyDir, `.${path.basename(target)}.${process.pid}.partial`);
  rmSync(partial, { recursive: true, force: true });
  // Each copy keeps its permissions: the outreach list (0600) stays owner-only in history too.
  for (const r of replaced) writeFileAtomic(path.join(partial, r.name), r.bytes, { mode: r.mode });
  renameSync(partial, target);
  fsyncDirectory(historyDir);
  return target;
}

/** Removes temporary files and unfinished history folders of runs that are gone (or of this process, or old). */
function removeLeftovers(dir: string): string[] {
  const cleaned: string[] = [];
  const historyDir = path.join(dir, HISTORY_DIR_NAME);
  const candidates = [
    ...readdirSync(dir).map((name) => ({ rel: name, full: path.join(dir, name), pid: parseTempFileName(name)?.pid })),
    ...(existsSync(historyDir) ? readdirSync(historyDir) : []).map((name) => ({
      rel: `${HISTORY_DIR_NAME}/${name}`,
      full: path.join(historyDir, name),
      pid: PARTIAL_DIR.exec(name)?.[1],
    })),
  ];
  for (const c of candidates) {
    if (c.pid === undefined || !isLeftover(c.full, Number(c.pid))) continue;
    rmSync(c.full, { recursive: true, force: true });
    cleaned.push(c.rel);
  }
  return cleaned;
}

const PARTIAL_DIR = /^\..+\.(\d+)\.partial$/;
const LEFTOVER_AGE_MS = 60 * 60 * 1000;

function isLeftover(file: string, pid: number): boolean {
  if (pid === process.pid) return true; // this process writes synchronously: nothing of ours is in flight
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return true;
  }
  // A live process with that pid may be a reused pid; an hour-old temporary file is abandoned either way.
  return Date.now() - statSync(file).mtimeMs > LEFTOVER_AGE_MS;
}

function fixMode(file: string, mode: number): void {
  if ((statSync(file).mode & 0o777) !== mode) chmodSync(file, mode);
}

/** Output names are plain file names; anything else is a bug in the caller, not the user's doing. */
function checkNames(files: readonly PublishFile[]): void {
  const seen = new Set<string>();
  for (const { name } of files) {
    const key = name.toLowerCase(); // two names differing in case collide on Windows and macOS
    const bad =
      name !== path.basename(name) || name.includes('\\') || name.startsWith('.') || name === '' ||
      key === MANIFEST_FILE_NAME || key === HISTORY_DIR_NAME || seen.has(key);
    if (bad) throw new Error(`publishReports: bad or duplicate output name "${name}"`);
    seen.add(key);
  }
}

function checkManifest(files: readonly PublishFile[], manifest: Manifest): void {
  const listed = new Map(manifest.outputs.map((o) => [o.file, o.sha256]));
  const ok = listed.size === files.length && files.every((f) => listed.get(f.name.normalize('NFC')) === sha256Hex(f.bytes));
  if (!ok) throw new Error('publishReports: manifest.outputs does not describe exactly the files being published');
}

function failed(dir: string, error: unknown, o: { written: readonly string[]; archivedTo: string | null; committed: boolean }): unknown {
  const code = errorCode(error);
  if (code === undefined || !code.startsWith('E')) return error; // not a file system error: a bug, exit 3
  // The system names a temporary file (.BaoCao….tmp) or the report; the report is what the clerk knows.
  const info = fsErrorInfo(error);
  const where = info?.path !== undefined ? reportNameOf(info.path, dir) : dir;
  const done = o.committed
    ? ` Bộ báo cáo mới đã được ghi đầy đủ${o.written.length > 0 ? ` (đã thay: ${o.written.join(', ')})` : ''}; các tệp còn lại và manifest.json sẽ được thay nốt ở lần chạy sau.`
    : ' Chưa tệp nào bị thay thế.';
  const kept = o.archivedTo ? ` Bản trước của các tệp thay đổi được lưu trong ${o.archivedTo}.` : '';
  return new UsageError(
    'OUTPUT_NOT_WRITABLE',
    `${describeFsError(error, { path: where, action: 'write' })} Không có tệp nào bị ghi dở.${done}${kept}`,
    { cause: error },
  );
}

/** `/out/2021-03/.BaoCao_…docx.123.ab12cd34.tmp` → `/out/2021-03/BaoCao_…docx`: the temporary file is ours, not the clerk's. */
function reportNameOf(file: string, dir: string): string {
  if (path.basename(path.dirname(file)).startsWith(STAGING_PREFIX)) return path.join(dir, path.basename(file));
  const temp = parseTempFileName(path.basename(file));
  return temp ? path.join(path.dirname(file), temp.target) : file || dir;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

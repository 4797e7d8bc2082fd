import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/usage-error.ts';
import { describeFsError, fsErrorInfo } from '../common/fs-error-text.ts';
import { ManifestSchema, sha256Hex, type Manifest } from './build-manifest.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { fsyncDirectory, parseTempFileName, stageFile, writeFileAtomic, type StagedFile } from './atomic-write.ts';

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
}

/**
 * Publishes a period's outputs so that no report is ever lost or half-written (spec/security.md):
 * 1. leftovers of a killed run (`.<name>.<pid>.<hex>.tmp`, `history/.<stamp>.<pid>.partial`) are removed;
 * 2. files whose bytes are unchanged are not touched, so a nightly rerun changes nothing;
 * 3. if anything changes, the versions about to be replaced, with the previous manifest.json, are first
 *    copied to `history/<stamp>/` (built under a temporary name, renamed when complete);
 * 4. the changed files are all written in full to temporary files first, then renamed into place, manifest.json
 *    last: a kill while writing leaves the previous set and its manifest untouched.
 * Call it while holding the output folder's lock (acquireLock).
 */
export function publishReports(options: PublishOptions): PublishResult {
  const dir = path.resolve(options.dir);
  checkNames(options.files);
  checkManifest(options.files, options.manifest);
  const stamp = historyStamp(options.now);
  const all: PublishFile[] = [...options.files, { name: MANIFEST_FILE_NAME, bytes: Buffer.from(serializeJson(options.manifest), 'utf8') }];
  const written: string[] = [];
  let archivedTo: string | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    const cleaned = removeLeftovers(dir);
    const plan = all.map((file) => ({ file, previous: readPrevious(path.join(dir, file.name), file.bytes) }));
    const unchanged = plan.filter((p) => p.previous.kind === 'same').map((p) => p.file.name);
    for (const p of plan) if (p.previous.kind === 'same' && p.file.mode !== undefined) fixMode(path.join(dir, p.file.name), p.file.mode);

    const replaced = plan.flatMap((p) => (p.previous.kind === 'different' ? [{ name: p.file.name, ...p.previous }] : []));
    // Outputs of an earlier run that this run no longer produces (say, a .docx before `--format xlsx`) would sit beside the
    // new reports unlisted and out of date: they are archived with the rest, then removed.
    const retired = previousOutputs(dir).filter((name) => !all.some((f) => f.name === name)).flatMap((name) => {
      const file = path.join(dir, name);
      return existsSync(file) ? [{ name, bytes: readFileSync(file), mode: statSync(file).mode & 0o777 }] : [];
    });
    if (replaced.length + retired.length > 0) archivedTo = archive(dir, stamp, [...replaced, ...retired]);
    // One switch (issue 13): every changed file is first written in full beside its target; only then are they renamed
    // into place, manifest.json last. A kill while any content is being written leaves the previous set, and its
    // manifest, exactly as they were; the renames that follow take no time worth speaking of.
    const staged: StagedFile[] = [];
    try {
      for (const p of plan) if (p.previous.kind !== 'same') staged.push(stageFile(path.join(dir, p.file.name), p.file.bytes, { mode: p.file.mode ?? 0o644 }));
    } catch (error) {
      for (const f of staged) f.discard();
      throw error;
    }
    for (const r of retired) rmSync(path.join(dir, r.name), { force: true });
    for (const f of staged) {
      f.commit();
      written.push(path.basename(f.target));
    }
    fsyncDirectory(dir);
    return { written, unchanged, archivedTo, cleaned, retired: retired.map((r) => r.name) };
  } catch (error) {
    throw failed(dir, error, written, archivedTo);
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
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE_NAME), 'utf8')));
    return parsed.success ? parsed.data.outputs.map((o) => o.file).filter((name) => name === path.basename(name) && !name.startsWith('.')) : [];
  } catch {
    return [];
  }
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

function failed(dir: string, error: unknown, written: readonly string[], archivedTo: string | null): unknown {
  const code = errorCode(error);
  if (code === undefined || !code.startsWith('E')) return error; // not a file system error: a bug, exit 3
  // The system names a temporary file (.BaoCao….tmp) or the report; the report is what the clerk knows.
  const info = fsErrorInfo(error);
  const where = info?.path !== undefined ? reportNameOf(info.path, dir) : dir;
  const done = written.length > 0 ? ` Đã ghi xong: ${written.join(', ')}; manifest.json chưa được cập nhật.` : ' Chưa tệp nào bị thay thế.';
  const kept = archivedTo ? ` Bản trước của các tệp thay đổi được lưu trong ${archivedTo}.` : '';
  return new UsageError(
    'OUTPUT_NOT_WRITABLE',
    `${describeFsError(error, { path: where, action: 'write' })} Không có tệp nào bị ghi dở.${done}${kept}`,
    { cause: error },
  );
}

/** `/out/2021-03/.BaoCao_…docx.123.ab12cd34.tmp` → `/out/2021-03/BaoCao_…docx`: the temporary file is ours, not the clerk's. */
function reportNameOf(file: string, dir: string): string {
  const temp = parseTempFileName(path.basename(file));
  return temp ? path.join(path.dirname(file), temp.target) : file || dir;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Tests that need a second, real process: a lock held by another run, the lock released when a run exits
 * or crashes, several runs racing for a stale lock, and a run SIGKILLed in the middle of writing a report.
 *
 * How the child gets our code: Node 20 cannot run .ts, and building dist/ here would rewrite files other
 * test files may be running from. So beforeAll transpiles (type-stripping only, `ts.transpileModule`) the
 * modules under test and their relative imports into `.vitest-tmp/child-<random>/` inside the repository
 * (so `zod` resolves from node_modules), and the children are small .mjs scripts importing those.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../common/usage-error.ts';
import { buildManifest, sha256Hex } from './build-manifest.ts';
import { acquireLock, LOCK_FILE_NAME, readLockOwner } from './lock.ts';
import { publishReports, type PublishFile } from './publish.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = path.dirname(SRC);
let build: string;
let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  build = path.join(REPO, '.vitest-tmp', `child-${randomBytes(4).toString('hex')}`);
  transpile(['store/lock.ts', 'store/publish.ts'], build);
  writeFileSync(path.join(build, 'hold-lock.mjs'), HOLD_LOCK);
  writeFileSync(path.join(build, 'publish-big.mjs'), PUBLISH_BIG);
  writeFileSync(path.join(build, 'publish-killed-at.mjs'), PUBLISH_KILLED_AT);
});
afterAll(() => rmSync(build, { recursive: true, force: true }));
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'baocao-child-'));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the lock between two processes', () => {
  it('stops us with LOCK_HELD naming the other process while it runs, and takes its lock over once it is killed', async () => {
    const holder = start('hold-lock.mjs', dir, 'hold');
    expect(await nextLine(holder)).toBe('locked');
    const error: unknown = await acquireLock(dir, { waitSeconds: 0.3, pollMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('LOCK_HELD');
    expect((error as UsageError).message).toContain(`tiến trình ${holder.pid}`);
    expect((error as UsageError).message).toContain('baocao compile --period 2021-03');
    holder.kill('SIGKILL');
    await exited(holder);
    expect(readLockOwner(path.join(dir, LOCK_FILE_NAME))?.pid).toBe(holder.pid); // SIGKILL runs no handler
    const lock = await acquireLock(dir, { waitSeconds: 0 });
    expect(readLockOwner(lock.file)?.pid).toBe(process.pid);
    lock.release();
  });

  it.each(['exit', 'throw'])('is released when the run ends by %s without calling release()', async (how) => {
    const child = start('hold-lock.mjs', dir, how);
    expect(await nextLine(child)).toBe('locked');
    const code = await exited(child);
    expect(code).toBe(how === 'exit' ? 0 : 1);
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });

  it('lets exactly one of several runs take over the same stale lock', async () => {
    const stale = start('hold-lock.mjs', dir, 'hold');
    expect(await nextLine(stale)).toBe('locked');
    stale.kill('SIGKILL');
    await exited(stale);
    const racers = Array.from({ length: 6 }, () => start('hold-lock.mjs', dir, 'race'));
    for (const r of racers) expect(await nextLine(r)).toBe('ready');
    for (const r of racers) r.stdin.write('go\n');
    const outcomes = await Promise.all(racers.map((r) => nextLine(r)));
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'LOCK_HELD')).toHaveLength(5);
    for (const r of racers) r.stdin.end();
    await Promise.all(racers.map(exited));
  });
});

describe('a run killed while writing a report', () => {
  it('leaves the previous report intact byte for byte; the next publish removes its staging folder', async () => {
    const period = path.join(dir, '2021-03');
    const previous = publishOnce(period, Buffer.from('the report sent to the city'), '2021-03-16T10:30:00Z');
    const before = snapshot(period);

    // The child starts writing 30 MB into its staging folder and is killed with half of it on disk.
    const child = start('publish-big.mjs', period, String(30 * 1024 * 1024));
    expect(await nextLine(child)).toBe('half-written');
    const staging = readdirSync(period).filter((n) => n.startsWith('.dang-ghi.'));
    expect(staging).toHaveLength(1);
    expect(statSync(path.join(period, staging[0]!, REPORT)).size).toBe(15 * 1024 * 1024);
    child.kill('SIGKILL');
    await exited(child);

    expect(snapshot(period)).toEqual(before);
    expect(readFileSync(path.join(period, previous))).toEqual(Buffer.from('the report sent to the city'));

    const rerun = publishOnce(period, Buffer.from('the report sent to the city'), '2021-03-17T10:30:00Z');
    expect(rerun).toBe(previous);
    expect(snapshot(period)).toEqual(before);
    expect(readdirSync(period).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('a run killed with SIGKILL in the middle of the switch (issue 13)', () => {
  it.each([`renamed:${REPORT}`, 'committed'])('after "%s": the next run finishes the switch; the manifest matches every file, the previous version is in history/', async (at) => {
    const period = path.join(dir, '2021-03');
    publishTwo(period, 'v1', '2021-03-16T10:30:00Z');
    const child = start('publish-killed-at.mjs', period, at);
    expect(await nextLine(child)).toBe(`at ${at}`);
    child.kill('SIGKILL');
    await exited(child);
    // Killed with the journal written: new and old side by side for now, the journal says how to finish.
    expect(existsSync(path.join(period, '.publish-journal.json'))).toBe(true);

    const rerun = publishTwo(period, 'v2', '2021-03-17T10:30:00Z');
    expect(rerun.recovered?.kind).toBe('completed');
    expect(rerun.written).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(period, 'manifest.json'), 'utf8')) as { outputs: { file: string; sha256: string }[] };
    expect(manifest.outputs.map((o) => o.file)).toEqual([REPORT, OTHER]);
    for (const o of manifest.outputs) expect(sha256Hex(readFileSync(path.join(period, o.file))), o.file).toBe(o.sha256);
    expect(readFileSync(path.join(period, REPORT), 'utf8')).toBe('city v2');
    expect(readdirSync(period).filter((n) => n.startsWith('.'))).toEqual([]);
    const history = readdirSync(path.join(period, 'history'));
    expect(history).toHaveLength(1);
    expect(readFileSync(path.join(period, 'history', history[0]!, REPORT), 'utf8')).toBe('city v1');
  });
});

// --- internal ---

const REPORT = 'BaoCao_PCMD_2021-03_city.docx';

/** Publishes one report in this process; returns its name. */
function publishOnce(period: string, bytes: Buffer, now: string): string {
  const files: PublishFile[] = [{ name: REPORT, bytes }];
  const manifest = buildManifest({ period: '2021-03', inputs: [], outputs: [{ file: REPORT, bytes }], configHash: sha256Hex('c'), version: '0.1.0' });
  publishReports({ dir: period, files, manifest, now });
  return REPORT;
}

const OTHER = 'BaoCao_PCMD_2021-03_district.docx';

/** Publishes the city's and the district's report, both saying `v`. */
function publishTwo(period: string, v: string, now: string) {
  const files: PublishFile[] = [{ name: REPORT, bytes: Buffer.from(`city ${v}`) }, { name: OTHER, bytes: Buffer.from(`district ${v}`) }];
  const manifest = buildManifest({ period: '2021-03', inputs: [], outputs: files.map((f) => ({ file: f.name, bytes: f.bytes })), configHash: sha256Hex('c'), version: '0.1.0' });
  return publishReports({ dir: period, files, manifest, now });
}

/** Every file directly in the folder (not history/) with its sha256. */
function snapshot(folder: string): Record<string, string> {
  const names = readdirSync(folder).filter((n) => statSync(path.join(folder, n)).isFile());
  return Object.fromEntries(names.map((n) => [n, sha256Hex(readFileSync(path.join(folder, n)))]));
}

/** Transpiles the entry modules and every module they import relatively (type stripping only). */
function transpile(entries: readonly string[], outDir: string): void {
  const todo = [...entries];
  const done = new Set<string>();
  while (todo.length > 0) {
    const rel = todo.pop()!;
    if (done.has(rel)) continue;
    done.add(rel);
    const source = readFileSync(path.join(SRC, rel), 'utf8');
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)) todo.push(path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]!)));
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, rewriteRelativeImportExtensions: true },
    }).outputText;
    const target = path.join(outDir, 'src', rel.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
}

function start(script: string, ...args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [path.join(build, script), ...args], { stdio: 'pipe' });
  children.push(child);
  return child;
}

/** The child's next line on stdout (its stderr is kept for the error message if it dies first). */
function nextLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      cleanup();
      if (nl + 1 < buffered.length) child.stdout.unshift(Buffer.from(buffered.slice(nl + 1)));
      resolve(buffered.slice(0, nl));
    };
    const onErr = (chunk: Buffer) => void (stderr += chunk.toString('utf8'));
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child exited (${String(code)}) before writing a line: ${stderr}`));
    };
    const cleanup = () => {
      // Paused between calls, so a line the child writes before the next nextLine() is kept, not dropped.
      child.stdout.pause();
      child.stdout.off('data', onData);
      child.stderr.off('data', onErr);
      child.off('exit', onExit);
    };
    child.stdout.on('data', onData);
    child.stdout.resume();
    child.stderr.on('data', onErr);
    child.on('exit', onExit);
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** argv: dir, mode. hold: keep the lock until killed; exit/throw: end without release(); race: wait for "go". */
const HOLD_LOCK = `
import { acquireLock } from './src/store/lock.js';
const [dir, mode] = process.argv.slice(2);
const owner = { command: 'baocao compile --period 2021-03' };
if (mode === 'race') {
  process.stdout.write('ready\\n');
  const lines = process.stdin[Symbol.asyncIterator]();
  await lines.next();
  try {
    await acquireLock(dir, { waitSeconds: 0, owner });
    process.stdout.write('locked\\n');
  } catch (error) {
    process.stdout.write((error.code ?? String(error)) + '\\n');
  }
  for await (const _ of lines);  // hold until the parent closes stdin
} else {
  await acquireLock(dir, { waitSeconds: 0, owner });
  process.stdout.write('locked\\n');
  if (mode === 'hold') setInterval(() => {}, 1000);
  if (mode === 'throw') throw new Error('a bug in the middle of compile');
}
`;

/**
 * argv: dir, size. Publishes a report of \`size\` bytes, but the first write stops after half of it: the
 * script says "half-written" and blocks, so the parent kills it at a known point, not at a lucky moment.
 * (node:fs named imports are live bindings: syncBuiltinESMExports passes the patched writeSync to them.)
 */
const PUBLISH_BIG = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { buildManifest, sha256Hex } from './src/store/build-manifest.js';
import { publishReports } from './src/store/publish.js';
const [dir, size] = process.argv.slice(2);
const bytes = Buffer.alloc(Number(size), 0x42);
const realWriteSync = fs.writeSync;
fs.writeSync = (fd, buffer, offset, length, ...rest) => {
  if (buffer.length !== bytes.length) return realWriteSync(fd, buffer, offset, length, ...rest);
  realWriteSync(fd, buffer, 0, bytes.length / 2);
  fs.fsyncSync(fd);
  process.stdout.write('half-written\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};
syncBuiltinESMExports();
const name = '${REPORT}';
const manifest = buildManifest({ period: '2021-03', inputs: [], outputs: [{ file: name, bytes }], configHash: sha256Hex('c'), version: '0.1.0' });
publishReports({ dir, files: [{ name, bytes }], manifest, now: '2021-03-17T00:00:00Z' });
`;

/** argv: dir, step. Publishes v2 of two reports and stops for good at \`step\` of the switch, saying "at <step>": the parent kills it there. */
const PUBLISH_KILLED_AT = `
import { buildManifest, sha256Hex } from './src/store/build-manifest.js';
import { publishReports } from './src/store/publish.js';
const [dir, at] = process.argv.slice(2);
const files = [{ name: '${REPORT}', bytes: Buffer.from('city v2') }, { name: '${OTHER}', bytes: Buffer.from('district v2') }];
const manifest = buildManifest({ period: '2021-03', inputs: [], outputs: files.map((f) => ({ file: f.name, bytes: f.bytes })), configHash: sha256Hex('c'), version: '0.1.0' });
publishReports({ dir, files, manifest, now: '2021-03-17T00:00:00Z', onStep: (step) => {
  if (step !== at) return;
  process.stdout.write('at ' + step + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
} });
`;

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './transpiled-cli.ts';

/**
 * A throwaway office for CLI process tests: `inbox/` with some months of the bundled fixtures, `out/`,
 * `home/` (cron's working folder), and `baocao.config.json` (relative paths, resolved against its folder).
 */
export interface CliWorkspace {
  readonly dir: string;
  readonly inbox: string;
  readonly out: string;
  readonly home: string;
  readonly config: string;
  remove(): void;
}

export function makeWorkspace(options: { months: readonly string[]; config?: Record<string, unknown> }): CliWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'baocao-cli-'));
  const inbox = path.join(dir, 'inbox');
  for (const m of options.months) cpSync(path.join(REPO_ROOT, 'fixtures', '2021', m), path.join(inbox, m), { recursive: true });
  const home = path.join(dir, 'home');
  mkdirSync(home);
  const config = path.join(dir, 'baocao.config.json');
  writeFileSync(config, JSON.stringify({ inbox: 'inbox', output: 'out', ...options.config }, null, 2));
  return { dir, inbox, out: path.join(dir, 'out'), home, config, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a shell command line as cron does: a new session without a terminal, stdin from /dev/null, cron's bare environment. */
export function runLikeCron(commandLine: string, o: { cwd: string; env?: Record<string, string> }): Finished {
  const env = { PATH: '/usr/bin:/bin', HOME: o.cwd, SHELL: '/bin/sh', LOGNAME: 'baocao', ...o.env };
  const r = spawnSync('setsid', ['-w', 'sh', '-c', `${commandLine} < /dev/null`], { cwd: o.cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `node [nodeArgs] bin args` with piped output and no stdin; `finished` resolves when it ends. */
export function startCli(o: { bin: string; args: readonly string[]; nodeArgs?: readonly string[]; cwd: string; env?: Record<string, string> }): {
  child: ChildProcess;
  finished: Promise<Finished>;
} {
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), o.bin, ...o.args], {
    cwd: o.cwd,
    env: { ...process.env, NO_COLOR: '1', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => void (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => void (stderr += c.toString('utf8')));
  const finished = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, finished };
}

/** Waits until a file exists (a paused child announces itself so), or fails after `ms`. */
export async function waitForFile(file: string, o: { ms: number; child?: ChildProcess }): Promise<string> {
  const deadline = Date.now() + o.ms;
  while (!existsSync(file)) {
    if (o.child && o.child.exitCode !== null) throw new Error(`the child exited (${o.child.exitCode}) before ${file} appeared`);
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${o.ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return readFileSync(file, 'utf8');
}

/** The bytes of every file directly in a folder (not in subfolders), by name. */
export function snapshotFiles(folder: string): Record<string, Buffer> {
  const names = readdirSync(folder).filter((n) => statSync(path.join(folder, n)).isFile()).sort();
  return Object.fromEntries(names.map((n) => [n, readFileSync(path.join(folder, n))]));
}

/** ANSI SGR (colour) sequences, and any escape at all. */
export const COLOUR_ESCAPE = /\x1b\[[0-9;]*m/;
export const ANY_ESCAPE = /\x1b/;

/**
 * A preload (`node --import <url>`) that stops the main thread in the middle of writing a file: the first
 * fs.writeSync into a file whose full path matches BAOCAO_PAUSE_MATCH writes half of its bytes, flushes them,
 * writes the path to BAOCAO_PAUSE_MARKER and blocks until BAOCAO_PAUSE_RESUME exists (or forever), so a test
 * can kill it, or start a second run, at a known point rather than a lucky moment. With BAOCAO_PAUSE_RENAME instead,
 * it stops right after the first fs.renameSync whose destination matches (a kill in the middle of a publish's switch).
 * The tool imports writeSync and renameSync by name from node:fs; syncBuiltinESMExports passes the patched functions
 * to those bindings.
 */
export const PAUSE_PRELOAD = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';
const match = process.env.BAOCAO_PAUSE_MATCH;
const renameMatch = process.env.BAOCAO_PAUSE_RENAME;
if (isMainThread && renameMatch) {
  const pattern = new RegExp(renameMatch);
  const realRenameSync = fs.renameSync;
  fs.renameSync = (from, to) => {
    realRenameSync(from, to);
    if (!pattern.test(String(to))) return;
    fs.writeFileSync(process.env.BAOCAO_PAUSE_MARKER, String(to));
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    for (;;) Atomics.wait(sleeper, 0, 0, 1000);
  };
  syncBuiltinESMExports();
}
if (isMainThread && match) {
  const pattern = new RegExp(match);
  const marker = process.env.BAOCAO_PAUSE_MARKER;
  const resume = process.env.BAOCAO_PAUSE_RESUME;
  const realOpenSync = fs.openSync;
  const realWriteSync = fs.writeSync;
  const paths = new Map();
  let paused = false;
  fs.openSync = (file, ...rest) => {
    const fd = realOpenSync(file, ...rest);
    paths.set(fd, String(file));
    return fd;
  };
  fs.writeSync = (fd, buffer, offset, length, ...rest) => {
    const file = paths.get(fd);
    if (paused || file === undefined || !pattern.test(file) || typeof buffer === 'string') return realWriteSync(fd, buffer, offset, length, ...rest);
    paused = true;
    const start = offset ?? 0;
    const total = length ?? buffer.length - start;
    const half = Math.floor(total / 2);
    realWriteSync(fd, buffer, start, half);
    fs.fsyncSync(fd);
    fs.writeFileSync(marker, file);
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    while (!(resume && fs.existsSync(resume))) Atomics.wait(sleeper, 0, 0, 20);
    return half + realWriteSync(fd, buffer, start + half, total - half);
  };
  syncBuiltinESMExports();
}
`;

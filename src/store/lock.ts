import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { lockHeldError, lockNotWritableError } from './_lock-message.ts';

export const LOCK_FILE_NAME = '.baocao.lock';

/** Who holds a lock: written as JSON into the lock file, and shown to whoever has to wait. */
export interface LockOwner {
  pid: number;
  /** OS user name. */
  user: string;
  host: string;
  /** The command line, e.g. `baocao compile --period last-month`. */
  command: string;
  /** ISO timestamp. */
  startedAt: string;
}

export interface Lock {
  /** Absolute path of the lock file. */
  readonly file: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

export interface AcquireLockOptions {
  /** How long to wait for another run to finish before giving up (config `lockWaitSeconds`). */
  waitSeconds: number;
  /** Missing fields default to this process: pid, OS user, host name, `process.argv`, now. `pid` must be this process's. */
  owner?: Partial<LockOwner>;
  /** Poll interval while waiting, ms (default 200). */
  pollMs?: number;
  /** A lock file that cannot be parsed is taken over once it is this old, ms (default 2 minutes). */
  staleUnreadableMs?: number;
}

/**
 * Takes the lock `<dir>/.baocao.lock`, so that two runs (a cron job and a clerk) never write the same
 * output folder at once. The file is created atomically (`wx`). A lock whose process is dead on this
 * host, or an unreadable lock file older than `staleUnreadableMs`, is stale and is taken over. A live
 * lock is polled until `waitSeconds` have passed, then this throws `UsageError('LOCK_HELD')` (exit 2)
 * saying who holds it. The lock is also released when the process exits normally or by an exception.
 */
export async function acquireLock(dir: string, options: AcquireLockOptions): Promise<Lock> {
  const file = path.resolve(dir, LOCK_FILE_NAME);
  const owner = fullOwner(options.owner);
  const text = `${JSON.stringify(owner)}\n`;
  const pollMs = options.pollMs ?? 200;
  const staleUnreadableMs = options.staleUnreadableMs ?? 120_000;
  const deadline = Date.now() + Math.max(0, options.waitSeconds) * 1000;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw lockNotWritableError(file, error);
  }
  for (;;) {
    if (tryCreate(file, text)) return register(file, owner, text);
    const seen = inspect(file);
    if (seen === 'gone') continue;
    if (isStale(file, seen, staleUnreadableMs) && takeOver(file, seen)) continue;
    if (Date.now() >= deadline) throw lockHeldError({ file, owner: seen.owner, mtimeMs: seen.mtimeMs, waitSeconds: options.waitSeconds });
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Reads the owner recorded in a lock file, or null when there is none or it cannot be parsed. */
export function readLockOwner(file: string): LockOwner | null {
  try {
    return parseOwner(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// --- internal ---

/** What was found in the lock file: its bytes, identity and parsed owner (null when unparseable). */
interface Seen {
  text: string;
  ino: number;
  mtimeMs: number;
  size: number;
  owner: LockOwner | null;
}

/** Locks this process holds, released by one shared 'exit' listener (one per process, not per lock). */
const held = new Map<string, () => void>();
let exitHookInstalled = false;

function register(file: string, owner: LockOwner, text: string): Lock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(file);
    // Remove only our own lock: if ours was taken over (it cannot be while we live, but a person may
    // have deleted it by hand and another run created its own), the other run's lock stays.
    try {
      if (readFileSync(file, 'utf8') === text) rmSync(file, { force: true });
    } catch {
      // Already gone: nothing to release.
    }
  };
  held.set(file, release);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const releaseOne of [...held.values()]) releaseOne();
    });
  }
  return { file, owner, release };
}

function fullOwner(given: Partial<LockOwner> | undefined): LockOwner {
  return {
    pid: given?.pid ?? process.pid,
    user: given?.user ?? osUser(),
    host: given?.host ?? os.hostname(),
    command: given?.command ?? ['baocao', ...process.argv.slice(2)].join(' '),
    startedAt: given?.startedAt ?? new Date().toISOString(),
  };
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    // A uid without a passwd entry (some containers) has no name.
    return process.env.USER ?? process.env.LOGNAME ?? `uid ${String(process.getuid?.() ?? '?')}`;
  }
}

/** Creates the lock file with our owner in it; false if it already exists. */
function tryCreate(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw lockNotWritableError(file, error);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function inspect(file: string): Seen | 'gone' {
  try {
    const stat = statSync(file);
    const text = readFileSync(file, 'utf8');
    return { text, ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, owner: parseOwner(text) };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'gone';
    throw lockNotWritableError(file, error);
  }
}

function isStale(file: string, seen: Seen, staleUnreadableMs: number): boolean {
  // An unparseable file may be a lock being written this very moment: only an old one is stale.
  if (!seen.owner) return Date.now() - seen.mtimeMs >= staleUnreadableMs;
  // Another host's process cannot be checked from here (a shared folder): treat it as alive.
  if (seen.owner.host !== os.hostname()) return false;
  // A lock started before the machine last booted is dead whatever now runs under its pid.
  const started = Date.parse(seen.owner.startedAt);
  if (started < Date.now() - os.uptime() * 1000 - BOOT_SLACK_MS) return true;
  // Our own pid but not a lock we hold: a previous process that had the same pid (containers reuse pids).
  if (seen.owner.pid === process.pid) return !held.has(file);
  return !isAlive(seen.owner.pid);
}

const BOOT_SLACK_MS = 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
}

/**
 * Removes a stale lock, never a fresh one. Two runs may judge the same lock stale at once; without care
 * the slower one would delete the lock the faster one has just created. So a removal happens only under
 * a short-lived guard file (created with `wx`: one holder at a time), and only if the lock file is still
 * the very one judged stale (same inode, mtime, size, bytes). Creating the new lock is then an ordinary
 * `wx` race, which exactly one run wins. Returns false when another run holds the guard: wait a little.
 */
function takeOver(file: string, seen: Seen): boolean {
  const guard = `${file}.takeover`;
  if (!tryCreate(guard, `${process.pid}\n`)) {
    // A guard is held for microseconds; one that is old belongs to a run killed in between.
    removeIfOlderThan(guard, GUARD_STALE_MS);
    return false;
  }
  try {
    const now = inspect(file);
    const same = now !== 'gone' && now.ino === seen.ino && now.mtimeMs === seen.mtimeMs && now.size === seen.size && now.text === seen.text;
    if (same) rmSync(file, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
  return true;
}

const GUARD_STALE_MS = 30_000;

function removeIfOlderThan(file: string, ms: number): void {
  try {
    if (Date.now() - statSync(file).mtimeMs > ms) rmSync(file, { force: true });
  } catch {
    // Gone already.
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const parsed = LockOwnerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// Lenient on what only the message shows; pid and host are what staleness is decided on.
const LockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  user: z.string().catch('?'),
  command: z.string().catch('?'),
  startedAt: z.string().catch('?'),
});

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

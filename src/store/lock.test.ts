import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../common/usage-error.ts';
import { acquireLock, LOCK_FILE_NAME, readLockOwner, type LockOwner } from './lock.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'baocao-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = () => path.join(dir, LOCK_FILE_NAME);
const FAST = { waitSeconds: 0.3, pollMs: 50 };

/** A pid that surely belongs to no process: a child that has already exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not spawn node');
  return child.pid;
}

function writeLock(owner: Partial<LockOwner>): void {
  const full: LockOwner = { pid: 1, user: 'cron', host: os.hostname(), command: 'baocao compile --period last-month', startedAt: new Date().toISOString(), ...owner };
  writeFileSync(lockFile(), JSON.stringify(full));
}

async function lockHeldError(promise: Promise<unknown>): Promise<UsageError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof UsageError)) throw new Error(`expected a UsageError, got ${String(error)}`);
  return error;
}

describe('acquireLock', () => {
  it('creates the lock file with who holds it, and release removes it', async () => {
    const lock = await acquireLock(dir, { waitSeconds: 0, owner: { command: 'baocao compile --period 2021-03' } });
    expect(readLockOwner(lockFile())).toEqual({
      pid: process.pid,
      user: os.userInfo().username,
      host: os.hostname(),
      command: 'baocao compile --period 2021-03',
      startedAt: lock.owner.startedAt,
    });
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    lock.release(); // twice is harmless
  });

  it('makes a second run wait, then stop with LOCK_HELD saying who holds the lock', async () => {
    const first = await acquireLock(dir, { waitSeconds: 0, owner: { user: 'vanthu', command: 'baocao compile --period 2021-03' } });
    try {
      const error = await lockHeldError(acquireLock(dir, FAST));
      expect(error.code).toBe('LOCK_HELD');
      expect(error.message).toContain('vanthu');
      expect(error.message).toContain(`tiến trình ${process.pid}`);
      expect(error.message).toContain(os.hostname());
      expect(error.message).toContain('baocao compile --period 2021-03');
      expect(error.message).toContain(lockFile());
      expect(error.message).toContain('Đã chờ 0,3 giây');
    } finally {
      first.release();
    }
    (await acquireLock(dir, FAST)).release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    writeLock({ pid: deadPid() });
    const lock = await acquireLock(dir, FAST);
    expect(readLockOwner(lockFile())?.pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock written before the machine last booted, whatever runs under its pid now', async () => {
    const beforeBoot = new Date(Date.now() - os.uptime() * 1000 - 3_600_000).toISOString();
    writeLock({ pid: process.ppid, startedAt: beforeBoot });
    (await acquireLock(dir, FAST)).release();
  });

  it('waits for a live lock of another host (its pid cannot be checked from here)', async () => {
    writeLock({ pid: deadPid(), host: 'may-chu-khac' });
    const error = await lockHeldError(acquireLock(dir, FAST));
    expect(error.code).toBe('LOCK_HELD');
    expect(error.message).toContain('may-chu-khac');
  });

  it('waits for an unreadable lock file while it is young, takes it over once it is old', async () => {
    writeFileSync(lockFile(), '{"pid": 12');
    expect((await lockHeldError(acquireLock(dir, FAST))).code).toBe('LOCK_HELD');
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    utimesSync(lockFile(), tenMinutesAgo, tenMinutesAgo);
    (await acquireLock(dir, FAST)).release();
  });

  it('release leaves a lock that is no longer ours', async () => {
    const lock = await acquireLock(dir, { waitSeconds: 0 });
    writeLock({ pid: process.ppid, user: 'someone-else' });
    lock.release();
    expect(readLockOwner(lockFile())?.user).toBe('someone-else');
  });

  it('creates the output folder if it is missing', async () => {
    const nested = path.join(dir, 'out', 'deeper');
    const lock = await acquireLock(nested, { waitSeconds: 0 });
    expect(readFileSync(path.join(nested, LOCK_FILE_NAME), 'utf8')).toContain(`"pid":${process.pid}`);
    lock.release();
  });
});

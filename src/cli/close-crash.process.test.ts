import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, PAUSE_PRELOAD, snapshotFiles, startCli, waitForFile, type CliWorkspace } from '../../test/support/cli-workspace.ts';
import { editWorkbook } from '../../test/support/edit-workbook.ts';
import { transpileCli, type TranspiledCli } from '../../test/support/transpiled-cli.ts';

/**
 * Issue 15, kill-safety: `close`, or a `compile` writing a correction, killed half-way leaves the register and the
 * closed files as they were, and the next run finishes the job. Real processes of a transpiled copy of the CLI, paused
 * by PAUSE_PRELOAD half-way through a chosen file (as in crash-and-lock.process.test.ts).
 */

let cli: TranspiledCli;
let preload: string;
const started: { kill(signal: NodeJS.Signals): boolean; exitCode: number | null }[] = [];

beforeAll(() => {
  cli = transpileCli('close-crash');
  preload = path.join(cli.root, 'pause.mjs');
  writeFileSync(preload, PAUSE_PRELOAD);
});
afterAll(() => cli.remove());
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(ws: CliWorkspace, args: readonly string[], pauseOn?: string) {
  const env = { BAOCAO_PAUSE_MATCH: pauseOn ?? '', BAOCAO_PAUSE_MARKER: path.join(ws.dir, 'paused'), BAOCAO_PAUSE_RESUME: path.join(ws.dir, 'resume') };
  const r = startCli({ bin: cli.bin, args: [...args, '--config', ws.config], cwd: ws.home, ...(pauseOn ? { nodeArgs: ['--import', pathToFileURL(preload).href], env } : {}) });
  started.push(r.child);
  return { ...r, marker: env.BAOCAO_PAUSE_MARKER };
}

async function killWhenPaused(p: ReturnType<typeof run>): Promise<string> {
  const file = await waitForFile(p.marker, { ms: 60_000, child: p.child });
  p.child.kill('SIGKILL');
  expect((await p.finished).signal).toBe('SIGKILL');
  rmSync(p.marker);
  return file;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ARGS = ['--period', '2021-03', '--to', 'district'];

describe('killed half-way', () => {
  let ws: CliWorkspace;
  beforeAll(() => (ws = makeWorkspace({ months: ['2021-01', '2021-02', '2021-03'] })));
  afterAll(() => ws.remove());
  const register = () => path.join(ws.out, 'register.jsonl');
  const registerTmp = () => `^${escape(ws.out)}/\\.register\\.jsonl\\.\\d+\\.[0-9a-f]{8}\\.tmp$`;

  it('close: no register line and the reports untouched; the next close succeeds and removes the half file', async () => {
    expect((await run(ws, ['compile', ...ARGS]).finished).code).toBe(0);
    const period = path.join(ws.out, '2021-03');
    const reports = snapshotFiles(period);

    const half = await killWhenPaused(run(ws, ['close', '--period', '2021-03'], registerTmp()));
    expect(path.dirname(half)).toBe(ws.out);
    expect(existsSync(register())).toBe(false);
    expect(snapshotFiles(period)).toEqual(reports);

    const again = await run(ws, ['close', '--period', '2021-03']).finished;
    expect(again.code).toBe(0);
    expect(readFileSync(register(), 'utf8').trimEnd().split('\n')).toHaveLength(1);
    expect(readdirSync(ws.out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a correcting compile, killed while writing the correction, then while adding its register line: closed files and register intact each time', async () => {
    const period = path.join(ws.out, '2021-03');
    const closed = snapshotFiles(period);
    const registerBytes = readFileSync(register());
    await editWorkbook(path.join(ws.inbox, '2021-03', 'PCMD-01_2021-03_00007.xlsx'), { TT01: 99 });

    // 1. Half-way through a report of the correction folder (built under a temporary name).
    const inCorrection = `^${escape(period)}/\\.dieu-chinh-1\\.\\d+\\.partial/\\.dang-ghi\\.[^/]+/BaoCao_[^/]*$`;
    await killWhenPaused(run(ws, ['compile', ...ARGS], inCorrection));
    expect(readFileSync(register()).equals(registerBytes)).toBe(true);
    expect(snapshotFiles(period)).toEqual(closed);
    expect(existsSync(path.join(period, 'dieu-chinh-1'))).toBe(false);

    // 2. The folder in place, killed while adding the register line: the folder was never recorded as sent.
    await killWhenPaused(run(ws, ['compile', ...ARGS], registerTmp()));
    expect(readFileSync(register()).equals(registerBytes)).toBe(true);
    expect(snapshotFiles(period)).toEqual(closed);
    expect(existsSync(path.join(period, 'dieu-chinh-1'))).toBe(true);

    // 3. The next run does it all: a fresh dieu-chinh-1, recorded; the unrecorded one kept under history/; no leftovers.
    const done = await run(ws, ['compile', ...ARGS]).finished;
    expect(done.code).toBe(1);
    expect(snapshotFiles(period)).toEqual(closed);
    const lines = readFileSync(register(), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string; n?: number });
    expect(lines.map((l) => [l.event, l.n])).toEqual([['close', undefined], ['correction', 1]]);
    expect(readdirSync(period).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(readdirSync(path.join(period, 'history')).some((n) => n.endsWith('-dieu-chinh-1-chua-ghi-so'))).toBe(true);
    expect(readdirSync(ws.out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

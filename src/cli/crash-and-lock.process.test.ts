import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_ROWS } from '../domain/form-layout.ts';
import { makeWorkspace, PAUSE_PRELOAD, snapshotFiles, startCli, waitForFile, type CliWorkspace } from '../../test/support/cli-workspace.ts';
import { transpileCli, type TranspiledCli } from '../../test/support/transpiled-cli.ts';

/**
 * Issue 7, "Done when": the tool killed in the middle of writing a report leaves the previous report intact,
 * and two compiles of the same period at once give one report and one clear refusal. Real processes of a
 * transpiled copy of the CLI; a preload (PAUSE_PRELOAD) stops the writer half-way through a report's
 * temporary file, so the kill and the second start happen at a known point.
 */

let cli: TranspiledCli;
let preload: string;
const started: { kill(signal: NodeJS.Signals): boolean; exitCode: number | null }[] = [];

beforeAll(() => {
  cli = transpileCli('crash-lock');
  preload = path.join(cli.root, 'pause.mjs');
  writeFileSync(preload, PAUSE_PRELOAD);
});
afterAll(() => cli.remove());
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/**
 * Starts `baocao compile --period 2021-03` in the workspace; with `pause`, it stops half-way through the first report it
 * writes (or through the report named `pauseAt`).
 */
function compile(ws: CliWorkspace, o: { pause?: boolean; pauseAt?: string; pauseAfterRename?: string; command?: string } = {}) {
  const period = escapeRegExp(path.join(ws.out, '2021-03'));
  const pauseEnv = {
    // Half-way through a report written into the publish's staging folder (.dang-ghi.<pid>.<hex>/).
    ...(o.pause ? { BAOCAO_PAUSE_MATCH: `^${period}/\\.dang-ghi\\.[^/]+/${o.pauseAt ? escapeRegExp(o.pauseAt) : 'BaoCao_PCMD_[^/]*'}$` } : {}),
    // Right after a report is renamed into place: the switch is committed and half done.
    ...(o.pauseAfterRename ? { BAOCAO_PAUSE_RENAME: `^${period}/${escapeRegExp(o.pauseAfterRename)}$` } : {}),
    BAOCAO_PAUSE_MARKER: path.join(ws.dir, 'paused'),
    BAOCAO_PAUSE_RESUME: path.join(ws.dir, 'resume'),
  };
  const run = startCli({
    bin: cli.bin,
    args: [o.command ?? 'compile', '--period', '2021-03', '--config', ws.config],
    cwd: ws.home,
    ...(o.pause || o.pauseAfterRename ? { nodeArgs: ['--import', pathToFileURL(preload).href], env: pauseEnv } : {}),
  });
  started.push(run.child);
  return { ...run, marker: pauseEnv.BAOCAO_PAUSE_MARKER, resume: pauseEnv.BAOCAO_PAUSE_RESUME };
}

describe('a compile killed in the middle of writing a report', () => {
  let ws: CliWorkspace;
  beforeAll(() => (ws = makeWorkspace({ months: ['2021-01', '2021-02', '2021-03'] })));
  afterAll(() => ws.remove());

  it('leaves every previous report and manifest.json byte-identical; the next run replaces them and removes the half file', async () => {
    const { period, before, paused: halfFile } = await compileThenKill(ws, { pause: true });
    expect(Object.keys(before)).toEqual([
      'BaoCao_PCMD_2021-03_city.docx', 'BaoCao_PCMD_2021-03_city.xlsx', 'BaoCao_PCMD_2021-03_district.docx',
      'BaoCao_PCMD_2021-03_district.xlsx', 'manifest.json', 'summary.json',
    ]);
    expect(path.dirname(path.dirname(halfFile))).toBe(period);
    expect(statSync(halfFile).size).toBeGreaterThan(0);

    expect(snapshotFiles(period)).toEqual(before);

    // The next run drops the half-built staging folder, says so in one line, and publishes.
    const third = await compile(ws).finished;
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/^! Lần ghi báo cáo trước vào 2021-03 \(.*\) bị ngắt trước khi thay tệp nào: đã xóa bản đang ghi dở; các báo cáo hiện có là bộ trước, còn nguyên và khớp manifest\.json\.\n$/);
    const now = snapshotFiles(period);
    expect(Object.keys(now)).toEqual(Object.keys(before));
    expect(now['manifest.json']?.equals(before['manifest.json']!)).toBe(false);
    expect(readdirSync(period).filter((n) => n.startsWith('.'))).toEqual([]);
    // The versions replaced are kept under history/ (one folder per replacing run; the killed run's archive is complete too).
    const history = readdirSync(path.join(period, 'history')).filter((n) => !n.startsWith('.'));
    expect(history.length).toBeGreaterThanOrEqual(1);
    expect(readFileSync(path.join(period, 'history', history.at(-1)!, 'manifest.json')).equals(before['manifest.json']!)).toBe(true);
  });
});

describe('a compile killed while publishing its set (issue 13: one switch, not new and old side by side)', () => {
  let ws: CliWorkspace;
  beforeAll(() => (ws = makeWorkspace({ months: ['2021-02', '2021-03'] })));
  afterAll(() => ws.remove());

  it('killed half-way through the second report: every previous report is still in place and manifest.json still matches them', async () => {
    // The district's Word report is written first, its Excel report second.
    const { period, before } = await compileThenKill(ws, { pause: true, pauseAt: 'BaoCao_PCMD_2021-03_district.xlsx' });

    const after = snapshotFiles(period);
    for (const [name, bytes] of Object.entries(before)) expect(after[name]?.equals(bytes), name).toBe(true);
    const manifest = JSON.parse(after['manifest.json']!.toString('utf8')) as { outputs: { file: string; sha256: string }[] };
    for (const o of manifest.outputs) expect(createHash('sha256').update(after[o.file]!).digest('hex'), o.file).toBe(o.sha256);
  });
});

describe('a compile killed with SIGKILL after its first report was switched into place (issue 13)', () => {
  let ws: CliWorkspace;
  beforeAll(() => (ws = makeWorkspace({ months: ['2021-02', '2021-03'] })));
  afterAll(() => ws.remove());

  it('leaves a journal; the next status finishes the switch and says so; every file then matches manifest.json, the previous set is in history/', async () => {
    const { period, before } = await compileThenKill(ws, { pauseAfterRename: 'BaoCao_PCMD_2021-03_district.docx' });

    // Killed mid-switch: the new Word report beside the old Excel one, under the old manifest, and the journal that says how to finish.
    const mixed = snapshotFiles(period);
    expect(mixed['BaoCao_PCMD_2021-03_district.docx']?.equals(before['BaoCao_PCMD_2021-03_district.docx']!)).toBe(false);
    expect(mixed['manifest.json']?.equals(before['manifest.json']!)).toBe(true);
    expect(existsSync(path.join(period, '.publish-journal.json'))).toBe(true);

    const status = await compile(ws, { command: 'status' }).finished;
    expect(status.code).toBe(0);
    expect(status.stderr).toMatch(/^! Lần ghi báo cáo trước vào 2021-03 \(.*\) bị ngắt giữa lúc thay tệp: đã thay nốt \d+ tệp theo nhật ký ghi; bộ báo cáo mới đã đầy đủ và khớp manifest\.json\.\n$/);
    const after = snapshotFiles(period);
    const manifest = JSON.parse(after['manifest.json']!.toString('utf8')) as { outputs: { file: string; sha256: string }[] };
    expect(Object.keys(after)).toEqual([...manifest.outputs.map((o) => o.file), 'manifest.json'].sort());
    for (const o of manifest.outputs) expect(createHash('sha256').update(after[o.file]!).digest('hex'), o.file).toBe(o.sha256);
    expect(after['manifest.json']?.equals(before['manifest.json']!)).toBe(false);
    expect(readdirSync(period).filter((n) => n.startsWith('.'))).toEqual([]);
    const history = readdirSync(path.join(period, 'history'));
    expect(history).toHaveLength(1);
    expect(readFileSync(path.join(period, 'history', history[0]!, 'manifest.json')).equals(before['manifest.json']!)).toBe(true);

    // Nothing left to do: the next compile finds the set it would write, silently (cron).
    const again = await compile(ws).finished;
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(snapshotFiles(period)).toEqual(after);
  });
});

describe('two compiles of the same period at once', () => {
  let ws: CliWorkspace;
  beforeAll(() => (ws = makeWorkspace({ months: ['2021-01', '2021-02', '2021-03'], config: { lockWaitSeconds: 0 } })));
  afterAll(() => ws.remove());

  it('give one set of reports (exit 0) and one refusal (exit 2) naming the user and process that hold the lock', async () => {
    const holder = compile(ws, { pause: true });
    await waitForFile(holder.marker, { ms: 60_000, child: holder.child });
    const second = await compile(ws).finished;

    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/^Lỗi: Một lần chạy khác đang ghi vào thư mục /);
    expect(second.stderr).toContain(`Người dùng ${userInfo().username} đang chạy lệnh "baocao compile --period 2021-03"`);
    expect(second.stderr).toContain(`tiến trình ${holder.child.pid}`);
    // The refused run wrote nothing: only the holder's staging folder, with its half-written report, is there.
    expect(readdirSync(path.join(ws.out, '2021-03')).filter((n) => !n.startsWith('.dang-ghi.'))).toEqual([]);

    writeFileSync(holder.resume, '');
    const first = await holder.finished;
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(readdirSync(path.join(ws.out, '2021-03')).sort()).toEqual([
      'BaoCao_PCMD_2021-03_city.docx', 'BaoCao_PCMD_2021-03_city.xlsx', 'BaoCao_PCMD_2021-03_district.docx',
      'BaoCao_PCMD_2021-03_district.xlsx', 'manifest.json', 'summary.json',
    ]);
    expect(existsSync(path.join(ws.out, '.baocao.lock'))).toBe(false);
  });
});

// --- internal ---

/**
 * A clean compile of 2021-03 (exit 0), a ward's text changed, then a second compile stopped where `pause` says and
 * killed with SIGKILL. The period folder, its files before the second compile, and the file the pause named.
 */
async function compileThenKill(ws: CliWorkspace, pause: Parameters<typeof compile>[1]): Promise<{ period: string; before: Record<string, Buffer>; paused: string }> {
  expect((await compile(ws).finished).code).toBe(0);
  const period = path.join(ws.out, '2021-03');
  const before = snapshotFiles(period);
  await changeWardText(path.join(ws.inbox, '2021-03', 'PCMD-01_2021-03_00001.xlsx'));
  const killed = compile(ws, pause);
  const paused = await waitForFile(killed.marker, { ms: 60_000, child: killed.child });
  killed.child.kill('SIGKILL');
  expect((await killed.finished).signal).toBe('SIGKILL');
  return { period, before, paused };
}

/** A ward rewrites its "Khó khăn, vướng mắc" text: a clean change that the reports and manifest.json show. */
async function changeWardText(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet('BaoCao');
  let row = 0;
  sheet?.eachRow((r, n) => {
    if (r.getCell(1).value === TEXT_ROWS.difficulties) row = n;
  });
  if (!sheet || row === 0) throw new Error(`no "${TEXT_ROWS.difficulties}" row in ${file}`);
  sheet.getCell(row, 2).value = 'Phường thiếu cán bộ chuyên trách; đề nghị quận bổ sung kinh phí tuyên truyền.';
  await wb.xlsx.writeFile(file);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

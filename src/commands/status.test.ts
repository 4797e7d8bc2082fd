import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';

/**
 * `baocao status` and compile's closing hint on the bundled year (issue 12): lateness per period for a unit made of
 * several forms, and a `baocao validate` command that shows exactly the details behind compile's counts.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const now = () => new Date('2021-12-20T08:00:00Z');

async function run(args: readonly string[], cwd = root, isErrTTY = false) {
  const io = memoryIo({ isErrTTY });
  const code = await runCli(args, { io, cwd, now });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('baocao status for the year', () => {
  let rows: Map<string, string>;
  beforeAll(async () => {
    const { code, stdout } = await run(['status', '--period', '2021', '--input', 'fixtures/2021']);
    expect(code).toBe(0);
    rows = new Map(stdout.split('\n').flatMap((l) => (/^(\d{5}|CA|D178) /.test(l) ? [[l.split(' ')[0]!, l] as const] : [])));
  });

  it('says which periods were late, not "muộn" beside an on-time last date', () => {
    expect(rows.size).toBe(16);
    // Quán Thánh sent June and July late, every other month on time; its last form (December) was on time.
    expect(rows.get('00013')).toMatch(/16\/12\/2021 +muộn tháng 6, 7 \(2\/12 kỳ\) +12 tệp$/);
    expect(rows.get('00001')).toMatch(/đúng hạn cả 12 kỳ/);
    for (const row of rows.values()) expect(row).not.toMatch(/ muộn {2}/);
  });

  it('--json: each unit with its late periods', async () => {
    const { stdout } = await run(['status', '--period', '2021', '--input', 'fixtures/2021', '--json']);
    const units = (JSON.parse(stdout) as { units: { code: string; onTime: boolean | null; latePeriods: string[] }[] }).units;
    expect(units.find((u) => u.code === '00013')).toMatchObject({ onTime: false, latePeriods: ['2021-06', '2021-07'] });
    expect(units.find((u) => u.code === '00001')).toMatchObject({ onTime: true, latePeriods: [] });
  });

  it('a month keeps the plain words', async () => {
    const { stdout } = await run(['status', '--period', '2021-07', '--input', 'fixtures/2021']);
    expect(stdout).toMatch(/^00007 .* 20\/07\/2021 +muộn +2021-07\/PCMD-01_2021-07_00007\.xlsx$/m);
    expect(stdout).toMatch(/^00001 .* đúng hạn +2021-07\//m);
  });
});

describe("compile's closing hint", () => {
  let work = '';
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'baocao-hint-'));
    cpSync(path.join(root, 'fixtures/2021'), path.join(work, 'hộp thư'), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('names the folder read, quoted: status for late forms, validate --period when the warnings are in forms of the period', async () => {
    // July: the only warnings are July's two late forms (unit.late): status lists them.
    const july = await run(['compile', '--period', '2021-07', '--input', 'hộp thư', '--out', 'ra', '--format', 'xlsx'], work, true);
    expect(july.stderr).toContain('0 lỗi, 2 cảnh báo');
    expect(july.stderr).toContain(`hoặc chạy: baocao status --period 2021-07 --input 'hộp thư'\n`);
    // October: the planted outlier (a form of October) and no late form: validate --period shows exactly it.
    const october = await run(['compile', '--period', '2021-10', '--input', 'hộp thư', '--out', 'ra', '--format', 'xlsx'], work, true);
    expect(october.stderr).toContain('0 lỗi, 1 cảnh báo');
    expect(october.stderr).toContain(`hoặc chạy: baocao validate 'hộp thư' --period 2021-10\n`);
    const shown = await run(['validate', 'hộp thư', '--period', '2021-10', '--json'], work);
    expect(JSON.parse(shown.stdout).issues.filter((i: { severity: string }) => i.severity !== 'info').map((i: { code: string }) => i.code)).toEqual(['rule.outlier']);
  });
});

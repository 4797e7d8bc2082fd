import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { memoryIo } from './io.ts';
import { acquireLock } from '../store/lock.ts';

/**
 * Issue 13: the report folder is verifiable. `status` and `compile` check OUT/<period>/ against its manifest.json and
 * say which file does not match (output.manifest-mismatch), never silently; compile then replaces the set, keeping
 * the edited file in history/.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const REPORT = 'BaoCao_PCMD_2021-03_district.xlsx';
let root = '';
let inbox = '';
let out = '';

async function run(args: readonly string[]) {
  const io = memoryIo();
  const code = await runCli(args, { io, cwd: root, now: () => new Date('2021-03-20T08:00:00Z') });
  return { code, stdout: io.stdout, stderr: io.stderr };
}
const compile = () => run(['compile', '--period', '2021-03', '--input', inbox, '--out', out, '--format', 'xlsx', '--to', 'district']);

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'baocao-output-check-'));
  inbox = path.join(root, 'inbox');
  out = path.join(root, 'out');
  for (const m of ['2021-02', '2021-03']) cpSync(path.join(FIXTURES, m), path.join(inbox, m), { recursive: true });
  expect((await compile()).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a report folder that no longer matches its manifest.json', () => {
  it('status is silent about a folder that matches, then names a report edited by hand (warning, with its code) in text and --json', async () => {
    const clean = await run(['status', '--period', '2021-03', '--input', inbox, '--out', out, '--json']);
    expect(clean.stderr).toBe('');
    expect((JSON.parse(clean.stdout) as { outputIssues: unknown[] }).outputIssues).toEqual([]);

    writeFileSync(path.join(out, '2021-03', REPORT), 'edited by hand');
    const json = await run(['status', '--period', '2021-03', '--input', inbox, '--out', out, '--json']);
    expect(json.code).toBe(0);
    const issues = (JSON.parse(json.stdout) as { outputIssues: { severity: string; code: string; message: string }[] }).outputIssues;
    expect(issues).toEqual([{ severity: 'warning', code: 'output.manifest-mismatch', message: expect.stringContaining(`Tệp ${REPORT} trong thư mục báo cáo kỳ 2021-03 không còn đúng như manifest.json ghi`) }]);
    expect(issues[0]!.message).toContain('baocao compile --period 2021-03');
    const text = await run(['status', '--period', '2021-03', '--input', inbox, '--out', out]);
    expect(text.stderr).toBe(`! ${issues[0]!.message} (output.manifest-mismatch)\n`);
  });

  it('compile says so before replacing it, keeps the edited file in history/, and the folder matches again', async () => {
    const again = await compile();
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`^! Tệp ${REPORT.replaceAll('.', '\\.')} .*Lần chạy này lập lại cả bộ báo cáo.* \\(output\\.manifest-mismatch\\)\\n$`));
    const history = readdirSync(path.join(out, '2021-03', 'history'));
    expect(history).toHaveLength(1);
    expect(readFileSync(path.join(out, '2021-03', 'history', history[0]!, REPORT), 'utf8')).toBe('edited by hand');
    const status = await run(['status', '--period', '2021-03', '--input', inbox, '--out', out, '--json']);
    expect((JSON.parse(status.stdout) as { outputIssues: unknown[] }).outputIssues).toEqual([]);
  });

  it('a missing report and a broken manifest.json are named too', async () => {
    rmSync(path.join(out, '2021-03', 'summary.json'));
    const missing = await run(['status', '--period', '2021-03', '--input', inbox, '--out', out, '--json']);
    expect((JSON.parse(missing.stdout) as { outputIssues: { message: string }[] }).outputIssues.map((i) => i.message)).toEqual([
      expect.stringContaining('Tệp summary.json có trong manifest.json của kỳ 2021-03 nhưng không còn trong thư mục báo cáo.'),
    ]);
    writeFileSync(path.join(out, '2021-03', 'manifest.json'), '{');
    const broken = await run(['status', '--period', '2021-03', '--input', inbox, '--out', out, '--json']);
    expect((JSON.parse(broken.stdout) as { outputIssues: { message: string }[] }).outputIssues.map((i) => i.message)).toEqual([
      expect.stringContaining('Tệp manifest.json của kỳ 2021-03 bị hỏng, không đọc được'),
    ]);
  });
});

describe('status beside a publish under way', () => {
  it('neither finishes nor judges a folder another run is writing (journal present, lock held): it says it could not check', async () => {
    await compile();
    const period = path.join(out, '2021-03');
    writeFileSync(path.join(period, REPORT), 'new bytes on their way');
    writeFileSync(path.join(period, '.publish-journal.json'), '{}');
    const lock = await acquireLock(out, { waitSeconds: 0, owner: { command: 'baocao compile --period 2021-03' } });
    try {
      const r = await run(['status', '--period', '2021-03', '--input', inbox, '--out', out, '--json']);
      expect((JSON.parse(r.stdout) as { outputIssues: unknown[] }).outputIssues).toEqual([]);
      expect(r.stderr).toBe(`Một lần chạy khác đang ghi báo cáo vào ${out}: chưa kiểm tra được các tệp báo cáo của kỳ 2021-03.\n`);
      expect(readFileSync(path.join(period, '.publish-journal.json'), 'utf8')).toBe('{}');
    } finally {
      lock.release();
    }
    // Once the lock is free, status takes it: a journal it cannot read is removed, said, and the mismatch named.
    const after = await run(['status', '--period', '2021-03', '--input', inbox, '--out', out, '--json']);
    expect(after.stderr).toContain('Nhật ký ghi báo cáo trong 2021-03');
    expect(after.stderr).toContain(`Tệp ${REPORT} trong thư mục báo cáo kỳ 2021-03 không còn đúng như manifest.json ghi`);
    expect((JSON.parse(after.stdout) as { outputIssues: { code: string }[] }).outputIssues.map((i) => i.code)).toEqual(['output.manifest-mismatch']);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';

/** Issue 16: `baocao explain --period 2021 TC1 --unit 00016` shows a ward's points on a criterion, why, and the cells behind them. */

const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'baocao-explain-tc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await runCli(args, { io, cwd: root, now: () => new Date('2022-01-20T08:00:00Z') });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

interface CriterionJson {
  kind: string;
  code: string;
  unit: string | null;
  value: number | null;
  points: number;
  wards: { unit: string; value: number; why: string; rank: number }[];
  contributions: { indicator: string; piece: string; value: number | null; file: string; sheet: string; cell: string; used: boolean }[];
}

describe('explain a criterion of the wards\' assessment', () => {
  it('--unit 00016 --json: Ngọc Hà\'s 19,35 points on TC1, from December\'s KT03 = 13 and KT01 = 21 (the `last` values used)', async () => {
    const run = await cli(['explain', '--period', '2021', 'TC1', '--unit', '00016', '--input', FIXTURES, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const e = JSON.parse(run.stdout) as CriterionJson;
    expect([e.kind, e.code, e.unit, e.value, e.points]).toEqual(['criterion', 'TC1', '00016', 19.35, 25]);
    expect(e.wards).toEqual([expect.objectContaining({ unit: '00016', value: 19.35, rank: 12, why: 'KT03/KT01 = 13/21 = 61,9% (< 80%): 25 × 61,9% / 80% = 19,35 điểm' })]);
    expect(e.contributions.filter((c) => c.indicator === 'KT03')).toHaveLength(12);
    expect(e.contributions.filter((c) => c.used).map((c) => [c.indicator, c.piece, c.value, c.file])).toEqual([
      ['KT03', '2021-12', 13, '2021-12/PCMD-01_2021-12_00016.xlsx'],
      ['KT01', '2021-12', 21, '2021-12/PCMD-01_2021-12_00016.xlsx'],
    ]);
    for (const c of e.contributions) expect(c.cell).toMatch(/^E\d+$/);
  }, 120_000);

  it('without --unit: every ward\'s points in rank order; in text, the reason beside each; a month is refused', async () => {
    const run = await cli(['explain', '--period', '2021', 'tc8', '--input', FIXTURES]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('TC8. Chấp hành chế độ báo cáo: đủ 12 báo cáo tháng, gửi đúng hạn (tối đa 15 điểm)');
    expect(run.stdout).toContain('Phường Quán Thánh (00013): 12,5 điểm — 10/12 báo cáo tháng được chấp nhận, gửi đúng hạn (nộp muộn tháng 6, 7): 12,5 điểm');
    expect(run.stdout.split('\n').filter((l) => /^Phường .* \(\d{5}\): /.test(l))).toHaveLength(14);
    const month = await cli(['explain', '--period', '2021-03', 'TC1', '--input', path.join(FIXTURES, '2021-03')]);
    expect(month.code).toBe(2);
    expect(month.stderr).toContain('TC1 là tiêu chí đánh giá, xếp loại phường: chỉ chấm cho cả năm. Dùng --period 2021.');
  }, 120_000);
});

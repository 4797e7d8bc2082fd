import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { SummarySchema, type Summary } from '../domain/summary-schema.ts';

/**
 * Issue 15, "Done when": `explain --period 2021 CA01 --json` on the bundled year adds up to summary.json's total, each
 * contribution with its file and cell (checked against the workbook itself); `explain --period 2021 CT8` shows the
 * per-ward ratios behind the status.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'baocao-explain-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await runCli(args, { io, cwd: root, now: () => new Date('2022-01-20T08:00:00Z') });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

interface ExplainJson {
  period: string;
  code: string;
  unit: string | null;
  value: number | null;
  rule: string;
  status?: string;
  units: { unit: string; name: string; status: string; value: number | null; numerator?: number | null; denominator?: number | null; targetStatus?: string }[];
  contributions: { unit: string; indicator?: string; piece: string; value: number | null; file: string; sheet: string; cell: string; used: boolean }[];
}

let summary: Summary;
beforeAll(async () => {
  const run = await cli(['compile', '--period', '2021', '--input', FIXTURES, '--out', path.join(root, 'out'), '--format', 'xlsx', '--to', 'district']);
  expect(run.code).toBe(0);
  summary = SummarySchema.parse(JSON.parse(readFileSync(path.join(root, 'out', '2021', 'summary.json'), 'utf8')));
});

describe('baocao explain', () => {
  it('CA01 for 2021: twelve monthly values of the police, adding up to the total of summary.json, each at the cell it was read from', async () => {
    const run = await cli(['explain', '--period', '2021', 'CA01', '--input', FIXTURES, '--json']);
    expect(run.code).toBe(0);
    const e = JSON.parse(run.stdout) as ExplainJson;
    expect(e).toMatchObject({ period: '2021', code: 'CA01', unit: null, rule: 'sum', value: summary.indicators.CA01?.total });
    expect(e.contributions.map((c) => c.piece)).toEqual(Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`));
    expect(e.contributions.every((c) => c.unit === 'CA' && c.used && c.sheet === 'BaoCao' && /^E\d+$/.test(c.cell))).toBe(true);
    const sum = e.contributions.reduce((a, c) => a + (c.value ?? 0), 0);
    expect(sum).toBe(summary.indicators.CA01?.total);
    // Each contribution is what the workbook holds at that cell.
    for (const c of [e.contributions[0]!, e.contributions[6]!, e.contributions[11]!]) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path.join(FIXTURES, c.file));
      expect(wb.getWorksheet(c.sheet)?.getCell(c.cell).value, c.file).toBe(c.value);
      expect(wb.getWorksheet(c.sheet)?.getCell(`B${c.cell.slice(1)}`).value, c.file).toBe('CA01');
    }
  });

  it('CT4 (a sum target): the year to date of CA01, each month used, adding up to summary.json\'s yearToDate and status', async () => {
    const e = JSON.parse((await cli(['explain', '--period', '2021', 'CT4', '--input', FIXTURES, '--json'])).stdout) as ExplainJson & { span: string };
    expect(e).toMatchObject({ code: 'CT4', rule: 'sum', span: 'yearToDate', value: summary.targets.CT4?.yearToDate, status: summary.targets.CT4?.status });
    expect(e.contributions.filter((c) => c.used)).toHaveLength(12);
    expect(e.contributions.reduce((a, c) => a + (c.used ? (c.value ?? 0) : 0), 0)).toBe(summary.targets.CT4?.yearToDate);
  });

  it('a "last" indicator of one ward: the latest value given is the one used', async () => {
    const run = await cli(['explain', '--period', '2021', 'KT01', '--unit', '00007', '--input', FIXTURES, '--json']);
    expect(run.code).toBe(0);
    const e = JSON.parse(run.stdout) as ExplainJson;
    expect(e).toMatchObject({ unit: '00007', rule: 'last', value: summary.indicators.KT01?.byUnit['00007'] });
    const used = e.contributions.filter((c) => c.used);
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ piece: '2021-12', value: e.value, file: '2021-12/PCMD-01_2021-12_00007.xlsx' });
    expect(e.contributions.every((c) => c.unit === '00007')).toBe(true);
  });

  it('CT8 for 2021: each ward with KT03 ÷ KT01 and its status; the district ratio is Σ KT03 ÷ Σ KT01', async () => {
    const json = JSON.parse((await cli(['explain', '--period', '2021', 'CT8', '--input', FIXTURES, '--json'])).stdout) as ExplainJson;
    const ct8 = summary.targets.CT8!;
    expect(json).toMatchObject({ code: 'CT8', rule: 'ratio', value: ct8.period, status: ct8.status });
    expect(json.units).toHaveLength(14);
    let num = 0;
    let den = 0;
    for (const u of json.units) {
      expect({ ratio: u.value, status: u.targetStatus }, u.unit).toEqual(ct8.byUnit?.[u.unit]);
      const used = json.contributions.filter((c) => c.unit === u.unit && c.used);
      expect(used.find((c) => c.indicator === 'KT03')?.value).toBe(u.numerator);
      expect(used.find((c) => c.indicator === 'KT01')?.value).toBe(u.denominator);
      num += u.numerator ?? 0;
      den += u.denominator ?? 0;
    }
    expect(Math.round((num / den) * 1000) / 10).toBe(ct8.period);

    const text = await cli(['explain', '--period', '2021', 'CT8', '--input', FIXTURES]);
    expect(text.code).toBe(0);
    const first = json.units[0]!;
    expect(text.stdout).toContain(`Toàn quận: ${String(ct8.period).replace('.', ',')}% — đánh giá: ${ct8.status}`);
    expect(text.stdout).toMatch(new RegExp(`${first.name} \\(${first.unit}\\): ${first.numerator} ÷ ${first.denominator} = [\\d,]+% — ${first.targetStatus}`));
  });

  it('an unknown code or unit: exit 2 with a message', async () => {
    const march = path.join(FIXTURES, '2021-03');
    const bad = await cli(['explain', '--period', '2021-03', 'XX99', '--input', march]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Không có chỉ tiêu "XX99"');
    expect((await cli(['explain', '--period', '2021-03', 'TT01', '--unit', '99999', '--input', march])).code).toBe(2);
    const notOnForm = await cli(['explain', '--period', '2021-03', 'CA01', '--unit', '00007', '--input', march]);
    expect(notOnForm.code).toBe(2);
    expect(notOnForm.stderr).toContain('không có chỉ tiêu CA01');
  });
});

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { SummarySchema, type Summary } from '../domain/summary-schema.ts';

/**
 * Issue 16, `--period 2021-02..2021-04` through the commands (spec/closing.md, "Any range of months"): compile writes
 * OUT/2021-02..2021-04/ with file names using 2021-02_2021-04 and titles "từ tháng 2 đến tháng 4 năm 2021"; status and
 * validate take the range; forms refuses it with a message saying what to type instead.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const RANGE = '2021-02..2021-04';
const LABEL = 'từ tháng 2 đến tháng 4 năm 2021';
const root = mkdtempSync(path.join(tmpdir(), 'baocao-range-'));
const inbox = path.join(root, 'inbox');
const out = path.join(root, 'out');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await runCli(args, { io, cwd: root, now: () => new Date('2021-05-20T08:00:00Z') });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

beforeAll(() => {
  for (const m of ['2021-01', '2021-02', '2021-03', '2021-04', '2021-05']) cpSync(path.join(FIXTURES, m), path.join(inbox, m), { recursive: true });
});

describe('compile --period 2021-02..2021-04', () => {
  let summary: Summary;
  let run: { code: number; stdout: string; stderr: string };
  const dir = path.join(out, RANGE);
  beforeAll(async () => {
    run = await cli(['compile', '--period', RANGE, '--input', inbox, '--out', out]);
    summary = SummarySchema.parse(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')));
  }, 120_000);

  it('writes OUT/2021-02..2021-04/ with file names using 2021-02_2021-04, every unit accepted', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'BaoCao_PCMD_2021-02_2021-04_city.docx', 'BaoCao_PCMD_2021-02_2021-04_city.xlsx',
      'BaoCao_PCMD_2021-02_2021-04_district.docx', 'BaoCao_PCMD_2021-02_2021-04_district.xlsx',
      'manifest.json', 'summary.json',
    ]);
    expect(summary.period).toEqual({ id: RANGE, type: 'range', from: '2021-01-15', to: '2021-04-14', window: 'decree-09' });
    expect(summary.units.filter((u) => u.status !== 'accepted')).toEqual([]);
    expect(summary.units.find((u) => u.code === '00001')?.files).toEqual(['2021-02/PCMD-01_2021-02_00001.xlsx', '2021-03/PCMD-01_2021-03_00001.xlsx', '2021-04/PCMD-01_2021-04_00001.xlsx']);
    // January feeds the year to date, May is outside: one ignored workbook per unit.
    expect(summary.ignoredFiles).toBe(16);
    expect(summary.assessment).toBeUndefined();
  });

  it('the Word reports are titled with the range', () => {
    for (const to of ['city', 'district']) {
      const files = unzipSync(new Uint8Array(readFileSync(path.join(dir, `BaoCao_PCMD_2021-02_2021-04_${to}.docx`))));
      const text = strFromU8(files['word/document.xml']!).replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
      expect(text.split('\n').slice(0, 12).join(' ')).toContain(LABEL);
      expect(strFromU8(files['docProps/core.xml']!)).toContain(LABEL);
    }
  });

  it('the Excel reports say the range in every sheet\'s title and page header', async () => {
    for (const to of ['city', 'district']) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(new Uint8Array(readFileSync(path.join(dir, `BaoCao_PCMD_2021-02_2021-04_${to}.xlsx`))).buffer);
      for (const ws of wb.worksheets) {
        expect(ws.headerFooter.oddHeader, ws.name).toContain(`Kỳ báo cáo: ${LABEL}`);
        expect(String(ws.getCell('A2').value), ws.name).toContain(LABEL.toLocaleUpperCase('vi'));
      }
      // The months of the range as columns of `Tong hop phuong`, as for a quarter.
      expect(wb.getWorksheet('Tong hop phuong')?.getRow(6).values).toEqual(expect.arrayContaining(['Tháng 2', 'Tháng 3', 'Tháng 4']));
    }
  });
});

describe('the other commands and a range', () => {
  it('status takes it and lists the units for the range', async () => {
    const run = await cli(['status', '--period', RANGE, '--input', inbox]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Tình hình báo cáo ${LABEL} (số liệu từ 15/01/2021 đến 14/04/2021`);
    expect(run.stdout).toContain('16 đơn vị: 16 đã tiếp nhận');
  });

  it('validate --period takes it: forms of months inside the range are expected, a May form is flagged', async () => {
    const run = await cli(['validate', path.join(inbox, '2021-03'), path.join(inbox, '2021-05'), '--period', RANGE, '--json']);
    const json = JSON.parse(run.stdout) as { issues: { code: string; message: string }[] };
    // The 16 May forms (not March's 16) are out of the range: one summarised info says so.
    const other = json.issues.filter((i) => i.code === 'cross.other-period');
    expect(other.map((i) => i.message)).toEqual([expect.stringContaining('16 tệp không thuộc kỳ 2021-02..2021-04')]);
  });

  it('outreach takes it: the list of the range\'s police forms, named with 2021-02_2021-04', async () => {
    const run = await cli(['outreach', '--period', RANGE, '--input', inbox, '--out', out, '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { period: string; file: string; rows: number };
    expect(json.period).toBe(RANGE);
    expect(json.file).toBe(path.join(out, RANGE, 'DanhSachHoTro_2021-02_2021-04.xlsx'));
    expect(existsSync(json.file)).toBe(true);
    expect(json.rows).toBeGreaterThan(0);
  });

  it('forms refuses it (exit 2) and says to write the months one by one; a range across years is refused with the rule', async () => {
    const forms = await cli(['forms', '--period', RANGE, '--out', path.join(root, 'blank')]);
    expect(forms.code).toBe(2);
    expect(forms.stderr).toContain('baocao forms không nhận khoảng tháng "2021-02..2021-04"');
    expect(forms.stderr).toContain('--period 2021-02, --period 2021-03, --period 2021-04');
    expect(existsSync(path.join(root, 'blank'))).toBe(false);
    const across = await cli(['compile', '--period', '2021-11..2022-01', '--input', inbox, '--out', out]);
    expect(across.code).toBe(2);
    expect(across.stderr).toContain('trong cùng một năm');
  });
});

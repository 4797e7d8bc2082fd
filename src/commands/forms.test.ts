import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { resolveConfig } from '../load/load-config.ts';
import { indicatorsOf, loadForms } from '../load/load-forms.ts';
import { officeAvailable, runPython, sofficeConvert } from '../../test/support/office.ts';
import { OPENPYXL_FACTS, type FileFacts } from '../../test/support/openpyxl-facts.ts';
import { runForms } from './forms.ts';

const WARD_CODES = ['00001', '00004', '00006', '00007', '00008', '00010', '00013', '00016', '00019', '00022', '00025', '00028', '00031', '00034'];
const EXPECTED_FILES = [...WARD_CODES.map((c) => `PCMD-01_2021-03_${c}.xlsx`), 'PCMD-02_2021-03_CA.xlsx', 'PCMD-03_2021-03_D178.xlsx'].sort();

const root = mkdtempSync(path.join(tmpdir(), 'baocao-forms-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(root, `case-${++n}`);

async function cli(args: string[], cwd = root) {
  const io = memoryIo();
  const code = await runCli(args, { io, cwd, now: () => new Date('2021-04-20T08:00:00Z') });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('baocao forms', () => {
  it('writes the 16 workbooks of a period, one line each, and the same bytes on a second run', async () => {
    const out = freshDir();
    const run = await cli(['forms', '--period', '2021-03', '--out', out]);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(EXPECTED_FILES);
    expect(run.stdout.trim().split('\n')).toHaveLength(17);
    expect(run.stdout).toContain('Đã ghi');
    expect(run.stdout).toContain('biểu PCMD-01 của Phường Cống Vị');
    const before = readFileSync(path.join(out, 'PCMD-02_2021-03_CA.xlsx'));
    expect((await cli(['forms', '--period', '2021-03', '--out', out, '--quiet'])).stdout).toBe('');
    expect(readFileSync(path.join(out, 'PCMD-02_2021-03_CA.xlsx')).equals(before)).toBe(true);
  });

  it('prints only JSON on stdout with --json', async () => {
    const out = freshDir();
    const run = await cli(['forms', '--period', '2021-03', '--out', out, '--unit', '7,CA', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      schema: 'baocao.forms/1',
      period: '2021-03',
      files: [
        { file: path.join(out, 'PCMD-01_2021-03_00007.xlsx'), form: 'PCMD-01', unit: '00007' },
        { file: path.join(out, 'PCMD-02_2021-03_CA.xlsx'), form: 'PCMD-02', unit: 'CA' },
      ],
    });
    expect(run.stderr).toBe('');
  });

  it('takes --unit as a list of codes (what commander gives once the option is variadic)', async () => {
    const out = freshDir();
    const io = memoryIo();
    const config = resolveConfig({}, null, root);
    const ctx = { io, config, today: '2021-04-20', now: '2021-04-20T08:00:00.000Z', json: false, quiet: true, cwd: root };
    expect(await runForms({ period: '2021-03', out, unit: ['D178', '00034'] }, ctx)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['PCMD-01_2021-03_00034.xlsx', 'PCMD-03_2021-03_D178.xlsx']);
    expect(io.stdout + io.stderr).toBe('');
  });

  it('resolves relative periods and writes only the units valid in the period', async () => {
    const out = freshDir();
    const run = await cli(['forms', '--period', 'last-month', '--today', '2025-09-20', '--out', out]);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['PCMD-01_2025-09_00004.xlsx', 'PCMD-01_2025-09_00008.xlsx', 'PCMD-01_2025-09_00025.xlsx']);
  });

  it('exits 2 on an unknown period or unit, naming what is wrong, and writes nothing', async () => {
    const out = freshDir();
    const badPeriod = await cli(['forms', '--period', '2021-13', '--out', out]);
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toContain('Kỳ báo cáo "2021-13" không hợp lệ');
    const badUnit = await cli(['forms', '--period', '2021-03', '--out', out, '--unit', 'CA,99999']);
    expect(badUnit.code).toBe(2);
    expect(badUnit.stderr).toContain('không có đơn vị mã 99999');
    const goneUnit = await cli(['forms', '--period', '2025-09', '--out', out, '--unit', '00010']);
    expect(goneUnit.code).toBe(2);
    expect(goneUnit.stderr).toContain('đơn vị mã 00010 không có trong tháng 9 năm 2025');
    expect(() => readdirSync(out)).toThrow();
  });

  it('never overwrites a file with other content (a filled form) and writes nothing then', async () => {
    const out = freshDir();
    expect((await cli(['forms', '--period', '2021-03', '--out', out, '--unit', '00001,00004'])).code).toBe(0);
    const filled = path.join(out, 'PCMD-01_2021-03_00004.xlsx');
    writeFileSync(filled, 'a form the ward filled in');
    rmSync(path.join(out, 'PCMD-01_2021-03_00001.xlsx'));
    const run = await cli(['forms', '--period', '2021-03', '--out', out, '--unit', '00001,00004']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(filled);
    expect(readFileSync(filled, 'utf8')).toBe('a form the ward filled in');
    expect(readdirSync(out)).toEqual(['PCMD-01_2021-03_00004.xlsx']);
  });

  it('takes the unit registry named in the configuration, and refuses a broken one', async () => {
    const dir = freshDir();
    const registry = {
      version: 1, district: 'Thử', city: 'Hà Nội',
      units: [
        { code: '00100', name: 'Phường Một', kind: 'ward', validFrom: null, validTo: null },
        { code: 'CA', name: 'Công an quận Thử', kind: 'police', validFrom: null, validTo: null },
      ],
    };
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(path.join(dir, 'units.json'), JSON.stringify(registry));
    writeFileSync(path.join(dir, 'baocao.config.json'), JSON.stringify({ units: 'units.json', output: 'out' }));
    expect((await cli(['forms', '--period', '2021-03'], dir)).code).toBe(0);
    // Blank forms go to bieu-mau/ (key blankForms), never into the reports' folder (issue 14).
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(readdirSync(path.join(dir, 'bieu-mau')).sort()).toEqual(['PCMD-01_2021-03_00100.xlsx', 'PCMD-02_2021-03_CA.xlsx']);
    writeFileSync(path.join(dir, 'units.json'), JSON.stringify({ ...registry, units: [] }));
    const broken = await cli(['forms', '--period', '2021-03', '--out', 'other'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('không đúng mẫu');
    writeFileSync(path.join(dir, 'baocao.config.json'), JSON.stringify({ units: 'missing.json' }));
    const missing = await cli(['forms', '--period', '2021-03', '--out', 'other'], dir);
    expect([missing.code, missing.stderr.includes('không có tệp hoặc thư mục này. Sửa khóa "units"')]).toEqual([2, true]);
  });
});

describe('baocao forms: the office check', () => {
  const hasOpenpyxl = officeAvailable('forms: openpyxl reads the blank forms', { python: ['openpyxl'] });
  const hasOffice = officeAvailable('forms: LibreOffice prints PCMD-01 on A4', { commands: ['soffice', 'pdfinfo'] });
  const out = freshDir();
  let written = -1;
  beforeAll(async () => {
    if (hasOpenpyxl || hasOffice) written = (await cli(['forms', '--period', '2021-03', '--out', out])).code;
  });

  it.skipIf(!hasOpenpyxl)('openpyxl opens all 16 workbooks: header, codes, protection, unlocked inputs, validations, names', async () => {
    expect(written).toBe(0);
    const facts = JSON.parse(runPython(OPENPYXL_FACTS, [out])) as Record<string, FileFacts>;
    expect(Object.keys(facts).sort()).toEqual(EXPECTED_FILES);
    const forms = loadForms();
    for (const [file, f] of Object.entries(facts)) {
      const [formId, period, unit] = file.replace(/\.xlsx$/, '').split('_') as ['PCMD-01' | 'PCMD-02' | 'PCMD-03', string, string];
      const form = forms[formId];
      expect(f.sheets, file).toEqual(['HuongDan', 'BaoCao', ...form.lists.map((l) => l.sheet), 'DanhMuc']);
      expect(f.states.at(-1), file).toBe('veryHidden');
      expect(f.active, file).toBe('BaoCao');
      expect(f.header.slice(0, 4), file).toEqual([formId, f.header[1], unit, period]);
      expect(f.header.slice(4), file).toEqual([null, null]);
      expect(f.headerLocked, file).toEqual([true, true, true, true, false, false]);
      expect(f.codes, file).toEqual(indicatorsOf(form).map((i) => i.code));
      expect(f.protected, file).toEqual(Object.fromEntries(['BaoCao', ...form.lists.map((l) => l.sheet)].map((s) => [s, true])));
      expect(f.lockedInputs, file).toEqual([]);
      expect(f.stamp, file).toBe(`baocao:${formId}:${form.revision}`);
      expect(f.names.DM_Phuong, file).toBe('DanhMuc!$B$1:$B$14');
      const reportDv = f.validations.filter((v) => v.sheet === 'BaoCao');
      expect(reportDv.length, file).toBe(indicatorsOf(form).length);
      expect(new Set(reportDv.map((v) => v.type)), file).toEqual(new Set(['whole']));
      for (const list of form.lists) {
        expect(f.listHeaders[list.sheet], file).toEqual(list.columns.map((c) => c.header));
        expect(f.listColumnsUnlocked[list.sheet], file).toEqual(list.columns.map(() => true));
        const dv = f.validations.filter((v) => v.sheet === list.sheet);
        const lists = dv.filter((v) => v.type === 'list');
        expect(lists.length, file).toBe(list.columns.filter((c) => c.type === 'ward' || c.type === 'choice').length);
        for (const v of lists) expect(Object.keys(f.names), `${file} ${v.sqref}`).toContain(v.formula1);
        expect(dv.find((v) => v.type === 'date')?.formula1, file).toBe('36526');
      }
    }
    expect(facts['PCMD-01_2021-03_00007.xlsx']?.header[1]).toBe('Phường Cống Vị');
    expect(facts['PCMD-02_2021-03_CA.xlsx']?.names).toMatchObject({ DM_DanhSach_behaviour: 'DanhMuc!$D$1:$D$5' });
  });

  it.skipIf(!hasOffice)('LibreOffice converts PCMD-01 to an A4 PDF', async () => {
    expect(written).toBe(0);
    const pdf = sofficeConvert(path.join(out, 'PCMD-01_2021-03_00007.xlsx'), 'pdf', out);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:.*\(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(2);
  });
});

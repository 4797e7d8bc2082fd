import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SummarySchema, type Summary } from '../domain/summary-schema.ts';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { resolveConfig } from '../load/load-config.ts';
import { generateYear } from '../../tools/fixtures/generate-year.ts';
import { indicatorsOf, loadForms } from '../load/load-forms.ts';
import { fillForm, locateCodeRows } from '../../tools/fixtures/fill-form.ts';
import { editWorkbook } from '../../test/support/edit-workbook.ts';
import { renderBlankForm } from '../blank-forms/render-blank-form.ts';
import { ManifestSchema } from '../store/build-manifest.ts';
import { parsePeriodId, periodWindow } from '../domain/period.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { unitsValidOn } from '../domain/units.ts';
import { VERSION } from '../common/version.ts';

/**
 * `baocao compile` end to end, in-process, on copies of the bundled fixtures (January–March 2021). Each compile
 * takes a second or two, so the cases share inboxes and ask for one report (`--format xlsx --to district`) where
 * the case is not about the reports themselves.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const Q1 = ['2021-01', '2021-02', '2021-03'];
const WARDS = ['00001', '00004', '00006', '00007', '00008', '00010', '00013', '00016', '00019', '00022', '00025', '00028', '00031', '00034'];
const ONE_REPORT = ['--format', 'xlsx', '--to', 'district'];
const forms = loadForms();
const ward = forms['PCMD-01'];

const root = mkdtempSync(path.join(tmpdir(), 'baocao-compile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function compile(args: readonly string[]): Promise<Run> {
  const io = memoryIo();
  const code = await runCli(['compile', ...args], { io, cwd: root, now: () => new Date('2021-03-20T08:00:00Z') });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const readSummary = (dir: string): Summary => SummarySchema.parse(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')));

/** A copy of January–March of the fixtures, changed by `edit`. */
async function inbox(name: string, edit: (dir: string) => Promise<void> | void = () => {}): Promise<string> {
  const dir = path.join(root, name);
  for (const m of Q1) cpSync(path.join(FIXTURES, m), path.join(dir, m), { recursive: true });
  await edit(dir);
  return dir;
}


const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Each ward indicator's district total from byUnit, as forms.md says (yes/no: the wards answering 1). */
function totalsFromByUnit(s: Summary): Record<string, number | null> {
  return Object.fromEntries(
    indicatorsOf(ward).map((ind) => {
      const given = Object.values(s.indicators[ind.code]?.byUnit ?? {}).filter((v): v is number => v !== null);
      const total = given.length === 0 ? null : ind.type === 'yesno' ? given.filter((v) => v === 1).length : given.reduce((a, b) => a + b, 0);
      return [ind.code, total];
    }),
  );
}

describe('baocao compile', () => {
  let clean: { inbox: string; out: string; run: Run; summary: Summary };

  beforeAll(async () => {
    // A clean first quarter, plus a workbook for another year, which the compile must ignore and count.
    const dir = await inbox('clean', async (d) => {
      const other = path.join(d, '2022-03', 'PCMD-01_2022-03_00001.xlsx');
      mkdirSync(path.dirname(other), { recursive: true });
      cpSync(path.join(d, '2021-03', 'PCMD-01_2021-03_00001.xlsx'), other);
      await editWorkbook(other, { B4: '2022-03' });
    });
    const out = path.join(root, 'out-clean');
    const run = await compile(['--period', '2021-03', '--input', dir, '--out', out, '--json']);
    clean = { inbox: dir, out, run, summary: readSummary(path.join(out, '2021-03')) };
  });

  it('a clean month: exit 0, every unit accepted, the reports, summary.json and manifest.json listed and written', () => {
    expect(clean.run.code).toBe(0);
    const s = clean.summary;
    expect(s.period).toEqual({ id: '2021-03', type: 'month', from: '2021-02-15', to: '2021-03-14', window: 'decree-09' });
    expect(s.units.map((u) => [u.code, u.status, u.source])).toEqual([...WARDS, 'CA', 'D178'].map((c) => [c, 'accepted', 'period']));
    expect(s.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(s.outputs).toEqual([
      'BaoCao_PCMD_2021-03_district.docx', 'BaoCao_PCMD_2021-03_district.xlsx', 'BaoCao_PCMD_2021-03_city.docx', 'BaoCao_PCMD_2021-03_city.xlsx',
      'summary.json', 'manifest.json',
    ]);
    expect(readdirSync(path.join(clean.out, '2021-03')).sort()).toEqual([...s.outputs].sort());
  });

  it('the workbook for another year is ignored and counted, not used', () => {
    expect(clean.summary.ignoredFiles).toBe(1);
    expect(clean.summary.issues.filter((i) => i.file?.startsWith('2022-03/'))).toEqual([]);
  });

  it('manifest.json: every input used with its sha256, the tool version, the configuration hash, every output', () => {
    const dir = path.join(clean.out, '2021-03');
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
    const used = Q1.flatMap((m) => readdirSync(path.join(clean.inbox, m)).map((f) => `${m}/${f}`)).sort();
    expect(used).toHaveLength(48);
    expect(manifest.inputs.map((i) => i.file)).toEqual(used);
    for (const file of ['2021-03/PCMD-02_2021-03_CA.xlsx', '2021-01/PCMD-01_2021-01_00007.xlsx']) {
      expect(manifest.inputs.find((i) => i.file === file)?.sha256, file).toBe(sha256(path.join(clean.inbox, file)));
    }
    expect(manifest.tool).toEqual({ name: 'baocao', version: VERSION });
    expect(manifest.period).toBe('2021-03');
    expect(manifest.configHash).toBe(resolveConfig({}, null, root).hash);
    expect(manifest.outputs.map((o) => o.file)).toEqual(clean.summary.outputs.filter((f) => f !== 'manifest.json').sort());
    expect(manifest.outputs.find((o) => o.file === 'summary.json')?.sha256).toBe(sha256(path.join(dir, 'summary.json')));
  });

  it('--json prints exactly summary.json on stdout, and nothing else', () => {
    expect(clean.run.stdout).toBe(readFileSync(path.join(clean.out, '2021-03', 'summary.json'), 'utf8'));
    expect(clean.run.stderr).toBe('');
  });

  it('a rerun leaves every file as it was: same bytes, same modification time, no history', async () => {
    const dir = path.join(clean.out, '2021-03');
    const before = new Map(readdirSync(dir).map((f) => [f, { bytes: readFileSync(path.join(dir, f)), mtime: statSync(path.join(dir, f)).mtimeMs }]));
    const run = await compile(['--period', '2021-03', '--input', clean.inbox, '--out', clean.out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual([...before.keys()].sort());
    for (const [f, b] of before) {
      expect(readFileSync(path.join(dir, f)).equals(b.bytes), f).toBe(true);
      expect(statSync(path.join(dir, f)).mtimeMs, f).toBe(b.mtime);
    }
  });

  describe('a ward missing (00007 sent nothing for March)', () => {
    let missingInbox: string;
    beforeAll(async () => {
      missingInbox = await inbox('missing', (d) => rmSync(path.join(d, '2021-03', 'PCMD-01_2021-03_00007.xlsx')));
    });

    it('exit 1; status missing; unit.missing names it; absent from every byUnit; totals are the other wards\' sums (last-month on 20 March = 2021-03)', async () => {
      const out = path.join(root, 'out-missing');
      const run = await compile(['--period', 'last-month', '--today', '2021-03-20', '--input', missingInbox, '--out', out, ...ONE_REPORT]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/00007/);
      const s = readSummary(path.join(out, '2021-03'));
      expect(s.period.id).toBe('2021-03');
      expect(s.units.find((u) => u.code === '00007')).toMatchObject({ status: 'missing', source: null, files: [] });
      expect(s.units.filter((u) => u.status !== 'accepted').map((u) => u.code)).toEqual(['00007']);
      const issue = s.issues.find((i) => i.code === 'unit.missing');
      expect(issue).toMatchObject({ severity: 'error', unit: '00007' });
      expect(issue?.message).toContain('Phường Cống Vị');
      for (const [code, ind] of Object.entries(s.indicators)) expect(Object.keys(ind.byUnit), code).not.toContain('00007');
      const totals = Object.fromEntries(indicatorsOf(ward).map((i) => [i.code, s.indicators[i.code]?.total ?? null]));
      expect(totals).toEqual(totalsFromByUnit(s));
      // …and the clean totals less what 00007 reported.
      for (const ind of indicatorsOf(ward)) {
        const c = clean.summary.indicators[ind.code];
        const own = c?.byUnit['00007'] ?? null;
        const expected = ind.type === 'yesno' ? (c?.total ?? 0) - (own === 1 ? 1 : 0) : (c?.total ?? 0) - (own ?? 0);
        expect(totals[ind.code], ind.code).toBe(expected);
      }
      expect(readdirSync(path.join(out, '2021-03')).sort()).toEqual(['BaoCao_PCMD_2021-03_district.xlsx', 'manifest.json', 'summary.json']);
    });

    it('--require-complete: exit 1 and no report written', async () => {
      const out = path.join(root, 'out-require');
      const run = await compile(['--period', '2021-03', '--input', missingInbox, '--out', out, '--require-complete', ...ONE_REPORT]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/--require-complete/);
      expect(existsSync(path.join(out, '2021-03'))).toBe(false);
    });

    it('last-month on 10 March is February (its Decree 09 window closed on 14 February… and March\'s has not): exit 0', async () => {
      const run = await compile(['--period', 'last-month', '--today', '2021-03-10', '--input', missingInbox, '--out', path.join(root, 'out-feb'), '--json', ...ONE_REPORT]);
      expect(run.code).toBe(0);
      const s = SummarySchema.parse(JSON.parse(run.stdout));
      expect(s.period.id).toBe('2021-02');
      expect(s.units.every((u) => u.status === 'accepted')).toBe(true);
    });
  });

  it('a ward rejected (KT03 > KT01): exit 1, status rejected, rule.KT03-le-KT01 at its cell, absent from every total', async () => {
    let cells: Record<string, string> = {};
    const kt01 = clean.summary.indicators.KT01?.byUnit['00004'] ?? 0;
    const dir = await inbox('rejected', async (d) => {
      cells = await editWorkbook(path.join(d, '2021-03', 'PCMD-01_2021-03_00004.xlsx'), { KT03: kt01 + 5 });
    });
    const out = path.join(root, 'out-rejected');
    const run = await compile(['--period', '2021-03', '--input', dir, '--out', out, ...ONE_REPORT]);
    expect(run.code).toBe(1);
    const s = readSummary(path.join(out, '2021-03'));
    expect(s.units.find((u) => u.code === '00004')).toMatchObject({ status: 'rejected', files: ['2021-03/PCMD-01_2021-03_00004.xlsx'] });
    const issue = s.issues.find((i) => i.code === 'rule.KT03-le-KT01');
    expect(issue).toMatchObject({ severity: 'error', unit: '00004', file: '2021-03/PCMD-01_2021-03_00004.xlsx', sheet: 'BaoCao', cell: cells.KT03 });
    expect(issue?.message).toContain(`KT03 = ${kt01 + 5}`);
    for (const [code, ind] of Object.entries(s.indicators)) expect(Object.keys(ind.byUnit), code).not.toContain('00004');
    for (const ind of indicatorsOf(ward)) {
      const c = clean.summary.indicators[ind.code];
      const own = c?.byUnit['00004'] ?? null;
      const expected = ind.type === 'yesno' ? (c?.total ?? 0) - (own === 1 ? 1 : 0) : (c?.total ?? 0) - (own ?? 0);
      expect(s.indicators[ind.code]?.total, ind.code).toBe(expected);
    }
  });

  it('a quarterly form beside the monthly ones: it wins (source period), and the one difference is a warning at its cell', async () => {
    const quarterly = await quarterlyForm('00001', { code: 'TT02', delta: 7 });
    const dir = await inbox('quarter', (d) => {
      mkdirSync(path.join(d, '2021-Q1'));
      writeFileSync(path.join(d, '2021-Q1', 'PCMD-01_2021-Q1_00001.xlsx'), quarterly.bytes);
    });
    const out = path.join(root, 'out-quarter');
    const run = await compile(['--period', '2021-Q1', '--input', dir, '--out', out, ...ONE_REPORT]);
    const s = readSummary(path.join(out, '2021-Q1'));
    expect(run.code).toBe(0);
    expect(s.units.find((u) => u.code === '00001')).toMatchObject({ status: 'accepted', source: 'period', files: ['2021-Q1/PCMD-01_2021-Q1_00001.xlsx'] });
    expect(s.units.filter((u) => u.code !== '00001').every((u) => u.source === 'monthly')).toBe(true);
    for (const ind of indicatorsOf(ward)) expect(s.indicators[ind.code]?.byUnit['00001'], ind.code).toBe(quarterly.values[ind.code]);
    const warnings = s.issues.filter((i) => i.code === 'rollup.period-vs-monthly');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', unit: '00001', file: '2021-Q1/PCMD-01_2021-Q1_00001.xlsx', sheet: 'BaoCao', cell: quarterly.cells.TT02 });
    expect(warnings[0]?.message).toContain('TT02');
  });

  it("last year's broken form is used for no number and reported by no issue of this year's compile", async () => {
    const dir = await inbox('last-year', async (d) => {
      const old = path.join(d, '2020-03', 'PCMD-01_2020-03_00004.xlsx');
      mkdirSync(path.dirname(old), { recursive: true });
      cpSync(path.join(d, '2021-03', 'PCMD-01_2021-03_00004.xlsx'), old);
      await editWorkbook(old, { B4: '2020-03', KT03: 999 });
    });
    const out = path.join(root, 'out-last-year');
    const run = await compile(['--period', '2021-03', '--input', dir, '--out', out, ...ONE_REPORT]);
    expect(run.code).toBe(0);
    const s = readSummary(path.join(out, '2021-03'));
    expect(s.issues.filter((i) => i.file?.startsWith('2020-'))).toEqual([]);
    const status = memoryIo();
    expect(await runCli(['status', '--period', '2021-03', '--input', dir], { io: status, cwd: root })).toBe(0);
  });

  it('a bad period: exit 2, a Vietnamese message, nothing written', async () => {
    const out = path.join(root, 'out-bad');
    const run = await compile(['--period', '2021-13', '--input', clean.inbox, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Kỳ báo cáo "2021-13" không hợp lệ');
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

// --- internal ---

/**
 * A ward's form for the whole first quarter: the roll-up of its monthly fixtures (sum, or the latest value for
 * `last` indicators), with one value changed by `delta`. Returns the bytes, the values and the value cells.
 */
async function quarterlyForm(unitCode: string, change: { code: string; delta: number }) {
  const units = loadDefaultUnits();
  const months = generateYear({ year: 2021, seed: 2021, forms, units, window: 'decree-09' }).filter((f) => f.unitCode === unitCode && f.period <= '2021-03');
  const values: Record<string, number | null> = {};
  for (const ind of indicatorsOf(ward)) {
    const given = months.map((m) => m.values[ind.code] ?? null).filter((v): v is number => v !== null);
    values[ind.code] = given.length === 0 ? null : ind.overTime === 'sum' ? given.reduce((a, b) => a + b, 0) : (given.at(-1) ?? null);
  }
  values[change.code] = (values[change.code] ?? 0) + change.delta;
  const period = parsePeriodId('2021-Q1');
  const unit = units.units.find((u) => u.code === unitCode);
  if (!period || !unit) throw new Error('fixture setup');
  const window = periodWindow(period, 'decree-09');
  const wards = unitsValidOn(units, '2021-03-31').filter((u) => u.kind === 'ward');
  const blank = await renderBlankForm({ form: ward, unit, period, wards, createdOn: window.to, window });
  const bytes = await fillForm(blank, { formId: 'PCMD-01', unitCode, unitName: unit.name, period: '2021-Q1', signedOn: '2021-03-16', preparer: 'Nguyễn Văn Lập', values }, ward);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  const rows = locateCodeRows(wb.getWorksheet('BaoCao') ?? wb.addWorksheet('none'));
  const cells = Object.fromEntries([...rows].map(([code, row]) => [code, `E${row}`]));
  return { bytes, values, cells };
}

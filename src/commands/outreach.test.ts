import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { generateYear, personalStrings } from '../../tools/fixtures/generate-year.ts';
import { loadForms } from '../load/load-forms.ts';
import { OUTREACH_MARKER, OUTREACH_NOTICE } from '../outreach/outreach-list.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { PROCESSING_LOG_NAME } from '../store/processing-log.ts';
import { OUTREACH_QUESTION } from './outreach.ts';

/**
 * `baocao outreach` end to end on the bundled fixtures (read in place: inputs are only ever read), the truth
 * being the generator's own year: the list must hold exactly the 2021-03 (and 2021-Q1) police rows for `Bán dâm`.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const year = generateYear({ year: 2021, seed: 2021, forms: loadForms(), units: loadDefaultUnits(), window: 'decree-09' });
const policeRows = (periods: readonly string[]) =>
  year.filter((f) => f.formId === 'PCMD-02' && periods.includes(f.period)).flatMap((f) => f.lists?.DanhSach ?? []);
const NOW = '2021-03-20T03:00:00.000Z';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'baocao-outreach-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function outreach(args: readonly string[], o: { out: string; input?: string; isInTTY?: boolean; answers?: string[] }) {
  const io = memoryIo({ isInTTY: o.isInTTY ?? false, ...(o.answers ? { answers: o.answers } : {}) });
  const code = await runCli(['outreach', '--input', o.input ?? FIXTURES, '--out', o.out, '--today', '2021-03-20', ...args], {
    io,
    cwd: tmp,
    now: () => new Date(NOW),
  });
  return { code, io };
}

/** The people rows of the list (a number in STT), as { name, birthYear, sex, residence, date }. */
async function listRows(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(readFileSync(file)).buffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  const rows: { name: unknown; birthYear: unknown; sex: unknown; residence: unknown; date: unknown }[] = [];
  const allText: string[] = [];
  ws.eachRow((row) => {
    row.eachCell((c) => allText.push(String(c.value)));
    if (typeof row.getCell(1).value !== 'number') return;
    const date = row.getCell(6).value;
    rows.push({
      name: row.getCell(2).value,
      birthYear: row.getCell(3).value,
      sex: row.getCell(4).value,
      residence: row.getCell(5).value,
      date: date instanceof Date ? date.toISOString().slice(0, 10) : date,
    });
  });
  return { ws, rows, allText: allText.join('\n'), keywords: wb.keywords };
}

const expected = (periods: readonly string[]) =>
  policeRows(periods)
    .filter((r) => r.behaviour === 'Bán dâm')
    .map((r) => ({ name: r.fullName, birthYear: r.birthYear, sex: r.sex, residence: r.residence, date: r.date }));

describe('baocao outreach --period 2021-03 --yes --json', () => {
  let out: string;
  let run: Awaited<ReturnType<typeof outreach>>;
  let file: string;
  beforeAll(async () => {
    out = path.join(tmp, 'month');
    run = await outreach(['--period', '2021-03', '--yes', '--json'], { out });
    file = path.join(out, '2021-03', 'DanhSachHoTro_2021-03.xlsx');
  });

  it('writes the list owner-only (0600), and nothing else but the processing log', () => {
    expect(run.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.join(out, '2021-03'))).toEqual(['DanhSachHoTro_2021-03.xlsx']);
    expect(readdirSync(out).sort()).toEqual(['2021-03', PROCESSING_LOG_NAME]);
  });

  it('holds exactly the people fined for Bán dâm in 2021-03, and no buyer, keeper or broker', async () => {
    const want = expected(['2021-03']);
    expect(want.length).toBeGreaterThan(0);
    const { rows, allText } = await listRows(file);
    const byName = (a: { name: unknown }, b: { name: unknown }) => String(a.name).localeCompare(String(b.name));
    expect([...rows].sort(byName)).toEqual([...want].sort(byName));
    const others = policeRows(['2021-03']).filter((r) => r.behaviour !== 'Bán dâm');
    expect(others.length).toBeGreaterThan(0);
    for (const r of others) {
      expect(allText).not.toContain(String(r.fullName));
      expect(allText).not.toContain(String(r.residence));
    }
    // Only what support work needs: no decision number, no fine.
    for (const r of policeRows(['2021-03'])) expect(allText).not.toContain(String(r.decision));
  });

  it('starts with the notice row merged across the columns, then groups people under their ward with its support', async () => {
    const { ws, keywords } = await listRows(file);
    expect(keywords).toBe(OUTREACH_MARKER);
    expect(ws.getCell('A1').value).toBe(OUTREACH_NOTICE);
    expect(OUTREACH_NOTICE).toContain('91/2025/QH15');
    expect(OUTREACH_NOTICE).toContain('356/2025/NĐ-CP');
    expect(ws.getCell('F1').isMerged).toBe(true);
    expect(ws.getCell('F1').master.address).toBe('A1');
    expect(ws.pageSetup.paperSize).toBe(9);
    const texts: string[] = [];
    ws.eachRow((row) => texts.push(String(row.getCell(1).value)));
    const headings = texts.filter((t) => /^Phường .+ — \d+ người$/.test(t));
    expect(headings.length).toBe(new Set(policeRows(['2021-03']).filter((r) => r.behaviour === 'Bán dâm').map((r) => r.ward)).size);
    expect(texts.filter((t) => t.startsWith('Hỗ trợ phường đã báo cáo trong kỳ: tiếp cận, tư vấn ')).length).toBe(headings.length);
  });

  it('prints counts only on stdout (--json), no names', () => {
    const json: unknown = JSON.parse(run.io.stdout);
    const want = expected(['2021-03']);
    expect(json).toEqual({ schema: 'baocao.outreach/1', period: '2021-03', file, rows: want.length, wards: new Set(policeRows(['2021-03']).filter((r) => r.behaviour === 'Bán dâm').map((r) => r.ward)).size, police: 'accepted' });
    const strings = personalStrings(year);
    for (const s of [...strings.names, ...strings.addresses]) expect(run.io.stdout + run.io.stderr).not.toContain(s);
  });

  it('appends one processing-log line (0600) with time, OS user, period, row count, file; no names', () => {
    const log = path.join(out, PROCESSING_LOG_NAME);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: NOW,
      user: os.userInfo().username,
      command: 'outreach',
      period: '2021-03',
      rows: expected(['2021-03']).length,
      file: '2021-03/DanhSachHoTro_2021-03.xlsx',
    });
  });

  it('a second run replaces the list in place (0600 again, no history copy) and appends a second log line', async () => {
    chmodSync(file, 0o644);
    const again = await outreach(['--period', '2021-03', '--yes', '--quiet'], { out });
    expect(again.code).toBe(0);
    expect(again.io.stderr).toBe('');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.join(out, '2021-03'))).toEqual(['DanhSachHoTro_2021-03.xlsx']);
    expect(readFileSync(path.join(out, PROCESSING_LOG_NAME), 'utf8').trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('baocao outreach, other cases', () => {
  it('a quarter lists the Bán dâm rows of the three monthly police forms', async () => {
    const out = path.join(tmp, 'quarter');
    const run = await outreach(['--period', '2021-Q1', '--yes'], { out });
    expect(run.code).toBe(0);
    const { rows } = await listRows(path.join(out, '2021-Q1', 'DanhSachHoTro_2021-Q1.xlsx'));
    const names = (xs: readonly { name: unknown }[]) => xs.map((x) => String(x.name)).sort();
    expect(names(rows)).toEqual(names(expected(['2021-01', '2021-02', '2021-03'])));
    expect(run.io.stderr).toContain(`${rows.length} người`);
  });

  it('without a terminal, refuses without --yes (exit 2) and reads and writes nothing', async () => {
    const out = path.join(tmp, 'no-yes');
    const run = await outreach(['--period', '2021-03'], { out });
    expect(run.code).toBe(2);
    expect(run.io.stderr).toContain('--yes');
    expect(existsSync(out)).toBe(false);
  });

  it("on a terminal, asks first; 'k' writes nothing (exit 2)", async () => {
    const out = path.join(tmp, 'answer-k');
    const run = await outreach(['--period', '2021-03'], { out, isInTTY: true, answers: ['k'] });
    expect(run.code).toBe(2);
    expect(run.io.stderr).toContain(OUTREACH_QUESTION);
    expect(run.io.stderr).toContain('Đã hủy');
    expect(existsSync(out)).toBe(false);
  });

  it("on a terminal, 'có' goes ahead", async () => {
    const out = path.join(tmp, 'answer-co');
    const run = await outreach(['--period', '2021-03'], { out, isInTTY: true, answers: ['Có'] });
    expect(run.code).toBe(0);
    expect(existsSync(path.join(out, '2021-03', 'DanhSachHoTro_2021-03.xlsx'))).toBe(true);
  });

  it('without the police form of the period, writes nothing, says so and exits 1', async () => {
    const input = path.join(tmp, 'inbox-no-police');
    cpSync(path.join(FIXTURES, '2021-03'), input, { recursive: true, filter: (src) => !path.basename(src).startsWith('PCMD-02') });
    const out = path.join(tmp, 'no-police');
    const run = await outreach(['--period', '2021-03', '--yes', '--json'], { out, input });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.io.stdout)).toMatchObject({ file: null, rows: 0, police: 'missing' });
    expect(run.io.stderr).toContain('Không ghi danh sách hỗ trợ: chưa có báo cáo tháng 3 năm 2021 của Công an quận');
    expect(existsSync(path.join(out, '2021-03'))).toBe(false);
    expect(existsSync(path.join(out, PROCESSING_LOG_NAME))).toBe(false);
  });
});

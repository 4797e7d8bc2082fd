import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SummarySchema, type Summary } from '../domain/summary-schema.ts';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { indicatorsOf, loadForms } from '../load/load-forms.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { FORM_OF_KIND, type Unit } from '../domain/units.ts';
import { lastDayOf, monthsOf, parsePeriodId, periodWindow } from '../domain/period.ts';
import { makeFormBook } from '../../test/support/book.ts';
import { writeBookXlsx } from '../../test/support/book-xlsx.ts';
import { loadWorkbook } from '../../test/support/test-workbook.ts';
import { officeAvailable, runPython, sofficeConvert } from '../../test/support/office.ts';

/**
 * Issue 13, "a year silently halved": `compile --period 2025` across the 1 July 2025 reorganisation, end to end on
 * real workbooks. The inbox holds what the registry (templates/units/ba-dinh.json) asks for: the 13 old wards, the
 * police and team 178 for January–June, the 3 new wards (two of them reusing old codes) for July–December. Every
 * figure is computed here from the forms written, independently of the aggregation code.
 */

const forms = loadForms();
const registry = loadDefaultUnits();
const root = mkdtempSync(path.join(tmpdir(), 'baocao-reorg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const YEAR = parsePeriodId('2025')!;
const MONTHS = monthsOf(YEAR);
const validOn = (u: Unit, day: string) => (u.validFrom === null || u.validFrom <= day) && (u.validTo === null || u.validTo >= day);
/** The registry's units that must report a month: valid on its last day. */
const unitsOfMonth = (month: number): Unit[] => registry.units.filter((u) => validOn(u, lastDayOf(MONTHS[month - 1]!)));

/** A form's value of an indicator: varies by unit, month and indicator; flows and states alike; yes/no 1 (DG02: 0 for the old Kim Mã). */
function valueOf(u: Unit, month: number, code: string, index: number, type: string): number {
  if (type === 'yesno') return code === 'DG02' && u.code === '00028' ? 0 : 1;
  const n = registry.units.indexOf(u);
  const base = 1 + ((n + month + index) % 4);
  return type === 'money' ? base * 100_000 : base;
}

function formValues(u: Unit, month: number): Record<string, number> {
  const form = forms[FORM_OF_KIND[u.kind]];
  const values: Record<string, number> = {};
  indicatorsOf(form).forEach((ind, i) => (values[ind.code] = valueOf(u, month, ind.code, i, ind.type)));
  // Rules that hold between indicators: KT04 (sanctioned) ≤ KT03 (inspected so far) ≤ KT01 (establishments), HT06 ≤ HT05;
  // XL02/XL03 match the police list, which is empty.
  if (u.kind === 'ward') {
    values.KT03 = (values.KT04 ?? 0) + month;
    values.KT01 = values.KT03 + 10;
    values.HT05 = (values.HT06 ?? 0) + 1;
    values.XL02 = 0;
    values.XL03 = 0;
    // TD01 (a stock) = TD01 of the month before + TD02 − TD03 + TD04: constant, and different for every unit.
    Object.assign(values, { TD01: 5 + registry.units.indexOf(u), TD02: 0, TD03: 0, TD04: 0 });
  }
  // The police list is left empty: nobody sanctioned, so the counts a list must back are 0.
  if (u.kind === 'police') for (const code of ['CA07', 'CA08']) values[code] = 0;
  if (u.kind === 'team178') for (const code of ['DK01', 'DK02', 'DK03', 'DK04']) values[code] = 0;
  return values;
}

const fileOf = (u: Unit, month: number) => `2025-${String(month).padStart(2, '0')}/${FORM_OF_KIND[u.kind]}_2025-${String(month).padStart(2, '0')}_${u.code}.xlsx`;

async function writeInbox(dir: string): Promise<void> {
  for (let month = 1; month <= 12; month++) {
    const period = MONTHS[month - 1]!;
    mkdirSync(path.join(dir, period.id), { recursive: true });
    for (const u of unitsOfMonth(month)) {
      const book = makeFormBook({
        formId: FORM_OF_KIND[u.kind],
        unitCode: u.code,
        unitName: u.name,
        period: period.id,
        signedOn: periodWindow(period, 'decree-09').to,
        preparer: 'Người lập biểu',
        values: formValues(u, month),
        texts: u.kind === 'ward' ? { assessment: `Tình hình tháng ${month} ổn định.` } : {},
      });
      writeFileSync(path.join(dir, fileOf(u, month)), await writeBookXlsx(book));
    }
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function compile(args: readonly string[]): Promise<Run> {
  const io = memoryIo({ isErrTTY: true });
  const code = await runCli(['compile', '--plan', plan2025, ...args], { io, cwd: root, now: () => new Date('2026-01-20T08:00:00Z') });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const readSummary = (dir: string): Summary => SummarySchema.parse(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')));

const inbox = path.join(root, 'inbox');
let year: Summary;
let yearOut: string;
let run: Run;

/** The 2021 plan's targets, for 2025 (the plan names its year; another year's plan is not judged). */
const plan2025 = path.join(root, 'plan-2025.json');

beforeAll(async () => {
  const plan = JSON.parse(readFileSync(new URL('../../templates/plans/plan-2021.json', import.meta.url), 'utf8')) as { year: number };
  writeFileSync(plan2025, JSON.stringify({ ...plan, year: 2025 }));
  await writeInbox(inbox);
  yearOut = path.join(root, 'out');
  run = await compile(['--period', '2025', '--input', inbox, '--out', yearOut, '--format', 'docx,xlsx', '--to', 'district']);
  year = readSummary(path.join(yearOut, '2025'));
}, 120_000);

const OLD_TRUC_BACH = '00004:2025-01-01..2025-06-30';
const NEW_BA_DINH = '00004:2025-07-01..2025-12-31';

describe('compile --period 2025 across the 1 July 2025 reorganisation', () => {
  it('runs clean: every unit of the year accepted, each for the months of its own span', () => {
    expect(year.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(run.code).toBe(0);
    // 13 old wards + 3 new wards, then the police and team 178 (January–June).
    expect(year.units.map((u) => u.key)).toEqual([
      '00001', OLD_TRUC_BACH, '00006', '00007', '00008:2025-01-01..2025-06-30', '00013', '00016', '00019', '00022', '00025:2025-01-01..2025-06-30', '00028', '00031', '00034',
      NEW_BA_DINH, '00008:2025-07-01..2025-12-31', '00025:2025-07-01..2025-12-31', 'CA', 'D178',
    ]);
    expect(year.units.every((u) => u.status === 'accepted')).toBe(true);
    const oldWards = registry.units.filter((u) => u.kind === 'ward' && u.validTo === '2025-06-30');
    expect(oldWards).toHaveLength(13);
    for (const u of oldWards) {
      const line = year.units.find((x) => x.code === u.code && x.validTo === '2025-06-30');
      expect(line).toMatchObject({ name: u.name, status: 'accepted', source: 'monthly', validFrom: null, validTo: '2025-06-30', onTime: true });
      expect(line?.files).toEqual([1, 2, 3, 4, 5, 6].map((m) => fileOf(u, m)));
    }
    expect(year.units.find((u) => u.key === NEW_BA_DINH)).toMatchObject({ name: 'Phường Ba Đình', validFrom: '2025-07-01', validTo: null, files: [7, 8, 9, 10, 11, 12].map((m) => fileOf(registry.units.find((x) => x.name === 'Phường Ba Đình')!, m)) });
    // Nguyễn Trung Trực ended on 31/12/2024: not a unit of 2025 at all.
    expect(year.units.some((u) => u.code === '00010')).toBe(false);
  });

  it('adds all twelve months of every unit to a flow total (sum over time)', () => {
    const ward = forms['PCMD-01'];
    for (const ind of indicatorsOf(ward)) {
      if (ind.overTime !== 'sum') continue;
      let expected = 0;
      for (let m = 1; m <= 12; m++) for (const u of unitsOfMonth(m).filter((x) => x.kind === 'ward')) expected += formValues(u, m)[ind.code] ?? 0;
      expect([ind.code, year.indicators[ind.code]?.total]).toEqual([ind.code, expected]);
    }
    // The police's January–June are the year's police figures.
    const ca01 = indicatorsOf(forms['PCMD-02']).findIndex((i) => i.code === 'CA01');
    const police = registry.units.find((u) => u.code === 'CA')!;
    expect(year.indicators.CA01?.total).toBe([1, 2, 3, 4, 5, 6].reduce((a, m) => a + valueOf(police, m, 'CA01', ca01, 'count'), 0));
    // Each ward instance under its key: Trúc Bạch's half and Ba Đình's half of code 00004, never one merged value.
    const tt01 = indicatorsOf(ward).findIndex((i) => i.code === 'TT01');
    const trucBach = registry.units.find((u) => u.name === 'Phường Trúc Bạch')!;
    const baDinh = registry.units.find((u) => u.name === 'Phường Ba Đình')!;
    expect(year.indicators.TT01?.byUnit[OLD_TRUC_BACH]).toBe([1, 2, 3, 4, 5, 6].reduce((a, m) => a + valueOf(trucBach, m, 'TT01', tt01, 'count'), 0));
    expect(year.indicators.TT01?.byUnit[NEW_BA_DINH]).toBe([7, 8, 9, 10, 11, 12].reduce((a, m) => a + valueOf(baDinh, m, 'TT01', tt01, 'count'), 0));
    expect(year.indicators.TT01?.byUnit).not.toHaveProperty('00004');
    expect(year.indicators.TT01?.byUnit['00001']).toBeTypeOf('number');
  });

  it('counts a state (value at the end) only for the units valid at the end; an ended ward keeps its own June value', () => {
    const newWards = registry.units.filter((u) => u.kind === 'ward' && u.validFrom === '2025-07-01');
    const december = (u: Unit) => formValues(u, 12);
    expect(year.indicators.KT01?.total).toBe(newWards.reduce((a, u) => a + (december(u).KT01 ?? 0), 0));
    expect(year.indicators.TD01?.total).toBe(newWards.reduce((a, u) => a + (december(u).TD01 ?? 0), 0));
    const trucBach = registry.units.find((u) => u.name === 'Phường Trúc Bạch')!;
    expect(year.indicators.KT01?.byUnit[OLD_TRUC_BACH]).toBe(formValues(trucBach, 6).KT01);
    // Yes/no: the wards answering 1 at the year's end, the three new ones (the old Kim Mã's 0 is not among them either way).
    expect(year.indicators.DG01?.total).toBe(3);
    expect(year.targets.CT6?.period).toBe(3);
    // CT8 (KT03 ÷ KT01, both states): the district's ratio from the new wards; an old ward is still judged on its own.
    const sum = (code: 'KT01' | 'KT03') => newWards.reduce((a, u) => a + (december(u)[code] ?? 0), 0);
    expect(year.targets.CT8?.period).toBe(Math.round((sum('KT03') / sum('KT01')) * 1000) / 10);
    expect(year.targets.CT8?.byUnit?.[OLD_TRUC_BACH]?.ratio).toBeTypeOf('number');
  });

  it('says so: information lines instead of warnings, the terminal names the units of part of the year', () => {
    const info = year.issues.filter((i) => i.code === 'unit.ended-in-period' || i.code === 'unit.partial-period');
    expect(info.map((i) => i.severity)).toEqual(info.map(() => 'info'));
    expect(info.filter((i) => i.code === 'unit.ended-in-period').map((i) => i.unit)).toContain(OLD_TRUC_BACH);
    expect(info.find((i) => i.unit === OLD_TRUC_BACH)?.message).toContain('được cộng vào tổng');
    expect(run.stderr).toContain('(đến 30/06/2025)');
    expect(run.stderr).toContain('(từ 01/07/2025)');
  });

  it('assesses an old ward on its own six months, marked with its span', () => {
    const trucBach = year.assessment?.wards.find((w) => w.unit === OLD_TRUC_BACH);
    expect(trucBach).toMatchObject({ name: 'Phường Trúc Bạch', validFrom: '2025-01-01', validTo: '2025-06-30' });
    expect(Object.values(trucBach?.why ?? {}).join(' ')).toMatch(/\/6 /u);
    expect(year.assessment?.wards).toHaveLength(16);
  });

  it('labels the ward columns with their span in Excel and Word, and the Word report says what the reorganisation did', async () => {
    const dir = path.join(yearOut, '2025');
    const wb = await loadWorkbook(readFileSync(path.join(dir, 'BaoCao_PCMD_2025_district.xlsx')));
    const ws = wb.getWorksheet('Tong hop phuong')!;
    const header: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && header.push(c.value))));
    expect(header).toContain('Trúc Bạch (đến 30/06/2025)');
    expect(header).toContain('Ba Đình (từ 01/07/2025)');
    expect(header).toContain('Phúc Xá (đến 30/06/2025)');
    const docx = unzipSync(readFileSync(path.join(dir, 'BaoCao_PCMD_2025_district.docx')));
    const text = strFromU8(docx['word/document.xml']!).replace(/<[^>]+>/g, '');
    expect(text).toContain('Trúc Bạch (đến 30/06/2025)');
    // CT8's wards behind: each span said once for its group, not after each of the 16 names.
    const ct8 = /Chỉ tiêu CT8 [^.]*?: toàn quận đạt [\d,]+%; chưa đạt ở (\d+) phường: (.*?)\./u.exec(text);
    expect(ct8?.[1]).toBe('16');
    expect(ct8?.[2]).toMatch(/^13 phường hoạt động đến 30\/06\/2025 là Phúc Xá \([\d,]+%\), Trúc Bạch \([\d,]+%\), .*; 3 phường hoạt động từ 01\/07\/2025 là Ba Đình \([\d,]+%\), Ngọc Hà \([\d,]+%\), Giảng Võ \([\d,]+%\)$/u);
    expect(ct8?.[2]).not.toContain('(đến');
    expect(text).toContain('Từ ngày 01/07/2025, các phường trên địa bàn được sắp xếp lại (3 phường mới: Ba Đình, Ngọc Hà, Giảng Võ).');
    expect(text).toContain('Số liệu 6 tháng đầu năm 2025 của 13 phường cũ, Công an quận Ba Đình và Đội kiểm tra liên ngành 178 quận Ba Đình (hoạt động đến ngày 30/06/2025) được cộng vào tổng số của quận.');
    expect(text).toContain('chỉ cộng các phường còn hoạt động đến cuối kỳ');
  });

  it.skipIf(!officeAvailable('năm 2025 qua sắp xếp lại: LibreOffice tính lại Toàn quận', { python: ['openpyxl'], commands: ['soffice'] }))(
    'Excel\'s "Toàn quận" formulas, recalculated by LibreOffice, give the summary\'s totals (a state adds only the wards at the end)',
    () => {
      const recalc = sofficeConvert(path.join(yearOut, '2025', 'BaoCao_PCMD_2025_district.xlsx'), 'xlsx', path.join(root, 'recalc'), { recalc: true });
      const script = String.raw`
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True)['Tong hop phuong']
col = next(c.column for row in ws.iter_rows(min_row=1, max_row=12) for c in row if c.value == 'Toàn quận')
print(json.dumps({ws.cell(r, 1).value: ws.cell(r, col).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}))
`;
      const totals = JSON.parse(runPython(script, [recalc])) as Record<string, number | string | null>;
      const codes = indicatorsOf(forms['PCMD-01']).map((i) => i.code);
      expect(codes.map((c) => [c, totals[c] === '' ? null : totals[c]])).toEqual(codes.map((c) => [c, year.indicators[c]?.total ?? null]));
    },
    120_000,
  );

  it('reports an old ward missing March as missing for March only', async () => {
    const gap = path.join(root, 'gap');
    cpSync(inbox, gap, { recursive: true });
    const doiCan = registry.units.find((u) => u.code === '00022')!;
    unlinkSync(path.join(gap, fileOf(doiCan, 3)));
    const r = await compile(['--period', '2025', '--input', gap, '--out', path.join(root, 'out-gap'), '--format', 'xlsx', '--to', 'district']);
    expect(r.code).toBe(1);
    const s = readSummary(path.join(root, 'out-gap', '2025'));
    expect(s.units.filter((u) => u.status !== 'accepted').map((u) => [u.key, u.status])).toEqual([['00022', 'missing']]);
    const missing = s.issues.filter((i) => i.code === 'unit.missing');
    expect(missing.map((i) => i.unit)).toEqual(['00022']);
    expect(missing[0]?.message).toContain('(còn thiếu: tháng 3 năm 2025)');
    expect(missing[0]?.message).not.toMatch(/tháng (7|8|9|10|11|12) /u);
  });

  it('keys the issues of a reused code by the unit whose form raised them: an error in Trúc Bạch\'s April is not Ba Đình\'s', async () => {
    const bad = path.join(root, 'bad-april');
    cpSync(inbox, bad, { recursive: true });
    const trucBach = registry.units.find((u) => u.name === 'Phường Trúc Bạch')!;
    const values = formValues(trucBach, 4);
    const april = MONTHS[3]!;
    const book = makeFormBook({
      formId: 'PCMD-01', unitCode: '00004', unitName: trucBach.name, period: april.id, signedOn: periodWindow(april, 'decree-09').to, preparer: 'Người lập biểu',
      values: { ...values, KT04: (values.KT03 ?? 0) + 5 },
    });
    writeFileSync(path.join(bad, fileOf(trucBach, 4)), await writeBookXlsx(book));
    const r = await compile(['--period', '2025', '--input', bad, '--out', path.join(root, 'out-bad'), '--format', 'xlsx', '--to', 'district']);
    expect(r.code).toBe(1);
    const s = readSummary(path.join(root, 'out-bad', '2025'));
    expect(s.units.filter((u) => u.status !== 'accepted').map((u) => [u.key, u.status])).toEqual([[OLD_TRUC_BACH, 'rejected']]);
    const errors = s.issues.filter((i) => i.severity === 'error' && i.code === 'rule.KT04-le-KT03');
    expect(errors.map((i) => [i.unit, i.file])).toEqual([[OLD_TRUC_BACH, fileOf(trucBach, 4)]]);
    expect(s.units.find((u) => u.key === NEW_BA_DINH)?.status).toBe('accepted');
  });

  it('explains a figure of one ward instance by its key, from its own six forms', async () => {
    const io = memoryIo();
    const code = await runCli(['explain', '--period', '2025', 'TT01', '--unit', OLD_TRUC_BACH, '--input', inbox, '--plan', plan2025, '--json'], { io, cwd: root, now: () => new Date('2026-01-20T08:00:00Z') });
    expect(code).toBe(0);
    const e = JSON.parse(io.stdout) as { value: number; units: { unit: string }[]; contributions: { piece: string; file: string }[] };
    expect(e.value).toBe(year.indicators.TT01?.byUnit[OLD_TRUC_BACH]);
    expect(e.units.map((u) => u.unit)).toEqual([OLD_TRUC_BACH]);
    expect(e.contributions.map((c) => c.piece)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
  });

  it('keeps the year to date of a later quarter whole: 2025-Q3 targets count the old units\' first half', async () => {
    const r = await compile(['--period', '2025-Q3', '--input', inbox, '--out', path.join(root, 'out-q3'), '--format', 'xlsx', '--to', 'district']);
    expect(r.code).toBe(0);
    const s = readSummary(path.join(root, 'out-q3', '2025-Q3'));
    // Q3 itself: the three new wards only, keyed by plain code (no code names two units of the quarter).
    expect(s.units.map((u) => u.key)).toEqual(['00004', '00008', '00025']);
    // CT4 sums CA01 (police): January–June were the police's, July–September there is no police unit.
    const ca01 = indicatorsOf(forms['PCMD-02']).findIndex((i) => i.code === 'CA01');
    const police = registry.units.find((u) => u.code === 'CA')!;
    const ct = Object.entries(s.targets).find(([id]) => id === 'CT4');
    expect(ct?.[1].yearToDate).toBe([1, 2, 3, 4, 5, 6].reduce((a, m) => a + valueOf(police, m, 'CA01', ca01, 'count'), 0));
  });
});

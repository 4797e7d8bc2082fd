import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultPlan } from '../../src/load/load-plan.ts';
import { SummarySchema, type Summary } from '../../src/domain/summary-schema.ts';
import { resolveConfig } from '../../src/load/load-config.ts';
import { loadForms } from '../../src/load/load-forms.ts';
import { editWorkbook } from '../support/edit-workbook.ts';
import { parsePeriodId, parseRangeId } from '../../src/domain/period.ts';
import { loadCriteria } from '../../src/load/load-criteria.ts';
import { indicatorsOf } from '../../src/load/load-forms.ts';
import { officeAvailable, runPython } from '../support/office.ts';
import { loadDefaultUnits } from '../../src/load/load-units.ts';
import { analyseParsed } from '../../src/inbox/analyse-inbox.ts';
import { readInputs } from '../../src/inbox/read-inputs.ts';
import { scanInputs } from '../../src/inbox/scan-inputs.ts';

/**
 * Issue 4, "Done when": an independent computation (test/independent/aggregate.py: openpyxl, the indicator tables
 * transcribed from spec/forms.md, the targets from spec/plan-2021.md, no code or data file of ours) gives the same
 * totals and per-unit values as summary.json for every month, quarter, half and the year of the bundled fixtures.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../test/independent/aggregate.py', import.meta.url));
const PERIODS = [
  ...Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`),
  '2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4', '2021-H1', '2021-H2', '2021',
  // A range of months (issue 16, spec/closing.md): rolled up like a quarter.
  '2021-02..2021-04',
];
const RANGE = '2021-02..2021-04';

interface PyTarget {
  period?: number | null;
  yearToDate?: number | null;
  percent?: number | null;
  ratio?: number | null;
  status: string;
  byUnit?: Record<string, { ratio: number | null; status: string }>;
}
interface PyPeriod {
  indicators: Record<string, { total: number | null; byUnit: Record<string, number | null> }>;
  targets: Record<string, PyTarget>;
}
interface PyAssessment {
  wards: { unit: string; score: number; rank: number; class: string; byCriterion: Record<string, number> }[];
}
interface PyResult {
  files: number;
  units: string[];
  assessment: PyAssessment | null;
  periods: Record<string, PyPeriod>;
}

const ok = existsSync(FIXTURES) && officeAvailable('tính độc lập bằng openpyxl (issue 4)', { python: ['openpyxl'] });

describe.skipIf(!ok)('summary.json against an independent computation (openpyxl, from the spec alone)', () => {
  let python: PyResult;
  const ours = new Map<string, Summary>();

  beforeAll(async () => {
    python = independent(FIXTURES);
    for (const [id, summary] of await pipeline(FIXTURES, PERIODS)) ours.set(id, summary);
  });

  it('reads the same 192 workbooks of 16 units, and every unit is accepted in every period', () => {
    expect(python.files).toBe(192);
    expect(python.units).toHaveLength(16);
    for (const id of PERIODS) {
      const s = ours.get(id);
      expect(s?.units.filter((u) => u.status !== 'accepted').map((u) => u.code), id).toEqual([]);
      expect(s?.units.map((u) => u.code).sort(), id).toEqual(python.units);
    }
  });

  it.each(PERIODS)('%s: every indicator total and every byUnit value equal the independent figures', (id) => {
    const s = ours.get(id);
    const py = python.periods[id];
    if (!s || !py) throw new Error(`no result for ${id}`);
    expect(Object.keys(s.indicators).sort()).toEqual(Object.keys(py.indicators).sort());
    for (const [code, expected] of Object.entries(py.indicators)) {
      expect(s.indicators[code]?.byUnit, `${id} ${code} byUnit`).toEqual(expected.byUnit);
      expect(s.indicators[code]?.total, `${id} ${code} total`).toBe(expected.total);
    }
  });

  it.each(PERIODS)('%s: CT1, CT4, CT5 (value, year to date, percent, status) and CT8 (ratios, statuses) follow plan-2021.md', (id) => {
    const s = ours.get(id);
    const py = python.periods[id];
    if (!s || !py) throw new Error(`no result for ${id}`);
    for (const t of ['CT1', 'CT4', 'CT5']) {
      const { period, yearToDate, percent, status } = s.targets[t] ?? {};
      expect({ period, yearToDate, percent, status }, `${id} ${t}`).toEqual(py.targets[t]);
    }
    const ct8 = s.targets.CT8;
    const pyCt8 = py.targets.CT8;
    expect(ct8?.yearToDate, `${id} CT8 ratio`).toBe(pyCt8?.ratio);
    expect(ct8?.byUnit, `${id} CT8 byUnit`).toEqual(pyCt8?.byUnit);
    expect(ct8?.status, `${id} CT8 status`).toBe(pyCt8?.status);
  });

  it('every summary parses with the exported SummarySchema', () => {
    for (const id of PERIODS) expect(SummarySchema.safeParse(ours.get(id)).success, id).toBe(true);
  });

  it('pins the year figures the issue names: CT4 = 447, DK01 = 45, CA09 = 0, CT8 = 84.3 %', () => {
    const year = ours.get('2021');
    const py = python.periods['2021'];
    expect([year?.targets.CT4?.yearToDate, year?.indicators.DK01?.total, year?.indicators.CA09?.total, year?.targets.CT8?.yearToDate]).toEqual([447, 45, 0, 84.3]);
    expect([py?.targets.CT4?.yearToDate, py?.indicators.DK01?.total, py?.indicators.CA09?.total, py?.targets.CT8?.ratio]).toEqual([447, 45, 0, 84.3]);
    expect(Object.fromEntries(['CT1', 'CT4', 'CT5', 'CT8'].map((t) => [t, year?.targets[t]?.status]))).toEqual({
      CT1: 'Đạt', CT4: 'Đạt', CT5: 'Đạt', CT8: 'Không đạt',
    });
  });

  it(`issue 16: ${RANGE} sums February + March + April and takes April's value for \`last\` indicators, in ours and in the oracle`, () => {
    const range = ours.get(RANGE);
    const py = python.periods[RANGE];
    expect(range?.period).toEqual({ id: RANGE, type: 'range', from: '2021-01-15', to: '2021-04-14', window: 'decree-09' });
    const forms = loadForms();
    const months = ['2021-02', '2021-03', '2021-04'].map((m) => ours.get(m));
    let checked = 0;
    for (const form of Object.values(forms)) {
      for (const ind of indicatorsOf(form)) {
        for (const [unit, value] of Object.entries(range?.indicators[ind.code]?.byUnit ?? {})) {
          const each = months.map((m) => m?.indicators[ind.code]?.byUnit[unit] ?? null);
          const expected = ind.overTime === 'sum' ? each.reduce<number>((x, y) => x + (y ?? 0), 0) : each[2];
          expect(value, `${ind.code} ${unit}`).toBe(expected);
          expect(py?.indicators[ind.code]?.byUnit[unit], `oracle ${ind.code} ${unit}`).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBe(14 * 30 + 9 + 5);
    expect(range?.indicators.TT01?.total).toBe(80);
    expect(range?.indicators.KT01?.total).toBe(ours.get('2021-04')?.indicators.KT01?.total);
    // Targets show the year to date at the end of the range: the same as April's.
    expect(range?.targets.CT4?.yearToDate).toBe(ours.get('2021-04')?.targets.CT4?.yearToDate);
    expect(range?.targets.CT4?.period).toBe(months.reduce((x, m) => x + (m?.targets.CT4?.period ?? 0), 0));
  });

  it('issue 16: the assessment of the year agrees with the oracle for every ward and criterion (spec/assessment.md)', () => {
    const ourWards = ours.get('2021')?.assessment?.wards ?? [];
    expect(ourWards).toHaveLength(14);
    expect(python.assessment?.wards).toHaveLength(14);
    const strip = (w: { unit: string; score: number; rank: number; class: string; byCriterion: Record<string, number> }) => ({ unit: w.unit, score: w.score, rank: w.rank, class: w.class, byCriterion: w.byCriterion });
    const byUnit = (list: typeof ourWards | PyAssessment['wards']) => Object.fromEntries(list.map((w) => [w.unit, strip(w)]));
    expect(byUnit(ourWards)).toEqual(byUnit(python.assessment?.wards ?? []));
    expect(new Set(ourWards.map((w) => w.rank)).size).toBeLessThan(14); // the bundled year has ties
  });
});

/**
 * The fixtures never leave a `last` indicator empty in a period's latest month, nor empty all along: the rule
 * "`last` takes the value of the latest period that reported one" is checked here on a copy of the first quarter where
 * 00007 left KT01 (last), DG01 (yes/no, last) and TT01 (sum) empty in March, and 00004 left KP01 empty in every month.
 */
describe.skipIf(!ok)('the roll-up of empty cells, against the same independent computation', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'baocao-indep-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const Q1 = ['2021-01', '2021-02', '2021-03', '2021-Q1'];
  let python: PyResult;
  const ours = new Map<string, Summary>();

  beforeAll(async () => {
    for (const m of ['2021-01', '2021-02', '2021-03']) cpSync(path.join(FIXTURES, m), path.join(dir, m), { recursive: true });
    await blank(path.join(dir, '2021-03/PCMD-01_2021-03_00007.xlsx'), ['KT01', 'DG01', 'TT01']);
    for (const m of ['2021-01', '2021-02', '2021-03']) await blank(path.join(dir, `${m}/PCMD-01_${m}_00004.xlsx`), ['KP01']);
    python = independent(dir);
    for (const [id, summary] of await pipeline(dir, Q1)) ours.set(id, summary);
  });

  it.each(Q1)('%s: the same totals and byUnit values', (id) => {
    const s = ours.get(id);
    const py = python.periods[id];
    if (!s || !py) throw new Error(`no result for ${id}`);
    expect(s.units.filter((u) => u.status !== 'accepted')).toEqual([]);
    for (const [code, expected] of Object.entries(py.indicators)) {
      expect(s.indicators[code], `${id} ${code}`).toEqual(expected);
    }
  });

  it('the quarter takes February\'s KT01 and DG01 for 00007, sums TT01 over January and February, and leaves 00004\'s KP01 empty', () => {
    const q1 = python.periods['2021-Q1']?.indicators;
    const feb = python.periods['2021-02']?.indicators;
    const jan = python.periods['2021-01']?.indicators;
    expect(q1?.KT01?.byUnit['00007']).toBe(feb?.KT01?.byUnit['00007']);
    expect(q1?.DG01?.byUnit['00007']).toBe(feb?.DG01?.byUnit['00007']);
    expect(q1?.TT01?.byUnit['00007']).toBe((jan?.TT01?.byUnit['00007'] ?? NaN) + (feb?.TT01?.byUnit['00007'] ?? NaN));
    expect(q1?.KP01?.byUnit['00004']).toBeNull();
    expect(ours.get('2021-Q1')?.indicators.KP01?.byUnit['00004']).toBeNull();
    expect(ours.get('2021-03')?.indicators.KT01?.byUnit['00007']).toBeNull();
  });
});

// --- internal ---

function independent(folder: string): PyResult {
  return JSON.parse(runPython(readFileSync(SCRIPT, 'utf8'), [folder, '2021'])) as PyResult;
}

/** Our summaries of `periods`, from one reading of the folder. */
async function pipeline(folder: string, periods: readonly string[]): Promise<Map<string, Summary>> {
  const config = resolveConfig({}, null, process.cwd());
  const forms = loadForms();
  const units = loadDefaultUnits();
  const plan = loadDefaultPlan();
  const parsed = await readInputs(scanInputs([folder], process.cwd()), { forms, units, maxUnpackedMb: config.maxUnpackedMb, maxListRows: config.maxListRows });
  const out = new Map<string, Summary>();
  for (const id of periods) {
    const period = parsePeriodId(id) ?? parseRangeId(id);
    if (!period) throw new Error(id);
    out.set(id, analyseParsed(parsed, { period, config, forms, units, plan, criteria: loadCriteria(null, forms) }).model.summary);
  }
  return out;
}

/** Empties the value cells (column E) of some indicators, as a clerk deleting them would. */
const blank = (file: string, codes: readonly string[]): Promise<unknown> => editWorkbook(file, Object.fromEntries(codes.map((c) => [c, null])));

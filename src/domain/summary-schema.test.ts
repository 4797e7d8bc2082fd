import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SummarySchema, TARGET_STATUSES } from './summary-schema.ts';

/**
 * Issue 4: the exported SummarySchema against spec/outputs.md, field by field. The example below is the one in
 * outputs.md, copied with its "…" replaced by plausible values; the schema must accept it and have exactly its keys
 * at every level, plus only the additions the spec documents (listed in DOCUMENTED_ADDITIONS with where they are written).
 */

const OUTPUTS_MD_EXAMPLE = {
  schema: 'baocao.summary/1',
  period: { id: '2021-Q1', type: 'quarter', from: '2020-12-15', to: '2021-03-14', window: 'decree-09' },
  units: [
    { code: '00007', name: 'Phường Cống Vị', form: 'PCMD-01', status: 'accepted',
      source: 'monthly', files: ['2021-01/PCMD-01_2021-01_00007.xlsx', '2021-02/PCMD-01_2021-02_00007.xlsx', '2021-03/PCMD-01_2021-03_00007.xlsx'],
      signedOn: '2021-03-16', onTime: true },
  ],
  indicators: {
    TT01: { total: 37, byUnit: { '00007': 3, '00001': null } },
  },
  targets: {
    CT4: { target: { min: 400 }, period: 120, yearToDate: 250, percent: 62.5, status: 'Đúng tiến độ' },
  },
  issues: [
    { severity: 'error', code: 'rule.KT03-le-KT01', unit: '00007', file: '2021-03/PCMD-01_2021-03_00007.xlsx', sheet: 'BaoCao',
      cell: 'E14', message: 'KT03 (số cơ sở đã được kiểm tra) lớn hơn KT01 (số cơ sở trên địa bàn): sửa lại một trong hai số.' },
  ],
  outputs: ['BaoCao_PCMD_2021-Q1_district.docx', 'BaoCao_PCMD_2021-Q1_district.xlsx', 'summary.json', 'manifest.json'],
};

/** Keys the schema has beyond the example, each documented: where. */
const DOCUMENTED_ADDITIONS: Record<string, string> = {
  ignoredFiles: 'forms.md "Across forms": a workbook for a period the compile does not use is counted in one line (outputs.md: later versions add keys)',
  'targets.*.target.max': 'outputs.md: `target` is { "min": n }, { "max": n }, { "min": a, "max": b } or { "ratio": 0.8 }',
  'targets.*.target.ratio': 'outputs.md: `target` is … or { "ratio": 0.8 }',
  'targets.*.byUnit': 'outputs.md: for a ratio target (CT8) … `byUnit` gives each ward\'s { "ratio": …, "status": … }',
  'targets.*.byUnit.*.ratio': 'outputs.md, idem',
  'targets.*.byUnit.*.status': 'outputs.md, idem',
  ...Object.fromEntries(
    ['assessment', 'assessment.criteria', 'assessment.criteria[].id', 'assessment.criteria[].label', 'assessment.criteria[].points', 'assessment.wards',
      ...['unit', 'name', 'score', 'rank', 'class', 'byCriterion'].map((k) => `assessment.wards[].${k}`)].map((k) => [k, 'assessment.md "Where it shows": annual compiles only']),
  ),
  'units[].key': 'forms.md "Reporting units": key a unit\'s data on code and period together (issue 13: the 2025 reorganisation reuses codes)',
  'units[].validFrom': 'forms.md "Reporting units": each unit carries the dates it is valid from and to (issue 13)',
  'units[].validTo': 'forms.md, idem',
  'assessment.wards[].validFrom': 'issue 13: a ward of part of the year is assessed on its own span, and marked',
  'assessment.wards[].validTo': 'issue 13, idem',
  'assessment.wards[].why': 'assessment.md: each criterion\'s points "and why" (issue 16), e.g. "thiếu số liệu: …"',
  corrections: 'closing.md: a correction\'s summary.json has a `corrections` array { indicator, unit, old, new, file, cell }',
  'corrections[].indicator': 'closing.md, idem',
  'corrections[].unit': 'closing.md, idem',
  'corrections[].old': 'closing.md, idem',
  'corrections[].new': 'closing.md, idem',
  'corrections[].file': 'closing.md, idem',
  'corrections[].cell': 'closing.md, idem',
  targetCorrections: 'closing.md: the errata lists "every target whose status changed"; the same list for programs (issue 15)',
  'targetCorrections[].target': 'closing.md, idem',
  'targetCorrections[].unit': 'closing.md, idem',
  'targetCorrections[].old': 'closing.md, idem',
  'targetCorrections[].new': 'closing.md, idem',
  'targetCorrections[].oldStatus': 'closing.md, idem',
  'targetCorrections[].newStatus': 'closing.md, idem',
};

describe('SummarySchema against spec/outputs.md', () => {
  it('accepts the example of outputs.md', () => {
    const parsed = SummarySchema.safeParse({ ...OUTPUTS_MD_EXAMPLE, ignoredFiles: 0 });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('has the keys of the example at every level (top, period, units[], indicators.*, targets.*, issues[]), plus only documented additions', () => {
    const inSchema = keyPaths(z.toJSONSchema(SummarySchema) as JsonSchema);
    const inExample = examplePaths(OUTPUTS_MD_EXAMPLE);
    expect([...inExample].filter((p) => !inSchema.has(p))).toEqual([]);
    expect([...inSchema].filter((p) => !inExample.has(p)).sort()).toEqual(Object.keys(DOCUMENTED_ADDITIONS).sort());
  });

  it('requires every key of the example (a consumer may rely on each), except the issue location fields', () => {
    const parsed = SummarySchema.parse({ ...OUTPUTS_MD_EXAMPLE, ignoredFiles: 0 });
    const optional = new Set(['issues[].unit', 'issues[].file', 'issues[].sheet', 'issues[].cell']); // "where one applies"
    for (const p of examplePaths(OUTPUTS_MD_EXAMPLE)) {
      if (optional.has(p)) continue;
      const without = structuredClone(parsed);
      deleteAt(without, p.split('.'));
      expect(SummarySchema.safeParse(without).success, `without ${p}`).toBe(false);
    }
  });

  it('takes the documented words: unit statuses, sources, severities, target statuses, target shapes, and a ratio target with byUnit', () => {
    const base = SummarySchema.parse({ ...OUTPUTS_MD_EXAMPLE, ignoredFiles: 0 });
    const unit = base.units[0]!;
    for (const status of ['accepted', 'rejected', 'missing'] as const) expect(SummarySchema.safeParse({ ...base, units: [{ ...unit, status }] }).success).toBe(true);
    expect(SummarySchema.safeParse({ ...base, units: [{ ...unit, status: 'late' }] }).success).toBe(false);
    for (const source of ['period', 'monthly']) expect(SummarySchema.safeParse({ ...base, units: [{ ...unit, source }] }).success).toBe(true);
    expect(SummarySchema.safeParse({ ...base, units: [{ ...unit, source: 'quarterly' }] }).success).toBe(false);
    // error and warning (outputs.md), and info (issue 12: facts about the run, never in the exit code).
    for (const severity of ['error', 'warning', 'info']) expect(SummarySchema.safeParse({ ...base, issues: [{ ...base.issues[0], severity }] }).success).toBe(true);
    expect(SummarySchema.safeParse({ ...base, issues: [{ ...base.issues[0], severity: 'notice' }] }).success).toBe(false);
    // plan-2021.md: Đạt, Đúng tiến độ, Chậm tiến độ, Không đạt, Thiếu số liệu.
    expect([...TARGET_STATUSES].sort()).toEqual(['Đạt', 'Đúng tiến độ', 'Chậm tiến độ', 'Không đạt', 'Thiếu số liệu'].sort());
    const ct4 = base.targets.CT4!;
    for (const target of [{ min: 6 }, { max: 0 }, { min: 30, max: 50 }, { ratio: 0.8 }]) {
      expect(SummarySchema.safeParse({ ...base, targets: { X: { ...ct4, target } } }).success, JSON.stringify(target)).toBe(true);
    }
    const ct8 = { target: { ratio: 0.8 }, period: 84.3, yearToDate: 84.3, percent: 105.4, status: 'Không đạt', byUnit: { '00016': { ratio: 61.9, status: 'Không đạt' }, '00007': { ratio: 84.1, status: 'Đạt' } } };
    expect(SummarySchema.safeParse({ ...base, targets: { CT8: ct8 } }).success).toBe(true);
    expect(SummarySchema.safeParse({ ...base, targets: { CT8: { ...ct8, byUnit: { '00016': { ratio: 61.9, status: 'bad' } } } } }).success).toBe(false);
    // The schema is strict: a key we did not mean to publish fails.
    expect(SummarySchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(SummarySchema.safeParse({ ...base, units: [{ ...unit, extra: 1 }] }).success).toBe(false);
  });
});

// --- internal ---

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** Every key path the JSON Schema allows: record keys as `*`, array items as `[]`; the branches of a union merged. */
function keyPaths(s: JsonSchema, prefix = '', out = new Set<string>()): Set<string> {
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  for (const [key, sub] of Object.entries(s.properties ?? {})) {
    out.add(at(key));
    keyPaths(sub, at(key), out);
  }
  if (typeof s.additionalProperties === 'object') keyPaths(s.additionalProperties, at('*'), out);
  if (s.items) keyPaths(s.items, `${prefix}[]`, out);
  for (const branch of s.anyOf ?? []) keyPaths(branch, prefix, out);
  return out;
}

/** The same paths for a value; the maps keyed by code (indicators, targets, byUnit) count as records. */
function examplePaths(v: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) {
    for (const item of v) examplePaths(item, `${prefix}[]`, out);
  } else if (typeof v === 'object' && v !== null) {
    const isRecord = /(^|\.)(indicators|targets|byUnit)$/.test(prefix);
    for (const [key, sub] of Object.entries(v)) {
      const p = prefix ? `${prefix}.${isRecord ? '*' : key}` : key;
      if (!isRecord) out.add(p);
      examplePaths(sub, p, out);
    }
  }
  return out;
}

function deleteAt(obj: unknown, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || typeof obj !== 'object' || obj === null) return;
  const m = /^(.*)\[\]$/.exec(head);
  const container = obj as Record<string, unknown>;
  if (m) {
    const arr = container[m[1]!];
    if (Array.isArray(arr)) for (const item of arr) deleteAt(item, rest);
    return;
  }
  const keys = head === '*' ? Object.keys(container) : [head];
  for (const key of keys) {
    if (rest.length === 0) delete container[key];
    else deleteAt(container[key], rest);
  }
}

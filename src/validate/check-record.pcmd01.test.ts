import { describe, expect, it } from 'vitest';
import { loadForms } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { makeRecord } from '../../test/support/records.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { checkRecord } from './check-record.ts';
import { indexHistory, type RuleContext } from './rule-context.ts';

// PCMD-01 rows (blank-form layout): KT01 E15, KT03 E17, KT04 E18, TD01 E21, TD02 E22, TD03 E23, TD04 E24, HT05 E35, HT06 E36.
const ctx = (history: readonly FormRecord[] = []): RuleContext => ({
  forms: loadForms(),
  units: loadDefaultUnits(),
  window: 'decree-09',
  history: indexHistory(history),
});
const ward = (period: string, values: Record<string, number | null>) => makeRecord({ unitCode: '00007', period, values });
const brief = (issues: readonly Issue[]) => issues.map((i) => [i.code, i.severity, i.unit, i.sheet, i.cell]);

describe('checkRecord: PCMD-01 compare rules', () => {
  it('KT03 ≤ KT01: an error at KT03, with both values in the message', () => {
    const issues = checkRecord(ward('2021-03', { KT01: 10, KT03: 12 }), ctx());
    expect(brief(issues)).toEqual([['rule.KT03-le-KT01', 'error', '00007', 'BaoCao', 'E17']]);
    expect(issues[0]?.file).toBe('2021-03/PCMD-01_2021-03_00007.xlsx');
    expect(issues[0]?.message).toContain('KT03 = 12');
    expect(issues[0]?.message).toContain('KT01 = 10');
  });

  it('KT04 ≤ KT03: an error at KT04', () => {
    expect(brief(checkRecord(ward('2021-03', { KT01: 20, KT03: 5, KT04: 6 }), ctx()))).toEqual([
      ['rule.KT04-le-KT03', 'error', '00007', 'BaoCao', 'E18'],
    ]);
  });

  it('HT06 ≤ HT05: an error at HT06', () => {
    expect(brief(checkRecord(ward('2021-03', { HT05: 2, HT06: 3 }), ctx()))).toEqual([['rule.HT06-le-HT05', 'error', '00007', 'BaoCao', 'E36']]);
  });

  it('holds when equal', () => {
    expect(checkRecord(ward('2021-03', { KT01: 12, KT03: 12, KT04: 12, HT05: 3, HT06: 3 }), ctx())).toEqual([]);
  });

  it('skips a rule when one of its values is empty (not reported is not zero)', () => {
    expect(checkRecord(ward('2021-03', { KT01: null, KT03: 12, KT04: null, HT05: null, HT06: 4 }), ctx())).toEqual([]);
  });

  it('prints numbers the Vietnamese way', () => {
    const issues = checkRecord(ward('2021-03', { KT01: 1000, KT03: 1200 }), ctx());
    expect(issues[0]?.message).toContain('KT03 = 1.200');
  });
});

describe('checkRecord: PCMD-01 previous-period rules', () => {
  const february = ward('2021-02', { TD01: 4 });

  it('TD03 ≤ previous TD01 + TD02: an error at TD03', () => {
    const march = ward('2021-03', { TD01: 0, TD02: 1, TD03: 6, TD04: 1 });
    const issues = checkRecord(march, ctx([february]));
    expect(brief(issues)).toContainEqual(['rule.TD03-le-prevTD01-plus-TD02', 'error', '00007', 'BaoCao', 'E23']);
    expect(issues.find((i) => i.code === 'rule.TD03-le-prevTD01-plus-TD02')?.message).toContain('= 5)');
  });

  it('TD01 stock–flow: a warning at TD01 when TD01 ≠ previous TD01 + TD02 − TD03 + TD04', () => {
    const march = ward('2021-03', { TD01: 5, TD02: 1, TD03: 2, TD04: 1 });
    const issues = checkRecord(march, ctx([february]));
    expect(brief(issues)).toEqual([['rule.TD01-stock-flow', 'warning', '00007', 'BaoCao', 'E21']]);
    expect(issues[0]?.message).toContain('TD01 = 5');
    expect(issues[0]?.message).toContain('= 4.');
  });

  it('stock–flow holds: no issue', () => {
    expect(checkRecord(ward('2021-03', { TD01: 4, TD02: 1, TD03: 2, TD04: 1 }), ctx([february]))).toEqual([]);
  });

  it('previous period unknown: both previous-period rules are skipped', () => {
    const march = ward('2021-03', { TD01: 50, TD02: 1, TD03: 9, TD04: 0 });
    expect(checkRecord(march, ctx())).toEqual([]);
    // January 2021 looks back at December 2020, across the year.
    expect(brief(checkRecord(ward('2021-01', { TD01: 50, TD02: 0, TD03: 0, TD04: 0 }), ctx([ward('2020-12', { TD01: 3 })])))).toEqual([
      ['rule.TD01-stock-flow', 'warning', '00007', 'BaoCao', 'E21'],
    ]);
  });

  it('previous TD01 empty: skipped', () => {
    expect(checkRecord(ward('2021-03', { TD01: 50, TD02: 1, TD03: 9, TD04: 0 }), ctx([ward('2021-02', { TD01: null })]))).toEqual([]);
  });

  it('the previous period of the same type only: a quarter looks at the quarter before, not at a month', () => {
    const q2 = ward('2021-Q2', { TD01: 50, TD02: 0, TD03: 0, TD04: 0 });
    expect(checkRecord(q2, ctx([ward('2021-03', { TD01: 1 })]))).toEqual([]);
    expect(brief(checkRecord(q2, ctx([ward('2021-Q1', { TD01: 1 })])))).toEqual([['rule.TD01-stock-flow', 'warning', '00007', 'BaoCao', 'E21']]);
  });

  it('another ward reusing the code after the 2025 reorganisation is not "the previous period"', () => {
    // 00004 was Phường Trúc Bạch until 30/06/2025 and is Phường Ba Đình from 01/07/2025.
    const june = makeRecord({ unitCode: '00004', period: '2025-06', values: { TD01: 9 } });
    const july = makeRecord({ unitCode: '00004', period: '2025-07', values: { TD01: 0, TD02: 0, TD03: 0, TD04: 0 } });
    expect(july.unitName).toBe('Phường Ba Đình');
    expect(checkRecord(july, ctx([june]))).toEqual([]);
  });
});

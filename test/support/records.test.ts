import { describe, expect, it } from 'vitest';
import type { FormId } from '../../src/domain/form-schema.ts';
import { loadForms } from '../../src/load/load-forms.ts';
import { parseFormBook } from '../../src/parse/parse-form-book.ts';
import { loadDefaultUnits } from '../../src/load/load-units.ts';
import { makeFormBook, sampleFilledForm } from './book.ts';
import { INVALID, makeRecord } from './records.ts';

const forms = loadForms();
const units = loadDefaultUnits();

describe('makeRecord', () => {
  it.each<FormId>(['PCMD-01', 'PCMD-02', 'PCMD-03'])('%s: the same values and cells as the reader gives for the blank-form layout', (formId) => {
    const filled = sampleFilledForm(formId);
    const read = parseFormBook(makeFormBook(filled), { forms, units, file: 'f.xlsx', sha256: 'x', maxListRows: 100 }).record;
    const made = makeRecord({ unitCode: filled.unitCode, period: filled.period, values: filled.values, file: 'f.xlsx' });
    expect(made.formId).toBe(formId);
    expect(made.unitName).toBe(read?.unitName);
    expect(made.signedOn).toBe(read?.signedOn);
    expect(made.values).toEqual(read?.values);
    for (const [sheet, rows] of Object.entries(read?.lists ?? {})) {
      const again = makeRecord({ unitCode: filled.unitCode, period: filled.period, lists: { [sheet]: rows.map((r) => r.values) } });
      expect(again.lists[sheet]).toEqual(rows);
    }
  });

  it('marks INVALID cells as the reader does, and leaves out rows and lists on request', () => {
    const r = makeRecord({ unitCode: 'CA', period: '2021-Q1', withoutRows: ['CA09'], lists: { DanhSach: [{ ward: INVALID, fine: 5 }] } });
    expect(r.lists.DanhSach).toEqual([{ row: 2, values: { ward: null, fine: 5 }, invalid: ['ward'] }]);
    expect(Object.keys(r.values)).not.toContain('CA09');
    expect(r.period.type).toBe('quarter');
    expect(makeRecord({ unitCode: 'D178', period: '2021-03', withoutLists: ['CoSo'] }).lists).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { formSheetBounds, REPORT_MAX_ROW } from './form-bounds.ts';
import { loadForms } from '../load/load-forms.ts';

describe('formSheetBounds: what the parser looks at', () => {
  it('names the stamp cell, the report sheet A:G and each list sheet by its defined columns', () => {
    const forms = loadForms();
    const bounds = formSheetBounds(Object.values(forms));
    expect(bounds[0]).toEqual({ name: 'DanhMuc', maxRow: 1, maxCol: 1 });
    expect(bounds).toContainEqual({ name: 'BaoCao', maxRow: REPORT_MAX_ROW, maxCol: 7 });
    for (const form of Object.values(forms)) {
      for (const list of form.lists) expect(bounds).toContainEqual({ name: list.sheet, maxRow: 1_048_576, maxCol: list.columns.length });
    }
    expect(new Set(bounds.map((b) => b.name))).toEqual(new Set(['DanhMuc', 'BaoCao', ...Object.values(forms).flatMap((f) => f.lists.map((l) => l.sheet))]));
  });
});

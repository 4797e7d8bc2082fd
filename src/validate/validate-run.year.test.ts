import { describe, expect, it } from 'vitest';
import { generateYear } from '../../tools/fixtures/generate-year.ts';
import { PLANTED_OUTLIER } from '../../tools/fixtures/_ward-profiles.ts';
import { loadForms } from '../load/load-forms.ts';
import { parseFormBook } from '../parse/parse-form-book.ts';
import { makeFormBook } from '../../test/support/book.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { validateRun, type ParsedFile } from './validate-run.ts';

/**
 * The generated 2021 year (the bundled fixtures' content), through the real reader and the rules: the
 * generator promises that every rule holds except what it planted, so the validator must find exactly that.
 */
const forms = loadForms();
const units = loadDefaultUnits();
const year = generateYear({ year: 2021, seed: 2021, forms, units, window: 'decree-09' });
const parsed: ParsedFile[] = year.map((filled) => {
  const file = `${filled.period}/${filled.formId}_${filled.period}_${filled.unitCode}.xlsx`;
  const read = parseFormBook(makeFormBook(filled, { forms }), { forms, units, file, sha256: 'x', maxListRows: 5000 });
  return { file, record: read.record, issues: read.issues };
});

describe('validateRun on the generated year', () => {
  it('accepts all 192 forms and finds only the planted outlier', () => {
    const run = validateRun({ parsed, ctx: { forms, units, window: 'decree-09' } });
    expect(run.files.filter((f) => f.status !== 'accepted')).toEqual([]);
    expect(run.accepted).toHaveLength(192);
    const month = `2021-${String(PLANTED_OUTLIER.month).padStart(2, '0')}`;
    expect(run.issues.map((i) => [i.code, i.unit, i.file, i.cell])).toEqual([
      ['rule.outlier', PLANTED_OUTLIER.unitCode, `${month}/PCMD-01_${month}_${PLANTED_OUTLIER.unitCode}.xlsx`, 'E11'],
    ]);
    expect(run.issues[0]?.message).toContain(`${PLANTED_OUTLIER.code} kỳ này là`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { generateYear } from '../../tools/fixtures/generate-year.ts';
import type { FormId } from '../domain/form-schema.ts';
import { indicatorsOf, loadForms } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import { parseFormBook } from '../parse/parse-form-book.ts';
import { readBook } from '../read/read-book.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { officeAvailable, runPython, sofficeConvert } from '../../test/support/office.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { fillForm } from '../../tools/fixtures/fill-form.ts';
import type { FilledForm } from '../../tools/fixtures/filled-form.ts';
import { renderBlankForm } from './render-blank-form.ts';
import { blankOptionsFor, UNIT_OF_FORM } from '../../test/support/test-workbook.ts';

/**
 * Issue 2, "Done when": for every form, blank → filled programmatically → read gives back the values typed, and the
 * reader returns identical records for the same filled form saved by the project (exceljs), by openpyxl, by
 * LibreOffice, and in the 1904 date system (openpyxl writes date1904="1", LibreOffice date1904="true").
 */

const forms = loadForms();
const units = loadDefaultUnits();
const FORM_IDS: readonly FormId[] = ['PCMD-01', 'PCMD-02', 'PCMD-03'];
const dir = mkdtempSync(path.join(tmpdir(), 'baocao-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** March 2021 from the fixture generator, with what it never produces added: an empty value, a note, every text. */
function filledFor(formId: FormId): FilledForm {
  const march = generateYear({ year: 2021, seed: 2021, forms, units, window: 'decree-09' }).filter((f) => f.period === '2021-03');
  // 00001 fills Lũy kế (column F) in its March form.
  const base = march.find((f) => f.unitCode === (formId === 'PCMD-01' ? '00001' : UNIT_OF_FORM[formId]));
  if (!base) throw new Error(`no filled ${formId}`);
  const firstCode = indicatorsOf(forms[formId])[0]!.code;
  return {
    ...base,
    values: { ...base.values, [firstCode]: null },
    notes: { [firstCode]: 'Chưa tổng hợp được số liệu' },
    texts: { assessment: 'Đánh giá: ổn định.', difficulties: 'Khó khăn:\n- thiếu cán bộ;\n- địa bàn rộng.', proposals: 'Đề nghị bổ sung kinh phí.', nextSteps: 'Tiếp tục kiểm tra.', ...base.texts },
  };
}

const SAVERS = ['baocao (exceljs)', 'openpyxl', 'LibreOffice', 'openpyxl, 1904', 'LibreOffice, 1904'] as const;
type Saver = (typeof SAVERS)[number];

interface Read {
  readonly record: FormRecord | null;
  readonly issues: readonly Issue[];
  readonly date1904: boolean;
  readonly workbookXml: string;
}

const hasPython = officeAvailable('đọc lại biểu mẫu do openpyxl lưu (issue 2)', { python: ['openpyxl'] });
const hasOffice = officeAvailable('đọc lại biểu mẫu do LibreOffice lưu (issue 2)', { commands: ['soffice'] });

describe.each(FORM_IDS)('%s: write blank → fill → read, and the same form saved by other programs', (formId) => {
  const filled = filledFor(formId);
  const reads = new Map<Saver, Read>();

  beforeAll(async () => {
    const own = path.join(dir, formId, 'own', `${formId}.xlsx`);
    mkdirSync(path.dirname(own), { recursive: true });
    writeFileSync(own, await fillForm(await renderBlankForm(blankOptionsFor(UNIT_OF_FORM[formId])), filled, forms[formId]));
    const files = new Map<Saver, string>([['baocao (exceljs)', own]]);
    if (hasPython) {
      const py = path.join(dir, formId, 'openpyxl', `${formId}.xlsx`);
      const py1904 = path.join(dir, formId, 'openpyxl-1904', `${formId}.xlsx`);
      [py, py1904].forEach((f) => mkdirSync(path.dirname(f), { recursive: true }));
      runPython(RESAVE_SCRIPT, [own, py, py1904]);
      files.set('openpyxl', py).set('openpyxl, 1904', py1904);
      if (hasOffice) {
        files.set('LibreOffice', sofficeConvert(own, 'xlsx', path.join(dir, formId, 'lo')));
        // LibreOffice keeps the 1904 system of the file it opens, and writes it as date1904="true".
        files.set('LibreOffice, 1904', sofficeConvert(py1904, 'xlsx', path.join(dir, formId, 'lo-1904')));
      }
    }
    for (const [saver, file] of files) reads.set(saver, await readAndParse(file));
  });

  it('reads back what was typed: values, Lũy kế, texts, list rows (dates, wards as codes, choices), header', () => {
    const own = reads.get('baocao (exceljs)');
    expect(own?.issues).toEqual([]);
    expect(own?.date1904).toBe(false);
    expect(own?.record && comparable(own.record)).toEqual(expectedRecord(filled));
  });

  for (const saver of SAVERS.slice(1)) {
    const needs = saver.startsWith('LibreOffice') ? hasPython && hasOffice : hasPython;
    it.skipIf(!needs)(`saved by ${saver}: the same record and the same issues`, () => {
      const own = reads.get('baocao (exceljs)');
      const other = reads.get(saver);
      expect(other?.date1904).toBe(saver.endsWith('1904'));
      if (saver.endsWith('1904')) expect(other?.workbookXml).toMatch(saver.startsWith('openpyxl') ? /date1904="1"/ : /date1904="true"/);
      expect(other?.issues.map(withoutFile)).toEqual(own?.issues.map(withoutFile));
      expect(other?.record && comparable(other.record)).toEqual(own?.record && comparable(own.record));
    });
  }
});

// --- internal ---

/** openpyxl: load and save as is; then the same in the 1904 date system (openpyxl rewrites every date serial). */
const RESAVE_SCRIPT = `
import sys, openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
src, plain, mac = sys.argv[1:4]
openpyxl.load_workbook(src).save(plain)
wb = openpyxl.load_workbook(src)
wb.epoch = CALENDAR_MAC_1904
wb.save(mac)
`;

async function readAndParse(file: string): Promise<Read> {
  const read = await readBook(file, { maxUnpackedMb: 50 });
  if (!read.ok) throw new Error(`${file}: ${read.issue.code}`);
  const parsed = parseFormBook(read.book, { forms, units, file: path.basename(file), sha256: read.sha256, maxListRows: 5000, withPersonalData: true });
  const workbookXml = strFromU8(unzipSync(new Uint8Array(readFileSync(file)))['xl/workbook.xml'] ?? new Uint8Array());
  return { record: parsed.record, issues: parsed.issues, date1904: read.book.date1904, workbookXml };
}

/** A record without what depends on the bytes (file name, hash). */
function comparable(r: FormRecord): Omit<FormRecord, 'file' | 'sha256'> {
  const { file: _f, sha256: _s, ...rest } = r;
  return rest;
}

const withoutFile = (i: Issue): Omit<Issue, 'file'> => {
  const { file: _f, ...rest } = i;
  return rest;
};

/** The record the reader must make of `filled`: wards as their codes, STT numbered, empty cells null. */
function expectedRecord(filled: FilledForm): Partial<Omit<FormRecord, 'file' | 'sha256'>> {
  const form = forms[filled.formId];
  const wardCode = new Map(units.units.filter((u) => u.kind === 'ward').map((u) => [u.name, u.code]));
  return {
    formId: filled.formId,
    revision: form.revision,
    unitCode: filled.unitCode,
    unitName: filled.unitName,
    period: { id: '2021-03', type: 'month', year: 2021, index: 3 },
    signedOn: filled.signedOn,
    values: Object.fromEntries(
      indicatorsOf(form).map((ind) => {
        const entry = expect.objectContaining({ code: ind.code, value: filled.values[ind.code] ?? null, yearToDate: filled.yearToDate?.[ind.code] ?? null });
        return [ind.code, entry];
      }),
    ),
    texts: Object.fromEntries(Object.entries(filled.texts ?? {}).map(([k, text]) => [k, expect.objectContaining({ text })])),
    lists: Object.fromEntries(
      form.lists.map((list) => [
        list.sheet,
        (filled.lists?.[list.sheet] ?? []).map((row, i) => ({
          row: i + 2,
          values: Object.fromEntries(
            list.columns.map((c) => {
              const v = c.key === 'stt' ? (row.stt ?? i + 1) : (row[c.key] ?? null);
              return [c.key, c.key === 'ward' && typeof v === 'string' ? (wardCode.get(v) ?? `unknown ward ${v}`) : v];
            }),
          ),
          invalid: [],
        })),
      ]),
    ),
  };
}

import type { FormId } from '../../src/domain/form-schema.ts';
import { loadForms, type FormSet } from '../../src/load/load-forms.ts';
import { COL, FIRST_TABLE_ROW, LIST_FIRST_ROW, TEXT_ROWS, type TextKey } from '../../src/domain/form-layout.ts';
import { addDays, lastDayOf, parsePeriodId, periodWindow } from '../../src/domain/period.ts';
import { cellAddress } from '../../src/read/book.ts';
import type { FormRecord, IndicatorEntry, ListRow } from '../../src/domain/form-record.ts';
import { loadDefaultUnits } from '../../src/load/load-units.ts';
import { FORM_OF_KIND, isUnitValidOn, type UnitRegistry } from '../../src/domain/units.ts';

/**
 * FormRecord values for tests of everything after the reader (rules, aggregation, reports), with no workbook:
 *
 *   makeRecord({ unitCode: '00007', period: '2021-03', values: { KT01: 20, KT03: 12 }, yearToDate: { TT01: 9 } })
 *   makeRecord({ unitCode: 'CA', period: '2021-03', values: { CA07: 1 },
 *                lists: { DanhSach: [{ date: '2021-03-02', decision: '1/QĐ', ward: '00028', behaviour: 'Bán dâm', fine: 1_500_000 }] } })
 *
 * Cells are where the blank form puts them (src/forms/layout.ts): indicator rows from row 9 in the definition's
 * order, one extra row before each titled section; values in column E, year-to-date in F. List rows start at
 * row 2 in the given order. Values are what the reader produces: every indicator of the form is present,
 * null (not reported) unless given; list values keyed by column key, with dates as ISO days, wards as unit
 * codes, choices in their canonical spelling. `INVALID` marks a list cell the reader could not read (value
 * null, column named in `invalid`). Defaults: the form from the unit's kind, the canonical unit name, a file
 * `<period>/<form>_<period>_<unit>.xlsx`, and a `Ngày báo cáo` two days after the period's data window.
 */
export interface RecordSpec {
  readonly unitCode: string;
  /** Period id: `2021-03`, `2021-Q1`, `2021-H1`, `2021`. */
  readonly period: string;
  readonly formId?: FormId;
  readonly unitName?: string;
  readonly file?: string;
  /** ISO day; null for an empty `Ngày báo cáo`. */
  readonly signedOn?: string | null;
  /** Column E by indicator code. */
  readonly values?: Readonly<Record<string, number | null>>;
  /** Column F (`Lũy kế từ đầu năm`) by indicator code. */
  readonly yearToDate?: Readonly<Record<string, number | null>>;
  /** Indicator codes left out of the record altogether (their row was deleted from the workbook). */
  readonly withoutRows?: readonly string[];
  /** List sheets by name; a list not given is read as an empty sheet. */
  readonly lists?: Readonly<Record<string, readonly ListRowSpec[]>>;
  /** List sheets left out altogether (sheet missing, or too many rows). */
  readonly withoutLists?: readonly string[];
  /** The free texts below the table (Đánh giá chung, Khó khăn…), each in column B of its own row. */
  readonly texts?: Readonly<Partial<Record<TextKey, string>>>;
  readonly forms?: FormSet;
  readonly units?: UnitRegistry;
}

/** A list cell the reader could not read (an unknown ward, a date it could not parse). */
export const INVALID: unique symbol = Symbol('invalid list cell');
export type ListCellSpec = string | number | null | typeof INVALID;
export type ListRowSpec = Readonly<Record<string, ListCellSpec>>;

export function makeRecord(spec: RecordSpec): FormRecord {
  const period = parsePeriodId(spec.period);
  if (!period) throw new Error(`bad period ${spec.period}`);
  const forms = spec.forms ?? loadForms();
  const unit = (spec.units ?? loadDefaultUnits()).units.find((u) => u.code === spec.unitCode && isUnitValidOn(u, lastDayOf(period)));
  const formId = spec.formId ?? (unit ? FORM_OF_KIND[unit.kind] : undefined);
  if (!formId) throw new Error(`no form for unit ${spec.unitCode}: give formId`);
  const form = forms[formId];

  const values: Record<string, IndicatorEntry> = {};
  let row = FIRST_TABLE_ROW;
  for (const section of form.sections) {
    if (section.roman !== null || section.title !== null) row++;
    for (const ind of section.indicators) {
      if (!spec.withoutRows?.includes(ind.code)) {
        values[ind.code] = {
          code: ind.code,
          value: spec.values?.[ind.code] ?? null,
          cell: cellAddress(row, COL.value),
          yearToDate: spec.yearToDate?.[ind.code] ?? null,
          yearToDateCell: cellAddress(row, COL.yearToDate),
        };
      }
      row++;
    }
  }
  const lists: Record<string, ListRow[]> = {};
  for (const list of form.lists) {
    if (spec.withoutLists?.includes(list.sheet)) continue;
    lists[list.sheet] = (spec.lists?.[list.sheet] ?? []).map((cells, i) => listRow(cells, LIST_FIRST_ROW + i));
  }
  return {
    file: spec.file ?? `${period.id}/${formId}_${period.id}_${spec.unitCode}.xlsx`,
    sha256: '0'.repeat(64),
    formId,
    revision: form.revision,
    unitCode: spec.unitCode,
    unitName: spec.unitName ?? unit?.name ?? spec.unitCode,
    period,
    signedOn: spec.signedOn === undefined ? addDays(periodWindow(period, 'decree-09').to, 2) : spec.signedOn,
    values,
    // Text rows stand after the table and one empty row, in TEXT_ROWS order.
    texts: Object.fromEntries(
      (Object.keys(TEXT_ROWS) as TextKey[]).flatMap((key, i) => (spec.texts?.[key] ? [[key, { text: spec.texts[key], cell: `B${row + 1 + i}` }]] : [])),
    ),
    lists,
  };
}

// --- internal ---

function listRow(cells: ListRowSpec, row: number): ListRow {
  const values: Record<string, string | number | null> = {};
  const invalid: string[] = [];
  for (const [key, v] of Object.entries(cells)) {
    if (v === INVALID) invalid.push(key);
    values[key] = v === INVALID ? null : v;
  }
  return { row, values, invalid };
}

import type { FormId } from './form-schema.ts';
import type { TextKey } from './form-layout.ts';
import type { Period } from './period.ts';

/** One indicator row as read: `value` null means "not reported" (an empty cell), never zero. */
export interface IndicatorEntry {
  readonly code: string;
  readonly value: number | null;
  /** A1 address of the value (column E), e.g. `E15`. */
  readonly cell: string;
  /** The optional `Lũy kế từ đầu năm` (column F). */
  readonly yearToDate: number | null;
  readonly yearToDateCell: string;
}

/**
 * One row of a list sheet. Dates are ISO days, wards are unit codes, choices their canonical spelling,
 * money whole đồng. Sensitive columns (name, birth year, residence) are absent unless the reader was
 * asked for them (`baocao outreach` only). `invalid` names the columns whose content could not be read
 * (their issue was already reported); their value is null.
 */
export interface ListRow {
  readonly row: number;
  readonly values: Readonly<Record<string, string | number | null>>;
  readonly invalid: readonly string[];
}

export interface FreeText {
  readonly text: string;
  readonly cell: string;
}

/** A workbook read against its form: what every later stage works with. */
export interface FormRecord {
  /** Path relative to the folder it was found in (POSIX separators). */
  readonly file: string;
  readonly sha256: string;
  readonly formId: FormId;
  /** The revision stamped in the blank form; null for a workbook without a stamp. */
  readonly revision: string | null;
  readonly unitCode: string;
  readonly unitName: string;
  readonly period: Period;
  /** `Ngày báo cáo` as an ISO day; null when empty or unreadable. */
  readonly signedOn: string | null;
  readonly values: Readonly<Record<string, IndicatorEntry>>;
  readonly texts: Readonly<Partial<Record<TextKey, FreeText>>>;
  /** List rows by sheet name (`DanhSach`, `CoSo`). */
  readonly lists: Readonly<Record<string, readonly ListRow[]>>;
}

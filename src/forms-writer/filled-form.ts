import type { FormId } from '../forms/form-schema.ts';
import type { TextKey } from '../forms/layout.ts';

/**
 * What a unit typed into its form: the input of `fillForm` (fixtures, tests) and, read back, the
 * ground truth a round-trip test compares with. Values are keyed by indicator code; list rows by
 * column key (dates ISO, wards by canonical name, money in đồng). Personal columns are included here:
 * this is the unit's own workbook, not an output of the tool.
 */
export interface FilledForm {
  readonly formId: FormId;
  readonly unitCode: string;
  readonly unitName: string;
  /** Period id, e.g. `2021-03`. */
  readonly period: string;
  /** ISO day the form was signed, or null to leave `Ngày báo cáo` empty. */
  readonly signedOn: string | null;
  readonly preparer: string;
  /** Column E by code; null leaves the cell empty ("not reported"). */
  readonly values: Readonly<Record<string, number | null>>;
  /** Column F (`Lũy kế từ đầu năm`) by code, where the unit filled it. */
  readonly yearToDate?: Readonly<Record<string, number | null>>;
  /** Column G by code. */
  readonly notes?: Readonly<Record<string, string>>;
  readonly texts?: Readonly<Partial<Record<TextKey, string>>>;
  /** List sheets by name (`DanhSach`, `CoSo`): one object per row, keyed by column key. */
  readonly lists?: Readonly<Record<string, readonly Readonly<Record<string, string | number | null>>[]>>;
}

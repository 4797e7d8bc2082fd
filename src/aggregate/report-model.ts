import type { FormSet } from '../load/load-forms.ts';
import type { TextKey } from '../domain/form-layout.ts';
import type { Period } from '../domain/period.ts';
import type { UnitInstance } from '../domain/unit-instances.ts';
import type { Plan } from '../domain/plan-schema.ts';
import type { Summary } from '../domain/summary-schema.ts';
import type { Assessment } from './assessment.ts';

/** District totals by indicator code; null where no unit gave a value. */
export type Totals = Readonly<Record<string, number | null>>;

/** One unit's own free texts (Đánh giá chung, Khó khăn…), gathered by ward for sections IV–VI of the Word report. */
export interface UnitTexts {
  /** The unit's key in the period (summary.units[].key). */
  readonly unitKey: string;
  readonly unitName: string;
  /** The latest form's texts. */
  readonly texts: Readonly<Partial<Record<TextKey, string>>>;
  /** Every form used for the period that has a text, in time order (the narrative picks what fits the period). */
  readonly forms: readonly { readonly periodId: string; readonly texts: Readonly<Partial<Record<TextKey, string>>> }[];
}

/**
 * Everything the renderers need, computed by the core: renderers format, they never compute.
 * `summary` is exactly what summary.json holds (minus `outputs`, filled by the command that writes them).
 */
export interface ReportModel {
  readonly summary: Summary;
  readonly period: Period;
  /** "tháng 3 năm 2021", "quý I năm 2021"… */
  readonly periodLabel: string;
  /** The date printed on the reports (ISO): the data window's end plus the configured days; fixed, so reruns give the same bytes. */
  readonly reportDate: string;
  /**
   * Units expected in the period (wards first, then CA, D178; registry order within each kind), each as the period
   * sees it: its key and its span in the period. Across the 2025 reorganisation both the old and the new wards.
   */
  readonly units: readonly UnitInstance[];
  readonly forms: FormSet;
  readonly plan: Plan;
  /** For a quarter, half year or year: the district total of each indicator by month (month ids in order). Null for a month. */
  readonly monthly: { readonly months: readonly string[]; readonly totals: Readonly<Record<string, Totals>> } | null;
  /** The same from January to the period's last month, for every period (the charts): for a year, equal to `monthly`. */
  readonly yearToDateMonthly: { readonly months: readonly string[]; readonly totals: Readonly<Record<string, Totals>> };
  /** Totals of the previous period of the same type, when every expected unit was accepted for it; else null. */
  readonly previous: { readonly periodId: string; readonly periodLabel: string; readonly totals: Totals } | null;
  /** Totals of the same period a year earlier, under the same condition; else null. */
  readonly sameLastYear: { readonly periodId: string; readonly periodLabel: string; readonly totals: Totals } | null;
  readonly texts: readonly UnitTexts[];
  /** The year's assessment of the wards with each criterion's values and reasons (annual compiles only; else null). */
  readonly assessment: Assessment | null;
  /** Corrections of earlier closed periods of the year (spec/closing.md), for "Điều chỉnh số liệu kỳ trước"; absent or [] when none. */
  readonly priorCorrections?: readonly PriorCorrection[];
}

/** A correction (OUT/P/dieu-chinh-N/) of an earlier period: the district totals it changed. */
export interface PriorCorrection {
  readonly periodId: string;
  /** "tháng 3 năm 2021". */
  readonly periodLabel: string;
  readonly n: number;
  /** The day of the correction (ISO). */
  readonly date: string;
  readonly figures: readonly { readonly indicator: string; readonly old: number | null; readonly new: number | null }[];
}

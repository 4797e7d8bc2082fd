import { z } from 'zod';

/**
 * `summary.json` (spec/outputs.md): a contract. Other tools read it exactly as written there; later
 * versions add keys, never change these. The schema is exported so that consumers (and our tests)
 * can check a summary; it is strict so that a key we did not mean to publish fails the tests.
 */

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const TARGET_STATUSES = ['Đạt', 'Đúng tiến độ', 'Chậm tiến độ', 'Không đạt', 'Thiếu số liệu'] as const;
export const TargetStatusSchema = z.enum(TARGET_STATUSES);
export type TargetStatus = z.infer<typeof TargetStatusSchema>;

export const TargetValueSchema = z.union([
  z.strictObject({ min: z.number(), max: z.number() }),
  z.strictObject({ min: z.number() }),
  z.strictObject({ max: z.number() }),
  z.strictObject({ ratio: z.number().positive().max(1) }),
]);
export type TargetValue = z.infer<typeof TargetValueSchema>;

export const SummaryIssueSchema = z.strictObject({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string().min(1),
  unit: z.string().optional(),
  file: z.string().optional(),
  sheet: z.string().optional(),
  cell: z.string().regex(/^[A-Z]{1,3}[1-9]\d*$/).optional(),
  message: z.string().min(1),
});

export const SummaryUnitSchema = z.strictObject({
  code: z.string(),
  /**
   * Added (allowed by the contract; issue 13): the unit's key in this period, used by every per-unit map
   * (indicators[].byUnit…). The code, unless the code names two units of the period (reused after the 1 July 2025
   * reorganisation): then `<code>:<from>..<to>`, the unit's validity clipped to the period's calendar bounds.
   * Always written by this version; optional so that a summary written before it (a version sent) still reads.
   */
  key: z.string().min(1).optional(),
  name: z.string(),
  /** Added (issue 13): the unit's validity in the registry (ISO; null: open); written with `key`. */
  validFrom: IsoDate.nullable().optional(),
  validTo: IsoDate.nullable().optional(),
  form: z.enum(['PCMD-01', 'PCMD-02', 'PCMD-03']),
  status: z.enum(['accepted', 'rejected', 'missing']),
  /** `period`: a form for the whole period; `monthly`: rolled up from monthly forms; null when missing. */
  source: z.enum(['period', 'monthly']).nullable(),
  files: z.array(z.string()),
  /** The latest `Ngày báo cáo` among the forms used; null when missing or not given. */
  signedOn: IsoDate.nullable(),
  /** Every form used was signed by its deadline; null when unknown. */
  onTime: z.boolean().nullable(),
});
export type SummaryUnit = z.infer<typeof SummaryUnitSchema>;
/** A unit's key in a summary: `key`, or the code in a summary written before keys existed. */
export const summaryUnitKey = (u: Pick<SummaryUnit, 'code' | 'key'>): string => u.key ?? u.code;

export const SummaryIndicatorSchema = z.strictObject({
  /** Across wards: the sum; for yes/no indicators the number of units answering 1. Null when no unit gave a value. */
  total: z.number().nullable(),
  /** Each accepted unit's value after the roll-up; null where the unit left it empty. Missing and rejected units have no key. */
  byUnit: z.record(z.string(), z.number().nullable()),
});

export const SummaryTargetSchema = z.strictObject({
  target: TargetValueSchema,
  period: z.number().nullable(),
  yearToDate: z.number().nullable(),
  /** yearToDate against the target, one decimal; null for a target of at most 0 (CT1) or without data. */
  percent: z.number().nullable(),
  status: TargetStatusSchema,
  /** Ratio targets (CT8): each ward's ratio in percent (one decimal) and its status. */
  byUnit: z.record(z.string(), z.strictObject({ ratio: z.number().nullable(), status: TargetStatusSchema })).optional(),
});
export type SummaryTarget = z.infer<typeof SummaryTargetSchema>;

export const SummaryAssessmentSchema = z.strictObject({
  criteria: z.array(z.strictObject({ id: z.string(), label: z.string(), points: z.number() })),
  /** In rank order; ties share a rank (1, 2, 2, 4). */
  wards: z.array(
    z.strictObject({
      /** The ward's key in the year (units[].key). */
      unit: z.string(),
      name: z.string(),
      /** Added: only for a ward that existed during part of the year (2025 reorganisation), the span it was assessed on. */
      validFrom: IsoDate.optional(),
      validTo: IsoDate.optional(),
      /** Σ byCriterion. */
      score: z.number(),
      rank: z.number().int().positive(),
      class: z.string(),
      byCriterion: z.record(z.string(), z.number()),
      /** Added (allowed by the contract): why each criterion got its points, e.g. "thiếu số liệu: …". */
      why: z.record(z.string(), z.string()),
    }),
  ),
});
export type SummaryAssessment = z.infer<typeof SummaryAssessmentSchema>;

/** spec/closing.md: one figure changed since the version sent (a correction's summary.json); `unit` null for a district total. */
export const SummaryCorrectionSchema = z.strictObject({
  indicator: z.string(),
  unit: z.string().nullable(),
  old: z.number().nullable(),
  new: z.number().nullable(),
  /** The form the new value comes from: file (relative to the inbox) and cell; null when no single form does. */
  file: z.string().nullable(),
  cell: z.string().nullable(),
});

/** A target whose value or status changed since the version sent; `unit` null for the district, a ward code for CT8. */
export const SummaryTargetCorrectionSchema = z.strictObject({
  target: z.string(),
  unit: z.string().nullable(),
  old: z.number().nullable(),
  new: z.number().nullable(),
  oldStatus: TargetStatusSchema,
  newStatus: TargetStatusSchema,
});

export const SummarySchema = z.strictObject({
  schema: z.literal('baocao.summary/1'),
  period: z.strictObject({
    id: z.string(),
    /** `range`: months A..B of one year (`2021-02..2021-04`, spec/closing.md). */
    type: z.enum(['month', 'quarter', 'half', 'year', 'range']),
    from: IsoDate,
    to: IsoDate,
    window: z.enum(['decree-09', 'calendar']),
  }),
  units: z.array(SummaryUnitSchema),
  indicators: z.record(z.string(), SummaryIndicatorSchema),
  targets: z.record(z.string(), SummaryTargetSchema),
  issues: z.array(SummaryIssueSchema),
  outputs: z.array(z.string()),
  /** Added in this version (allowed by the contract): workbooks found for periods the compile does not use. */
  ignoredFiles: z.number().int().nonnegative(),
  /** The year's assessment and ranking of the wards (spec/assessment.md): annual compiles only. */
  assessment: SummaryAssessmentSchema.optional(),
  /** Only in a correction's summary.json (OUT/P/dieu-chinh-N/): the figures and targets changed since the version sent. */
  corrections: z.array(SummaryCorrectionSchema).optional(),
  targetCorrections: z.array(SummaryTargetCorrectionSchema).optional(),
});
export type Summary = z.infer<typeof SummarySchema>;

import { z } from 'zod';
import { IndicatorCode } from './form-schema.ts';
import { TargetValueSchema } from './summary-schema.ts';

/**
 * A year's plan (chỉ tiêu) as data: the 2021 plan ships embedded (templates/plans/plan-2021.json);
 * another year is another file, given with --plan or in the configuration.
 */
export const MeasureSchema = z.discriminatedUnion('kind', [
  /** The indicator summed over the year (e.g. CA02). */
  z.strictObject({ kind: z.literal('sum'), code: IndicatorCode }),
  /** The number of wards answering 1 to a yes/no indicator (e.g. DG01). */
  z.strictObject({ kind: z.literal('count-yes'), code: IndicatorCode }),
  /** numerator ÷ denominator, for each ward and for the district (e.g. KT03 ÷ KT01). */
  z.strictObject({ kind: z.literal('ratio'), numerator: IndicatorCode, denominator: IndicatorCode }),
]);
export type Measure = z.infer<typeof MeasureSchema>;

export const PlanTargetSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]+[0-9]+$/),
  label: z.string().min(1).describe('Chỉ tiêu, as the plan words it'),
  short: z.string().min(1).max(40).optional().describe('Tên ngắn của chỉ tiêu, in trên màn hình (baocao compile), tối đa 40 ký tự'),
  measure: MeasureSchema,
  target: TargetValueSchema,
  unit: z.string().describe('Đơn vị tính printed beside the values'),
  note: z.string().optional(),
});
export type PlanTarget = z.infer<typeof PlanTargetSchema>;

export const PlanSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  year: z.number().int().min(2000).max(9999),
  title: z.string().min(1),
  targets: z.array(PlanTargetSchema).min(1),
});
export type Plan = z.infer<typeof PlanSchema>;

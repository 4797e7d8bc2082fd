import { z } from 'zod';

/**
 * The criteria of the year's assessment of the wards (plan task III.5, V.1; spec/assessment.md) as data:
 * templates/criteria/2021.json ships the default derived from the 2021 plan's own targets (100 points);
 * the district edits it or names another file with the configuration key `criteria`. Every message is
 * Vietnamese: a clerk edits this file.
 */

const Code = z.string({ error: 'Mã chỉ tiêu phải là chuỗi ký tự' }).regex(/^[A-Z]{2}[0-9]{2}$/, { error: 'Mã chỉ tiêu gồm 2 chữ in hoa và 2 chữ số, ví dụ "KT03"' }).describe('Mã chỉ tiêu của biểu PCMD-01, ví dụ "KT03"');

/** A condition on the ward's value for the year (sum indicators summed, `last` ones at the year's end). */
export const ConditionSchema = z
  .strictObject({
    code: Code,
    min: z.number({ error: 'min phải là một số' }).optional().describe('Giá trị tối thiểu (≥)'),
    max: z.number({ error: 'max phải là một số' }).optional().describe('Giá trị tối đa (≤)'),
  })
  .refine((c) => c.min !== undefined || c.max !== undefined, { error: 'Điều kiện cần ít nhất một trong hai khóa min, max' });
export type Condition = z.infer<typeof ConditionSchema>;

export const CriterionMeasureSchema = z.discriminatedUnion(
  'kind',
  [
    /** numerator ÷ denominator of the year; full points from `full` up, pro rata below; 0 ÷ 0 earns the points. */
    z.strictObject({
      kind: z.literal('ratio'),
      numerator: Code,
      denominator: Code,
      full: z.number({ error: 'full phải là tỷ lệ từ 0 đến 1, ví dụ 0.8' }).gt(0).max(1).describe('Tỷ lệ đạt trọn điểm, ví dụ 0.8 (80%)'),
    }),
    /** Every condition holds: full points, else 0. */
    z.strictObject({ kind: z.literal('all'), conditions: z.array(ConditionSchema).min(1, { error: 'Cần ít nhất một điều kiện' }) }),
    /** At least one condition holds: full points, else 0. */
    z.strictObject({ kind: z.literal('any'), conditions: z.array(ConditionSchema).min(1, { error: 'Cần ít nhất một điều kiện' }) }),
    /** Points × (months whose value is at least `min`) ÷ 12, on the monthly forms. */
    z.strictObject({ kind: z.literal('months'), code: Code, min: z.number({ error: 'min phải là một số' }) }),
    /** Points × (monthly forms accepted and sent on time) ÷ 12. */
    z.strictObject({ kind: z.literal('on-time-forms') }),
  ],
  { error: 'kind chỉ nhận: ratio, all, any, months, on-time-forms' },
);
export type CriterionMeasure = z.infer<typeof CriterionMeasureSchema>;

export const CriterionSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]+[0-9]+$/, { error: 'Mã tiêu chí viết hoa, kết thúc bằng số, ví dụ "TC1"' }),
  label: z.string().min(1, { error: 'Cần nội dung tiêu chí' }),
  points: z.number({ error: 'points phải là một số' }).positive({ error: 'Số điểm phải lớn hơn 0' }),
  measure: CriterionMeasureSchema,
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const ClassSchema = z.strictObject({
  name: z.string().min(1, { error: 'Cần tên xếp loại' }),
  min: z.number({ error: 'min phải là một số' }).min(0).describe('Điểm tối thiểu của loại (≥)'),
});

export const CriteriaSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1, { error: 'version phải là 1' }),
    title: z.string().min(1, { error: 'Cần tiêu đề bộ tiêu chí' }),
    basis: z.string().min(1).describe('Căn cứ in trong báo cáo, ví dụ "theo tiêu chí do quận quy định"'),
    criteria: z.array(CriterionSchema).min(1, { error: 'Cần ít nhất một tiêu chí' }),
    classes: z.array(ClassSchema).min(1, { error: 'Cần ít nhất một mức xếp loại' }),
  })
  .superRefine((c, ctx) => {
    const ids = c.criteria.map((x) => x.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) ctx.addIssue({ code: 'custom', path: ['criteria'], message: `Mã tiêu chí ${id} bị trùng` });
    const total = c.criteria.reduce((a, x) => a + x.points, 0);
    if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', path: ['criteria'], message: `Tổng điểm các tiêu chí phải bằng 100 (đang là ${total})` });
    const mins = c.classes.map((k) => k.min);
    if (mins.some((m, i) => i > 0 && m >= (mins[i - 1] ?? Infinity))) ctx.addIssue({ code: 'custom', path: ['classes'], message: 'Các mức xếp loại xếp từ cao xuống thấp, điểm tối thiểu giảm dần' });
    if (mins.at(-1) !== 0) ctx.addIssue({ code: 'custom', path: ['classes'], message: 'Mức xếp loại cuối cùng phải có min = 0 (để mọi phường đều được xếp loại)' });
  });
export type Criteria = z.infer<typeof CriteriaSchema>;

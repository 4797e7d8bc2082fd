import { z } from 'zod';

/**
 * The schema of a form definition (templates/forms/*.json). One definition drives the blank-form
 * writer, the reader, the cell checks and the rules: nothing about a form is written twice.
 * No `.transform()` here, so the JSON Schema for form authors can be generated from it.
 */

export const IndicatorCode = z.string().regex(/^[A-Z]{2}[0-9]{2}$/).describe('Mã chỉ tiêu, ví dụ "TT01"');

export const ValueType = z.enum(['count', 'money', 'yesno']).describe(
  'count: số nguyên ≥ 0; money: đồng, số nguyên ≥ 0; yesno: 1/0 (nhận cả "Có"/"Không", "x")',
);
export type ValueType = z.infer<typeof ValueType>;

export const OverTime = z.enum(['sum', 'last']).describe(
  'How monthly values roll up into a quarter or year: sum adds them, last takes the latest reported value',
);
export type OverTime = z.infer<typeof OverTime>;

export const IndicatorSchema = z.strictObject({
  code: IndicatorCode,
  label: z.string().min(1).describe('Tên chỉ tiêu in trên biểu mẫu (Unicode NFC)'),
  unit: z.string().min(1).describe('Đơn vị tính'),
  type: ValueType,
  overTime: OverTime,
  max: z.number().int().positive().optional().describe('Giá trị lớn nhất còn hợp lý; mặc định theo loại giá trị'),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const SectionSchema = z.strictObject({
  roman: z.string().nullable().describe('Số La Mã của mục, hoặc null nếu biểu không chia mục'),
  title: z.string().nullable(),
  indicators: z.array(IndicatorSchema).min(1),
});

export const ListColumnType = z.enum(['integer', 'text', 'date', 'ward', 'choice', 'money', 'year']);
export type ListColumnType = z.infer<typeof ListColumnType>;

export const ListColumnSchema = z.strictObject({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  header: z.string().min(1).describe('Tiêu đề cột ở dòng 1 của sheet danh sách'),
  type: ListColumnType,
  choices: z.array(z.string()).optional().describe('Giá trị được phép (chỉ cho type "choice")'),
  required: z.boolean(),
  sensitive: z.boolean().optional().describe(
    'Dữ liệu cá nhân nhạy cảm: chỉ đọc khi lập danh sách hỗ trợ (baocao outreach), không bao giờ in ra',
  ),
  width: z.number().positive().describe('Độ rộng cột trên biểu mẫu trắng (ký tự)'),
});
export type ListColumn = z.infer<typeof ListColumnSchema>;

export const ListSchema = z.strictObject({
  sheet: z.string().min(1).max(31),
  title: z.string(),
  personal: z.boolean().describe('Sheet holds personal data: no message ever quotes one of its cells'),
  columns: z.array(ListColumnSchema).min(1),
});
export type ListDef = z.infer<typeof ListSchema>;

const Sign = z.union([z.literal(1), z.literal(-1)]);

/** A term of a rule: an indicator value (this period or the previous one), or a count/sum over a list sheet. */
export const TermSchema = z.union([
  z.strictObject({ code: IndicatorCode, of: z.enum(['current', 'previous']).optional(), sign: Sign.optional() }),
  z.strictObject({
    count: z.string(),
    where: z.strictObject({ column: z.string(), equals: z.string() }).optional(),
    sign: Sign.optional(),
  }),
  z.strictObject({ sum: z.string(), column: z.string(), sign: Sign.optional() }),
]);
export type Term = z.infer<typeof TermSchema>;

export const Severity = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof Severity>;

const ruleBase = {
  id: z.string().regex(/^[A-Za-z0-9-]+$/).describe('Stable id; the issue code is "rule.<id>"'),
  severity: Severity,
  message: z.string().min(1).describe('Vietnamese message; {placeholders} are filled by the rule engine'),
};

export const RuleSchema = z.discriminatedUnion('check', [
  z.strictObject({
    ...ruleBase,
    check: z.literal('compare'),
    left: z.array(TermSchema).min(1),
    op: z.enum(['<=', '=', '>=']),
    right: z.array(TermSchema).min(1),
  }),
  z.strictObject({ ...ruleBase, check: z.literal('year-to-date') }),
  z.strictObject({
    ...ruleBase,
    check: z.literal('outlier'),
    factor: z.number().positive(),
    minPeriods: z.number().int().positive(),
    floor: z.number().nonnegative().optional().describe('A count below this is never an outlier (1 → 4 is not a typing error); default 0'),
    tail: z.number().positive().max(1).optional().describe(
      'A count is an outlier only if a value this large would come up with a probability below this (Poisson around the median, scaled by the earlier values\' dispersion); default 1: no tail test',
    ),
    moneyFactor: z.number().positive().optional().describe('A sum of money is an outlier only from this many times the largest earlier value; default: no such test'),
  }),
  z.strictObject({ ...ruleBase, check: z.literal('list-ward'), list: z.string(), column: z.string() }),
  z.strictObject({ ...ruleBase, check: z.literal('list-window'), list: z.string(), column: z.string() }),
  z.strictObject({ ...ruleBase, check: z.literal('list-unique'), list: z.string(), column: z.string() }),
  z.strictObject({
    ...ruleBase,
    check: z.literal('reconcile'),
    list: z.string(),
    groupBy: z.string(),
    where: z.strictObject({ column: z.string(), equals: z.string() }),
    against: z.strictObject({ form: z.string(), code: IndicatorCode }),
  }),
]);
export type Rule = z.infer<typeof RuleSchema>;

export const FormIdSchema = z.enum(['PCMD-01', 'PCMD-02', 'PCMD-03']);
export type FormId = z.infer<typeof FormIdSchema>;

export const ReporterKind = z.enum(['ward', 'police', 'team178']);
export type ReporterKind = z.infer<typeof ReporterKind>;

export const FormSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).describe('Version of this definition file format'),
  id: FormIdSchema,
  revision: z.string().min(1).describe('Form revision, stamped into every blank form; a workbook stamped with another revision is outdated'),
  title: z.string().min(1),
  reporter: ReporterKind,
  sheet: z.string().min(1).max(31),
  sections: z.array(SectionSchema).min(1),
  lists: z.array(ListSchema),
  rules: z.array(RuleSchema),
});
export type Form = z.infer<typeof FormSchema>;

import { z } from 'zod';

/**
 * The Vietnamese terms every output shares (templates/glossary.json): a unit's status ("Đã tiếp nhận", never
 * "đã nhận" in one place and "Đã tiếp nhận" in another), timeliness, column headers ("Tình trạng" is a unit's,
 * "Đánh giá" a target's), severities. `label` starts a cell or a line; `inline` sits inside a sentence.
 */
const Term = z.strictObject({ label: z.string().min(1), inline: z.string().min(1) });

export const GlossarySchema = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(1),
  unitStatus: z.strictObject({ accepted: Term, rejected: Term, missing: Term }),
  timeliness: z.strictObject({ onTime: Term, late: Term, unknown: Term }),
  headers: z.strictObject({
    code: z.string(),
    unit: z.string(),
    unitStatus: z.string(),
    targetStatus: z.string(),
    signedOn: z.string(),
    timeliness: z.string(),
    files: z.string(),
    target: z.string(),
  }),
  /** After the name of a unit that existed during part of the period: "Phường Trúc Bạch (đến 30/06/2025)". */
  unitSpan: z.strictObject({ $comment: z.string().optional(), from: z.string().min(1), to: z.string().min(1), fromTo: z.string().min(1) }),
  severity: z.strictObject({ error: Term, warning: Term }),
});
export type Glossary = z.infer<typeof GlossarySchema>;

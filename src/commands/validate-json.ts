import { z } from 'zod';
import type { Issue } from '../domain/issue.ts';
import type { FileStatus } from '../validate/validate-run.ts';

/**
 * `baocao validate --json` (spec/outputs.md): `{ "schema": "baocao.validate/1", "files": [...], "issues": [...] }`.
 * The keys are a contract: later versions add keys, never change these. Strict, so a test catches any key
 * that slips in (a personal field above all).
 */
export const ValidateJsonIssueSchema = z.strictObject({
  severity: z.enum(['error', 'warning', 'info']).describe('info: a fact about the run (never changes the exit code)'),
  code: z.string().min(1).describe('Stable issue code, e.g. "rule.KT03-le-KT01" or "cell.negative"'),
  unit: z.string().optional().describe('Unit code, when the workbook\'s unit is known'),
  file: z.string().optional().describe('Path relative to the folder scanned, POSIX separators'),
  sheet: z.string().optional(),
  cell: z.string().regex(/^[A-Z]{1,3}[1-9]\d*$/).optional().describe('A1 address, where one applies'),
  message: z.string().min(1).describe('Vietnamese: what was found, what was expected, how to fix it'),
});

export const ValidateJsonFileSchema = z.strictObject({
  file: z.string().min(1),
  form: z.enum(['PCMD-01', 'PCMD-02', 'PCMD-03']).nullable(),
  unit: z.string().nullable(),
  period: z.string().nullable(),
  status: z.enum(['accepted', 'rejected', 'unreadable', 'superseded']),
});

export const ValidateJsonSchema = z.strictObject({
  schema: z.literal('baocao.validate/1'),
  files: z.array(ValidateJsonFileSchema),
  issues: z.array(ValidateJsonIssueSchema),
});
export type ValidateJson = z.infer<typeof ValidateJsonSchema>;

/** The document, with the keys in the order of spec/outputs.md (stable bytes for reruns and diffs). */
export function buildValidateJson(files: readonly FileStatus[], issues: readonly Issue[]): ValidateJson {
  return {
    schema: 'baocao.validate/1',
    files: files.map((f) => ({ file: f.file, form: f.form, unit: f.unit, period: f.period, status: f.status })),
    issues: issues.map(orderedIssue),
  };
}

// --- internal ---

function orderedIssue(i: Issue): ValidateJson['issues'][number] {
  return {
    severity: i.severity,
    code: i.code,
    ...(i.unit !== undefined ? { unit: i.unit } : {}),
    ...(i.file !== undefined ? { file: i.file } : {}),
    ...(i.sheet !== undefined ? { sheet: i.sheet } : {}),
    ...(i.cell !== undefined ? { cell: i.cell } : {}),
    message: i.message,
  };
}

import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UsageError } from '../common/usage-error.ts';
import { CriteriaSchema, type Criteria, type CriterionMeasure } from '../domain/criteria-schema.ts';
import { findIndicator, type FormSet } from './load-forms.ts';
import { formatConfigIssues } from './load-config.ts';
import { templatesUrl } from './templates.ts';


/**
 * The criteria of the wards' assessment: the embedded default (templates/criteria/2021.json) when `file` is
 * null, else the file the configuration names (key `criteria`). A missing or broken file, or a criterion naming
 * an indicator the ward form (PCMD-01) does not have, is a UsageError (exit 2) in Vietnamese.
 */
export function loadCriteria(file: string | null, forms: FormSet): Criteria {
  const source = file ?? templatesUrl('criteria/2021.json');
  const shown = file ?? 'templates/criteria/2021.json';
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'không tìm thấy tệp' : `không đọc được JSON (${(error as Error).message})`;
    throw new UsageError('CRITERIA_INVALID', `Tệp tiêu chí xếp loại phường ${shown}: ${reason}. Sửa khóa "criteria" trong tệp cấu hình.`, { cause: error });
  }
  return checkCriteria(raw, forms, shown);
}

/** Checks parsed JSON as criteria (schema, then the indicator codes against PCMD-01). Pure; for tests too. */
export function checkCriteria(raw: unknown, forms: FormSet, shown: string): Criteria {
  const parsed = CriteriaSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError('CRITERIA_INVALID', `Tệp tiêu chí xếp loại phường ${shown} không đúng mẫu:\n${formatCriteriaIssues(parsed.error.issues)}`);
  const unknown = parsed.data.criteria.flatMap((c) =>
    codesOf(c.measure).filter((code) => findIndicator(forms['PCMD-01'], code) === undefined).map((code) => `- ${c.id}: biểu PCMD-01 không có chỉ tiêu mã ${code}`),
  );
  if (unknown.length > 0) throw new UsageError('CRITERIA_INVALID', `Tệp tiêu chí xếp loại phường ${shown} không đúng mẫu:\n${unknown.join('\n')}`);
  return parsed.data;
}

/** The indicator codes a measure reads. */
export function codesOf(m: CriterionMeasure): string[] {
  switch (m.kind) {
    case 'ratio':
      return [m.numerator, m.denominator];
    case 'all':
    case 'any':
      return m.conditions.map((c) => c.code);
    case 'months':
      return [m.code];
    case 'on-time-forms':
      return [];
  }
}

// --- internal ---

/** Our own messages (the schema's, in Vietnamese) are printed as written; zod's English defaults go through formatConfigIssues. */
function formatCriteriaIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => (/[^\x00-\x7f]/.test(i.message) ? `- ${i.path.length ? i.path.join('.') : '(gốc)'}: ${i.message}` : formatConfigIssues([i])))
    .join('\n');
}

import { readFileSync } from 'node:fs';
import { formatConfigIssues } from '../config/load-config.ts';
import { UsageError } from '../errors.ts';
import { loadDefaultPlan, PlanSchema, type Plan } from './plan-schema.ts';

/** The plan from `--plan` or the configuration, or the embedded 2021 plan. A broken file is a UsageError (exit 2). */
export function loadPlan(file: string | null): Plan {
  if (file === null) return loadDefaultPlan();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'không tồn tại' : code ? 'không đọc được' : 'không phải JSON hợp lệ';
    throw new UsageError('PLAN_INVALID', `Tệp kế hoạch ${file} ${why}.`, { cause: error });
  }
  const parsed = PlanSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError('PLAN_INVALID', `Tệp kế hoạch ${file} có lỗi:\n${formatConfigIssues(parsed.error.issues)}`);
  return parsed.data;
}

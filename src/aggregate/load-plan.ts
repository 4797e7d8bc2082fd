import { readDataFile } from '../config/read-data-file.ts';
import { loadDefaultPlan, PlanSchema, type Plan } from './plan-schema.ts';

/** The plan from `--plan` or the configuration, or the embedded 2021 plan. A broken file is a UsageError (exit 2). */
export function loadPlan(file: string | null): Plan {
  return file === null ? loadDefaultPlan() : readDataFile(file, PlanSchema, { code: 'PLAN_INVALID', what: 'Tệp kế hoạch', key: 'plan' });
}

import { readFileSync } from 'node:fs';
import { readDataFile } from './read-data-file.ts';
import { templatesUrl } from './templates.ts';
import { PlanSchema, type Plan } from '../domain/plan-schema.ts';

let embedded: Plan | undefined;

/** The embedded 2021 plan of Ba Đình (templates/plans/plan-2021.json). */
export function loadDefaultPlan(): Plan {
  embedded ??= PlanSchema.parse(JSON.parse(readFileSync(templatesUrl('plans/plan-2021.json'), 'utf8')));
  return embedded;
}

/** The plan from `--plan` or the configuration, or the embedded 2021 plan. A broken file is a UsageError (exit 2). */
export function loadPlan(file: string | null): Plan {
  return file === null ? loadDefaultPlan() : readDataFile(file, PlanSchema, { code: 'PLAN_INVALID', what: 'Tệp kế hoạch', key: 'plan' });
}

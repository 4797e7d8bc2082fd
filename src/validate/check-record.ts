import type { Issue } from '../domain/issue.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { checkCompare } from './_compare.ts';
import { checkListRule } from './_list-rules.ts';
import { checkOutlier, checkYearToDate } from './_year-rules.ts';
import type { RuleContext } from './rule-context.ts';

/**
 * Runs the rules of the record's form (they are data in templates/forms/*.json) on one record: compare rules
 * (stock–flow included: it is a compare rule with a previous-period term), the list rules, and the
 * cross-period rules, which read the other records through `ctx.history`. `reconcile` rules span two
 * forms and run in checkAcross. Pure; the issues come in rule order.
 */
export function checkRecord(record: FormRecord, ctx: RuleContext): Issue[] {
  const form = ctx.forms[record.formId];
  return form.rules.flatMap((rule): Issue[] => {
    switch (rule.check) {
      case 'compare':
        return checkCompare(record, rule, form, ctx);
      case 'list-ward':
      case 'list-window':
      case 'list-unique':
        return checkListRule(record, rule, form, ctx);
      case 'year-to-date':
        return checkYearToDate(record, rule, form, ctx);
      case 'outlier':
        return checkOutlier(record, rule, form, ctx);
      case 'reconcile':
        return [];
      default:
        return assertNever(rule);
    }
  });
}

// --- internal ---

function assertNever(value: never): never {
  throw new Error(`unhandled rule ${JSON.stringify(value)}`);
}

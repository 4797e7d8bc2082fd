import type { Form, Rule } from '../domain/form-schema.ts';
import { indicatorsOf } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { ruleIssue, viNumber } from './_rule-issue.ts';
import { earlierRecordsInYear, type RuleContext } from './rule-context.ts';

type YearToDateRule = Extract<Rule, { check: 'year-to-date' }>;
type OutlierRule = Extract<Rule, { check: 'outlier' }>;

/**
 * A `Lũy kế từ đầu năm` (column F) against the roll-up of the unit's forms of the same period type from January
 * up to and including this one, over the periods the tool knows (a month not received simply adds nothing, and
 * the message tells the clerk to send it): `sum` indicators add the reported values, `last` ones take the
 * latest reported value. Skipped where no period of the year reported the indicator at all.
 */
export function checkYearToDate(record: FormRecord, rule: YearToDateRule, form: Form, ctx: RuleContext): Issue[] {
  const span = [...earlierRecordsInYear(record, ctx.history), record];
  return indicatorsOf(form).flatMap((indicator) => {
    const entry = record.values[indicator.code];
    if (!entry || entry.yearToDate === null) return [];
    const known = span.map((r) => r.values[indicator.code]?.value ?? null).filter((v): v is number => v !== null);
    if (known.length === 0) return [];
    const expected = indicator.overTime === 'sum' ? known.reduce((a, b) => a + b, 0) : (known.at(-1) ?? 0);
    if (expected === entry.yearToDate) return [];
    const at = { unit: record.unitCode, file: record.file, sheet: form.sheet, cell: entry.yearToDateCell };
    return [ruleIssue(rule, at, { code: indicator.code, found: viNumber(entry.yearToDate), expected: viNumber(expected) })];
  });
}

/**
 * A likely typing error: a value above `factor` × the median of the same unit's values of the indicator over
 * the earlier periods of the same type in the year, once `minPeriods` of them are known and the median is
 * above 0. The median of an even count is the mean of the two middle values. Yes/no indicators are exempt.
 */
export function checkOutlier(record: FormRecord, rule: OutlierRule, form: Form, ctx: RuleContext): Issue[] {
  const earlier = earlierRecordsInYear(record, ctx.history);
  return indicatorsOf(form).flatMap((indicator) => {
    const entry = record.values[indicator.code];
    if (indicator.type === 'yesno' || !entry || entry.value === null) return [];
    const known = earlier.map((r) => r.values[indicator.code]?.value ?? null).filter((v): v is number => v !== null);
    if (known.length < rule.minPeriods) return [];
    const m = median(known);
    if (m <= 0 || entry.value <= rule.factor * m) return [];
    const at = { unit: record.unitCode, file: record.file, sheet: form.sheet, cell: entry.cell };
    return [ruleIssue(rule, at, { code: indicator.code, found: viNumber(entry.value), median: viNumber(m), factor: viNumber(rule.factor) })];
  });
}

// --- internal ---

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const lower = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const upper = sorted[Math.ceil((sorted.length - 1) / 2)] ?? 0;
  return (lower + upper) / 2;
}

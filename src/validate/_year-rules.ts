import type { Form, Rule } from '../domain/form-schema.ts';
import { indicatorsOf } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { ruleIssue, viNumber } from './_rule-issue.ts';
import { issue } from '../domain/issue-catalog.ts';
import { periodLabelVi, type Period } from '../domain/period.ts';
import { judgeOutlier } from './_outlier.ts';
import { earlierRecordsInYear, missingEarlierPeriods, type RuleContext } from './rule-context.ts';

type YearToDateRule = Extract<Rule, { check: 'year-to-date' }>;
type OutlierRule = Extract<Rule, { check: 'outlier' }>;

/**
 * A `Lũy kế từ đầu năm` (column F) against the roll-up of the unit's forms of the same period type from January
 * up to and including this one: `sum` indicators add the reported values, `last` ones take the latest reported value.
 * It runs only on what it can know: when an earlier period of the unit is not among the files read (one month's
 * folder checked alone), a `sum` indicator (or a `last` one left empty this period) is not checked, and the record
 * gets one info `scope.ytd-unchecked` naming the missing periods instead of a false warning.
 * Skipped where no period of the year reported the indicator at all.
 */
export function checkYearToDate(record: FormRecord, rule: YearToDateRule, form: Form, ctx: RuleContext): Issue[] {
  const span = [...earlierRecordsInYear(record, ctx.history), record];
  const missing = missingEarlierPeriods(record, ctx.history);
  let unchecked = false;
  const issues = indicatorsOf(form).flatMap((indicator) => {
    const entry = record.values[indicator.code];
    if (!entry || entry.yearToDate === null) return [];
    if (missing.length > 0 && (indicator.overTime === 'sum' || entry.value === null)) {
      unchecked = true;
      return [];
    }
    const known = span.map((r) => r.values[indicator.code]?.value ?? null).filter((v): v is number => v !== null);
    if (known.length === 0) return [];
    const expected = indicator.overTime === 'sum' ? known.reduce((a, b) => a + b, 0) : (known.at(-1) ?? 0);
    if (expected === entry.yearToDate) return [];
    const at = { unit: record.unitCode, file: record.file, sheet: form.sheet, cell: entry.yearToDateCell };
    return [ruleIssue(rule, at, { code: indicator.code, found: viNumber(entry.yearToDate), expected: viNumber(expected) })];
  });
  if (!unchecked) return issues;
  const at = { unit: record.unitCode, file: record.file, sheet: form.sheet };
  return [...issues, issue('scope.ytd-unchecked', at, { missing: periodsText(missing) })];
}

/**
 * A likely typing error (see _outlier.ts for the test and why): the value against the same unit's values of the
 * indicator over the earlier periods of the same type in the year, once `minPeriods` of them are known; a `last`
 * indicator (a stock) against its latest earlier value. Yes/no indicators are exempt.
 */
export function checkOutlier(record: FormRecord, rule: OutlierRule, form: Form, ctx: RuleContext): Issue[] {
  const earlier = earlierRecordsInYear(record, ctx.history);
  return indicatorsOf(form).flatMap((indicator) => {
    const entry = record.values[indicator.code];
    if (indicator.type === 'yesno' || !entry || entry.value === null) return [];
    const known = earlier.map((r) => r.values[indicator.code]?.value ?? null).filter((v): v is number => v !== null);
    if (known.length < rule.minPeriods) return [];
    const stock = indicator.overTime === 'last';
    const reference = stock ? known.slice(-1) : known;
    const verdict = judgeOutlier(entry.value, reference, indicator.type === 'money' ? 'money' : 'count', rule);
    if (!verdict) return [];
    const at = { unit: record.unitCode, file: record.file, sheet: form.sheet, cell: entry.cell };
    return [
      ruleIssue(rule, at, {
        code: indicator.code,
        found: viNumber(entry.value),
        median: viNumber(verdict.median),
        factor: viNumber(rule.factor),
        reference: stock ? 'số kỳ trước' : 'trung vị các kỳ trước trong năm',
      }),
    ];
  });
}

// --- internal ---

/** "báo cáo tháng 1–2, 5", "báo cáo quý I", "báo cáo 6 tháng đầu năm". */
function periodsText(periods: readonly Period[]): string {
  const first = periods[0];
  if (!first) return '';
  if (first.type === 'month') return `báo cáo tháng ${runs(periods.map((p) => p.index))}`;
  return `báo cáo ${periods.map((p) => periodLabelVi(p).replace(/ năm \d{4}$/, '')).join(', ')}`;
}

/** 1,2,3,5 → "1–3, 5". */
function runs(indexes: readonly number[]): string {
  const out: string[] = [];
  let start = indexes[0];
  for (let k = 0; k < indexes.length; k++) {
    const here = indexes[k]!;
    const next = indexes[k + 1];
    if (next === here + 1) continue;
    out.push(start === here ? String(here) : `${start}–${here}`);
    start = next;
  }
  return out.join(', ');
}

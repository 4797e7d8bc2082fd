import type { FormSet } from '../load/load-forms.ts';
import { formatDateVi, formatNumberVi } from '../common/vi-format.ts';
import { issue } from '../domain/issue-catalog.ts';
import { sortIssues, type Issue } from '../domain/issue.ts';
import {
  addDays,
  lastDayOf,
  parsePeriodId,
  periodLabelVi,
  periodWindow,
  hasPreviousPeriod,
  previousPeriod,
  samePeriodLastYear,
  type Period,
  type WindowMode,
} from '../domain/period.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { isUnitValidOn, type Unit, type UnitRegistry } from '../domain/units.ts';
import { unitMonths, unitsOfPeriod, unitsOfYearToDate, type UnitInstance } from '../domain/unit-instances.ts';
import { summarizeUnit } from './completeness.ts';
import { buildIndicators, type UnitResult } from './indicator-totals.ts';
import { comparableTotals, monthlyTotals, yearToDateMonthlyTotals } from './period-comparisons.ts';
import { childPeriods, yearToDatePeriods } from './period-pieces.ts';
import type { Plan } from '../domain/plan-schema.ts';
import { indexRecords, type RejectedRecord } from './record-index.ts';
import type { ReportModel } from './report-model.ts';
import { resolveCoverage, resolveSpan, type Coverage, type RollupConflict, type RollupContext } from './rollup.ts';
import type { Summary } from '../domain/summary-schema.ts';
import { evaluateTargets } from './targets.ts';
import { collectTexts } from './unit-texts.ts';
import { assessWards, summaryAssessment } from './assessment.ts';
import type { Criteria } from '../domain/criteria-schema.ts';

export interface ReportModelInput {
  readonly period: Period;
  readonly window: WindowMode;
  /** A form is due this many days after its own period's data window ends. */
  readonly deadlineDays: number;
  /** The reports are dated this many days after the period's data window ends. */
  readonly reportDateDays: number;
  /** The run's accepted records: any period, any unit (the whole inbox), duplicates already resolved. */
  readonly records: readonly FormRecord[];
  /** Workbooks read but rejected (error-level issues). */
  readonly rejected: readonly RejectedRecord[];
  /** The run's validation issues, carried into summary.issues. */
  readonly issues: readonly Issue[];
  readonly ignoredFiles: number;
  readonly units: UnitRegistry;
  readonly forms: FormSet;
  readonly plan: Plan;
  /** The criteria of the wards' assessment (spec/assessment.md); scored for a year only, when given. */
  readonly criteria?: Criteria | null;
}

/**
 * Aggregation: from the accepted forms of the run to everything the renderers need. Pure: every date,
 * setting and record arrives as an argument. `summary.outputs` is left empty for the command that writes them.
 */
export function buildReportModel(input: ReportModelInput): ReportModel {
  const { period, window, forms } = input;
  const ctx: RollupContext = { index: indexRecords(input.records, input.rejected), forms };
  // Expected: every unit valid during part of the period (spec/forms.md), each for the months inside its validity;
  // wards first. Across the 2025 reorganisation a code may name two of them: they are told apart by `key`.
  const expected = unitsOfPeriod(input.units, period);
  const coverages = new Map<Unit, Coverage>(expected.map((u) => [u, resolveCoverage(ctx, u, period)]));
  const ytdPieces = yearToDatePeriods(period);
  // The year to date may reach back across the reorganisation (2025-Q3: January–June were the old wards'): its units
  // are those of January to the period's end. For a period that crosses nothing they are `expected` itself.
  const sameUnit = (a: Unit, b: Unit): boolean => a.code === b.code && a.validFrom === b.validFrom && a.validTo === b.validTo;
  const ytdUnits = unitsOfYearToDate(input.units, period).map((u) => expected.find((e) => sameUnit(e, u)) ?? u);
  const ytd = new Map<Unit, Coverage>(ytdUnits.map((u) => [u, resolveSpan(ctx, u, ytdPieces)]));
  // Targets only ask about expected units, which are all in the maps; the fallbacks keep the functions total.
  const coverageOf = (u: Unit): Coverage => coverages.get(u) ?? resolveCoverage(ctx, u, period);
  const ytdOf = (u: Unit): Coverage => ytd.get(u) ?? resolveSpan(ctx, u, ytdPieces);

  const issues: Issue[] = [];
  const units: Summary['units'] = [];
  const accepted: (UnitResult & { records: readonly FormRecord[] })[] = [];
  for (const unit of expected) {
    const coverage = coverageOf(unit);
    const line = summarizeUnit(unit, coverage, { period, window, deadlineDays: input.deadlineDays, forms, gaps: () => missingMonths(ctx, unit, period) });
    units.push(line.unit);
    issues.push(...line.issues);
    if (coverage.status !== 'accepted') continue;
    accepted.push({ unit, values: coverage.values, records: coverage.records });
    issues.push(...coverage.conflicts.map((c) => conflictIssue(c, unit.key, forms)));
  }

  issues.push(...partialUnitIssues(expected, period));

  const assessment =
    period.type === 'year' && input.criteria
      ? assessWards({ criteria: input.criteria, year: period, window, deadlineDays: input.deadlineDays, rollup: ctx, wards: expected.filter((u) => u.kind === 'ward'), yearCoverage: coverageOf })
      : null;
  const dataWindow = periodWindow(period, window);
  const summary: Summary = {
    schema: 'baocao.summary/1',
    period: { id: period.id, type: period.type, from: dataWindow.from, to: dataWindow.to, window },
    units,
    indicators: buildIndicators(forms, accepted, period),
    targets: evaluateTargets(input.plan, { period, window, forms, units: expected, yearToDateUnits: ytdUnits, periodCoverage: coverageOf, yearToDateCoverage: ytdOf }),
    issues: sortIssues([...keyedIssues(input, expected), ...issues]),
    outputs: [],
    ignoredFiles: input.ignoredFiles,
    ...(assessment ? { assessment: summaryAssessment(assessment) } : {}),
  };
  return {
    summary,
    period,
    periodLabel: periodLabelVi(period),
    reportDate: addDays(dataWindow.to, input.reportDateDays),
    units: expected,
    forms,
    plan: input.plan,
    monthly: monthlyTotals(ctx, period, accepted.map((a) => a.unit)),
    // The charts' January-to-date also shows the months of units that ended before the period (2025-Q3: the old wards).
    yearToDateMonthly: yearToDateMonthlyTotals(ctx, period, [...accepted.map((a) => a.unit), ...ytdUnits.filter((u) => !expected.includes(u))]),
    previous: hasPreviousPeriod(period) ? comparableTotals(ctx, input.units, previousPeriod(period)) : null,
    sameLastYear: comparableTotals(ctx, input.units, samePeriodLastYear(period)),
    texts: collectTexts(accepted),
    assessment,
  };
}

// --- internal ---

/**
 * The run's issues with `unit` as the period's key: a code that names two units of the period (00004 in 2025) is
 * told apart by the period of the issue's workbook (its form speaks for the unit valid on that period's last day).
 * Issues of any other code, and every issue of a period that crosses no change, are left exactly as they are.
 */
function keyedIssues(input: Pick<ReportModelInput, 'issues' | 'records' | 'rejected'>, expected: readonly UnitInstance[]): readonly Issue[] {
  const shared = new Set(expected.filter((u) => u.key !== u.code).map((u) => u.code));
  if (shared.size === 0) return input.issues;
  const periodOfFile = new Map<string, string>([...input.records.map((r): [string, string] => [r.file, r.period.id]), ...input.rejected.map((r): [string, string] => [r.file, r.periodId])]);
  return input.issues.map((i) => {
    if (i.unit === undefined || !shared.has(i.unit) || i.file === undefined) return i;
    const id = periodOfFile.get(i.file);
    const p = id === undefined ? null : parsePeriodId(id);
    const unit = p ? expected.find((u) => u.code === i.unit && isUnitValidOn(u, lastDayOf(p))) : undefined;
    return unit ? { ...i, unit: unit.key } : i;
  });
}

/**
 * Units that existed during only part of the period (the 1 July 2025 reorganisation inside a year or a half year):
 * an information line each. Their months inside their validity are in the totals (issue 13); the line says which
 * part of the period the unit covers, so that nobody reads a shortened span as a gap.
 */
function partialUnitIssues(expected: readonly UnitInstance[], period: Period): Issue[] {
  const label = periodLabelVi(period);
  return expected.flatMap((u): Issue[] => {
    if (!u.partial) return [];
    const span = { unit: u.name, code: u.code, from: formatDateVi(u.spanFrom), to: formatDateVi(u.spanTo), period: label };
    return [u.atEnd ? issue('unit.partial-period', { unit: u.key }, span) : issue('unit.ended-in-period', { unit: u.key }, span)];
  });
}

/**
 * The months of the unit's span that lack an accepted form (none of the month's own, nor of a larger piece covering it):
 * "missing for March only" rather than for the whole year. Empty for a month period, or when nothing of the span came.
 */
function missingMonths(ctx: RollupContext, unit: Unit, period: Period): string[] {
  if (period.type === 'month') return [];
  const walk = (p: Period): string[] => {
    if (resolveCoverage(ctx, unit, p).status !== 'missing') return [];
    const pieces = childPeriods(p);
    return pieces.length === 0 ? [p.id] : pieces.flatMap(walk);
  };
  const months = walk(period);
  // Nothing at all for its span: the plain "not reported" says it; listing every month would only be longer.
  return months.length === unitMonths(unit, period).length ? [] : months;
}

/** The whole-period form won; its cell is where the unit must look to reconcile with its smaller forms. */
function conflictIssue(c: RollupConflict, unitKey: string, forms: FormSet): Issue {
  const cell = c.record.values[c.code]?.cell;
  const at = { unit: unitKey, file: c.record.file, sheet: forms[c.record.formId].sheet, cell };
  const show = (v: number | null): string => (v === null ? '(để trống)' : formatNumberVi(v));
  return issue('rollup.period-vs-monthly', at, {
    code: c.code,
    period: c.record.period.id,
    periodValue: show(c.periodValue),
    monthlyValue: show(c.rolledUpValue),
  });
}

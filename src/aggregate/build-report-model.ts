import type { FormSet } from '../load/load-forms.ts';
import { formatDateVi, formatNumberVi } from '../common/vi-format.ts';
import { issue } from '../domain/issue-catalog.ts';
import { sortIssues, type Issue } from '../domain/issue.ts';
import {
  addDays,
  isoDate,
  monthRange,
  lastDayOf,
  periodLabelVi,
  periodWindow,
  hasPreviousPeriod,
  previousPeriod,
  samePeriodLastYear,
  type Period,
  type WindowMode,
} from '../domain/period.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { unitsValidOn, type Unit, type UnitRegistry } from '../domain/units.ts';
import { summarizeUnit } from './completeness.ts';
import { buildIndicators, type UnitResult } from './indicator-totals.ts';
import { comparableTotals, monthlyTotals, yearToDateMonthlyTotals } from './period-comparisons.ts';
import { yearToDatePeriods } from './period-pieces.ts';
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
  // Expected: the units that exist on the period's last day (spec/forms.md), in registry order.
  const expected = unitsValidOn(input.units, lastDayOf(period));
  const coverages = new Map(expected.map((u) => [u, resolveCoverage(ctx, u, period)]));
  const ytdPieces = yearToDatePeriods(period);
  const ytd = new Map(expected.map((u) => [u, resolveSpan(ctx, u, ytdPieces)]));
  // Targets only ask about expected units, which are all in the maps; the fallbacks keep the functions total.
  const coverageOf = (u: Unit): Coverage => coverages.get(u) ?? resolveCoverage(ctx, u, period);
  const ytdOf = (u: Unit): Coverage => ytd.get(u) ?? resolveSpan(ctx, u, ytdPieces);

  const issues: Issue[] = [];
  const units: Summary['units'] = [];
  const accepted: (UnitResult & { records: readonly FormRecord[] })[] = [];
  for (const unit of expected) {
    const coverage = coverageOf(unit);
    const line = summarizeUnit(unit, coverage, { period, window, deadlineDays: input.deadlineDays, forms });
    units.push(line.unit);
    issues.push(...line.issues);
    if (coverage.status !== 'accepted') continue;
    accepted.push({ unit, values: coverage.values, records: coverage.records });
    issues.push(...coverage.conflicts.map((c) => conflictIssue(c, unit, forms)));
  }

  issues.push(...partialUnitIssues(input.units, period));

  const assessment =
    period.type === 'year' && input.criteria
      ? assessWards({ criteria: input.criteria, year: period, window, deadlineDays: input.deadlineDays, rollup: ctx, wards: expected.filter((u) => u.kind === 'ward'), yearCoverage: coverageOf })
      : null;
  const dataWindow = periodWindow(period, window);
  const summary: Summary = {
    schema: 'baocao.summary/1',
    period: { id: period.id, type: period.type, from: dataWindow.from, to: dataWindow.to, window },
    units,
    indicators: buildIndicators(forms, accepted),
    targets: evaluateTargets(input.plan, { period, window, forms, units: expected, periodCoverage: coverageOf, yearToDateCoverage: ytdOf }),
    issues: sortIssues([...input.issues, ...issues]),
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
    yearToDateMonthly: yearToDateMonthlyTotals(ctx, period, accepted.map((a) => a.unit)),
    previous: hasPreviousPeriod(period) ? comparableTotals(ctx, input.units, previousPeriod(period)) : null,
    sameLastYear: comparableTotals(ctx, input.units, samePeriodLastYear(period)),
    texts: collectTexts(accepted),
    assessment,
  };
}

// --- internal ---

/**
 * Units that existed during only part of the period (the 1 July 2025 reorganisation inside a year or a half year):
 * the report says so instead of showing a silently shortened span (issue 13). A unit that began inside the period
 * is rolled up from its start only; a unit that ended inside it is not among the expected units (they are those of
 * the period's last day), so its figures for the part it existed belong to a report of that earlier span.
 */
function partialUnitIssues(registry: UnitRegistry, period: Period): Issue[] {
  const first = periodFirstDay(period);
  const last = lastDayOf(period);
  const out: Issue[] = [];
  for (const u of registry.units) {
    const overlaps = (u.validFrom === null || u.validFrom <= last) && (u.validTo === null || u.validTo >= first);
    if (!overlaps) continue;
    const label = periodLabelVi(period);
    if (u.validTo !== null && u.validTo < last) {
      out.push(issue('unit.ended-in-period', { unit: u.code }, { unit: u.name, code: u.code, to: formatDateVi(u.validTo), period: label }));
    } else if (u.validFrom !== null && u.validFrom > first) {
      out.push(issue('unit.partial-period', { unit: u.code }, { unit: u.name, code: u.code, from: formatDateVi(u.validFrom), period: label }));
    }
  }
  return out;
}

/** The first calendar day of the period. */
const periodFirstDay = (p: Period): string => isoDate(p.year, monthRange(p).first, 1);

/** The whole-period form won; its cell is where the unit must look to reconcile with its smaller forms. */
function conflictIssue(c: RollupConflict, unit: Unit, forms: FormSet): Issue {
  const cell = c.record.values[c.code]?.cell;
  const at = { unit: unit.code, file: c.record.file, sheet: forms[c.record.formId].sheet, cell };
  const show = (v: number | null): string => (v === null ? '(để trống)' : formatNumberVi(v));
  return issue('rollup.period-vs-monthly', at, {
    code: c.code,
    period: c.record.period.id,
    periodValue: show(c.periodValue),
    monthlyValue: show(c.rolledUpValue),
  });
}

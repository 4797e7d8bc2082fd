import type { ReportModel } from '../../aggregate/report-model.ts';
import { goalOf, round1 } from '../../aggregate/target-status.ts';
import { elapsedShare, parsePeriodId } from '../../domain/period.ts';
import { unitLabel } from '../unit-label.ts';
import { formatNumberVi } from '../../common/vi-format.ts';
import type { ChartDefinition } from '../../domain/chart-schema.ts';

/** One series of a chart: bars or a line, one value per category (null: no data, drawn as a gap). */
export interface ChartSeries {
  readonly name: string;
  readonly type: 'bar' | 'line';
  /** A reference line (a target, a pace): dashed, no markers. */
  readonly reference: boolean;
  readonly values: readonly (number | null)[];
  /** Where each value comes from in the report's tables, so that a workbook can link to it (null: computed here). */
  readonly sources?: readonly (ValueSource | null)[];
  /** A running total of another series (by index): a workbook writes it as a formula over that series. */
  readonly runningTotalOf?: number;
}

/** A number the report's tables also show: a district total of a month, or a ward's ratio for a target. */
export type ValueSource = { readonly kind: 'month-total'; readonly code: string; readonly month: string } | { readonly kind: 'ward-ratio'; readonly target: string; readonly unitCode: string; readonly unitName: string };

/**
 * A chart as pure data, the same for the Excel report (native chart over a data table) and the Word report
 * (a picture): titles in Vietnamese, categories (months or wards), series.
 */
export interface ChartModel {
  readonly id: string;
  readonly title: string;
  /** The second title line: the span the chart covers. */
  readonly subtitle: string;
  readonly categoryAxis: string;
  readonly valueAxis: string;
  readonly categories: readonly string[];
  readonly series: readonly ChartSeries[];
  /** How the values print: counts (1.200) or percentages with one decimal (87,5). */
  readonly format: 'count' | 'percent';
}

/**
 * The report's charts: the definitions meant for this kind of period, in their order, built from the report
 * model. Pure. A definition that does not fit the plan (an unknown target, a target of another kind) gives no chart.
 * Month reports show the months from January to the period's last month.
 */
export function buildCharts(model: ReportModel, definitions: readonly ChartDefinition[]): ChartModel[] {
  // A range of months (issue 16) gets the charts meant for a quarter: it rolls up like one.
  const type = model.period.type === 'range' ? 'quarter' : model.period.type;
  return definitions.filter((d) => d.periods.includes(type)).flatMap((d) => {
    const chart = buildChart(model, d);
    return chart === null ? [] : [nfc(chart)];
  });
}

// --- internal ---

function buildChart(model: ReportModel, d: ChartDefinition): ChartModel | null {
  switch (d.kind) {
    case 'target-pace':
      return paceChart(model, d);
    case 'ward-ratio':
      return wardRatioChart(model, d);
    case 'monthly':
      return monthlyChart(model, d);
  }
}

const monthLabel = (id: string): string => `Tháng ${parsePeriodId(id)?.index ?? id}`;

function monthSpan(model: ReportModel): string {
  const months = model.yearToDateMonthly.months;
  const last = months.at(-1);
  const year = model.period.year;
  if (last === undefined) return `Năm ${year}`;
  return months.length === 1 ? `${monthLabel(last)} năm ${year}` : `Từ tháng 1 đến ${monthLabel(last).toLowerCase()} năm ${year}`;
}

function paceChart(model: ReportModel, d: Extract<ChartDefinition, { kind: 'target-pace' }>): ChartModel | null {
  const target = model.plan.targets.find((t) => t.id === d.target);
  if (!target || target.measure.kind !== 'sum') return null;
  const code = target.measure.code;
  const { months, totals } = model.yearToDateMonthly;
  const monthly = months.map((m) => totals[m]?.[code] ?? null);
  let running: number | null = null;
  const cumulative = monthly.map((v) => {
    if (v !== null) running = (running ?? 0) + v;
    return running;
  });
  const min = goalOf(target.target).min;
  const window = model.summary.period.window;
  const series: ChartSeries[] = [
    { name: d.series.month, type: 'bar', reference: false, values: monthly, sources: months.map((month) => ({ kind: 'month-total', code, month })) },
    { name: d.series.cumulative, type: 'line', reference: false, values: cumulative, runningTotalOf: 0 },
  ];
  if (min !== undefined) {
    const pace = months.map((m) => {
      const p = parsePeriodId(m);
      return p === null ? null : round1(min * elapsedShare(p, window));
    });
    series.push({ name: `${d.series.pace} (${formatNumberVi(min)} ${target.unit}/năm)`, type: 'line', reference: true, values: pace });
  }
  return { id: d.id, title: d.title, subtitle: monthSpan(model), categoryAxis: 'Tháng', valueAxis: d.valueAxis, categories: months.map(monthLabel), series, format: 'count' };
}

function wardRatioChart(model: ReportModel, d: Extract<ChartDefinition, { kind: 'ward-ratio' }>): ChartModel | null {
  const target = model.plan.targets.find((t) => t.id === d.target);
  const byUnit = model.summary.targets[d.target]?.byUnit;
  if (!target || target.measure.kind !== 'ratio' || !byUnit) return null;
  const wards = model.units.filter((u) => u.key in byUnit);
  if (wards.length === 0) return null;
  const goal = goalOf(target.target).min;
  const series: ChartSeries[] = [
    {
      name: d.series.ratio,
      type: 'bar',
      reference: false,
      values: wards.map((u) => byUnit[u.key]?.ratio ?? null),
      sources: wards.map((u) => ({ kind: 'ward-ratio', target: d.target, unitCode: u.key, unitName: unitLabel(u) })),
    },
  ];
  if (goal !== undefined) series.push({ name: `${d.series.goal} ${formatNumberVi(goal)}%`, type: 'line', reference: true, values: wards.map(() => goal) });
  return {
    id: d.id,
    title: d.title,
    subtitle: model.periodLabel.charAt(0).toLocaleUpperCase('vi') + model.periodLabel.slice(1),
    categoryAxis: 'Phường',
    valueAxis: d.valueAxis,
    categories: wards.map((u) => unitLabel(u, { short: true })),
    series,
    format: 'percent',
  };
}

function monthlyChart(model: ReportModel, d: Extract<ChartDefinition, { kind: 'monthly' }>): ChartModel {
  const { months, totals } = model.yearToDateMonthly;
  const series: ChartSeries[] = d.series.map((s) => ({
    name: s.name,
    type: 'bar',
    reference: false,
    values: months.map((m) => totals[m]?.[s.code] ?? null),
    sources: months.map((month) => ({ kind: 'month-total', code: s.code, month })),
  }));
  return { id: d.id, title: d.title, subtitle: monthSpan(model), categoryAxis: 'Tháng', valueAxis: d.valueAxis, categories: months.map(monthLabel), series, format: 'count' };
}

/** Titles and names typed into charts.json may come decomposed (NFD): everything a clerk reads is NFC. */
function nfc(c: ChartModel): ChartModel {
  const n = (t: string): string => t.normalize('NFC');
  return {
    ...c,
    title: n(c.title),
    subtitle: n(c.subtitle),
    categoryAxis: n(c.categoryAxis),
    valueAxis: n(c.valueAxis),
    categories: c.categories.map(n),
    series: c.series.map((s) => ({ ...s, name: n(s.name) })),
  };
}

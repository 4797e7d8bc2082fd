import { describe, expect, it } from 'vitest';
import type { ChartDefinition } from '../../domain/chart-schema.ts';
import { loadChartSetup } from '../../load/load-charts.ts';
import { sampleReportModel } from '../../../test/support/sample-model.ts';
import { buildCharts, type ChartModel } from './chart-model.ts';

const definitions = loadChartSetup().definitions;
const byId = (charts: ChartModel[], id: string): ChartModel => {
  const c = charts.find((x) => x.id === id);
  if (!c) throw new Error(`no chart ${id}`);
  return c;
};
const values = (c: ChartModel, k: number): readonly (number | null)[] => c.series[k]?.values ?? [];

describe('buildCharts: the shipped chart set', () => {
  it('gives a month report the pace and activity charts from January, and quarter, half and year all three', () => {
    const month = buildCharts(sampleReportModel('2021-03'), definitions);
    expect(month.map((c) => c.id)).toEqual(['tien-do-CT4', 'hoat-dong-theo-thang']);
    expect(month[0]?.categories).toEqual(['Tháng 1', 'Tháng 2', 'Tháng 3']);
    expect(month[0]?.subtitle).toBe('Từ tháng 1 đến tháng 3 năm 2021');
    for (const p of ['2021-Q2', '2021-H1', '2021']) {
      expect(buildCharts(sampleReportModel(p), definitions).map((c) => c.id)).toEqual(['tien-do-CT4', 'ty-le-CT8', 'hoat-dong-theo-thang']);
    }
    // A quarter's charts still run from January (the year to date), not from the quarter's first month.
    expect(byId(buildCharts(sampleReportModel('2021-Q2'), definitions), 'tien-do-CT4').categories).toHaveLength(6);
  });

  it('plots CA01 month by month, its running total, and the pace of the 400 target by the data windows', () => {
    const model = sampleReportModel('2021');
    const chart = byId(buildCharts(model, definitions), 'tien-do-CT4');
    const ca01 = model.yearToDateMonthly.months.map((m) => model.yearToDateMonthly.totals[m]?.['CA01'] ?? null);
    expect(values(chart, 0)).toEqual(ca01);
    let sum = 0;
    expect(values(chart, 1)).toEqual(ca01.map((v) => (sum += v ?? 0)));
    expect(chart.series.map((s) => [s.type, s.reference])).toEqual([['bar', false], ['line', false], ['line', true]]);
    expect(chart.series[2]?.name).toBe('Tiến độ chỉ tiêu (400 lượt/năm)');
    // Decree 09 windows: January is 15/12–14/1, 31 of the year's 365 days; December closes the year at the target.
    expect(values(chart, 2)[0]).toBe(34);
    expect(values(chart, 2)[11]).toBe(400);
    expect(chart.series[1]?.runningTotalOf).toBe(0);
    expect(chart.series[0]?.sources?.[2]).toEqual({ kind: 'month-total', code: 'CA01', month: '2021-03' });
  });

  it('plots each ward’s CT8 ratio against the 80% line; a ward without data is a gap, not 0', () => {
    const model = sampleReportModel('2021-Q1');
    const chart = byId(buildCharts(model, definitions), 'ty-le-CT8');
    const wards = model.units.filter((u) => u.kind === 'ward');
    expect(chart.categories).toHaveLength(14);
    expect(chart.categories[0]).toBe(wards[0]?.name.replace(/^Phường /u, ''));
    const byUnit = model.summary.targets['CT8']?.byUnit ?? {};
    expect(values(chart, 0)).toEqual(wards.map((u) => byUnit[u.code]?.ratio ?? null));
    expect(values(chart, 0)[wards.findIndex((u) => u.code === '00010')]).toBeNull();
    expect(values(chart, 1)).toEqual(wards.map(() => 80));
    expect(chart.series[1]?.name).toBe('Chỉ tiêu 80%');
    expect(chart.format).toBe('percent');
  });

  it('plots TT01 and KT02 totals by month', () => {
    const model = sampleReportModel('2021');
    const chart = byId(buildCharts(model, definitions), 'hoat-dong-theo-thang');
    const { months, totals } = model.yearToDateMonthly;
    expect(values(chart, 0)).toEqual(months.map((m) => totals[m]?.['TT01'] ?? null));
    expect(values(chart, 1)).toEqual(months.map((m) => totals[m]?.['KT02'] ?? null));
    expect(values(chart, 1)[11]).toBeGreaterThan(0);
  });
});

describe('buildCharts: the set is data', () => {
  const model = sampleReportModel('2021');

  it('draws a chart a district adds, and none for a definition that does not fit the plan', () => {
    const added: ChartDefinition[] = [
      { id: 'xu-ly', kind: 'monthly', periods: ['year'], title: 'Xử lý vi phạm', valueAxis: 'Cơ sở', series: [{ code: 'KT04', name: 'Cơ sở bị xử lý' }] },
      { id: 'tien-do-CT8', kind: 'target-pace', target: 'CT8', periods: ['year'], title: 'x', valueAxis: 'x', series: { month: 'a', cumulative: 'b', pace: 'c' } },
      { id: 'khong-co', kind: 'ward-ratio', target: 'CT99', periods: ['year'], title: 'x', valueAxis: 'x', series: { ratio: 'a', goal: 'b' } },
      { id: 'chi-quy', kind: 'monthly', periods: ['quarter'], title: 'x', valueAxis: 'x', series: [{ code: 'TT01', name: 'a' }] },
    ];
    const charts = buildCharts(model, added);
    expect(charts.map((c) => c.id)).toEqual(['xu-ly']);
    // A title typed decomposed comes out composed.
    const [nfd] = buildCharts(model, [{ ...added[0]!, title: 'Xử lý vi phạm'.normalize('NFD') }]);
    expect(nfd?.title).toBe('Xử lý vi phạm'.normalize('NFC'));
    expect(values(charts[0]!, 0)).toEqual(model.yearToDateMonthly.months.map((m) => model.yearToDateMonthly.totals[m]?.['KT04'] ?? null));
  });
});

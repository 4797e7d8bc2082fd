import { expect, it } from 'vitest';
import { SummarySchema } from '../../src/domain/summary-schema.ts';
import { sampleReportModel } from './sample-model.ts';

it('the sample model is a valid summary for a month, a quarter and a year', () => {
  for (const p of ['2021-03', '2021-Q1', '2021']) {
    const m = sampleReportModel(p);
    expect(SummarySchema.parse(m.summary).period.id).toBe(p);
    expect(m.summary.units).toHaveLength(16);
    expect(m.summary.indicators.TT01?.byUnit).not.toHaveProperty('00010');
  }
});

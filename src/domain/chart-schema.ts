import { z } from 'zod';
import { IndicatorCode } from './form-schema.ts';

/**
 * The charts of the reports, as data (templates/charts/charts.json): which kind, over which target or
 * indicators, in which reports, with which Vietnamese titles. A district adds a chart by adding an entry.
 */
const PeriodTypes = z.array(z.enum(['month', 'quarter', 'half', 'year'])).min(1);
const Text = z.string().min(1);
const TargetId = z.string().regex(/^[A-Z]+[0-9]+$/);

export const ChartDefinitionSchema = z.discriminatedUnion('kind', [
  /** A target summed over the year (CT4: CA01): each month, the running total, and the pro-rata pace of the target. */
  z.strictObject({
    id: Text,
    kind: z.literal('target-pace'),
    target: TargetId,
    periods: PeriodTypes,
    title: Text,
    valueAxis: Text,
    series: z.strictObject({ month: Text, cumulative: Text, pace: Text }),
  }),
  /** A ratio target judged ward by ward (CT8): each ward's ratio, and the target as a line. */
  z.strictObject({
    id: Text,
    kind: z.literal('ward-ratio'),
    target: TargetId,
    periods: PeriodTypes,
    title: Text,
    valueAxis: Text,
    series: z.strictObject({ ratio: Text, goal: Text }),
  }),
  /** District totals of some indicators, month by month from January. */
  z.strictObject({
    id: Text,
    kind: z.literal('monthly'),
    periods: PeriodTypes,
    title: Text,
    valueAxis: Text,
    series: z.array(z.strictObject({ code: IndicatorCode, name: Text })).min(1),
  }),
]);
export type ChartDefinition = z.infer<typeof ChartDefinitionSchema>;

/** templates/charts/charts.json. */
export const ChartSetSchema = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(1),
  charts: z.array(ChartDefinitionSchema),
});

/** What the renderers need to draw the charts: the definitions, and the font files the pictures are drawn with. */
export interface ChartSetup {
  readonly definitions: readonly ChartDefinition[];
  readonly fontFiles: readonly string[];
}

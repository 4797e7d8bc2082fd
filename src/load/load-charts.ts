import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ChartSetSchema, type ChartSetup } from '../domain/chart-schema.ts';
import { templatesUrl } from './templates.ts';

/** The fonts the chart pictures are drawn with (templates/fonts: Liberation Serif, see its LICENSE). */
const FONT_FILES = ['LiberationSerif-Regular.ttf', 'LiberationSerif-Bold.ttf', 'LiberationSerif-Italic.ttf'];

let shipped: ChartSetup | undefined;

/** The charts the tool ships (templates/charts/charts.json) and its chart fonts; read once. */
export function loadChartSetup(): ChartSetup {
  shipped ??= {
    definitions: ChartSetSchema.parse(JSON.parse(readFileSync(templatesUrl('charts/charts.json'), 'utf8'))).charts,
    fontFiles: FONT_FILES.map((f) => fileURLToPath(templatesUrl(`fonts/${f}`))),
  };
  return shipped;
}

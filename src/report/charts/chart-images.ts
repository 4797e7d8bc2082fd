import type { EChartsOption } from 'echarts';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { formatNumberVi } from '../../common/vi-format.ts';
import type { ChartSetup } from '../../domain/chart-schema.ts';
import { buildCharts, type ChartModel } from './chart-model.ts';
import { REFERENCE_COLOUR, SERIES_COLOURS } from './drawingml.ts';

/** A chart drawn as a PNG for the Word report, with the size it prints at (pixels at 96 dpi). */
export interface ChartImage {
  readonly id: string;
  readonly title: string;
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Drawing size (CSS pixels): the picture prints 16 cm wide; the PNG has 1.5 times the pixels (about 190 dpi in print). */
const WIDTH = 800;
const HEIGHT = 450;
const ZOOM = 1.5;
const PRINT_WIDTH = 605;

/**
 * The report's charts as pictures, drawn without a browser: ECharts' server-side SVG renderer, then resvg to
 * PNG with the shipped Liberation Serif (`setup.fontFiles`) (metric-compatible with Times New Roman, with every Vietnamese glyph),
 * never the machine's fonts, so the same model gives the same bytes on any machine. Both libraries are imported
 * here, lazily: only a Word report pays for them. Drawn once per model (the district and city reports share them).
 */
export function chartImagesFor(model: ReportModel, setup: ChartSetup): Promise<ChartImage[]> {
  let images = cached(model).get(setup);
  if (!images) {
    images = renderChartImages(buildCharts(model, setup.definitions), setup.fontFiles);
    cached(model).set(setup, images);
  }
  return images;
}

/**
 * The pictures of this model and setup, drawn elsewhere (compile draws them in its worker thread while this thread
 * prepares the Word report): chartImagesFor answers with them instead of drawing them again.
 */
export function rememberChartImages(model: ReportModel, setup: ChartSetup, images: Promise<ChartImage[]>): void {
  cached(model).set(setup, images);
}

function cached(model: ReportModel): WeakMap<ChartSetup, Promise<ChartImage[]>> {
  let bySetup = cache.get(model);
  if (!bySetup) {
    bySetup = new WeakMap<ChartSetup, Promise<ChartImage[]>>();
    cache.set(model, bySetup);
  }
  return bySetup;
}

/**
 * Loads echarts and resvg ahead of drawing (compile's worker, while the inbox is read), and draws one made-up chart
 * as SVG, thrown away: echarts' code is compiled by then, and the report's first chart no longer pays for it (~60 ms
 * cold against ~16 ms, on the path the Word report waits on; issue 18). Each drawing is its own echarts instance:
 * the pictures are the same bytes with or without it.
 */
export async function loadChartLibraries(): Promise<void> {
  const [echarts] = await Promise.all([import('echarts/dist/echarts.esm.min.mjs'), import('@resvg/resvg-js')]);
  svgOf(echarts, WARM_UP);
}

export async function renderChartImages(charts: readonly ChartModel[], fontFiles: readonly string[]): Promise<ChartImage[]> {
  if (charts.length === 0) return [];
  const echarts = await import('echarts/dist/echarts.esm.min.mjs');
  const { Resvg } = await import('@resvg/resvg-js');
  return charts.map((chart) => {
    const png = new Resvg(svgOf(echarts, chart), {
      fitTo: { mode: 'zoom', value: ZOOM },
      background: '#ffffff',
      font: { loadSystemFonts: false, fontFiles: [...fontFiles], defaultFontFamily: 'Liberation Serif' },
    })
      .render()
      .asPng();
    return { id: chart.id, title: chart.title, png, width: PRINT_WIDTH, height: Math.round((PRINT_WIDTH * HEIGHT) / WIDTH) };
  });
}

/** The ECharts option of a chart model: the same series, colours and texts as the Excel chart. */
export function chartOption(chart: ChartModel): EChartsOption {
  const percent = chart.format === 'percent';
  const show = (v: number): string => (percent ? `${formatNumberVi(v, 1)}%` : formatNumberVi(v));
  const barCount = chart.series.filter((s) => s.type === 'bar').length;
  const labelBars = barCount * chart.categories.length <= 24;
  const text = { fontFamily: FONT_FAMILY, color: '#262626' };
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, fontSize: 13 },
    title: {
      text: chart.title,
      subtext: chart.subtitle,
      left: 'center',
      top: 6,
      textStyle: { ...text, fontSize: 16, fontWeight: 'bold' },
      subtextStyle: { ...text, fontSize: 13, fontStyle: 'italic' },
    },
    legend: { bottom: 4, textStyle: { ...text, fontSize: 13 }, itemGap: 24 },
    grid: { left: 72, right: 24, top: 78, bottom: chart.categories.length > 12 ? 104 : 84 },
    xAxis: {
      type: 'category',
      data: [...chart.categories],
      axisLabel: { ...text, fontSize: 12, interval: 0, rotate: chart.categories.length > 12 ? 35 : 0 },
      axisLine: { lineStyle: { color: '#808080' } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      ...(percent ? { max: 100 } : {}),
      name: chart.valueAxis,
      nameLocation: 'middle',
      nameGap: 52,
      nameTextStyle: { ...text, fontSize: 13, fontWeight: 'bold' },
      axisLabel: { ...text, fontSize: 12, formatter: (v: number) => (percent ? `${formatNumberVi(v)}%` : formatNumberVi(v)) },
      splitLine: { lineStyle: { color: '#d9d9d9' } },
    },
    series: chart.series.map((s, i) => {
      const colour = `#${s.reference ? REFERENCE_COLOUR : (SERIES_COLOURS[i % SERIES_COLOURS.length] ?? '2E75B6')}`;
      const data = s.values.map((v) => (v === null ? '-' : v));
      if (s.type === 'bar') {
        return {
          type: 'bar' as const,
          name: s.name,
          data,
          itemStyle: { color: colour },
          barGap: '10%',
          label: { show: labelBars, position: 'top' as const, ...text, fontSize: 11, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? show(p.value) : '') },
        };
      }
      return {
        type: 'line' as const,
        name: s.name,
        data,
        connectNulls: false,
        symbol: s.reference ? 'none' : 'circle',
        symbolSize: 7,
        itemStyle: { color: colour },
        lineStyle: { color: colour, width: 2.5, type: s.reference ? ('dashed' as const) : ('solid' as const) },
      };
    }),
  };
}

// --- internal ---

/** A chart drawn by echarts' server-side renderer, as SVG text. */
function svgOf(echarts: typeof import('echarts/dist/echarts.esm.min.mjs'), chart: ChartModel): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  instance.setOption(chartOption(chart));
  const svg = instance.renderToSVGString();
  instance.dispose();
  return svg;
}

/** What loadChartLibraries draws to warm echarts up: bars, a line and a reference line, as the report's charts have. */
const WARM_UP: ChartModel = {
  id: 'warm-up',
  title: 'Biểu đồ',
  subtitle: 'Tháng 1 đến tháng 3',
  categoryAxis: 'Tháng',
  valueAxis: 'Số vụ',
  categories: ['T1', 'T2', 'T3'],
  series: [
    { name: 'Số vụ', type: 'bar', reference: false, values: [3, null, 5] },
    { name: 'Lũy kế', type: 'line', reference: false, values: [3, 3, 8] },
    { name: 'Chỉ tiêu', type: 'line', reference: true, values: [4, 4, 4] },
  ],
  format: 'count',
};

/** Times New Roman where the SVG is read as such; resvg only has the bundled Liberation Serif and falls back to it. */
const FONT_FAMILY = 'Times New Roman, Liberation Serif, serif';

const cache = new WeakMap<ReportModel, WeakMap<ChartSetup, Promise<ChartImage[]>>>();

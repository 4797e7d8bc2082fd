import { describe, expect, it } from 'vitest';
import { loadChartSetup } from '../../load/load-charts.ts';
import { sampleReportModel } from '../../../test/support/sample-model.ts';
import { buildCharts } from './chart-model.ts';
import { chartImagesFor, chartOption, renderChartImages } from './chart-images.ts';

const setup = loadChartSetup();
const year = sampleReportModel('2021');
const charts = buildCharts(year, setup.definitions);

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (png: Buffer): [number, number] => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('renderChartImages', () => {
  it('draws each chart as a PNG of 1200 × 675 pixels, printed 605 × 340 (16 cm wide), the same bytes every time', async () => {
    const a = await renderChartImages(charts, setup.fontFiles);
    const b = await renderChartImages(charts, setup.fontFiles);
    expect(a.map((i) => i.id)).toEqual(['tien-do-CT4', 'ty-le-CT8', 'hoat-dong-theo-thang']);
    for (const [k, img] of a.entries()) {
      expect(img.png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(pngSize(img.png)).toEqual([1200, 675]);
      expect([img.width, img.height]).toEqual([605, 340]);
      expect(img.png.equals(b[k]!.png)).toBe(true);
    }
  });

  it('draws its texts with the shipped fonts only: without them the same chart has no text, so other pixels', async () => {
    const one = charts.slice(0, 1);
    const [withFonts] = await renderChartImages(one, setup.fontFiles);
    const [without] = await renderChartImages(one, []);
    expect(setup.fontFiles.map((f) => f.split('/').pop())).toEqual(['LiberationSerif-Regular.ttf', 'LiberationSerif-Bold.ttf', 'LiberationSerif-Italic.ttf']);
    expect(withFonts!.png.equals(without!.png)).toBe(false);
    expect(withFonts!.png.length).toBeGreaterThan(without!.png.length);
  });

  it('draws a model’s charts once for both reports', () => {
    expect(chartImagesFor(year, setup)).toBe(chartImagesFor(year, setup));
  });
});

describe('chartOption', () => {
  it('carries the chart model: Vietnamese titles, the same series, the reference line dashed, percentages up to 100', () => {
    const [pace, ratio] = charts.map(chartOption);
    expect(pace?.title).toMatchObject({ text: 'Kiểm tra hành chính của Công an (CA01) so với tiến độ chỉ tiêu', subtext: 'Từ tháng 1 đến tháng 12 năm 2021' });
    const series = pace?.series as { type: string; name: string; data: unknown[]; lineStyle?: { type: string } }[];
    expect(series.map((s) => s.type)).toEqual(['bar', 'line', 'line']);
    expect(series[2]?.lineStyle?.type).toBe('dashed');
    expect(series[0]?.data).toEqual(charts[0]?.series[0]?.values.map((v) => v ?? '-'));
    expect(ratio?.yAxis).toMatchObject({ max: 100, name: 'Tỷ lệ (%)' });
  });
});

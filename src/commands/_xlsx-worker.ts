import { parentPort, workerData } from 'node:worker_threads';
import type { RenderJob, RenderReply, RenderSetup, ZipJob } from './_xlsx-renderer.ts';
import { zipParts } from '../common/zip-parts.ts';
import { chartImagesFor, loadChartLibraries } from '../report/charts/chart-images.ts';
import { renderXlsxReport } from '../report/xlsx/xlsx-report.ts';

// The worker entry of compile's renderer (`_xlsx-renderer.ts`): it loads the Excel report's code (and the chart
// libraries, when the run writes Word reports) as soon as it starts, while the main thread reads the inbox; then, for each job, it draws
// the chart pictures of the Word reports and renders the Excel reports, posting each back as soon as it is done; and it
// zips the Word reports whose parts the main thread sends (ZipJob), at once.

const port = parentPort;
if (port === null) throw new Error('_xlsx-worker must run as a worker thread');
const setup = workerData as RenderSetup;

const ready = setup.chartImages ? loadChartLibraries() : Promise.resolve();
port.on('message', (job: RenderJob | ZipJob) => {
  if ('zip' in job) {
    zipJob(job);
    return;
  }
  void ready.then(async () => {
    if (job.chartImages) {
      await chartImagesFor(job.model, job.charts).then(
        (images) => port.postMessage({ id: job.id, part: 'images', images } satisfies RenderReply),
        (error: unknown) => port.postMessage({ id: job.id, part: 'images', error: describe(error) } satisfies RenderReply),
      );
    }
    const bytes: Buffer[] = [];
    try {
      for (const r of job.reports) bytes.push(await renderXlsxReport(job.model, { to: r.to, audience: r.audience, charts: job.charts }));
    } catch (error) {
      port.postMessage({ id: job.id, part: 'xlsx', error: describe(error) } satisfies RenderReply);
      return;
    }
    port.postMessage({ id: job.id, part: 'xlsx', bytes } satisfies RenderReply);
  });
});

// --- internal ---

function zipJob(job: ZipJob): void {
  try {
    port?.postMessage({ id: job.id, part: 'zip', bytes: zipParts(job.zip) } satisfies RenderReply);
  } catch (error) {
    port?.postMessage({ id: job.id, part: 'zip', error: describe(error) } satisfies RenderReply);
  }
}

function describe(error: unknown): { name: string; message: string; stack: string } {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack ?? '' } : { name: 'Error', message: String(error), stack: '' };
}

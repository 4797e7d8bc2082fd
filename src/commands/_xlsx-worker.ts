import { parentPort } from 'node:worker_threads';
import type { XlsxJob, XlsxReply } from './_xlsx-renderer.ts';
import { renderXlsxReport } from '../report/xlsx/xlsx-report.ts';

// The worker entry of compile's Excel renderer (`_xlsx-renderer.ts`): it loads exceljs as soon as it starts (while
// the main thread reads the inbox), then renders the Excel reports it is sent and posts their bytes back.

const port = parentPort;
if (port === null) throw new Error('_xlsx-worker must run as a worker thread');

const ready = import('exceljs');
port.on('message', (job: XlsxJob) => {
  void ready
    .then(async () => {
      const bytes: Buffer[] = [];
      for (const r of job.reports) bytes.push(await renderXlsxReport(job.model, { to: r.to, audience: r.audience, charts: job.charts }));
      return bytes;
    })
    .then(
      (bytes) => port.postMessage({ id: job.id, bytes } satisfies XlsxReply),
      (error: unknown) => port.postMessage({ id: job.id, error: describe(error) } satisfies XlsxReply),
    );
});

// --- internal ---

function describe(error: unknown): { name: string; message: string; stack: string } {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack ?? '' } : { name: 'Error', message: String(error), stack: '' };
}

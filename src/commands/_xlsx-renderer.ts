import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReportModel } from '../aggregate/report-model.ts';
import type { ChartSetup } from '../domain/chart-schema.ts';
import type { Audience, AudienceConfig } from '../domain/config-schema.ts';

export interface XlsxJob {
  readonly id: number;
  readonly model: ReportModel;
  readonly charts: ChartSetup;
  readonly reports: readonly { readonly to: Audience; readonly audience: AudienceConfig }[];
}
export type XlsxReply =
  | { readonly id: number; readonly bytes: readonly Buffer[] }
  | { readonly id: number; readonly error: { name: string; message: string; stack: string } };

/** Renders compile's Excel reports: in a worker thread when there is one, else in this thread. */
export interface XlsxRenderer {
  /** The reports' bytes, in the order asked. */
  render(model: ReportModel, charts: ChartSetup, reports: XlsxJob['reports']): Promise<Buffer[]>;
  /** Stops the worker (compile calls it in `finally`); the worker never keeps the process alive anyway. */
  close(): void;
}

/**
 * Compile's Excel renderer (issue 18: a year's compile waited 0.25 s for exceljs to load and ~0.6 s for the two
 * Excel reports, on one core of two). Started when compile begins, the worker loads exceljs while this thread
 * reads the inbox, and renders the Excel reports while this thread renders the Word ones. Same code, same model
 * (a structured clone: plain data), so the same bytes (src/commands/render-worker.process.test.ts).
 *
 * In this thread instead: on one core, from the TypeScript sources (vitest: there is no compiled worker), or
 * with BAOCAO_RENDER_WORKER=0 (=1: in a worker even on one core).
 */
export function startXlsxRenderer(): XlsxRenderer {
  const setting = process.env.BAOCAO_RENDER_WORKER?.trim();
  const url = workerUrl();
  if (url === null || setting === '0' || (setting !== '1' && availableParallelism() < 2)) return inThisThread;
  return inWorker(url);
}

// --- internal ---

const inThisThread: XlsxRenderer = {
  async render(model, charts, reports) {
    const { renderXlsxReport } = await import('../report/xlsx/xlsx-report.ts');
    const out: Buffer[] = [];
    for (const r of reports) out.push(await renderXlsxReport(model, { to: r.to, audience: r.audience, charts }));
    return out;
  },
  close() {},
};

function inWorker(url: URL): XlsxRenderer {
  const worker = new Worker(url);
  worker.unref();
  const waiting = new Map<number, { resolve: (b: Buffer[]) => void; reject: (e: Error) => void }>();
  let failed: Error | null = null;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: XlsxReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if ('error' in reply) {
      const error = new Error(`${reply.error.message} (Excel report, worker thread)`);
      error.name = reply.error.name;
      if (reply.error.stack) error.stack = reply.error.stack;
      w.reject(error);
    } else {
      // A Buffer arrives as a plain Uint8Array.
      w.resolve(reply.bytes.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
    }
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the Excel worker stopped (exit code ${code}) before it answered`)));
  let next = 0;
  return {
    render(model, charts, reports) {
      if (failed) return Promise.reject(failed);
      const id = next++;
      return new Promise<Buffer[]>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, model, charts, reports } satisfies XlsxJob);
      }).finally(() => {
        if (waiting.size === 0) worker.unref();
      });
    },
    close() {
      failed ??= new Error('the Excel worker was closed');
      void worker.terminate();
    },
  };
}

let compiled: URL | null | undefined;

/** The compiled worker `_xlsx-worker.js` beside this module: present in dist/, absent beside the .ts sources (null). */
function workerUrl(): URL | null {
  if (compiled === undefined) {
    const url = new URL('./_xlsx-worker.js', import.meta.url);
    compiled = url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
  }
  return compiled;
}

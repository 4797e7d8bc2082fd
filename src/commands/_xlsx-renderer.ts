import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReportModel } from '../aggregate/report-model.ts';
import type { ChartSetup } from '../domain/chart-schema.ts';
import type { Audience, AudienceConfig } from '../domain/config-schema.ts';
import type { ChartImage } from '../report/charts/chart-images.ts';
import type { ZipParts } from '../common/zip-parts.ts';
import { MIN_FILES_FOR_POOL } from '../inbox/read-inputs.ts';

/** What the worker is told when it starts: whether to load the chart libraries too. */
export interface RenderSetup {
  readonly chartImages: boolean;
}
export interface RenderJob {
  readonly id: number;
  readonly model: ReportModel;
  readonly charts: ChartSetup;
  /** Draw the chart pictures of the Word reports (posted back first). */
  readonly chartImages: boolean;
  readonly reports: readonly { readonly to: Audience; readonly audience: AudienceConfig }[];
}
/** A Word report's parts to zip (zip-parts.ts `zipParts`: the same bytes in either thread). */
export interface ZipJob {
  readonly id: number;
  readonly zip: ZipParts;
}
type Failure = { name: string; message: string; stack: string };
export type RenderReply =
  | { readonly id: number; readonly part: 'images'; readonly images: readonly ChartImage[] }
  | { readonly id: number; readonly part: 'xlsx'; readonly bytes: readonly Buffer[] }
  | { readonly id: number; readonly part: 'zip'; readonly bytes: Uint8Array }
  | { readonly id: number; readonly part: 'images' | 'xlsx' | 'zip'; readonly error: Failure };

/** Renders compile's Excel reports and draws the Word reports' chart pictures in a worker thread. */
export interface XlsxRenderer {
  /** The Excel reports' bytes, in the order asked; with `chartImages`, the chart pictures of the model too. */
  render(model: ReportModel, charts: ChartSetup, reports: RenderJob['reports'], o: { chartImages: boolean }): { excel: Promise<Buffer[]>; images: Promise<ChartImage[]> | null };
  /**
   * A Word report zipped in the worker, whose deflate code is warm from the Excel reports, while this thread goes on
   * with the next report (issue 18: the first Word report's zip took ~0.12 s here, cold).
   */
  zip(parts: ZipParts): Promise<Buffer>;
  /** Stops the worker (compile calls it in `finally`); the worker never keeps the process alive anyway. */
  close(): void;
}

/**
 * Compile's renderer beside the main thread (issue 18: a year's compile waited 0.25 s for exceljs to load, ~0.6 s
 * for the two Excel reports and ~0.2 s for the chart pictures, on one core of two). Started when compile begins,
 * the worker loads the Excel report's code (and echarts and resvg, `chartImages`) while this thread reads the inbox; then it draws
 * the chart pictures and renders the Excel reports while this thread renders the Word ones. Same code, same model (a
 * structured clone: plain data), so the same bytes (src/commands/render-worker.process.test.ts).
 *
 * null (compile renders every report in this thread, one after another): on one core; for MIN_FILES_FOR_POOL
 * files or more (the read pool then keeps the other cores busy reading, and a report of that many wards is rendered
 * in less memory one after another: the worker holds its own copy of the model and its own heap, +45 MB at 1,000
 * files); from the TypeScript sources (vitest: there is no compiled worker); or with BAOCAO_RENDER_WORKER=0 (=1: in
 * a worker whatever the cores and files).
 */
export function startXlsxRenderer(setup: RenderSetup & { readonly files: number }): XlsxRenderer | null {
  const setting = process.env.BAOCAO_RENDER_WORKER?.trim();
  const url = workerUrl();
  if (url === null || setting === '0') return null;
  if (setting !== '1' && (availableParallelism() < 2 || setup.files >= MIN_FILES_FOR_POOL)) return null;
  return inWorker(url, { chartImages: setup.chartImages });
}

// --- internal ---

interface Waiting {
  resolve: (value: never) => void;
  reject: (e: Error) => void;
}

function inWorker(url: URL, setup: RenderSetup): XlsxRenderer {
  const worker = new Worker(url, { workerData: setup });
  worker.unref();
  const waiting = new Map<string, Waiting>();
  let failed: Error | null = null;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  const settle = (key: string, settleWith: (w: Waiting) => void) => {
    const w = waiting.get(key);
    if (!w) return;
    waiting.delete(key);
    if (waiting.size === 0) worker.unref();
    settleWith(w);
  };
  worker.on('message', (reply: RenderReply) => {
    settle(`${reply.id}:${reply.part}`, (w) => {
      if ('error' in reply) {
        const error = new Error(`${reply.error.message} (${WHAT[reply.part]}, worker thread)`);
        error.name = reply.error.name;
        if (reply.error.stack) error.stack = reply.error.stack;
        w.reject(error);
      } else if (reply.part === 'xlsx') {
        // A Buffer arrives as a plain Uint8Array.
        w.resolve(reply.bytes.map(asBuffer) as never);
      } else if (reply.part === 'zip') {
        w.resolve(asBuffer(reply.bytes) as never);
      } else {
        w.resolve(reply.images.map((i) => ({ ...i, png: asBuffer(i.png) })) as never);
      }
    });
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the render worker stopped (exit code ${code}) before it answered`)));
  let next = 0;
  const expect = <T>(key: string): Promise<T> => {
    if (failed) return Promise.reject(failed);
    return new Promise<T>((resolve, reject) => {
      waiting.set(key, { resolve: resolve as (value: never) => void, reject });
      worker.ref();
    });
  };
  return {
    render(model, charts, reports, o) {
      const id = next++;
      const images = o.chartImages ? expect<ChartImage[]>(`${id}:images`) : null;
      // Awaited later (by the Word renderer); a failure before then is not an unhandled rejection.
      images?.catch(() => {});
      const excel = expect<Buffer[]>(`${id}:xlsx`);
      if (!failed) worker.postMessage({ id, model, charts, reports, chartImages: o.chartImages } satisfies RenderJob);
      return { excel, images };
    },
    zip(parts) {
      const id = next++;
      const bytes = expect<Buffer>(`${id}:zip`);
      // Copied, not transferred: a part may be a view of a buffer this thread still uses (Node's pooled Buffers).
      if (!failed) worker.postMessage({ id, zip: parts } satisfies ZipJob);
      return bytes;
    },
    close() {
      failed ??= new Error('the render worker was closed');
      void worker.terminate();
    },
  };
}

const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const WHAT = { xlsx: 'Excel report', images: 'chart pictures', zip: 'Word report zip' } as const;

let compiled: URL | null | undefined;

/** The compiled worker `_xlsx-worker.js` beside this module: present in dist/, absent beside the .ts sources (null). */
function workerUrl(): URL | null {
  if (compiled === undefined) {
    const url = new URL('./_xlsx-worker.js', import.meta.url);
    compiled = url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
  }
  return compiled;
}

import { Worker } from 'node:worker_threads';
import { readInput } from './_read-one.ts';
import type { ParsedInput, ReadInputsOptions } from './read-inputs.ts';
import type { InputFile } from './scan-inputs.ts';

/** What every worker is given once (structured-cloned): the options readInput needs, no callbacks. */
export interface WorkerSetup {
  readonly forms: ReadInputsOptions['forms'];
  readonly units: ReadInputsOptions['units'];
  readonly maxUnpackedMb: number;
  readonly maxListRows: number;
  readonly withPersonalData: boolean;
}
export interface WorkerRequest {
  readonly index: number;
  readonly file: InputFile;
}
export type WorkerReply =
  | { readonly index: number; readonly result: ParsedInput }
  | { readonly index: number; readonly error: { name: string; message: string; stack: string } };

/**
 * Reads the files with `workers` worker threads running `workerUrl` (`_read-worker.ts`) and this thread as one
 * more reader: all take the next file from one queue, so they stay busy until the end (each worker is sent a
 * file as it finishes one, plus one queued, so none waits for a message). Results come back as plain data
 * (ParsedInput: a FormRecord and issues survive structured cloning unchanged) and are returned in input order.
 * A fault in a worker (a bug: readInput never throws for a bad file) rejects, and every worker is stopped.
 */
export function readInputsInPool(
  files: readonly InputFile[],
  options: ReadInputsOptions,
  pool: {
    workers: number;
    workerUrl: URL;
    /** Who read the file at `index`: a worker (its number) or this thread (null). For the tests. */
    onRead?: (index: number, worker: number | null) => void;
  },
): Promise<ParsedInput[]> {
  const setup: WorkerSetup = {
    forms: options.forms,
    units: options.units,
    maxUnpackedMb: options.maxUnpackedMb,
    maxListRows: options.maxListRows,
    withPersonalData: options.withPersonalData ?? false,
  };
  const results: (ParsedInput | undefined)[] = new Array<ParsedInput | undefined>(files.length);
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];

  return new Promise<ParsedInput[]>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      for (const w of workers) {
        // A terminated worker lingers a while, and its listeners would keep every result alive through this closure.
        w.removeAllListeners();
        w.on('error', ignore);
        void w.terminate();
      }
      const all = results.flatMap((r) => (r ? [r] : []));
      if (error) reject(error);
      else if (all.length !== files.length) reject(new Error('read pool: a file was left without a result'));
      else resolve(all);
    };
    const accept = (index: number, result: ParsedInput) => {
      results[index] = result;
      done++;
      options.onProgress?.(done, files.length);
      if (done === files.length) finish(null);
    };
    const send = (w: Worker) => {
      if (settled || next >= files.length) return;
      const index = next++;
      w.postMessage({ index, file: files[index]! } satisfies WorkerRequest);
    };
    for (let k = 0; k < Math.min(pool.workers, files.length); k++) {
      const w = new Worker(pool.workerUrl, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      workers.push(w);
      w.on('message', (reply: WorkerReply) => {
        if ('error' in reply) return finish(workerError(reply.error, files[reply.index]));
        accept(reply.index, reply.result);
        pool.onRead?.(reply.index, k);
        send(w);
      });
      w.on('error', (error) => finish(error));
      w.on('exit', (code) => {
        if (!settled) finish(new Error(`a read worker stopped (exit code ${code}) before every file was read`));
      });
      send(w);
      send(w);
    }
    // This thread reads too, while the workers start (each loads the reader and the parser) and after. The cell
    // reader works synchronously, so without a turn of the event loop after each file the workers' replies (and
    // their next files) would wait until this thread had read every other file: at 10,008 files the one worker of a
    // 2-core machine read 2.
    const readHere = async () => {
      while (!settled && next < files.length) {
        const index = next++;
        accept(index, await readInput(files[index]!, options));
        pool.onRead?.(index, null);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    readHere().catch((error: unknown) => finish(error instanceof Error ? error : new Error(String(error))));
  });
}

// --- internal ---

/**
 * A read worker's young generation (MB). A worker holds one workbook at a time, so a small one only means more frequent,
 * shorter scavenges; left to V8 it grew to some 48 MB per worker (10,008 files, one worker: peak 236 MB with V8's own,
 * 212 MB with 8). Not a limit on what the worker can hold: that is the old generation, left alone.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/** Defined out here: a closure made in readInputsInPool would hold its scope, and so every result. */
const ignore = (): void => {};

function workerError(e: { name: string; message: string; stack: string }, file: InputFile | undefined): Error {
  const error = new Error(`${e.message} (reading ${file?.display ?? '?'})`);
  error.name = e.name;
  if (e.stack) error.stack = e.stack;
  return error;
}

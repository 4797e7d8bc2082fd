import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FormSet } from '../load/load-forms.ts';
import type { Issue } from '../domain/issue.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { UnitRegistry } from '../domain/units.ts';
import { readInput } from './_read-one.ts';
import { readInputsInPool } from './_read-pool.ts';
import { collectingEarly } from '../common/heap.ts';
import type { InputFile } from './scan-inputs.ts';

/** One input workbook after reading and parsing: a record (or null when it could not be read as a form) and its own issues. */
export interface ParsedInput {
  readonly file: string;
  /** null when the file could not be read at all. */
  readonly sha256: string | null;
  readonly record: FormRecord | null;
  readonly issues: readonly Issue[];
}

export interface ReadInputsOptions {
  readonly forms: FormSet;
  readonly units: UnitRegistry;
  readonly maxUnpackedMb: number;
  readonly maxListRows: number;
  /** Only `baocao outreach` reads the sensitive list columns. */
  readonly withPersonalData?: boolean;
  /** Called after each file (progress lines on a terminal), in the order files finish. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads that read alongside this thread; 0 reads in this thread alone. Default: `chooseReadWorkers`
   * (a pool only for many files on a machine with more than one core, or as BAOCAO_READ_WORKERS says).
   */
  readonly workers?: number;
  /**
   * The worker module. Default: the compiled `_read-worker.js` beside this module, which exists when running
   * from dist/; from the TypeScript sources (vitest) there is none and reading stays in this thread.
   * Tests that exercise the pool point this at a transpiled copy.
   */
  readonly workerUrl?: URL;
}

/**
 * Fewer files than this are read in this thread alone. Measured on a 2-core machine when reading was exceljs's
 * (bench/RESULTS.md of 2026-11-29): each worker warms up its own JIT, so for the year's 192 forms a second reader
 * gained nothing; from about a thousand forms it read ~25% faster. The cell reader (read/_xlsx-book.ts) made a
 * worker lighter (no exceljs in it: one workbook's parts and the cells the form needs at a time).
 */
export const MIN_FILES_FOR_POOL = 500;
/** Each worker holds one workbook at a time, bounded by what the form needs; more than a few gains little and costs memory. */
export const MAX_READ_WORKERS = 3;

/**
 * Reads and parses every input, results in input order. Each workbook is dropped as soon as its record is
 * made, so memory stays flat however many files the inbox holds (records, not workbooks, are kept). With
 * many files on a machine with cores to spare, a small pool of worker threads reads beside this thread
 * (reading is CPU-bound); the records and issues are the same either way.
 */
export async function readInputs(files: readonly InputFile[], options: ReadInputsOptions): Promise<ParsedInput[]> {
  const workerUrl = options.workerUrl ?? defaultReadWorkerUrl();
  const workers = workerUrl === null ? 0 : Math.min(files.length, options.workers ?? chooseReadWorkers(files.length));
  // Reading in two threads or more makes the records pile up faster than V8 collects by its own measure: collected
  // early, 10,008 files peaked at 210 MB instead of 210–275 (heap.ts).
  if (workerUrl !== null && workers > 0) return collectingEarly(() => readInputsInPool(files, options, { workers, workerUrl }));
  const out: ParsedInput[] = [];
  for (const [i, f] of files.entries()) {
    out.push(await readInput(f, options));
    options.onProgress?.(i + 1, files.length);
  }
  return out;
}

/**
 * How many worker threads read `fileCount` files beside this thread (0: none). BAOCAO_READ_WORKERS overrides
 * it (a whole number; 0 turns the pool off). Otherwise, for MIN_FILES_FOR_POOL files or more on a machine with
 * more than one core, one worker per core besides this thread's, at most MAX_READ_WORKERS: one on two cores.
 */
export function chooseReadWorkers(fileCount: number, env: { cores?: number; setting?: string | undefined } = {}): number {
  const setting = 'setting' in env ? env.setting : process.env.BAOCAO_READ_WORKERS;
  if (setting !== undefined && /^\d+$/.test(setting.trim())) return Math.min(Number(setting), MAX_READ_WORKERS * 4);
  const cores = env.cores ?? availableParallelism();
  if (cores < 2 || fileCount < MIN_FILES_FOR_POOL) return 0;
  return Math.min(cores - 1, MAX_READ_WORKERS);
}

/** The compiled worker `_read-worker.js` beside this module: present in dist/, absent beside the .ts sources (null). */
export function defaultReadWorkerUrl(): URL | null {
  if (compiled === undefined) {
    const url = new URL('./_read-worker.js', import.meta.url);
    compiled = url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
  }
  return compiled;
}

export { readInput };

// --- internal ---

let compiled: URL | null | undefined;

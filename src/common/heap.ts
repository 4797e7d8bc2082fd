import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection before each report is drawn. Drawing a report of a large city makes garbage by the
 * hundred megabytes (exceljs's cells and their XML, docx's components); V8 collects it lazily and grows the heap
 * instead, so the peak memory of a compile grew with the number of wards although what it keeps alive does not
 * (issue 18: at most 300 MB at 10,000 files; an Excel-only compile of 834 wards peaked at 434 MB, 263 MB with this).
 * Node exposes the collector only behind --expose-gc: the flag is set at run time and the function taken from a
 * new context. Where that fails, nothing is done: memory is then only less tidy.
 *
 * `compact`: every page of the heap is compacted in this collection, so that the pages the live data was scattered
 * over go back to the system. A plain collection frees the dead objects but keeps a page while anything on it lives:
 * after reading 10,008 files, 43 MB live were spread over 150 MB of heap (bench/MEMORY-issue18.md); compacted, 76 MB.
 * Compacting copies the live data once (a few tens of milliseconds for that heap), so it is for the collection
 * after the inbox is read, not for every report.
 */
export function releaseMemory(o: { compact?: boolean } = {}): void {
  collect ??= exposeCollector();
  if (collect === NONE) return;
  if (!o.compact) return collect();
  setFlags('--compact-on-every-full-gc');
  try {
    collect();
  } finally {
    setFlags('--no-compact-on-every-full-gc');
  }
}

/**
 * Runs `work` (the reports drawn one after another; the inbox read by a pool of threads) with V8 collecting as soon
 * as its heap has grown by a tenth past the data that survived the last collection, instead of letting it grow by up
 * to four times that first. Not a limit: the heap still grows as far as the work needs, only garbage is not left to
 * pile up (the Excel reports of 834 wards grew the heap to 156 MB, 112 MB with this). Afterwards (the outermost
 * call over) V8 decides again as it does.
 */
export async function collectingEarly<T>(work: () => Promise<T>): Promise<T> {
  if (early++ === 0) setFlags(`--heap-growing-percent=${EARLY_GROWTH_PERCENT}`);
  try {
    return await work();
  } finally {
    // 0: V8's own growing factor again.
    if (--early === 0) setFlags('--heap-growing-percent=0');
  }
}

// --- internal ---

const NONE = (): void => {};
let collect: (() => void) | undefined;
/** How many collectingEarly calls are running (nested or side by side). */
let early = 0;
/** How much the old generation may grow past what survived the last full collection before the next one (percent). */
const EARLY_GROWTH_PERCENT = 10;

function exposeCollector(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : NONE;
  } catch {
    return NONE;
  }
}

/** V8 reads these flags at each collection; setting them never throws (an unknown flag is ignored). */
function setFlags(flags: string): void {
  try {
    setFlagsFromString(flags);
  } catch {
    // Memory is then only less tidy.
  }
}

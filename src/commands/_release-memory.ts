import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection before each report is drawn. Drawing a report of a large city makes garbage by the
 * hundred megabytes (exceljs's cells and their XML, docx's components); V8 collects it lazily and grows the heap
 * instead, so the peak memory of a compile grew with the number of wards although what it keeps alive does not
 * (issue 18: at most 300 MB at 10,000 files; an Excel-only compile of 834 wards peaked at 434 MB, 263 MB with this).
 * Node exposes the collector only behind --expose-gc: the flag is set at run time and the function taken from a
 * new context. Where that fails, nothing is done: memory is then only less tidy.
 */
export function releaseMemory(): void {
  collect ??= exposeCollector();
  if (collect !== NONE) collect();
}

// --- internal ---

const NONE = (): void => {};
let collect: (() => void) | undefined;

function exposeCollector(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : NONE;
  } catch {
    return NONE;
  }
}

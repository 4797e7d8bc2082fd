import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/usage-error.ts';
import { describeFsError } from '../common/fs-error-text.ts';

/** Extensions looked at: a ward's wrong format (.xls, .ods, .csv) is reported, not skipped (spec/outputs.md). */
export const INPUT_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods', '.csv'] as const;

export interface InputFile {
  /** Absolute path. */
  readonly path: string;
  /** Path shown in messages and recorded in summary.json / manifest.json: relative to the folder scanned, POSIX separators. */
  readonly display: string;
}

/**
 * Lists the workbooks under the given files and folders, recursively, in a stable order. Excel's lock files (`~$…`)
 * and hidden folders (`.git`, our own `history/` copies are not inputs either) are skipped silently.
 * A path that does not exist or cannot be listed is a UsageError (exit 2): nothing can be done. `hint` replaces the
 * generic remedy when a path does not exist (status and compile: run `baocao init`).
 */
export function scanInputs(paths: readonly string[], cwd: string, o: { hint?: string | undefined } = {}): InputFile[] {
  const found: InputFile[] = [];
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (error) {
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? o.hint : undefined;
      throw new UsageError('INPUT_UNREADABLE', describeFsError(error, { path: given, action: 'read', ...(hint ? { hint } : {}) }), { cause: error });
    }
    if (!isDir) {
      if (!isSkipped(path.basename(abs))) found.push({ path: abs, display: toPosix(given) });
      continue;
    }
    walk(abs, abs, found);
  }
  const seen = new Set<string>();
  return found
    .filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)))
    .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

// --- internal ---

function walk(root: string, dir: string, out: InputFile[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError('INPUT_UNREADABLE', describeFsError(error, { path: dir, action: 'list' }), { cause: error });
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.') && e.name !== 'history') walk(root, full, out);
    } else if (e.isFile() && !isSkipped(e.name) && hasInputExtension(e.name)) {
      out.push({ path: full, display: toPosix(path.relative(root, full)) });
    }
  }
}

const hasInputExtension = (name: string): boolean => (INPUT_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());

/** Excel's owner files (`~$Bao cao.xlsx`) and LibreOffice's (`.~lock.Bao cao.xlsx#`). */
const isSkipped = (name: string): boolean => name.startsWith('~$') || name.startsWith('.~lock.');

const toPosix = (p: string): string => p.split(path.sep).join('/');


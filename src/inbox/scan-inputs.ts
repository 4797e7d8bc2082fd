import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../common/usage-error.ts';
import { describeFsError, fsErrorFix, fsErrorReason } from '../common/fs-error-text.ts';
import { visible } from '../common/safe-text.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';

/** Extensions looked at: a ward's wrong format (.xls, .ods, .csv) is reported, not skipped (spec/outputs.md). */
export const INPUT_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods', '.csv'] as const;

export interface InputFile {
  /** Absolute path. */
  readonly path: string;
  /**
   * Path shown in messages and recorded in summary.json / manifest.json: relative to the folder scanned, POSIX
   * separators, control and invisible characters written out (`\x1b`, `\u200b`) so a name cannot forge a line.
   */
  readonly display: string;
  /** Set when the entry is not read at all (a folder that cannot be listed, a name that is not UTF-8…): why, as an issue. */
  readonly problem?: Issue;
  /** Said about an entry that is read all the same (a symbolic link to a form). */
  readonly note?: Issue;
}

/** Lets a test make a folder unreadable (the tests run as root, who can list anything). */
export interface ScanFs {
  readonly readdir: (dir: string) => Dirent<Buffer>[];
}

const realFs: ScanFs = { readdir: (dir) => readdirSync(dir, { withFileTypes: true, encoding: 'buffer' }) };

/**
 * Lists the workbooks under the given files and folders, recursively, in a stable order. Excel's lock files (`~$…`)
 * and hidden folders (`.git`, our own `history/` copies are not inputs either) are skipped silently.
 * A path given that does not exist or cannot be listed is a UsageError (exit 2): nothing can be done. Below it,
 * nothing stops the run (issue 13): a sub-folder that cannot be listed, a file name that is not UTF-8, something
 * that is not a regular file (a FIFO, a device), a link to a folder, or a second file whose name is the same once
 * Unicode-normalised (a Mac's NFD beside an NFC name) or once `\` reads as `/`, each becomes an entry with its
 * `problem`, reported as an issue against its name; a link to a file is read, with a `note` saying so. `hint`
 * replaces the generic remedy when a given path does not exist (status and compile: run `baocao init`).
 */
export function scanInputs(paths: readonly string[], cwd: string, o: { hint?: string | undefined; readdir?: ScanFs['readdir'] } = {}): InputFile[] {
  const fs: ScanFs = o.readdir ? { readdir: o.readdir } : realFs;
  const found: InputFile[] = [];
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (error) {
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? o.hint : undefined;
      throw new UsageError('INPUT_UNREADABLE', describeFsError(error, { path: visible(given), action: 'read', ...(hint ? { hint } : {}) }), { cause: error });
    }
    if (!isDir) {
      // A FIFO or a device given by name is an entry too: read-book refuses anything that is not a regular file.
      if (!isSkipped(path.basename(abs))) found.push({ path: abs, display: visible(toPosix(given)) });
      continue;
    }
    walk(abs, abs, found, fs, true);
  }
  const seen = new Set<string>();
  const unique = found
    .filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)))
    .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return markSameNames(distinctDisplays(unique, cwd));
}

/**
 * Two folders given at once may hold the same relative name (`a/x.xlsx`, `b/x.xlsx`): then every file is named by
 * its path from the working folder instead, so no two entries share a name.
 */
function distinctDisplays(files: InputFile[], cwd: string): InputFile[] {
  const names = new Set(files.map((f) => f.display));
  if (names.size === files.length) return files;
  return files
    .map((f) => ({ ...f, display: visible(toPosix(path.relative(cwd, f.path))) }))
    .sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

/** The key under which two names are the same file for the district: NFC, `/` separators (build-manifest's rule). */
export const sameNameKey = (display: string): string => display.replaceAll('\\', '/').normalize('NFC');

// --- internal ---

function walk(root: string, dir: string, out: InputFile[], fs: ScanFs, isRoot: boolean): void {
  const display = (full: string) => visible(toPosix(path.relative(root, full)));
  let entries: Dirent<Buffer>[];
  try {
    entries = fs.readdir(dir);
  } catch (error) {
    if (isRoot) throw new UsageError('INPUT_UNREADABLE', describeFsError(error, { path: visible(dir), action: 'list' }), { cause: error });
    // One sub-folder the tool cannot list does not stop the run: the folder is named, the rest is read.
    const shown = `${display(dir)}/`;
    out.push({ path: dir, display: shown, problem: issue('input.folder-unreadable', { file: shown }, { reason: fsErrorReason(error) }) });
    return;
  }
  for (const e of entries) {
    const name = e.name.toString('utf8');
    if (!Buffer.from(name, 'utf8').equals(e.name)) {
      // A name in another encoding (a zip unpacked on Windows, say): a path rebuilt from it would not exist.
      if (!isSkipped(name) && (e.isDirectory() || hasInputExtension(name))) {
        const shown = visible(toPosix(path.relative(root, path.join(dir, latin1Visible(e.name)))));
        out.push({ path: path.join(dir, name), display: shown, problem: issue('file.name-not-utf8', { file: shown }) });
      }
      continue;
    }
    const full = path.join(dir, name);
    if (e.isDirectory()) {
      if (!name.startsWith('.') && name !== 'history') walk(root, full, out, fs, false);
      continue;
    }
    if (isSkipped(name) || !hasInputExtension(name)) continue;
    if (e.isFile()) {
      out.push({ path: full, display: display(full) });
    } else if (e.isSymbolicLink()) {
      out.push(linkEntry(full, display(full)));
    } else {
      const shown = display(full);
      out.push({ path: full, display: shown, problem: issue('file.not-regular', { file: shown }) });
    }
  }
}

/** A symbolic link with a form's name: followed to a regular file (and said), never to a folder (a loop waits there). */
function linkEntry(full: string, shown: string): InputFile {
  try {
    const target = statSync(full);
    if (target.isFile()) return { path: full, display: shown, note: issue('file.symlink-read', { file: shown }) };
    return { path: full, display: shown, problem: issue('file.not-regular', { file: shown }) };
  } catch (error) {
    return { path: full, display: shown, problem: issue('file.unreadable', { file: shown }, { reason: `liên kết tới tệp: ${fsErrorReason(error)}`, fix: fsErrorFix(error) }) };
  }
}

/** Bytes that are not UTF-8 shown as `\xe1` (valid runs kept): honest about what the name holds. */
function latin1Visible(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    let j = i + 1;
    let text = '';
    for (; j <= Math.min(name.length, i + 4); j++) {
      const piece = name.subarray(i, j);
      const decoded = piece.toString('utf8');
      if (Buffer.from(decoded, 'utf8').equals(piece)) {
        text = decoded;
        break;
      }
    }
    if (text) {
      out += text;
      i = j;
    } else {
      out += `\\x${name[i]!.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/**
 * Two entries that are the same name for the district (summary.json, manifest.json, the reports) once NFC-normalised
 * and with `/` for `\\`: the first (in display order) is read, the others are reported and left unread.
 */
function markSameNames(files: InputFile[]): InputFile[] {
  const first = new Map<string, string>();
  return files.map((f) => {
    if (f.problem) return f;
    const key = sameNameKey(f.display);
    const other = first.get(key);
    if (other === undefined) {
      first.set(key, f.display);
      return f;
    }
    return { path: f.path, display: f.display, problem: issue('file.same-name', { file: f.display }, { other }) };
  });
}

const hasInputExtension = (name: string): boolean => (INPUT_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());

/** Excel's owner files (`~$Bao cao.xlsx`) and LibreOffice's (`.~lock.Bao cao.xlsx#`). */
const isSkipped = (name: string): boolean => name.startsWith('~$') || name.startsWith('.~lock.');

const toPosix = (p: string): string => p.split(path.sep).join('/');


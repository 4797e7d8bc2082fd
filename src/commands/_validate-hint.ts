import path from 'node:path';
import type { Issue } from '../domain/issue.ts';
import { parsePeriodId, periodContains, type Period } from '../domain/period.ts';
import type { FileStatus } from '../validate/validate-run.ts';

/**
 * The `baocao validate` command that shows the details behind a compile's count of errors and warnings, for the
 * clerk to copy: the real input folder (relative to the working folder when inside it, quoted when it has a space),
 * with `--period P` when every issue that names a file is in a form of P (validate --period P checks exactly those),
 * and without it when some come from an earlier month of the year to date (then the whole folder is checked).
 */
export function validateHint(o: { inputDir: string; cwd: string; period: Period; issues: readonly Issue[]; files: readonly FileStatus[] }): string {
  const periodOf = new Map(o.files.map((f) => [f.file, f.period]));
  const outside = o.issues.some((i) => {
    if (i.severity === 'info' || i.file === undefined) return false;
    const p = parsePeriodId(periodOf.get(i.file) ?? '');
    return p !== null && !periodContains(o.period, p);
  });
  return `baocao validate ${shellWord(shownPath(o.inputDir, o.cwd))}${outside ? '' : ` --period ${o.period.id}`}`;
}

// --- internal ---

function shownPath(dir: string, cwd: string): string {
  const rel = path.relative(cwd, dir);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel;
}

const shellWord = (s: string): string => (/^[\w./@:+-]+$/u.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

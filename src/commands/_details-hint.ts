import path from 'node:path';
import type { Issue } from '../domain/issue.ts';
import { parsePeriodId, periodContains, type Period } from '../domain/period.ts';
import type { FileStatus } from '../validate/validate-run.ts';

/**
 * The commands that show the details behind a compile's count of errors and warnings, for the clerk to copy, with the
 * real input folder (relative to the working folder when inside it, quoted when it has a space):
 * - `baocao validate DIR --period P` for the issues of the forms (with `--period` when all of them are in forms of P,
 *   which is what validate --period P checks; without it when some come from an earlier month of the year to date);
 * - `baocao status --period P --input DIR` for the units missing or late (issues `unit.*`, which only compile and
 *   status raise).
 */
export function detailsHint(o: { inputDir: string; cwd: string; period: Period; issues: readonly Issue[]; files: readonly FileStatus[] }): string {
  const dir = shellWord(shownPath(o.inputDir, o.cwd));
  const counted = o.issues.filter((i) => i.severity !== 'info');
  const ofUnits = counted.filter((i) => i.code.startsWith('unit.'));
  const ofForms = counted.filter((i) => !i.code.startsWith('unit.'));
  const periodOf = new Map(o.files.map((f) => [f.file, f.period]));
  const outside = ofForms.some((i) => {
    const p = i.file === undefined ? null : parsePeriodId(periodOf.get(i.file) ?? '');
    return p !== null && !periodContains(o.period, p);
  });
  const commands = [
    ...(ofForms.length > 0 || ofUnits.length === 0 ? [`baocao validate ${dir}${outside ? '' : ` --period ${o.period.id}`}`] : []),
    ...(ofUnits.length > 0 ? [`baocao status --period ${o.period.id} --input ${dir}`] : []),
  ];
  return commands.join(' và ');
}

// --- internal ---

function shownPath(dir: string, cwd: string): string {
  const rel = path.relative(cwd, dir);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel;
}

const shellWord = (s: string): string => (/^[\w./@:+-]+$/u.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

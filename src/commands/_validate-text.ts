import type { ChalkInstance } from 'chalk';
import { countBySeverity, type Issue } from '../domain/issue.ts';
import type { FileState, FileStatus } from '../validate/validate-run.ts';

/** What the text report of `baocao validate` shows: the run's outcome plus what a clerk needs to read it. */
export interface ValidateView {
  readonly files: readonly FileStatus[];
  readonly issues: readonly Issue[];
  /** Canonical unit name by file, for the files read as a form. */
  readonly unitNames: ReadonlyMap<string, string>;
  /** The paths given on the command line, as typed. */
  readonly paths: readonly string[];
  /** `--period`, resolved. */
  readonly period: string | null;
  /** Files of other periods under `--period`: not listed, counted in the notes. */
  readonly skipped?: number;
}

export interface TextOptions {
  readonly quiet: boolean;
  readonly color: ChalkInstance;
}

/**
 * The readable report: a header line, one line per file (✓ đạt, ! đạt có cảnh báo or bị thay thế, ✗ bị trả lại or
 * không đọc được), then "Chi tiết" grouped by file, one line per issue (`  ✗ BaoCao!E17  [code] message`), then
 * the count line. `quiet` keeps only the errors of the files that have some, and the count line. Issues never
 * quote the content of a personal list; nothing here adds any cell content.
 */
export function formatValidateText(view: ValidateView, opts: TextOptions): string {
  const c = opts.color;
  const byFile = groupByFile(view.issues);
  const sections: string[][] = [];
  if (!opts.quiet) {
    const period = view.period ? `, kỳ ${view.period}` : '';
    const files = view.files.map((f) => fileLine(f, byFile.get(f.file) ?? [], view.unitNames.get(f.file), c));
    if (view.files.length === 0) {
      files.push((view.skipped ?? 0) > 0 ? `  Không có tệp nào của kỳ ${view.period ?? ''}.` : '  Không tìm thấy tệp .xlsx, .xlsm, .xls, .ods hay .csv nào.');
    }
    sections.push([c.bold(`Kiểm tra ${view.files.length} tệp bảng tính trong ${view.paths.join(', ')}${period}`), ...files]);
  }
  const details = detailLines(view, byFile, opts);
  if (details.length > 0) sections.push([c.bold('Chi tiết'), ...details]);
  // Facts about the run as a whole (infos merged over many files): one line each, never in --quiet.
  // An info of a single file that is not listed (a file of another period under --period) is named with its file.
  const listed = new Set(view.files.map((f) => f.file));
  const notes = opts.quiet ? [] : view.issues.filter((i) => i.severity === 'info' && (i.file === undefined || !listed.has(i.file)));
  if (notes.length > 0) sections.push([c.bold('Ghi chú'), ...notes.map((i) => `  ${c.cyan('i')} ${i.file === undefined ? '' : `${i.file}: `}${i.message}`)]);
  sections.push([countLine(view, c)]);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

/** `BaoCao!E17`, `DanhSach` (a whole sheet) or `(cả tệp)`. */
export function issuePlace(i: Issue): string {
  if (i.sheet === undefined) return i.cell === undefined ? '(cả tệp)' : i.cell;
  return i.cell === undefined ? i.sheet : `${i.sheet}!${i.cell}`;
}

// --- internal ---

const STATUS_WORD: Readonly<Record<FileState, string>> = {
  accepted: 'đạt',
  rejected: 'bị trả lại',
  unreadable: 'không đọc được',
  superseded: 'bị thay thế',
};

function groupByFile(issues: readonly Issue[]): Map<string, Issue[]> {
  const map = new Map<string, Issue[]>();
  for (const i of issues) {
    const key = i.file ?? '';
    map.set(key, [...(map.get(key) ?? []), i]);
  }
  return map;
}

function mark(status: FileState, warnings: number, c: ChalkInstance): string {
  if (status === 'rejected' || status === 'unreadable') return c.red('✗');
  return status === 'superseded' || warnings > 0 ? c.yellow('!') : c.green('✓');
}

function counts(issues: readonly Issue[]): string {
  const { errors, warnings } = countBySeverity(issues);
  const parts = [errors > 0 ? `${errors} lỗi` : '', warnings > 0 ? `${warnings} cảnh báo` : ''].filter(Boolean);
  return parts.join(', ');
}

function fileLine(f: FileStatus, issues: readonly Issue[], unitName: string | undefined, c: ChalkInstance): string {
  const { warnings } = countBySeverity(issues);
  const who = [unitName, f.period].filter(Boolean).join(', ');
  const n = counts(issues);
  return `${mark(f.status, warnings, c)} ${f.file}${who ? `  (${who})` : ''}  ${STATUS_WORD[f.status]}${n ? `: ${n}` : ''}`;
}

function issueLine(i: Issue, c: ChalkInstance): string {
  const sign = i.severity === 'error' ? c.red('✗') : i.severity === 'warning' ? c.yellow('!') : c.cyan('i');
  return `  ${sign} ${issuePlace(i)}  [${i.code}] ${i.message}`;
}

function detailLines(view: ValidateView, byFile: ReadonlyMap<string, Issue[]>, opts: TextOptions): string[] {
  const c = opts.color;
  const lines: string[] = [];
  const known = new Set(view.files.map((f) => f.file));
  const groups: { title: string; issues: Issue[] }[] = view.files.map((f) => {
    const who = [view.unitNames.get(f.file), f.period].filter(Boolean).join(', ');
    return { title: `${f.file}${who ? ` (${who})` : ''}`, issues: byFile.get(f.file) ?? [] };
  });
  // Issues of no listed file (a single file of another period under --period); the merged infos go to "Ghi chú".
  const orphans = [...byFile].filter(([file]) => !known.has(file)).flatMap(([, list]) => list.filter((i) => i.severity !== 'info'));
  if (orphans.length > 0) groups.push({ title: 'Chung', issues: orphans });
  for (const g of groups) {
    const shown = opts.quiet ? g.issues.filter((i) => i.severity === 'error') : g.issues;
    if (shown.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(c.bold(g.title), ...shown.map((i) => issueLine(i, c)));
  }
  return lines;
}

function countLine(view: ValidateView, c: ChalkInstance): string {
  const n = (s: FileState) => view.files.filter((f) => f.status === s).length;
  const { errors, warnings } = countBySeverity(view.issues);
  const files = [
    `${n('accepted')} đạt`,
    `${n('rejected')} bị trả lại`,
    `${n('unreadable')} không đọc được`,
    ...(n('superseded') > 0 ? [`${n('superseded')} bị thay thế`] : []),
  ];
  const text = `Tổng cộng: ${view.files.length} tệp (${files.join(', ')}); ${errors} lỗi, ${warnings} cảnh báo.`;
  return errors > 0 ? c.red(text) : warnings > 0 ? c.yellow(text) : c.green(text);
}

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { realish } from '../store/output-place.ts';
import { UsageError } from '../common/usage-error.ts';
import { describeFsError } from '../common/fs-error-text.ts';
import type { FormSet } from '../load/load-forms.ts';
import { actionable, type Issue } from '../domain/issue.ts';
import type { ParsedInput } from '../inbox/read-inputs.ts';
import type { InputFile } from '../inbox/scan-inputs.ts';
import type { UnitRegistry } from '../domain/units.ts';
import { writeFileAtomic } from '../store/atomic-write.ts';

export interface AnnotateRun {
  /** Absolute, checked with checkAnnotateDir. */
  readonly dir: string;
  readonly files: readonly InputFile[];
  readonly parsed: readonly ParsedInput[];
  readonly issues: readonly Issue[];
  readonly forms: FormSet;
  readonly units: UnitRegistry;
}

export interface AnnotateOutcome {
  /** Written copies, absolute paths. */
  readonly written: string[];
  /** Files with issues that got no copy, and why (Vietnamese). */
  readonly skipped: { file: string; reason: string }[];
}

/**
 * Resolves `--annotate DIR` and refuses a folder equal to or inside an input folder (the copies would be read as
 * inputs next time, and an input must never be overwritten), or a path that is a file. Runs before anything is read.
 */
export function checkAnnotateDir(dir: string, inputs: readonly string[], cwd: string): string {
  const target = realish(path.resolve(cwd, dir));
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UsageError('ANNOTATE_NOT_DIR', `--annotate cần một thư mục, nhưng ${dir} là một tệp.`);
  }
  for (const input of inputs) {
    // A file given by name stands for its folder: copies written beside it would be read with it next time.
    const given = realish(path.resolve(cwd, input));
    const abs = existsSync(given) && !statSync(given).isDirectory() ? path.dirname(given) : given;
    if (target === abs || target.startsWith(abs + path.sep)) {
      throw new UsageError(
        'ANNOTATE_INSIDE_INPUT',
        `Thư mục ghi bản chú thích (${dir}) nằm trong thư mục đang kiểm tra (${input}): bản chú thích sẽ bị đọc lẫn với báo cáo của đơn vị. Chọn một thư mục khác, ví dụ ../tra-lai.`,
      );
    }
  }
  return target;
}

/**
 * Writes an annotated copy of every workbook that has an error or a warning and could be opened as a workbook, to
 * DIR/<the file's path as displayed>, atomically. The original is only read. A file that changed since it was
 * validated, or that exceljs cannot round-trip, is skipped with a reason rather than stopping the run.
 */
export async function writeAnnotatedCopies(run: AnnotateRun): Promise<AnnotateOutcome> {
  const { annotateWorkbook } = await import('../feedback/annotate-workbook.ts');
  const personalLists = Object.values(run.forms).flatMap((f) => f.lists.filter((l) => l.personal));
  const wardNames = run.units.units.filter((u) => u.kind === 'ward').flatMap((u) => [u.name, ...(u.aliases ?? [])]);
  const inputPaths = new Set(run.files.map((f) => realish(f.path)));
  const byFile = new Map<string, Issue[]>();
  // Only errors and warnings go back to a unit: a file whose only issues are infos (no stamp, year to date not
  // checkable here) is correct, and gets no copy.
  for (const i of actionable(run.issues)) if (i.file !== undefined) byFile.set(i.file, [...(byFile.get(i.file) ?? []), i]);

  const outcome: AnnotateOutcome = { written: [], skipped: [] };
  for (const [index, f] of run.files.entries()) {
    const parsed = run.parsed[index];
    const issues = byFile.get(f.display) ?? [];
    if (!parsed || issues.length === 0 || parsed.sha256 === null || parsed.issues.some((i) => i.code.startsWith('file.'))) continue;
    const target = path.join(run.dir, safeRelative(f.display));
    if (inputPaths.has(realish(target))) {
      outcome.skipped.push({ file: f.display, reason: 'bản chú thích sẽ ghi đè lên một tệp đang kiểm tra' });
      continue;
    }
    const bytes = readFileSync(f.path);
    if (createHash('sha256').update(bytes).digest('hex') !== parsed.sha256) {
      outcome.skipped.push({ file: f.display, reason: 'tệp đã thay đổi trong lúc kiểm tra; chạy lại lệnh' });
      continue;
    }
    let annotated: Buffer;
    try {
      const form = parsed.record ? run.forms[parsed.record.formId] : undefined;
      annotated = await annotateWorkbook(bytes, issues, form, { personalLists, wardNames, title: path.posix.basename(f.display) });
    } catch {
      outcome.skipped.push({ file: f.display, reason: 'không tạo được bản sao từ tệp này (cấu trúc tệp lạ); gửi lại đơn vị danh sách lỗi ở trên' });
      continue;
    }
    try {
      writeFileAtomic(target, annotated);
    } catch (error) {
      throw new UsageError('OUTPUT_NOT_WRITABLE', describeFsError(error, { path: target, action: 'write' }), { cause: error });
    }
    outcome.written.push(target);
  }
  return outcome;
}

// --- internal ---

/**
 * The display path inside DIR: no `..`, no root, and always `.xlsx`: the copy is an .xlsx whatever the original's
 * extension (an .xlsm loses its macros in exceljs, and Excel refuses an .xlsm that holds none).
 */
function safeRelative(display: string): string {
  const parts = display.split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && p !== '..');
  const joined = path.join(...(parts.length > 0 ? parts : ['tep.xlsx']));
  return `${joined.slice(0, joined.length - path.extname(joined).length)}.xlsx`;
}

/** The real path of the longest existing prefix, plus the rest: symlinks cannot smuggle DIR into an input. */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { periodOption } from './period-option.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { UsageError } from '../common/usage-error.ts';
import { describeFsError } from '../common/fs-error-text.ts';
import type { FormId } from '../domain/form-schema.ts';
import { loadForms } from '../load/load-forms.ts';
import { renderBlankForm } from '../blank-forms/render-blank-form.ts';
import { addDays, lastDayOf, periodLabelVi, periodWindow, type Period } from '../domain/period.ts';
import { loadUnits } from '../load/load-units.ts';
import { FORM_OF_KIND, normalizeCode, unitsValidOn, type Unit, type UnitRegistry } from '../domain/units.ts';
import { writeFileAtomic } from '../store/atomic-write.ts';
import { refuseOutputInside } from '../store/output-place.ts';

export interface FormsOptions extends CommonOptions {
  period: string;
  out?: string;
  /**
   * Unit codes to write forms for (`--unit 00007 CA`, or `--unit 00007,CA`); all units valid in the period when absent.
   * A plain string too (`--unit 00007,CA`), split on commas and spaces.
   */
  unit?: string | readonly string[];
}

/** One written workbook, as `--json` reports it. */
export interface FormsFile {
  readonly file: string;
  readonly form: FormId;
  readonly unit: string;
}

/**
 * `baocao forms --period P [--out DIR] [--unit CODE…]`: one blank form per unit valid in the period,
 * `<form>_<period>_<unit code>.xlsx`, header prefilled. The workbook date is the end of the period's data
 * window, so the same period always gives the same bytes. A file already there with other content (a form a
 * unit filled in, or a blank of another revision) is never overwritten: the command stops before writing anything.
 */
export async function runForms(opts: FormsOptions, ctx: CommandContext): Promise<number> {
  const period = periodOption(opts.period, ctx, { refuseRange: 'baocao forms' });
  const registry = loadUnits(ctx.config.unitsFile);
  const valid = unitsValidOn(registry, lastDayOf(period));
  const units = pickUnits(registry, valid, opts.unit, period);
  const wards = valid.filter((u) => u.kind === 'ward');
  const window = periodWindow(period, ctx.config.window);
  const deadline = addDays(window.to, ctx.config.deadlineDays);
  const outDir = path.resolve(ctx.cwd, opts.out ?? ctx.config.blankForms);
  refuseOutputInside(outDir, [ctx.config.inbox], { what: 'Thư mục ghi biểu mẫu trắng', option: opts.out !== undefined ? '--out' : 'khóa "blankForms" trong cấu hình' });
  const forms = loadForms();

  const pending: { entry: FormsFile; bytes: Buffer; unit: Unit }[] = [];
  for (const unit of units) {
    const form = forms[FORM_OF_KIND[unit.kind]];
    const bytes = await renderBlankForm({ form, unit, period, wards, createdOn: window.to, window, deadline });
    pending.push({ entry: { file: path.join(outDir, `${form.id}_${period.id}_${unit.code}.xlsx`), form: form.id, unit: unit.code }, bytes, unit });
  }
  refuseToOverwrite(pending.map((p) => ({ file: p.entry.file, bytes: p.bytes })));

  for (const { entry, bytes, unit } of pending) {
    try {
      writeFileAtomic(entry.file, bytes);
    } catch (error) {
      throw new UsageError('OUTPUT_NOT_WRITABLE', describeFsError(error, { path: entry.file, action: 'write' }), { cause: error });
    }
    if (!ctx.json && !ctx.quiet) ctx.io.out(`Đã ghi ${display(ctx.cwd, entry.file)}: biểu ${entry.form} của ${unit.name}\n`);
  }
  const files = pending.map((p) => p.entry);
  if (ctx.json) {
    ctx.io.out(`${JSON.stringify({ schema: 'baocao.forms/1', period: period.id, files }, null, 2)}\n`);
  } else if (!ctx.quiet) {
    ctx.io.out(`Xong: ${files.length} biểu mẫu ${periodLabelVi(period)} trong thư mục ${display(ctx.cwd, outDir)}.\n`);
  }
  return EXIT.ok;
}

// --- internal ---

/** The units asked for with `--unit` (registry order), or every unit valid in the period. */
function pickUnits(registry: UnitRegistry, valid: readonly Unit[], given: string | readonly string[] | undefined, period: Period): Unit[] {
  const codes = [given ?? []].flat().flatMap((s) => s.split(/[\s,;]+/)).filter((s) => s.length > 0);
  if (codes.length === 0) return [...valid];
  const wanted = new Set(codes.map(normalizeCode));
  const problems: string[] = [];
  for (const code of wanted) {
    if (valid.some((u) => u.code === code)) continue;
    problems.push(
      registry.units.some((u) => u.code === code)
        ? `đơn vị mã ${code} không có trong ${periodLabelVi(period)} (đã giải thể, sáp nhập hoặc chưa thành lập)`
        : `không có đơn vị mã ${code} trong danh sách đơn vị`,
    );
  }
  if (problems.length > 0) {
    const known = valid.map((u) => u.code).join(', ');
    throw new UsageError('UNKNOWN_UNIT', `--unit: ${problems.join('; ')}. Các mã có trong kỳ: ${known}.`);
  }
  return valid.filter((u) => wanted.has(u.code));
}

/** Stops before writing anything when a target exists with other content: it may be a form a unit filled in. */
function refuseToOverwrite(targets: readonly { file: string; bytes: Buffer }[]): void {
  const clashes = targets.filter((t) => existsSync(t.file) && !readFileSync(t.file).equals(t.bytes)).map((t) => t.file);
  if (clashes.length === 0) return;
  throw new UsageError(
    'OUTPUT_EXISTS',
    `Không ghi đè ${clashes.length} tệp đã có với nội dung khác (có thể là biểu đơn vị đã điền, hoặc biểu mẫu phiên bản cũ):\n` +
      `${clashes.map((f) => `- ${f}`).join('\n')}\nChọn thư mục khác bằng --out, hoặc chuyển các tệp này đi rồi chạy lại.`,
  );
}

function display(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  if (rel === '') return '.';
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

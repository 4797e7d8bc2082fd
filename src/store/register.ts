import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../common/usage-error.ts';
import { parseTempFileName, writeFileAtomic } from './atomic-write.ts';

/**
 * `OUT/register.jsonl` (spec/closing.md): what was sent, one JSON object a line, never rewritten. Together with the
 * manifests it is the single source for "what was sent": a line that cannot be read is reported (exit 2), never
 * skipped or guessed around. It holds period ids, file names, sha256 hashes and the clerk's reasons: no personal data.
 *
 * How a line is added: the whole file is read and checked, then written again as exactly its previous bytes plus the
 * new line, to a temporary file that is flushed and renamed over the register (writeFileAtomic). Not an O_APPEND
 * write: a process killed (or a disk filled) in the middle of an append leaves a torn last line, which would then be a
 * "corrupt register" forever; a rename leaves either the old register or the new one. Append-only is kept as a
 * property of the content: the new file starts with the old file's bytes, checked before the rename. The cost, a
 * read and a write of a file of a few lines a month, is nothing. Call it while holding OUT's lock.
 */

export const REGISTER_FILE_NAME = 'register.jsonl';
export const REGISTER_SCHEMA_ID = 'baocao.register/1';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const FileHash = z.strictObject({ file: z.string().min(1), sha256: Sha256 });

const Common = {
  schema: z.literal(REGISTER_SCHEMA_ID),
  period: z.string().min(1),
  /** ISO timestamp of the run (UTC). */
  at: z.string().min(1),
  /** The run's local calendar day (the office's date: what documents print), YYYY-MM-DD. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The tool's version. */
  tool: z.string().min(1),
};

export const RegisterEventSchema = z.discriminatedUnion('event', [
  /** `baocao close`: the period as sent. `outputs` are the files of OUT/P (summary.json included), `inputs` the workbooks used. */
  z.strictObject({ event: z.literal('close'), ...Common, manifest: Sha256, outputs: z.array(FileHash), inputs: z.array(FileHash) }),
  /** A compile of a closed period whose figures changed: the files of OUT/P/dieu-chinh-N/ (`dir`). */
  z.strictObject({
    event: z.literal('correction'),
    ...Common,
    n: z.number().int().positive(),
    dir: z.string().min(1),
    manifest: Sha256,
    outputs: z.array(FileHash),
    inputs: z.array(FileHash),
    /** Changed figures (indicator values by unit and totals) and changed targets. */
    changes: z.number().int().nonnegative(),
    /** Run with --accept-corrections. */
    accepted: z.boolean(),
  }),
  /** `compile --reopen --reason …`: the closed files may be replaced (the previous ones go to history/). */
  z.strictObject({ event: z.literal('reopen'), ...Common, reason: z.string().min(1) }),
]);
export type RegisterEvent = z.infer<typeof RegisterEventSchema>;
export type CloseEvent = Extract<RegisterEvent, { event: 'close' }>;
export type CorrectionEvent = Extract<RegisterEvent, { event: 'correction' }>;

export interface Register {
  readonly file: string;
  readonly events: readonly RegisterEvent[];
  /** The bytes read: what a new line is appended to. */
  readonly bytes: Buffer;
}

/** Where a period stands: open, or closed with the version sent last (the close, or the latest correction since). */
export type PeriodState =
  | { readonly closed: false; readonly corrections: number }
  | {
      readonly closed: true;
      readonly close: CloseEvent;
      /** Corrections since the close, in order. */
      readonly since: readonly CorrectionEvent[];
      /** Corrections of the period ever (numbering continues after a reopen). */
      readonly corrections: number;
    };

/**
 * Reads and checks the register of an output folder; an absent register is an empty one. A line that is not a
 * register event (bad JSON, an unknown key, a torn last line without its newline) throws UsageError
 * `REGISTER_CORRUPT` naming the line: the tool does not guess what was sent.
 */
export function readRegister(outDir: string): Register {
  const file = path.join(outDir, REGISTER_FILE_NAME);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT') return { file, events: [], bytes: Buffer.alloc(0) };
    throw new UsageError('REGISTER_UNREADABLE', `Không đọc được sổ theo dõi báo cáo đã gửi ${file}: ${error instanceof Error ? error.message : String(error)}.`, { cause: error });
  }
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  const last = lines.pop();
  if (last !== '') throw corrupt(file, lines.length + 1, 'dòng cuối bị ghi dở (không có ký tự xuống dòng)');
  const events = lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw corrupt(file, i + 1, 'không phải JSON');
    }
    const parsed = RegisterEventSchema.safeParse(json);
    if (!parsed.success) throw corrupt(file, i + 1, 'không đúng cấu trúc một sự kiện của sổ');
    return parsed.data;
  });
  return { file, events, bytes };
}

/** Adds one event to the register just read (see the comment at the top of this file for how, and why). */
export function appendRegister(register: Register, event: RegisterEvent): Register {
  const line = Buffer.from(`${JSON.stringify(RegisterEventSchema.parse(event))}\n`, 'utf8');
  const next = Buffer.concat([register.bytes, line]);
  // The register must still be the one read: under the lock nobody else writes it, but a person might have.
  let current: Buffer;
  try {
    current = readFileSync(register.file);
  } catch {
    current = Buffer.alloc(0);
  }
  if (!current.equals(register.bytes)) {
    throw new UsageError('REGISTER_CHANGED', `Sổ theo dõi ${register.file} đã bị sửa trong khi lệnh đang chạy. Không ghi gì thêm; chạy lại lệnh.`);
  }
  removeDeadTemporaries(register.file);
  writeFileAtomic(register.file, next);
  return { file: register.file, events: [...register.events, event], bytes: next };
}

/** Where a period stands in the register. */
export function periodState(register: Register, periodId: string): PeriodState {
  const mine = register.events.filter((e) => e.period === periodId);
  const corrections = mine.filter((e) => e.event === 'correction').length;
  let close: CloseEvent | null = null;
  let since: CorrectionEvent[] = [];
  for (const e of mine) {
    if (e.event === 'close') {
      close = e;
      since = [];
    } else if (e.event === 'reopen') {
      close = null;
      since = [];
    } else if (close) {
      since.push(e);
    }
  }
  return close ? { closed: true, close, since, corrections } : { closed: false, corrections };
}

/**
 * A period folder holding correction folders (dieu-chinh-N) that the register knows nothing of means the register was
 * lost or replaced: what was sent cannot be told, so UsageError `REGISTER_MISSING` rather than a compile that would
 * treat the period as never closed and replace its files.
 */
export function checkRegisterCovers(register: Register, periodDir: string, periodId: string): void {
  if (register.events.some((e) => e.period === periodId)) return;
  let names: string[];
  try {
    names = readdirSync(periodDir);
  } catch {
    return;
  }
  const orphans = names.filter((n) => /^dieu-chinh-\d+$/.test(n)).sort((a, b) => Number(a.slice(11)) - Number(b.slice(11)));
  if (orphans.length === 0) return;
  throw new UsageError(
    'REGISTER_MISSING',
    `Thư mục ${periodDir} có báo cáo điều chỉnh (${orphans.join(', ')}) nhưng sổ ${register.file} không ghi gì về kỳ ${periodId}: ` +
      'sổ đã bị mất hoặc bị thay. Chương trình không đoán kỳ đã chốt hay chưa: khôi phục register.jsonl từ bản sao lưu rồi chạy lại lệnh.',
  );
}

/** The version last sent of a closed period: its folder (relative to OUT/P, '' for OUT/P itself) and the hashes of its files. */
export function latestSent(state: Extract<PeriodState, { closed: true }>): { dir: string; outputs: readonly { file: string; sha256: string }[]; inputs: readonly { file: string; sha256: string }[] } {
  const last = state.since.at(-1);
  return last ? { dir: last.dir, outputs: last.outputs, inputs: last.inputs } : { dir: '', outputs: state.close.outputs, inputs: state.close.inputs };
}

// --- internal ---

/** Temporary files of register writes whose process is gone (killed before its rename): never the register itself. */
function removeDeadTemporaries(file: string): void {
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const t = parseTempFileName(name);
    if (t?.target !== path.basename(file) || isAlive(t.pid)) continue;
    rmSync(path.join(dir, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
}

function corrupt(file: string, line: number, why: string): UsageError {
  return new UsageError(
    'REGISTER_CORRUPT',
    `Sổ theo dõi báo cáo đã gửi ${file} bị hỏng ở dòng ${line}: ${why}. Chương trình không đoán nội dung đã gửi: ` +
      'khôi phục tệp từ bản sao lưu (hoặc sửa dòng đó về đúng nội dung cũ) rồi chạy lại lệnh. Không có gì được ghi.',
  );
}

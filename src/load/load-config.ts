import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { UsageError } from '../common/usage-error.ts';
import { describeFsError } from '../common/fs-error-text.ts';
import { ConfigFileSchema, DEFAULT_AUDIENCES, DEFAULT_PLAN_REFERENCE, type Config, type ConfigFile } from '../domain/config-schema.ts';

export const CONFIG_FILE_NAME = 'baocao.config.json';

/**
 * Loads the configuration: `--config FILE` when given, else `baocao.config.json` in the working folder
 * if there is one, else the embedded defaults. A broken file is a UsageError (exit 2) in Vietnamese.
 */
export function loadConfig(options: { file?: string | undefined; cwd: string }): Config {
  const explicit = options.file !== undefined;
  const file = explicit ? path.resolve(options.cwd, options.file!) : path.join(options.cwd, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    if (explicit) throw new UsageError('CONFIG_NOT_FOUND', `Không tìm thấy tệp cấu hình ${file}.`);
    return resolveConfig({}, null, options.cwd);
  }
  let raw: unknown;
  const text = readSmallTextFile(
    file,
    (reason) => new UsageError('CONFIG_INVALID', `Tệp cấu hình ${file}: ${reason}.`),
    (error) => new UsageError('CONFIG_UNREADABLE', `Tệp cấu hình: ${describeFsError(error, { path: file, action: 'read' })}`, { cause: error }),
  );
  try {
    // A BOM (Notepad on Windows writes one) is not JSON; CRLF line ends are.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError('CONFIG_INVALID', `Tệp cấu hình ${file} không phải JSON hợp lệ: ${jsonSyntaxVi(text, error)}.`, { cause: error });
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError('CONFIG_INVALID', `Tệp cấu hình ${file} có lỗi:\n${formatConfigIssues(parsed.error.issues)}`);
  }
  return resolveConfig(parsed.data, file, path.dirname(file));
}

/** Applies defaults and resolves relative paths against `baseDir`. Pure. */
export function resolveConfig(file: ConfigFile, source: string | null, baseDir: string): Config {
  const abs = (p: string) => path.resolve(baseDir, p);
  const config: Omit<Config, 'hash'> = {
    source,
    inbox: abs(file.inbox ?? 'inbox'),
    output: abs(file.output ?? 'out'),
    blankForms: abs(file.blankForms ?? 'bieu-mau'),
    unitsFile: file.units === undefined ? null : abs(file.units),
    planFile: file.plan === undefined ? null : abs(file.plan),
    criteriaFile: file.criteria === undefined ? null : abs(file.criteria),
    window: file.window ?? 'decree-09',
    deadlineDays: file.deadlineDays ?? 3,
    reportDateDays: file.reportDateDays ?? 2,
    place: file.place ?? 'Ba Đình',
    maxUnpackedMb: file.limits?.maxUnpackedMb ?? 50,
    maxListRows: file.limits?.maxListRows ?? 5000,
    lockWaitSeconds: file.lockWaitSeconds ?? 10,
    audiences: {
      district: { ...DEFAULT_AUDIENCES.district, ...file.district },
      city: { ...DEFAULT_AUDIENCES.city, ...file.city },
    },
    planReference: {
      number: file.planReference?.number ?? DEFAULT_PLAN_REFERENCE.number,
      date: file.planReference?.date ?? DEFAULT_PLAN_REFERENCE.date,
      issuer: file.planReference?.issuer ?? DEFAULT_PLAN_REFERENCE.issuer,
    },
  };
  // The hash covers what changes the reports; folders are where they go, not what they say.
  const { source: _s, inbox: _i, output: _o, blankForms: _b, ...content } = config;
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return { ...config, hash };
}

/**
 * Where JSON.parse stopped, in Vietnamese (`lỗi cú pháp ở dòng 3, cột 14`): its own message is English.
 * Node 20 says `… at position 41`; newer versions add `(line 3 column 14)`.
 */
export function jsonSyntaxVi(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const at = /position (\d+)/.exec(message);
  if (!at) return /Unexpected end/i.test(message) ? 'tệp kết thúc giữa chừng (thiếu dấu } hoặc ])' : 'lỗi cú pháp';
  const before = text.replace(/^\uFEFF/, '').slice(0, Number(at[1]));
  const lines = before.split('\n');
  return `lỗi cú pháp ở dòng ${lines.length}, cột ${(lines.at(-1)?.length ?? 0) + 1} (thường do thiếu dấu phẩy, thừa dấu phẩy cuối, hoặc thiếu dấu ngoặc kép)`;
}

/** Zod issues as Vietnamese lines: where in the file, and what is wrong. */
export function formatConfigIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : '(gốc)';
      switch (i.code) {
        case 'unrecognized_keys':
          return `- ${where}: khóa không được hỗ trợ: ${i.keys.join(', ')} (xem README, mục Cấu hình)`;
        case 'invalid_type':
          return `- ${where}: sai kiểu, cần ${TYPE_VI[i.expected] ?? i.expected}`;
        case 'invalid_value':
          return `- ${where}: giá trị không hợp lệ, chỉ nhận: ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
        case 'too_small':
          return `- ${where}: giá trị quá nhỏ (tối thiểu ${String(i.minimum)})`;
        case 'too_big':
          return `- ${where}: giá trị quá lớn (tối đa ${String(i.maximum)})`;
        case 'custom':
          return `- ${where}: ${i.message}`;
        default:
          return `- ${where}: giá trị không hợp lệ`;
      }
    })
    .join('\n');
}

// --- internal ---

const TYPE_VI: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  boolean: 'true/false',
  object: 'đối tượng {…}',
  array: 'danh sách […]',
};

/** A configuration or data file is small: anything bigger is not one (a log, a device, a mistake). */
export const MAX_DATA_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Reads a small UTF-8 text file (configuration, unit registry, plan), the byte-order mark Notepad writes removed.
 * Only a regular file is read (issue 13): a FIFO would block forever and /dev/zero never ends. `refuse` builds the
 * UsageError from a Vietnamese reason.
 */
export function readSmallTextFile(file: string, refuse: (reason: string) => Error, cannotOpen: (error: unknown) => Error): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw cannotOpen(error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw cannotOpen(Object.assign(new Error(`EISDIR: ${file}`), { code: 'EISDIR', syscall: 'open', path: file }));
    if (!stat.isFile()) throw refuse('đây không phải một tệp thông thường (thiết bị hoặc đường ống)');
    if (stat.size > MAX_DATA_FILE_BYTES) throw refuse(`tệp quá lớn (${Math.ceil(stat.size / 1024 / 1024)} MB), không phải tệp JSON cấu hình`);
    return readFileSync(fd, 'utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

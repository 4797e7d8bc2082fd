import type { z } from 'zod';
import { UsageError, type UsageCode } from '../common/usage-error.ts';
import { describeFsError } from '../common/fs-error-text.ts';
import { formatConfigIssues, jsonSyntaxVi, readSmallTextFile } from './load-config.ts';

/**
 * Reads a data file the configuration points at (a unit registry, a plan) and checks it with its schema.
 * Anything wrong is a UsageError (exit 2) in Vietnamese: which file, what is wrong, and which key names it.
 */
export function readDataFile<S extends z.ZodType>(file: string, schema: S, o: { code: UsageCode; what: string; key: string }): z.infer<S> {
  let raw: unknown;
  const refuse = (reason: string) => new UsageError(o.code, `${o.what} ${file}: ${reason}. Sửa khóa "${o.key}" trong tệp cấu hình.`);
  const cannotOpen = (error: unknown) =>
    new UsageError(o.code, `${o.what}: ${describeFsError(error, { path: file, action: 'read', hint: `Sửa khóa "${o.key}" trong tệp cấu hình.` })}`, { cause: error });
  const text = readSmallTextFile(file, refuse, cannotOpen);
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(o.code, `${o.what} ${file}: không phải JSON hợp lệ: ${jsonSyntaxVi(text, error)}. Sửa khóa "${o.key}" trong tệp cấu hình.`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new UsageError(o.code, `${o.what} ${file} không đúng mẫu:\n${formatConfigIssues(parsed.error.issues)}`);
  return parsed.data;
}

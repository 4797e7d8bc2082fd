import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UsageError } from '../common/usage-error.ts';
import { formatConfigIssues } from './load-config.ts';

/**
 * Reads a data file the configuration points at (a unit registry, a plan) and checks it with its schema.
 * Anything wrong is a UsageError (exit 2) in Vietnamese: which file, what is wrong, and which key names it.
 */
export function readDataFile<S extends z.ZodType>(file: string, schema: S, o: { code: string; what: string; key: string }): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'không tìm thấy tệp' : `không đọc được JSON (${(error as Error).message})`;
    throw new UsageError(o.code, `${o.what} ${file}: ${reason}. Sửa khóa "${o.key}" trong tệp cấu hình.`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new UsageError(o.code, `${o.what} ${file} không đúng mẫu:\n${formatConfigIssues(parsed.error.issues)}`);
  return parsed.data;
}

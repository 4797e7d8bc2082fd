import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { UnitRegistrySchema, type UnitRegistry } from './units.ts';

const DEFAULT_FILE = new URL('../../templates/units/ba-dinh.json', import.meta.url);
let embedded: UnitRegistry | undefined;

/** The embedded unit registry of Ba Đình (before the 2025 reorganisation, plus the wards that reuse codes after it). */
export function loadDefaultUnits(): UnitRegistry {
  embedded ??= UnitRegistrySchema.parse(JSON.parse(readFileSync(DEFAULT_FILE, 'utf8')));
  return embedded;
}

/**
 * The unit registry: the embedded one when `file` is null (no `units` key in the configuration), else the
 * file named there. A missing, unreadable or invalid file is a UsageError (exit 2) saying what to fix.
 */
export function loadUnits(file: string | null): UnitRegistry {
  if (file === null) return loadDefaultUnits();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'không tìm thấy tệp' : `không đọc được JSON (${(error as Error).message})`;
    throw new UsageError('UNITS_INVALID', `Tệp danh sách đơn vị ${file}: ${reason}. Sửa khóa "units" trong tệp cấu hình.`, { cause: error });
  }
  const parsed = UnitRegistrySchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 5).map((i) => `- ${i.path.join('.') || '(gốc)'}: ${i.message}`);
    throw new UsageError('UNITS_INVALID', `Tệp danh sách đơn vị ${file} không đúng mẫu:\n${where.join('\n')}`);
  }
  return parsed.data;
}

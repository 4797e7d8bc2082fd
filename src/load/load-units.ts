import { readFileSync } from 'node:fs';
import { templatesUrl } from './templates.ts';
import { readDataFile } from './read-data-file.ts';
import { UnitRegistrySchema, type UnitRegistry } from '../domain/units.ts';

const DEFAULT_FILE = templatesUrl('units/ba-dinh.json');
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
  return file === null ? loadDefaultUnits() : readDataFile(file, UnitRegistrySchema, { code: 'UNITS_INVALID', what: 'Tệp danh sách đơn vị', key: 'units' });
}

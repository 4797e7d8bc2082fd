import { readFileSync } from 'node:fs';
import { UnitRegistrySchema, type UnitRegistry } from './units.ts';

const DEFAULT_FILE = new URL('../../templates/units/ba-dinh.json', import.meta.url);
let embedded: UnitRegistry | undefined;

/** The embedded unit registry of Ba Đình (before the 2025 reorganisation, plus the wards that reuse codes after it). */
export function loadDefaultUnits(): UnitRegistry {
  embedded ??= UnitRegistrySchema.parse(JSON.parse(readFileSync(DEFAULT_FILE, 'utf8')));
  return embedded;
}

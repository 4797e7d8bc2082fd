import { z } from 'zod';
import { ReporterKind } from './form-schema.ts';
import type { FormId } from './form-schema.ts';
import { memoText } from '../common/memo.ts';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const UnitSchema = z.strictObject({
  code: z.string().min(1).describe('Mã đơn vị hành chính (or CA, D178)'),
  name: z.string().min(1).describe('Canonical name, always printed as written here (NFC)'),
  kind: ReporterKind,
  validFrom: IsoDate.nullable().describe('First day the unit exists (null: always)'),
  validTo: IsoDate.nullable().describe('Last day the unit exists (null: still exists)'),
  aliases: z.array(z.string()).optional().describe('Other names accepted on input'),
});
export type Unit = z.infer<typeof UnitSchema>;

export const UnitRegistrySchema = z
  .strictObject({
    version: z.literal(1),
    district: z.string(),
    city: z.string(),
    units: z.array(UnitSchema).min(1),
  })
  .superRefine((registry, ctx) => {
    // A code is the key of a unit's data (with the period): two units with one code at the same time cannot be told
    // apart. A code may be reused only after the first unit ended (the 2025 reorganisation).
    registry.units.forEach((u, i) => {
      const j = registry.units.findIndex((o, k) => k < i && normalizeCode(o.code) === normalizeCode(u.code) && overlaps(o, u));
      if (j >= 0) ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `mã đơn vị ${u.code} trùng với units.${j} trong cùng thời gian hiệu lực; mỗi mã chỉ thuộc một đơn vị tại một thời điểm` });
    });
  });
export type UnitRegistry = z.infer<typeof UnitRegistrySchema>;

/** The form each kind of unit sends. */
export const FORM_OF_KIND = { ward: 'PCMD-01', police: 'PCMD-02', team178: 'PCMD-03' } as const satisfies Record<
  Unit['kind'],
  FormId
>;

/** A unit is expected in a period when it exists on the period's last calendar day (ISO date). */
export const isUnitValidOn = (unit: Unit, day: string): boolean =>
  (unit.validFrom === null || unit.validFrom <= day) && (unit.validTo === null || unit.validTo >= day);

/** Units valid on a day, in registry order (wards first, as the table lists them). */
export const unitsValidOn = (registry: UnitRegistry, day: string): Unit[] =>
  registry.units.filter((u) => isUnitValidOn(u, day));

/** "Phường Phúc Xá" → "Phúc Xá", for narrow table headers. */
export const shortUnitName = (unit: Pick<Unit, 'name'>): string => unit.name.replace(/^Phường\s+/u, '');

/**
 * Folds a unit name for lenient matching: NFC/NFD, diacritics, đ, case, punctuation, extra spaces,
 * and the prefixes "UBND phường", "Phường", "P.", "UBND". Every form is matched against every unit's names (issue 18:
 * ~20 ms of a year's read): the few names are folded once.
 */
export const foldUnitName = memoText(foldName, 10_000);

function foldName(text: string): string {
  let s = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[.,;:()\-–_/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(/^(uy ban nhan dan|ubnd)\s+/, '');
  s = s.replace(/^(phuong|p)\s+/, '');
  return s;
}

export type UnitMatch =
  | { kind: 'matched'; unit: Unit; by: 'code' | 'name' }
  | { kind: 'mismatch'; byCode: Unit; byName: Unit }
  | { kind: 'unknown' };

/**
 * Finds the unit a form speaks for, among the units valid on `day`. The code decides when present and known;
 * otherwise the name, matched exactly after folding, then as whole words inside longer text ("UBND phường Kim Mã quận Ba Đình").
 */
export function matchUnit(registry: UnitRegistry, input: { code: string | null; name: string | null }, day: string): UnitMatch {
  const candidates = unitsValidOn(registry, day);
  const code = input.code?.trim() ?? '';
  const byCode = code ? candidates.find((u) => u.code === normalizeCode(code)) : undefined;
  const byName = input.name ? matchByName(candidates, input.name) : undefined;
  if (byCode && byName && byCode !== byName) return { kind: 'mismatch', byCode, byName };
  if (byCode) return { kind: 'matched', unit: byCode, by: 'code' };
  if (byName) return { kind: 'matched', unit: byName, by: 'name' };
  return { kind: 'unknown' };
}

/** Ward codes are five digits; a spreadsheet may have eaten the leading zeros ("7" for "00007"). */
export function normalizeCode(code: string): string {
  const t = code.trim().toUpperCase();
  return /^\d{1,5}$/.test(t) ? t.padStart(5, '0') : t;
}

/** Whether `name` (as typed, leniently) is one of the unit's names: a code with a name of no unit at all is not silent. */
export const unitNameFits = (unit: Unit, name: string): boolean => matchByName([unit], name) !== undefined;

// --- internal ---

const overlaps = (a: Unit, b: Unit): boolean =>
  (a.validFrom === null || b.validTo === null || a.validFrom <= b.validTo) && (b.validFrom === null || a.validTo === null || b.validFrom <= a.validTo);

function matchByName(candidates: Unit[], name: string): Unit | undefined {
  const folded = foldUnitName(name);
  if (!folded) return undefined;
  const namesOf = (u: Unit) => [u.name, ...(u.aliases ?? [])].map(foldUnitName);
  const exact = candidates.filter((u) => namesOf(u).includes(folded));
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return undefined;
  const padded = ` ${folded} `;
  const found = candidates.flatMap((u) => namesOf(u).filter((n) => n.length > 0 && padded.includes(` ${n} `)).map((n) => ({ u, n })));
  // "Công an quận Ba Đình" also holds "Ba Đình" (a ward from 2025): a name inside a longer name found beside it
  // does not count. Two units left ("Phúc Xá và Trúc Bạch", "Đội Cấn, Phúc Xá") is a tie, refused, never a guess.
  const outer = found.filter((f) => !found.some((g) => g.n.length > f.n.length && g.n.includes(f.n)));
  const units = new Set(outer.map((f) => f.u));
  return units.size === 1 ? [...units][0] : undefined;
}

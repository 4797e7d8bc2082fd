import { isoDate, lastDayOf, makeRange, monthRange, monthsOf, type Period } from './period.ts';
import { isUnitValidOn, type Unit, type UnitRegistry } from './units.ts';

/**
 * A unit as one period sees it (spec/forms.md: "key a unit's data on code and period together"). Codes are
 * reused after the 1 July 2025 reorganisation, so within a period a unit is its code plus its validity:
 * `key` is the plain code, unless that code names more than one unit of the period; then each of them is
 * keyed `<code>:<from>..<to>`, its validity clipped to the period's calendar bounds (not its data window:
 * validity is by calendar day, and a month belongs to the units valid on its last calendar day).
 */
export interface UnitInstance extends Unit {
  /** The key of the unit's data in this period (summary.units[].key, indicators[].byUnit…). */
  readonly key: string;
  /** The unit's validity clipped to the period's calendar bounds (ISO). */
  readonly spanFrom: string;
  readonly spanTo: string;
  /** The unit existed for only part of the period: it began after its first day or ended before its last. */
  readonly partial: boolean;
  /** It still exists on the period's last day: its state values ('last' indicators) are those of the period's end. */
  readonly atEnd: boolean;
}

/** The first calendar day of a period. */
export const firstDayOf = (p: Period): string => isoDate(p.year, monthRange(p).first, 1);

/**
 * Whether a unit takes part in a period: it is valid on the last day of at least one of the period's months
 * (a month belongs to the units valid on its last day). For a month this is "valid on its last day".
 */
export const unitInPeriod = (unit: Unit, period: Period): boolean => monthsOf(period).some((m) => isUnitValidOn(unit, lastDayOf(m)));

/** The months of a period a unit is expected to report: those inside its validity. */
export const unitMonths = (unit: Unit, period: Period): Period[] => monthsOf(period).filter((m) => isUnitValidOn(unit, lastDayOf(m)));

/**
 * The units of a period, wards first, then police, then team 178 (registry order within each kind): every unit
 * valid during part of the period, not only those of its last day, so that a year across the reorganisation adds
 * the old wards' months to the totals.
 */
export function unitsOfPeriod(registry: UnitRegistry, period: Period): UnitInstance[] {
  const first = firstDayOf(period);
  const last = lastDayOf(period);
  const taking = registry.units.filter((u) => unitInPeriod(u, period));
  const ordered = KINDS.flatMap((k) => taking.filter((u) => u.kind === k));
  const shared = new Set(ordered.filter((u, i) => ordered.findIndex((o) => o.code === u.code) !== i).map((u) => u.code));
  return ordered.map((u): UnitInstance => {
    const spanFrom = u.validFrom !== null && u.validFrom > first ? u.validFrom : first;
    const spanTo = u.validTo !== null && u.validTo < last ? u.validTo : last;
    return {
      ...u,
      key: shared.has(u.code) ? `${u.code}:${spanFrom}..${spanTo}` : u.code,
      spanFrom,
      spanTo,
      partial: spanFrom !== first || spanTo !== last,
      atEnd: isUnitValidOn(u, last),
    };
  });
}

/**
 * The units of the year to date: January to the period's end (2025-Q3 reaches back to the old wards' first half),
 * as unitsOfPeriod gives them for that span. For a period whose year crosses no change, the period's own units.
 */
export function unitsOfYearToDate(registry: UnitRegistry, period: Period): UnitInstance[] {
  return unitsOfPeriod(registry, makeRange(period.year, 1, monthRange(period).last) ?? period);
}

// --- internal ---

const KINDS: readonly Unit['kind'][] = ['ward', 'police', 'team178'];

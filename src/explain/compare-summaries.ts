import type { Summary, TargetStatus } from '../domain/summary-schema.ts';

/**
 * What changed between the figures sent (a closed period's summary.json, or its latest correction's) and the figures
 * the inbox gives now. Pure. Only figures count: the indicators (each unit's value and the district total) and the
 * targets (values and statuses); a new warning or a changed free text is no correction.
 */

/** summary.json `corrections[]` (spec/closing.md). `unit` is null for a district total. */
export interface Correction {
  readonly indicator: string;
  readonly unit: string | null;
  readonly old: number | null;
  readonly new: number | null;
  /** The form the new value comes from (file name and cell), null when none single one does (a total, a unit now missing). */
  readonly file: string | null;
  readonly cell: string | null;
}

/** summary.json `targetCorrections[]`: a target whose value or status changed, for the district (unit null) or a ward (CT8). */
export interface TargetCorrection {
  readonly target: string;
  readonly unit: string | null;
  readonly old: number | null;
  readonly new: number | null;
  readonly oldStatus: TargetStatus;
  readonly newStatus: TargetStatus;
}

export interface FigureChanges {
  readonly corrections: readonly Correction[];
  readonly targets: readonly TargetCorrection[];
}

/** Where a unit's changed value comes from (its form's file and cell), or null. */
export type CauseOf = (unit: string, indicator: string) => { file: string; cell: string } | null;

export function compareSummaries(sent: Pick<Summary, 'indicators' | 'targets'>, now: Pick<Summary, 'indicators' | 'targets'>, causeOf: CauseOf): FigureChanges {
  const corrections: Correction[] = [];
  for (const code of union(Object.keys(sent.indicators), Object.keys(now.indicators))) {
    const before = sent.indicators[code];
    const after = now.indicators[code];
    const rows: Correction[] = [];
    for (const unit of union(Object.keys(before?.byUnit ?? {}), Object.keys(after?.byUnit ?? {}))) {
      const old = before?.byUnit[unit] ?? null;
      const value = after?.byUnit[unit] ?? null;
      if (old === value) continue;
      const cause = value === null ? null : causeOf(unit, code);
      rows.push({ indicator: code, unit, old, new: value, file: cause?.file ?? null, cell: cause?.cell ?? null });
    }
    const oldTotal = before?.total ?? null;
    const newTotal = after?.total ?? null;
    if (oldTotal !== newTotal) {
      // A total moved by one unit's change has that unit's cause; moved by several, it is their sum.
      const only = rows.length === 1 ? rows[0] : undefined;
      rows.push({ indicator: code, unit: null, old: oldTotal, new: newTotal, file: only?.file ?? null, cell: only?.cell ?? null });
    }
    corrections.push(...rows);
  }
  const targets: TargetCorrection[] = [];
  for (const id of union(Object.keys(sent.targets), Object.keys(now.targets))) {
    const before = sent.targets[id];
    const after = now.targets[id];
    if (!before || !after) continue;
    if (before.status !== after.status || before.yearToDate !== after.yearToDate || before.period !== after.period) {
      targets.push({ target: id, unit: null, old: before.yearToDate, new: after.yearToDate, oldStatus: before.status, newStatus: after.status });
    }
    for (const unit of union(Object.keys(before.byUnit ?? {}), Object.keys(after.byUnit ?? {}))) {
      const b = before.byUnit?.[unit] ?? { ratio: null, status: 'Thiếu số liệu' as const };
      const a = after.byUnit?.[unit] ?? { ratio: null, status: 'Thiếu số liệu' as const };
      if (b.status !== a.status || b.ratio !== a.ratio) targets.push({ target: id, unit, old: b.ratio, new: a.ratio, oldStatus: b.status, newStatus: a.status });
    }
  }
  return { corrections, targets };
}

export const hasChanges = (c: FigureChanges): boolean => c.corrections.length + c.targets.length > 0;

// --- internal ---

/** Keys of both, in the order first seen (the sent summary's order, then new ones). */
function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

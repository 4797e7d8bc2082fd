import type { FormRecord } from '../domain/form-record.ts';

/** A rejected workbook: read, but it has error-level issues, so it is left out of every total. */
export interface RejectedRecord {
  readonly unitCode: string;
  readonly periodId: string;
  readonly file: string;
}

/**
 * The run's records keyed on unit code AND period together (spec/forms.md: codes are reused after the
 * 2025 reorganisation, so a code alone never identifies a unit's data). Whether a record belongs to a
 * given unit of that code is decided by the roll-up, from the unit's validity on the period's last day.
 */
export interface RecordIndex {
  /** The accepted record of a unit code for a period, if any. */
  readonly accepted: (unitCode: string, periodId: string) => FormRecord | undefined;
  /** Files rejected for a unit code and period (empty when none). */
  readonly rejected: (unitCode: string, periodId: string) => readonly string[];
}

export function indexRecords(records: readonly FormRecord[], rejected: readonly RejectedRecord[]): RecordIndex {
  const accepted = new Map<string, FormRecord>();
  // Duplicates are resolved before aggregation; should one slip through, the first one read is kept
  // so that the result never depends on map iteration quirks.
  for (const r of records) {
    const k = key(r.unitCode, r.period.id);
    if (!accepted.has(k)) accepted.set(k, r);
  }
  const rejectedFiles = new Map<string, string[]>();
  for (const r of rejected) {
    const k = key(r.unitCode, r.periodId);
    const files = rejectedFiles.get(k) ?? [];
    if (!files.includes(r.file)) files.push(r.file);
    rejectedFiles.set(k, files);
  }
  return {
    accepted: (unitCode, periodId) => accepted.get(key(unitCode, periodId)),
    rejected: (unitCode, periodId) => rejectedFiles.get(key(unitCode, periodId)) ?? [],
  };
}

// --- internal ---

const key = (unitCode: string, periodId: string): string => `${unitCode}\u0000${periodId}`;

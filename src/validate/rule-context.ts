import type { FormSet } from '../load/load-forms.ts';
import { makePeriod, previousPeriod, type Period, type WindowMode } from '../domain/period.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { UnitRegistry } from '../domain/units.ts';

/** What one validation run needs besides the records: the definitions, the units and the data-window mode. */
export interface RunContext {
  readonly forms: FormSet;
  readonly units: UnitRegistry;
  readonly window: WindowMode;
  /**
   * `validate --period P`: only the records of P (or of a period within P) are checked; every other record is out of
   * scope: its issues are dropped, it gets one info `cross.other-period`, and it still feeds the cross-period rules.
   */
  readonly expectedPeriod?: Period | undefined;
}

/** The context of the per-record rules: the run's context plus the other records, for cross-period rules. */
export interface RuleContext extends RunContext {
  readonly history: RecordHistory;
}

/**
 * The records the cross-period rules may look at, keyed on unit code AND period id together (never the code
 * alone: codes are reused after the 2025 reorganisation).
 */
export interface RecordHistory {
  /** The record of a unit code for a period id, if the run holds one. */
  readonly find: (unitCode: string, periodId: string) => FormRecord | undefined;
}

/**
 * Indexes records for the cross-period rules. The caller removes duplicates first (validateRun does);
 * should two records still share a unit and period, the first one given is kept, so the result never
 * depends on anything but the input order.
 */
export function indexHistory(records: readonly FormRecord[]): RecordHistory {
  const byKey = new Map<string, FormRecord>();
  for (const r of records) {
    const k = key(r.unitCode, r.period.id);
    if (!byKey.has(k)) byKey.set(k, r);
  }
  return { find: (unitCode, periodId) => byKey.get(key(unitCode, periodId)) };
}

/** An empty history: no earlier period is known (the cross-period rules then stay silent). */
export const NO_HISTORY: RecordHistory = { find: () => undefined };

/**
 * The same unit's record for the period just before, when known. "The same unit" is the same code AND the
 * same canonical name: after the 2025 reorganisation a code (00004) names another ward, whose first month
 * must not be compared with the old ward's last one.
 */
export function previousRecordOf(record: FormRecord, history: RecordHistory): FormRecord | undefined {
  return sameUnitRecord(record, history, previousPeriod(record.period));
}

/** The same unit's records for the earlier periods of the same type in the record's year, oldest first. */
export function earlierRecordsInYear(record: FormRecord, history: RecordHistory): FormRecord[] {
  const out: FormRecord[] = [];
  for (let index = 1; index < record.period.index; index++) {
    const found = sameUnitRecord(record, history, makePeriod(record.period.type, record.period.year, index));
    if (found) out.push(found);
  }
  return out;
}

/** The earlier periods of the same type in the record's year for which the run holds no record of the same unit. */
export function missingEarlierPeriods(record: FormRecord, history: RecordHistory): Period[] {
  const out: Period[] = [];
  for (let index = 1; index < record.period.index; index++) {
    const period = makePeriod(record.period.type, record.period.year, index);
    if (!sameUnitRecord(record, history, period)) out.push(period);
  }
  return out;
}

// --- internal ---

const key = (unitCode: string, periodId: string): string => `${unitCode}\u0000${periodId}`;

function sameUnitRecord(record: FormRecord, history: RecordHistory, period: Period): FormRecord | undefined {
  const found = history.find(record.unitCode, period.id);
  return found && found.unitName === record.unitName && found.formId === record.formId ? found : undefined;
}

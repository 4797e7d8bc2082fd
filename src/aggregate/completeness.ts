import type { FormSet } from '../load/load-forms.ts';
import { HEADER } from '../domain/form-layout.ts';
import { formatDateVi } from '../common/vi-format.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';
import { addDays, parsePeriodId, periodLabelVi, periodWindow, type Period, type WindowMode } from '../domain/period.ts';
import type { FormRecord } from '../domain/form-record.ts';
import { FORM_OF_KIND } from '../domain/units.ts';
import type { UnitInstance } from '../domain/unit-instances.ts';
import type { SummaryUnit } from '../domain/summary-schema.ts';
import type { Coverage } from './rollup.ts';

export interface CompletenessOptions {
  readonly period: Period;
  readonly window: WindowMode;
  /** A form is due this many days after its own period's data window ends. */
  readonly deadlineDays: number;
  readonly forms: FormSet;
  /** The months (or larger pieces) of the unit's span without an accepted form, asked only for a missing unit. */
  readonly gaps?: () => readonly string[];
}

/**
 * One line of completeness and timeliness (summary.units) for an expected unit, with the issues it raises:
 * `unit.missing` for a unit without usable forms, `unit.late` for each form used that was signed after its deadline.
 */
export function summarizeUnit(unit: UnitInstance, coverage: Coverage, options: CompletenessOptions): { unit: SummaryUnit; issues: Issue[] } {
  const base = { code: unit.code, key: unit.key, name: unit.name, validFrom: unit.validFrom, validTo: unit.validTo, form: FORM_OF_KIND[unit.kind] };
  switch (coverage.status) {
    case 'missing': {
      const gaps = options.gaps?.() ?? [];
      const months = gaps.length > 0 ? gaps.map(periodShortVi).join(', ') : null;
      return {
        unit: { ...base, status: 'missing', source: null, files: [], signedOn: null, onTime: null },
        issues: [issue('unit.missing', { unit: unit.key }, { unit: unit.name, period: options.period.id, ...(months === null ? {} : { months }) })],
      };
    }
    case 'rejected':
      // The rejected forms' own errors already explain why; timeliness of a form not used is not judged.
      return { unit: { ...base, status: 'rejected', source: null, files: [...coverage.files], signedOn: null, onTime: null }, issues: [] };
    case 'accepted': {
      const late = coverage.records.flatMap((r) => (r.signedOn !== null && timeliness(r, options) === 'late' ? [{ record: r, signedOn: r.signedOn }] : []));
      const signed = coverage.records.map((r) => r.signedOn).filter((d) => d !== null);
      return {
        unit: {
          ...base,
          status: 'accepted',
          source: coverage.source,
          files: coverage.records.map((r) => r.file),
          signedOn: signed.length > 0 ? signed.reduce((a, b) => (b > a ? b : a)) : null,
          onTime: onTimeOf(coverage.records, options),
        },
        issues: late.map(({ record, signedOn }) => lateIssue(unit, record, signedOn, options)),
      };
    }
  }
}

/** The day a form for `period` is due: the end of that period's own data window plus the configured days. */
export const deadlineOf = (period: Period, options: Pick<CompletenessOptions, 'window' | 'deadlineDays'>): string =>
  addDays(periodWindow(period, options.window).to, options.deadlineDays);

// --- internal ---

/** "2025-03" → "tháng 3 năm 2025"; a larger piece by its own label. */
const periodShortVi = (id: string): string => {
  const p = parsePeriodId(id);
  return p ? periodLabelVi(p) : id;
};

type Timeliness = 'on-time' | 'late' | 'unknown';

function timeliness(record: FormRecord, options: CompletenessOptions): Timeliness {
  if (record.signedOn === null) return 'unknown';
  return record.signedOn <= deadlineOf(record.period, options) ? 'on-time' : 'late';
}

/** Any late form makes the unit late (that is known for sure); else an unsigned form leaves it unknown. */
function onTimeOf(records: readonly FormRecord[], options: CompletenessOptions): boolean | null {
  const all = records.map((r) => timeliness(r, options));
  if (all.includes('late')) return false;
  if (all.includes('unknown')) return null;
  return true;
}

function lateIssue(unit: UnitInstance, record: FormRecord, signedOn: string, options: CompletenessOptions): Issue {
  const deadline = deadlineOf(record.period, options);
  // Pointed at the `Ngày báo cáo` value (header values stand in column B), so the clerk sees which date was read.
  const at = { unit: unit.key, file: record.file, sheet: options.forms[record.formId].sheet, cell: `B${HEADER.signedOn.row}` };
  return issue('unit.late', at, { unit: unit.name, signedOn: formatDateVi(signedOn), deadline: formatDateVi(deadline) });
}

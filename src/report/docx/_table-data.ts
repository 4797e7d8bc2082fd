import type { ReportModel } from '../../aggregate/report-model.ts';
import { summaryUnitKey } from '../../domain/summary-schema.ts';
import { formatNumberVi } from '../../common/vi-format.ts';
import { targetCells } from '../../narrative/target-wording.ts';
import { unitLabel } from '../unit-label.ts';

/**
 * The cells of the two tables of the Word report, as text, before any layout: section III (the plan's targets)
 * and the annex (ward by ward). Values come from summary.json as they are; an empty value prints "—" (not
 * reported), never 0.
 */

export interface TargetRow {
  readonly no: string;
  readonly id: string;
  readonly label: string;
  /** The plan's note (CT2: the police are asked for 05, judged against 06). */
  readonly note: string | null;
  readonly target: string;
  readonly period: string;
  readonly yearToDate: string;
  readonly percent: string;
  readonly status: string;
}

/** The targets table, worded by targetCells (src/narrative/target-wording.ts), as the Excel report words it. */
export function targetRows(model: ReportModel): TargetRow[] {
  return model.plan.targets.map((t, i) => {
    const cells = targetCells(t, model.summary.targets[t.id]);
    return {
      no: String(i + 1),
      id: t.id,
      label: t.label,
      note: t.note ?? null,
      target: cells.target,
      period: cells.period,
      yearToDate: cells.yearToDate,
      percent: cells.progress,
      status: cells.status,
    };
  });
}

export interface WardColumn {
  /** The unit's key in the period (its code, unless the code names two units of the period). */
  readonly code: string;
  /** Short name ("Phúc Xá") followed by its mark. */
  readonly name: string;
  readonly status: 'accepted' | 'rejected' | 'missing';
  /** "(1)" missing, "(2)" rejected: explained under the table. */
  readonly mark: string;
}

export type WardRow =
  | { readonly kind: 'section'; readonly title: string }
  | { readonly kind: 'indicator'; readonly code: string; readonly label: string; readonly unit: string; readonly values: readonly string[]; readonly total: string };

export interface WardTable {
  readonly columns: readonly WardColumn[];
  readonly rows: readonly WardRow[];
}

export const MARK_MISSING = '(1)';
export const MARK_REJECTED = '(2)';

/**
 * Indicators down, the wards and `Toàn quận` across (the ward form, PCMD-01). Money prints in millions of đồng so
 * that a ward's column stays narrow enough for fourteen of them on a landscape page.
 */
export function wardTable(model: ReportModel): WardTable {
  const statusOf = (key: string) => model.summary.units.find((u) => summaryUnitKey(u) === key)?.status ?? 'missing';
  const columns: WardColumn[] = model.units
    .filter((u) => u.kind === 'ward')
    .map((u) => {
      const status = statusOf(u.key);
      // A ward of part of the period (2025 reorganisation) carries its span: "Trúc Bạch (đến 30/06/2025)".
      return { code: u.key, name: unitLabel(u, { short: true }), status, mark: status === 'missing' ? MARK_MISSING : status === 'rejected' ? MARK_REJECTED : '' };
    });
  const rows: WardRow[] = [];
  for (const section of model.forms['PCMD-01'].sections) {
    if (section.title) rows.push({ kind: 'section', title: section.roman ? `${section.roman}. ${section.title}` : section.title });
    for (const ind of section.indicators) {
      const data = model.summary.indicators[ind.code];
      const money = ind.type === 'money';
      const cell = (v: number | null | undefined): string =>
        v === undefined || v === null ? '—' : money ? formatNumberVi(v / 1_000_000, 3) : formatNumberVi(v);
      rows.push({
        kind: 'indicator',
        code: ind.code,
        label: ind.label,
        unit: money ? 'triệu đồng' : ind.unit,
        // A missing or rejected ward has no key in byUnit: "—", never 0.
        values: columns.map((c) => (c.status === 'accepted' ? cell(data?.byUnit[c.code]) : '—')),
        total: cell(data?.total),
      });
    }
  }
  return { columns, rows };
}

/** The most ward columns one landscape table holds legibly (14 wards fit; a reorganised or larger district is split). */
export const MAX_WARD_COLUMNS = 16;

/**
 * Splits the ward table into tables of at most `max` wards, in order; only the last carries `Toàn quận`.
 * With 250 wards one table would need columns narrower than a digit (and docx refuses negative widths).
 */
export function splitWardTable(t: WardTable, max = MAX_WARD_COLUMNS): { table: WardTable; withTotal: boolean }[] {
  const parts: { table: WardTable; withTotal: boolean }[] = [];
  for (let from = 0; from < Math.max(1, t.columns.length); from += max) {
    const to = Math.min(t.columns.length, from + max);
    parts.push({
      table: {
        columns: t.columns.slice(from, to),
        rows: t.rows.map((r) => (r.kind === 'section' ? r : { ...r, values: r.values.slice(from, to) })),
      },
      withTotal: to >= t.columns.length,
    });
  }
  return parts;
}

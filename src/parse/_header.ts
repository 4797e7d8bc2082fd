import { cellAt, findSheet, type Book, type BookSheet } from '../read/book.ts';
import type { Form } from '../domain/form-schema.ts';
import type { FormSet } from '../load/load-forms.ts';
import { COL, HEADER, META_SHEET, STAMP_CELL, parseStamp } from '../domain/form-layout.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue, IssueLocation } from '../domain/issue.ts';
import { addDays, lastDayOf, parsePeriodText, periodWindow, type Period } from '../domain/period.ts';
import { formatDateVi } from '../common/vi-format.ts';
import { FORM_OF_KIND, matchUnit, unitNameFits, type Unit, type UnitRegistry } from '../domain/units.ts';
import { cellText, isBlank, quoteCell, readDateCell } from './_cell-values.ts';

/** What the header block (rows 1–6 of BaoCao) says; a field is null when it could not be determined (an issue says why). */
export interface Header {
  readonly form: Form | null;
  /** The revision of the stamp in DanhMuc!A1; null without a stamp. */
  readonly revision: string | null;
  readonly period: Period | null;
  /** Null also when the unit does not send this form (header.unit-wrong-form). */
  readonly unit: Unit | null;
  readonly signedOn: string | null;
  readonly issues: readonly Issue[];
}

export interface HeaderContext {
  readonly forms: FormSet;
  readonly units: UnitRegistry;
  /** Builds an issue location on the report sheet. */
  readonly at: (cell?: string) => IssueLocation;
}

/** Reads the header block. The period comes before the unit: which units exist depends on it. */
export function parseHeader(book: Book, sheet: BookSheet, ctx: HeaderContext): Header {
  const issues: Issue[] = [];
  const form = readForm(sheet, ctx, issues);
  const revision = form ? readStamp(book, form, ctx, issues) : null;
  const period = readPeriod(sheet, ctx, issues);
  const unit = period ? readUnit(sheet, period, form, ctx, issues) : null;
  const signedOn = readSignedOn(book, sheet, ctx, issues);
  if (signedOn && period) checkSignedOn(signedOn, period, ctx, issues);
  return { form, revision, period, unit, signedOn, issues };
}

// --- internal ---

const addr = (row: number): string => `B${row}`;
const valueCell = (sheet: BookSheet, row: number) => cellAt(sheet, row, COL.code);

function readForm(sheet: BookSheet, ctx: HeaderContext, issues: Issue[]): Form | null {
  const cell = valueCell(sheet, HEADER.form.row);
  const at = ctx.at(addr(HEADER.form.row));
  if (isBlank(cell)) {
    issues.push(issue('header.form-missing', at));
    return null;
  }
  const found = cellText(cell);
  const form = Object.values(ctx.forms).find((f) => f.id === normalizeFormCode(found));
  if (!form) issues.push(issue('header.form-unknown', at, { found }));
  return form ?? null;
}

/** "pcmd-01", "PCMD – 01", "PCMD01" → "PCMD-01". */
function normalizeFormCode(text: string): string {
  const s = text.toUpperCase().replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s+/g, '');
  const m = /^PCMD-?(\d{2})$/.exec(s);
  return m ? `PCMD-${m[1]}` : s;
}

/** The stamp in the very hidden DanhMuc sheet: the form and revision the blank form was written for. */
function readStamp(book: Book, form: Form, ctx: HeaderContext, issues: Issue[]): string | null {
  const meta = findSheet(book, META_SHEET);
  const stamp = meta ? parseStamp(cellText(meta.cells.get(STAMP_CELL) ?? { kind: 'empty' })) : null;
  if (!stamp) {
    issues.push(issue('header.stamp-missing', { ...ctx.at(), sheet: undefined }));
    return null;
  }
  if (stamp.formId !== form.id) {
    issues.push(issue('header.form-mismatch', ctx.at(addr(HEADER.form.row)), { found: form.id, stamped: stamp.formId }));
  } else if (stamp.revision !== form.revision) {
    issues.push(issue('header.stamp-outdated', { ...ctx.at(), sheet: undefined }, { found: stamp.revision, expected: form.revision }));
  }
  return stamp.revision;
}

function readPeriod(sheet: BookSheet, ctx: HeaderContext, issues: Issue[]): Period | null {
  const cell = valueCell(sheet, HEADER.period.row);
  const at = ctx.at(addr(HEADER.period.row));
  if (isBlank(cell)) {
    issues.push(issue('header.period-missing', at));
    return null;
  }
  let period: Period | null = null;
  if (cell.kind === 'text' || cell.kind === 'number') period = parsePeriodText(cellText(cell));
  // Excel turns a typed "2021-03" or "3/2021" into the date 1 March 2021.
  if (cell.kind === 'date' && cell.value.endsWith('-01')) period = parsePeriodText(cell.value.slice(0, 7));
  if (!period) issues.push(issue('header.period-invalid', at, { found: quoteCell(cell) }));
  return period;
}

function readUnit(sheet: BookSheet, period: Period, form: Form | null, ctx: HeaderContext, issues: Issue[]): Unit | null {
  const name = cellText(valueCell(sheet, HEADER.unitName.row));
  const code = cellText(valueCell(sheet, HEADER.unitCode.row));
  const nameCell = addr(HEADER.unitName.row);
  const codeCell = addr(HEADER.unitCode.row);
  if (!name && !code) {
    issues.push(issue('header.unit-missing', ctx.at(nameCell)));
    return null;
  }
  const match = matchUnit(ctx.units, { code: code || null, name: name || null }, lastDayOf(period));
  switch (match.kind) {
    case 'unknown': {
      const found = name && code ? `${name} (${code})` : name || code;
      issues.push(issue('header.unit-unknown', ctx.at(name ? nameCell : codeCell), { found, period: period.id }));
      return null;
    }
    case 'mismatch':
      issues.push(issue('header.unit-mismatch', ctx.at(codeCell), { byCode: match.byCode.name, code: match.byCode.code, byName: match.byName.name }));
      return null;
    case 'matched': {
      // The code decides; a name that is no name of that unit (nor of any other) is said, not silently overridden.
      if (match.by === 'code' && name && !unitNameFits(match.unit, name)) {
        issues.push(issue('header.unit-name-differs', ctx.at(nameCell), { found: name, unit: match.unit.name, code: match.unit.code }));
      }
      const expected = FORM_OF_KIND[match.unit.kind];
      if (form && form.id !== expected) {
        issues.push(issue('header.unit-wrong-form', { ...ctx.at(addr(HEADER.form.row)), unit: match.unit.code }, { unit: match.unit.name, form: form.id, expected }));
        return null;
      }
      return match.unit;
    }
  }
}

/** A signing date outside these years is a typing slip (16 → 16/01/1900), not a date to compute deadlines with. */
const SIGNED_YEARS = { from: 2000, to: 2099 } as const;

function readSignedOn(book: Book, sheet: BookSheet, ctx: HeaderContext, issues: Issue[]): string | null {
  const cell = valueCell(sheet, HEADER.signedOn.row);
  const at = ctx.at(addr(HEADER.signedOn.row));
  if (isBlank(cell)) {
    issues.push(issue('header.signed-on-missing', at));
    return null;
  }
  const iso = readDateCell(cell, book.date1904);
  const year = iso ? Number(iso.slice(0, 4)) : 0;
  if (iso && year >= SIGNED_YEARS.from && year <= SIGNED_YEARS.to) return iso;
  issues.push(issue('header.signed-on-invalid', at, { found: quoteCell(cell) }));
  return null;
}

/** A form signed more than this many days after its period's last day was not signed on that day (a slip: 2099). */
const SIGNED_LATEST_DAYS = 366;

/**
 * A signing date the period makes impossible is a warning (issue 13): signed before the period's data window even
 * began (the form is dated after it was signed), or more than a year after the period ended. Kept all the same:
 * the deadline check uses it, and the clerk sees why.
 */
function checkSignedOn(signedOn: string, period: Period, ctx: HeaderContext, issues: Issue[]): void {
  const at = ctx.at(addr(HEADER.signedOn.row));
  const from = periodWindow(period, 'decree-09').from;
  const why =
    signedOn < from ? 'trước khi kỳ báo cáo bắt đầu, không thể là ngày ký báo cáo'
    : signedOn > addDays(lastDayOf(period), SIGNED_LATEST_DAYS) ? 'muộn hơn một năm sau khi kết thúc'
    : null;
  if (why) issues.push(issue('header.signed-on-implausible', at, { signedOn: formatDateVi(signedOn), period: period.id, why }));
}

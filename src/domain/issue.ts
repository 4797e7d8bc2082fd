import { visible } from '../common/safe-text.ts';
import type { Severity } from './form-schema.ts';

/**
 * How much an issue matters: `error` (the form is left out until fixed: exit code 1), `warning` (compiled, to be
 * checked), `info` (a fact about the run, e.g. a check that could not run: never changes the exit code, never goes
 * into a unit's annotated copy, and is shown once per kind, see summarizeInfo). Rules carry error or warning only.
 */
export type IssueSeverity = Severity | 'info';

/**
 * A data problem: a value, never an exception. `code` is stable (tests and other tools match codes,
 * not wording); `message` is Vietnamese and says what was found, what was expected and how to fix it.
 * No issue ever quotes a personal name, birth year or address: messages about a personal-data sheet
 * name the cell only.
 */
export interface Issue {
  readonly severity: IssueSeverity;
  readonly code: string;
  /** Unit code, when the workbook's unit is known. */
  readonly unit?: string;
  /** The workbook's path, relative to the folder it was found in (POSIX separators). */
  readonly file?: string;
  readonly sheet?: string;
  /** A1 address, where one applies. */
  readonly cell?: string;
  readonly message: string;
}

export interface IssueLocation {
  readonly unit?: string | undefined;
  readonly file?: string | undefined;
  readonly sheet?: string | undefined;
  readonly cell?: string | undefined;
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');

export const countBySeverity = (issues: readonly Issue[]): { errors: number; warnings: number; infos: number } => ({
  errors: issues.filter((i) => i.severity === 'error').length,
  warnings: issues.filter((i) => i.severity === 'warning').length,
  infos: issues.filter((i) => i.severity === 'info').length,
});

/** The issues a unit must act on: errors and warnings (an info never goes back to a unit). */
export const actionable = (issues: readonly Issue[]): Issue[] => issues.filter((i) => i.severity !== 'info');

/**
 * Info issues are facts about many files at once ("this file was not made from our blank form"): one line per kind
 * instead of one per file. Info issues with the same code and message are merged into one issue without a location
 * whose message counts the files (`Tệp không …` becomes `12 tệp không …`); a kind that concerns a single file keeps
 * its location. Errors and warnings pass unchanged; the result is sorted with sortIssues.
 */
export function summarizeInfo(issues: readonly Issue[]): Issue[] {
  const groups = new Map<string, Issue[]>();
  const rest: Issue[] = [];
  for (const i of issues) {
    if (i.severity !== 'info') rest.push(i);
    else {
      const k = `${i.code}\u0000${i.message}`;
      groups.set(k, [...(groups.get(k) ?? []), i]);
    }
  }
  const merged = [...groups.values()].map((group): Issue => {
    const first = group[0]!;
    const files = new Set(group.map((i) => i.file ?? ''));
    if (files.size < 2) return first;
    const message = first.message.startsWith(FILE_WORD) ? `${files.size} tệp${first.message.slice(FILE_WORD.length - 1)}` : `${first.message} (${files.size} tệp)`;
    return makeIssue('info', first.code, {}, message);
  });
  return sortIssues([...rest, ...merged]);
}

/** Builds an issue, dropping location fields that are undefined (so JSON output has no `"cell": null` noise). */
export function makeIssue(severity: IssueSeverity, code: string, at: IssueLocation, message: string): Issue {
  // A message quotes what a ward typed, and a sheet name is the ward's too: control and invisible characters in
  // them are shown as escapes (\x1b, \u200b), never handed to a terminal or a report raw (issue 13).
  const issue: { -readonly [K in keyof Issue]: Issue[K] } = { severity, code, message: visible(message.normalize('NFC')) };
  if (at.unit !== undefined) issue.unit = at.unit;
  if (at.file !== undefined) issue.file = at.file;
  if (at.sheet !== undefined) issue.sheet = visible(at.sheet);
  if (at.cell !== undefined) issue.cell = at.cell;
  return issue;
}

/** Fills `{name}` placeholders of a rule's message (rules are data; their wording lives in the form definition). */
export function fillMessage(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) => {
    const v = params[key];
    return v === undefined ? whole : String(v);
  });
}

/** Stable sort: file, sheet, row, column, code. Deterministic output for reruns. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) =>
      cmp(a.file ?? '', b.file ?? '') ||
      cmp(a.sheet ?? '', b.sheet ?? '') ||
      cmpCell(a.cell, b.cell) ||
      cmp(a.code, b.code) ||
      cmp(a.unit ?? '', b.unit ?? '') ||
      cmp(a.message, b.message),
  );
}

// --- internal ---

/** Per-file info messages start with this word, so that a merged one reads `12 tệp …`. */
const FILE_WORD = 'Tệp ';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function cmpCell(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const pa = /^([A-Z]+)(\d+)$/.exec(a);
  const pb = /^([A-Z]+)(\d+)$/.exec(b);
  if (!pa || !pb) return cmp(a, b);
  return Number(pa[2]) - Number(pb[2]) || pa[1]!.length - pb[1]!.length || cmp(pa[1]!, pb[1]!);
}

import type { CellValue } from '../read/book.ts';
import { maxOf } from '../domain/value-limits.ts';
import type { Indicator } from '../domain/form-schema.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue, IssueLocation } from '../domain/issue.ts';
import { formatNumberVi } from '../common/vi-format.ts';
import { foldText, isBlank, quoteCell } from './_cell-values.ts';
import { parseNumberText } from './number-text.ts';
import { asWhole } from './_whole.ts';


export interface ReadValue {
  /** null: not reported (empty), or unreadable (an issue says why). Never a silent zero. */
  readonly value: number | null;
  readonly issues: readonly Issue[];
}

/** Reads one value cell (column E or F) of an indicator row. `at` carries unit, file, sheet and cell. */
export function readIndicatorValue(cell: CellValue, indicator: Indicator, at: IssueLocation): ReadValue {
  if (isBlank(cell)) return { value: null, issues: [] };
  const code = indicator.code;
  switch (cell.kind) {
    case 'formula-no-result':
      return fail(issue('cell.formula-no-result', at, { code }));
    case 'error':
      return fail(issue('cell.error-value', at, { code, found: cell.value }));
    case 'bad-value':
      return fail(issue('cell.bad-value', at, { found: cell.raw }));
    default:
      return indicator.type === 'yesno' ? readYesNo(cell, code, at) : readWhole(cell, indicator, at);
  }
}

// --- internal ---

const fail = (i: Issue): ReadValue => ({ value: null, issues: [i] });

const EXPECTED: Readonly<Record<'count' | 'money', string>> = {
  count: 'một số nguyên ≥ 0',
  money: 'số tiền bằng đồng, là số nguyên ≥ 0',
};

function readWhole(cell: CellValue, indicator: Indicator, at: IssueLocation): ReadValue {
  const code = indicator.code;
  const type = indicator.type === 'money' ? 'money' : 'count';
  const expected = EXPECTED[type];
  if (cell.kind === 'number') return checkWhole(asWhole(cell.value, type), quoteCell(cell), indicator, at, []);
  if (cell.kind !== 'text') return fail(issue('cell.not-number', at, { code, found: quoteCell(cell), expected }));
  const found = cell.value.normalize('NFC').trim();
  const parsed = parseNumberText(found);
  switch (parsed.kind) {
    case 'ambiguous':
      return fail(issue('cell.ambiguous-number', at, { code, found }));
    case 'not-number':
      return fail(issue('cell.not-number', at, { code, found, expected }));
    case 'fraction':
    case 'whole': {
      // Typed as text, a fraction is what the clerk sees: only float-size noise is forgiven, money included.
      const note = issue('cell.text-number', at, { code, found, read: String(parsed.value) });
      return checkWhole(asWhole(parsed.value, 'count'), found, indicator, at, [note]);
    }
  }
}

/** Sign, wholeness and plausibility, in that order (one issue per cell: the first thing to fix). */
function checkWhole(value: number, found: string, indicator: Indicator, at: IssueLocation, notes: Issue[]): ReadValue {
  const code = indicator.code;
  const type = indicator.type === 'money' ? 'money' : 'count';
  if (!Number.isFinite(value)) return fail(issue('cell.not-number', at, { code, found, expected: EXPECTED[type] }));
  if (value < 0) return fail(issue('cell.negative', at, { code, found }));
  if (!Number.isInteger(value)) return fail(issue('cell.fraction', at, { code, found, expected: EXPECTED[type] }));
  const max = maxOf(indicator);
  if (value > max) return fail(issue('cell.too-large', at, { code, found, max: formatNumberVi(max) }));
  return { value, issues: notes };
}

const YES = new Set(['1', 'co', 'x', 'true']);
const NO = new Set(['0', 'khong', 'false']);

function readYesNo(cell: CellValue, code: string, at: IssueLocation): ReadValue {
  if (cell.kind === 'bool') return { value: cell.value ? 1 : 0, issues: [] };
  if (cell.kind === 'number' && (cell.value === 0 || cell.value === 1)) return { value: cell.value, issues: [] };
  if (cell.kind === 'text') {
    const folded = foldText(cell.value);
    if (YES.has(folded)) return { value: 1, issues: [] };
    if (NO.has(folded)) return { value: 0, issues: [] };
  }
  return fail(issue('cell.not-yesno', at, { code, found: quoteCell(cell) }));
}

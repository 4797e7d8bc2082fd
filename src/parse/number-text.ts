/**
 * Numbers typed as text, the way Vietnamese clerks type them (spec/forms.md, "Values"): a dot groups
 * thousands (`1.200.000`), a comma is the decimal mark (`12,5`), spaces may group thousands (`1 200`).
 * English-style `1,200,000` is accepted when there are several comma groups; a single `1,200` could be
 * 1200 or 1.2, so it is refused as ambiguous rather than guessed.
 */

export type NumberText =
  /** A whole number (possibly negative: the caller reports the sign). */
  | { readonly kind: 'whole'; readonly value: number }
  /** A number with a non-zero decimal part: `12,5`, `1.5`, `1.200,75`. */
  | { readonly kind: 'fraction'; readonly value: number }
  /** `1,200`: thousands separator or decimal comma, no way to tell. */
  | { readonly kind: 'ambiguous' }
  /** Not a number: `12 người`, `n/a`, `1E+05`, an empty string. */
  | { readonly kind: 'not-number' };

export function parseNumberText(input: string): NumberText {
  const s = input.normalize('NFC').replace(SPACES, ' ').trim();
  const m = /^([-+−]?)\s*(.+)$/.exec(s);
  if (!m || !m[2]) return NOT_NUMBER;
  const sign = m[1] === '' || m[1] === '+' ? 1 : -1;
  const body = m[2];
  const read = readBody(body);
  if (read.kind === 'number') {
    const value = sign * read.value;
    return Number.isInteger(read.value) ? { kind: 'whole', value: value === 0 ? 0 : value } : { kind: 'fraction', value };
  }
  return read.kind === 'ambiguous' ? { kind: 'ambiguous' } : NOT_NUMBER;
}

// --- internal ---

const NOT_NUMBER: NumberText = { kind: 'not-number' };
/** Regular, no-break, narrow no-break and thin spaces (Excel and Word insert the latter two). */
const SPACES = /[\u00A0\u202F\u2009\u2007]/g;

type BodyRead = { kind: 'number'; value: number } | { kind: 'ambiguous' } | { kind: 'none' };

/** Grouped integer part followed by an optional decimal part, per convention. Order matters: first match wins. */
const PATTERNS: readonly { re: RegExp; group: string; decimal: string | null }[] = [
  { re: /^\d+$/, group: '', decimal: null },
  { re: /^\d{1,3}( \d{3})+$/, group: ' ', decimal: null },
  // Vietnamese: dot groups thousands, comma is the decimal mark.
  { re: /^\d{1,3}(\.\d{3})+$/, group: '.', decimal: null },
  { re: /^\d{1,3}( \d{3})+,\d+$/, group: ' ', decimal: ',' },
  { re: /^\d{1,3}(\.\d{3})+,\d+$/, group: '.', decimal: ',' },
  // English with two or more comma groups: unambiguous thousands.
  { re: /^\d{1,3}(,\d{3}){2,}$/, group: ',', decimal: null },
  { re: /^\d{1,3}(,\d{3})+\.\d+$/, group: ',', decimal: '.' },
];

function readBody(body: string): BodyRead {
  for (const p of PATTERNS) {
    if (!p.re.test(body)) continue;
    const [intPart = '', fracPart = ''] = p.decimal === null ? [body] : body.split(p.decimal);
    return { kind: 'number', value: Number(`${intPart.split(p.group).join('')}${fracPart ? `.${fracPart}` : ''}`) };
  }
  // A single comma followed by exactly three digits: 1,200 (English thousands) or 1,200 (Vietnamese 1.2)?
  if (/^\d{1,3},\d{3}$/.test(body)) return { kind: 'ambiguous' };
  // A plain decimal: `12,5` (Vietnamese) or `1.5` (English; a dot with exactly three digits was taken as thousands above).
  const dec = /^(\d+)[.,](\d+)$/.exec(body);
  if (dec) return { kind: 'number', value: Number(`${dec[1]}.${dec[2]}`) };
  return { kind: 'none' };
}

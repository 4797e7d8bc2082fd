import { memoText } from '../common/memo.ts';

/**
 * A ward's free text cut into statements: its sentences, and the items of its `-` lists. A statement is what the
 * narrative compares across wards and periods, so each carries a folded key besides the text to print.
 */

export interface Statement {
  /** As printed: NFC, single spaces, first letter capital, no final punctuation (the renderer adds it). */
  readonly text: string;
  /** For comparison: lower case, single spaces, no final punctuation, no quotes. */
  readonly key: string;
  /** An item of a `-` (or `+`, `•`) list in the ward's text. */
  readonly listItem: boolean;
}

/**
 * Splits a free text into statements. Lines that start with a dash or bullet are list items (an item may hold
 * several sentences: it stays whole); other lines are split into sentences at `.`, `!`, `?` or `;` followed by a
 * capital letter. A line ending in `:` that introduces a list ("Khó khăn:") is dropped: it is no statement.
 */
export function splitStatements(text: string): Statement[] {
  const out: Statement[] = [];
  const lines = text.normalize('NFC').split(/\r?\n/).map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim());
  for (const line of lines) {
    if (line === '') continue;
    const bullet = BULLET.exec(line);
    if (bullet) {
      pushStatement(out, line.slice(bullet[0].length), true);
      continue;
    }
    if (line.endsWith(':')) continue;
    for (const sentence of line.split(SENTENCE_END)) pushStatement(out, sentence, false);
  }
  return out;
}

/** The comparison key of a text: NFC, lower case, single spaces, no quotes, no final punctuation. */
export function foldStatement(text: string): string {
  return cleanEnd(
    text
      .normalize('NFC')
      .toLocaleLowerCase('vi')
      .replace(/["“”‘’']/g, '')
      .replace(/\s*([,;:])\s*/g, '$1 ')
      .replace(/[\s\u00a0]+/g, ' ')
      .trim(),
  );
}

/**
 * Whether two statements say the same thing: equal keys, or nearly equal wording (at least 90 % of their words in
 * common, counted as a Dice coefficient over the words) with exactly the same figures. Statements of fewer than
 * six words must be equal: short ones differ in meaning by a single word.
 */
export function sameStatement(a: string, b: string): boolean {
  if (a === b) return true;
  if (digitsOf(a) !== digitsOf(b)) return false;
  const wa = words(a);
  const wb = words(b);
  if (wa.length < 6 || wb.length < 6) return false;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return (2 * common) / (wa.length + wb.length) >= 0.9;
}

/**
 * Whether two statements say the same thing (sameStatement on their keys); nearly equal ones must also name the
 * same places and bodies (their capitalised words after the first), so that "…trên địa bàn phường Phúc Xá…" and
 * "…trên địa bàn phường Vĩnh Phúc…" stay apart.
 */
export function sameStatements(a: Statement, b: Statement): boolean {
  if (a.key === b.key) return true;
  return sameStatement(a.key, b.key) && namesOf(a.text) === namesOf(b.text);
}

/** The text with its first letter in upper case ("đề nghị…" → "Đề nghị…"). */
export const capitalise = (text: string): string => (text ? text.charAt(0).toLocaleUpperCase('vi') + text.slice(1) : text);

/** The text with its first letter in lower case, unless the first word is an acronym or a proper name ("UBND", "Phòng"). */
export function lowerFirst(text: string): string {
  const first = text.split(' ')[0] ?? '';
  if (first.length > 1 && first === first.toLocaleUpperCase('vi')) return text;
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

// --- internal ---

const BULLET = /^[-–—+•*]\s*/;
/** Sentence ends: `.`, `!`, `?`, `;`, `…` followed by spaces and a capital letter (or an opening quote). */
const SENTENCE_END = /(?<=[.!?;…])\s+(?=["“(]?\p{Lu})/u;

function pushStatement(out: Statement[], raw: string, listItem: boolean): void {
  // A statement may be printed at a line start: it never starts with the templates' markup (`#`, `^`, `[[`).
  const text = capitalise(cleanEnd(raw.replace(/^[\s#^[\]]+/u, '').trim()));
  if (text === '' || !/\p{L}/u.test(text)) return;
  out.push({ text, key: foldStatement(text), listItem });
}

const cleanEnd = (s: string): string => s.replace(/[\s.;,:!…]+$/u, '');

// The statements of a year's texts are compared pairwise (period-fit.ts, group-statements.ts), each one many times,
// in the Word and the Excel report: what is worked out of a text is remembered (memoText).

const namesOf = memoText((s: string): string =>
  s
    .normalize('NFC')
    .split(/[\s,;:()]+/)
    .slice(1)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w.toLocaleLowerCase('vi'))
    .filter((w) => w !== 'quận' && w !== 'phường')
    .join(' '),
);
const digitsOf = memoText((s: string): string => (s.match(/\d+/g) ?? []).join(' '));
/** Read-only: shared between the calls that remember it. */
const words = memoText((s: string): readonly string[] => s.split(/[\s,;:()]+/).filter((w) => w !== ''));

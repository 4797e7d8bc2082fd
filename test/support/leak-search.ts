import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { extractEntry, readZipDirectory } from '../../src/common/zip-directory.ts';

/**
 * The search behind the personal-data leak test (spec/security.md: "a test that greps every other output of a
 * full run, and the terminal output, for every name in the fixtures"). Reusable: give it texts and files, get back
 * every place a name, an address or a "name birth-year" pair appears.
 *
 * Matching is deliberately wide, so that a leak cannot hide behind an encoding: texts and needles are compared in
 * NFC, lower case, with runs of white space as one space (catches NFD, capitals, a name broken over lines).
 * An Office file (any zip) is searched entry by entry, inflated, XML-unescaped (`&amp;`, `&#7899;`…), both as
 * written and with the XML tags removed, so a name split across Word runs or rich-text pieces is still found.
 */

export interface PersonalNeedles {
  readonly names: readonly string[];
  readonly addresses: readonly string[];
  /** "Họ và tên NămSinh" pairs. */
  readonly nameWithBirthYear: readonly string[];
}

/** One text to search, with where it came from: `stderr of compile`, `out/2021-03/x.docx!word/document.xml`. */
export interface Haystack {
  readonly where: string;
  readonly text: string;
}

export interface Leak {
  readonly where: string;
  readonly kind: keyof PersonalNeedles;
  readonly needle: string;
}

/** Every (place, needle) pair found, in haystack order. */
export function findLeaks(haystacks: readonly Haystack[], needles: PersonalNeedles): Leak[] {
  const prepared = (Object.keys(needles) as (keyof PersonalNeedles)[]).flatMap((kind) =>
    [...new Set(needles[kind])].filter((n) => n.trim() !== '').map((needle) => ({ kind, needle, folded: fold(needle) })),
  );
  const leaks: Leak[] = [];
  for (const h of haystacks) {
    const text = fold(h.text);
    for (const n of prepared) if (text.includes(n.folded)) leaks.push({ where: h.where, kind: n.kind, needle: n.needle });
  }
  return leaks;
}

/**
 * The texts of one file: a zip (xlsx, docx) gives one haystack per entry, in two readings (unescaped XML, and its
 * text with the tags removed); anything else is read as UTF-8 text. The file's own name is a haystack too.
 */
export function fileHaystacks(where: string, bytes: Buffer): Haystack[] {
  const out: Haystack[] = [{ where: `${where} (file name)`, text: where }];
  const zip = readZipDirectory(bytes);
  if (!zip.ok) return [...out, { where, text: bytes.toString('utf8') }];
  for (const entry of zip.entries) {
    const data = extractEntry(bytes, entry, MAX_ENTRY_BYTES);
    if (data === null) throw new Error(`leak search: cannot inflate ${where}!${entry.name}`);
    const raw = data.toString('utf8');
    out.push({ where: `${where}!${entry.name}`, text: unescapeXml(raw) });
    out.push({ where: `${where}!${entry.name} (text)`, text: unescapeXml(raw.replace(/<[^>]*>/g, '')) });
  }
  return out;
}

/** Every file under `dir` (recursively, hidden files included), named `<label>/<relative path>`. */
export function treeHaystacks(dir: string, label: string): Haystack[] {
  return listFiles(dir).flatMap((rel) => fileHaystacks(`${label}/${rel}`, readFileSync(path.join(dir, rel))));
}

/** The relative paths (POSIX) of every file under `dir`, sorted; none when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names
    .filter((rel) => statSync(path.join(dir, rel)).isFile())
    .map((rel) => rel.split(path.sep).join('/'))
    .sort();
}

// --- internal ---

const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

const fold = (s: string): string => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return NAMED[ref] ?? '';
  });
}

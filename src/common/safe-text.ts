/**
 * Text from outside (a ward's cells, file names) on its way to an XML part or a terminal (issue 13).
 * XML 1.0 forbids the C0 controls except tab, line feed and carriage return, U+FFFE, U+FFFF and lone surrogates:
 * one of them in a report makes the whole .docx or .xlsx unreadable, so they are dropped where text comes in.
 * A terminal obeys control characters (ESC starts a colour or moves the cursor, a newline forges a line) and
 * shows zero-width and direction marks as nothing: in what the tool prints they are written out as escapes.
 */

const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops every character XML 1.0 forbids. */
export const stripXmlForbidden = (text: string): string => (MAYBE_XML_FORBIDDEN.test(text) ? text.replace(XML_FORBIDDEN, '') : text);
/** Any character XML_FORBIDDEN may match (surrogates paired or not): a quick test that spares most texts the replace. */
// eslint-disable-next-line no-control-regex
const MAYBE_XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Controls (C0, DEL, C1) and invisible format characters: zero-width, joiners, direction marks and overrides, BOM. */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;

/** A value (a file name, a cell's text) made safe to print on one line: invisible characters as `\x1b`, `\u200b`. */
export function visible(text: string): string {
  return stripLoneSurrogates(text).replace(INVISIBLE, escapeChar);
}

/**
 * Whole output for the terminal (the last guard, in the Io): like `visible`, but line breaks and tabs stay, and so
 * do the sequences the tool itself writes (colours `ESC[…m`, clearing the progress line `ESC[2K`).
 * `json`: escapes as `\u001b`, which inside a JSON string means the same character, so --json output stays valid.
 */
export function terminalSafe(text: string, o: { json?: boolean } = {}): string {
  return stripLoneSurrogates(text).replace(TERMINAL, (m) => (m.length > 1 || m === '\t' || m === '\n' || m === '\r' ? m : o.json ? unicodeEscape(m) : escapeChar(m)));
}

// --- internal ---

const TERMINAL = /\u001B\[[0-9;]*[mK]|[\t\n\r]|[\u0000-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;

const unicodeEscape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

const stripLoneSurrogates = (text: string): string => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

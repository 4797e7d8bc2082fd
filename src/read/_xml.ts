import { createRequire } from 'node:module';
import type { SaxesParser, SaxesTagPlain } from 'saxes';

/**
 * A thin layer over saxes (the streaming XML parser exceljs itself uses): feeds a part's bytes in chunks, gives
 * element names without their namespace prefix (`x:c` → `c`, as OpenXML SDK writes them), and can stop part-way
 * (a sheet is read only as far as the form needs). Throws on XML that is not well-formed.
 */
export interface XmlHandlers {
  open(name: string, attrs: Readonly<Record<string, string>>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/**
 * Feeds `bytes` to a fresh parser; stops feeding once `stop()` says so (then the rest is not parsed, nor checked).
 * `open: true`: the bytes are the head of a document whose end is not wanted (its elements stay unclosed).
 */
export function parseXml(bytes: Uint8Array | string, h: XmlHandlers, o: { stop?: () => boolean; fragment?: boolean; open?: boolean } = {}): void {
  // A small part or fragment of plain XML is read without saxes: its events are recorded, then given to `h`, so that
  // nothing is given twice when it turns out not to be plain and saxes reads it from scratch.
  if (o.stop === undefined && bytes.length <= PLAIN_RECORD_MAX) {
    const recorded = recordPlain(bytes, o.open ?? false);
    if (recorded) {
      replay(recorded, h);
      return;
    }
  }
  parseXmlWithSaxes(bytes, h, o);
}

/** `parseXml` by saxes alone: for a part already found not to be plain XML (read/_xlsx-book.ts `plainFirst`). */
export function parseXmlWithSaxes(bytes: Uint8Array | string, h: XmlHandlers, o: { stop?: () => boolean; fragment?: boolean; open?: boolean } = {}): void {
  if (typeof bytes !== 'string') {
    const stream = xmlStream(h, o.fragment ?? false);
    if (!stream.write(bytes, o.stop)) return;
    if (!o.open) stream.close();
    return;
  }
  const parser = saxes(h, o.fragment ?? false);
  parser.write(bytes);
  if (!o.open) parser.close();
}

/**
 * The same, for a part that arrives in pieces (a sheet inflated as a stream, read/_zip-parts.ts): `write` feeds the
 * next bytes (a UTF-8 sequence may be split between pieces) and returns false when `stop()` said to stop; `close`
 * checks that the document ended well-formed.
 */
export function xmlStream(h: XmlHandlers, fragment = false): { write(bytes: Uint8Array, stop?: () => boolean): boolean; close(): void } {
  const parser = saxes(h, fragment);
  const decoder = new TextDecoder('utf-8');
  return {
    write(bytes, stop) {
      for (let at = 0; at < bytes.length; at += CHUNK) {
        parser.write(decoder.decode(bytes.subarray(at, at + CHUNK), { stream: true }));
        if (stop?.()) return false;
      }
      return true;
    },
    close() {
      parser.write(decoder.decode());
      parser.close();
    },
  };
}

/** saxes is loaded on first use: plain XML never needs it (about 20 ms of a run's start-up). */
let Saxes: typeof SaxesParser | undefined;

function saxes(h: XmlHandlers, fragment: boolean): SaxesParser {
  Saxes ??= (createRequire(import.meta.url)('saxes') as typeof import('saxes')).SaxesParser;
  const parser = new Saxes({ xmlns: false, position: false, fragment });
  parser.on('opentag', (node: SaxesTagPlain) => h.open(localName(node.name), node.attributes));
  if (h.text) {
    const text = h.text;
    parser.on('text', text);
    parser.on('cdata', text);
  }
  if (h.close) {
    const close = h.close;
    parser.on('closetag', (node: SaxesTagPlain) => close(localName(node.name)));
  }
  return parser;
}

/**
 * The plain XML a spreadsheet program writes, read without saxes (issue 18: saxes's character-by-character state
 * machine was a third of a year's reading): elements with ASCII names and quoted attributes, text with the five
 * named entities, an XML declaration at the start. Anything else — a comment, CDATA, a processing instruction, a
 * DOCTYPE, a character reference, an entity in an attribute, a tag that does not close the element open, text
 * outside the root, a character XML forbids — throws `NotPlainXml` (it may have called handlers by then): the
 * caller starts again from scratch with saxes (`parseXml`, `xmlStream`), which reads (or refuses) every case as
 * before. What is accepted here is well-formed XML, and gives the handlers what saxes gives them.
 *
 * The same interface and the same steps as `xmlStream`: the bytes are decoded in 64 KB chunks, every tag and text
 * that a chunk completes is given before `stop` is asked, so both read exactly as far.
 */
export function plainXmlStream(h: XmlHandlers): { write(bytes: Uint8Array, stop?: () => boolean): boolean; writeText(text: string): void; end(): void; close(): void } {
  const decoder = new TextDecoder('utf-8');
  let xml = '';
  let started = false;
  let blankStart = false;
  const stack: string[] = [];
  let rootDone = false;
  // While a text or a tag runs on past a chunk, its pieces wait here until a chunk brings the '<' or '>' that ends it:
  // searching and joining the whole of `xml` for every 64 KB chunk would cost the square of a long run's length.
  let pending: string[] = [];
  let waitFor: '<' | '>' | null = null;

  /** Gives every complete tag and text of `xml`; keeps what is incomplete for the next chunk. */
  const drain = (): void => {
    if (!started) {
      // saxes skips the blanks that start a document (no text is given); after them no XML declaration may come.
      if (!blankStart && isBlank(xml.charCodeAt(0))) blankStart = true;
      if (blankStart) {
        xml = xml.replace(LEADING_BLANKS, '');
        if (xml.length === 0) return;
      }
      if (xml.length < 6 && '<?xml '.startsWith(xml.slice(0, 6))) return;
      started = true;
      if (xml.startsWith('<?xml')) {
        if (blankStart) throw new NotPlainXml();
        const decl = XML_DECL.exec(xml);
        if (!decl) {
          // Its end is yet to come: wait, but not for long (a spreadsheet program writes some 55 characters; searching a
          // long one again for every chunk would cost the square of its length).
          if (!xml.includes('?>') && xml.length <= DECL_MAX) {
            started = false;
            return;
          }
          throw new NotPlainXml();
        }
        xml = xml.slice(decl[0].length);
      }
    }
    let pos = 0;
    waitFor = null;
    for (;;) {
      const lt = xml.indexOf('<', pos);
      if (lt < 0) {
        waitFor = '<';
        break;
      }
      if (lt > pos) {
        // saxes gives a text when it reads the '<' after it. Outside the root only blanks (saxes gives them too).
        const raw = xml.slice(pos, lt);
        if (stack.length === 0 && !/^[ \t\r\n]*$/.test(raw)) throw new NotPlainXml();
        // Checked whether or not there is a text handler: saxes refuses a bad entity either way.
        const text = plainText(raw);
        h.text?.(text);
        pos = lt;
      }
      const gt = xml.indexOf('>', lt);
      if (gt < 0) {
        waitFor = '>';
        break;
      }
      if (xml.charCodeAt(lt + 1) === 0x2f) {
        CLOSE_TAG.lastIndex = lt;
        const m = CLOSE_TAG.exec(xml);
        if (!m || stack[stack.length - 1] !== m[1]) throw new NotPlainXml();
        stack.pop();
        pos = CLOSE_TAG.lastIndex;
        if (stack.length === 0) rootDone = true;
        h.close?.(localName(m[1]!));
      } else {
        OPEN_TAG.lastIndex = lt;
        const m = openTag(xml);
        // No match with a '>' in hand: not plain, or a '>' inside a quoted value with the tag's end yet to come.
        if (!m || rootDone) throw new NotPlainXml();
        const name = m[1]!;
        const attrs = plainAttrs(m[2]!);
        pos = OPEN_TAG.lastIndex;
        h.open(localName(name), attrs);
        if (m[3] === '/') {
          if (stack.length === 0) rootDone = true;
          h.close?.(localName(name));
        } else {
          stack.push(name);
        }
      }
    }
    xml = xml.slice(pos);
  };
  const flush = (): void => {
    if (pending.length === 0) return;
    xml += pending.join('');
    pending = [];
  };
  const feed = (text: string): void => {
    if (FORBIDDEN_CHAR.test(text)) throw new NotPlainXml();
    if (waitFor !== null && !text.includes(waitFor)) {
      pending.push(text);
      return;
    }
    flush();
    xml += text;
    drain();
  };
  // No more is read (a stop, or the head ends: `open`): saxes has read the start of a tag or text left unfinished and
  // may have found it ill-formed (a bad entity or name, text outside the root…): let saxes decide (a sheet stops
  // mid-part only when it is larger than a form needs; its head, up to </sheetData>, ends with a complete tag).
  const headEnds = (): void => {
    if (pending.length > 0 || !/^[ \t\r\n]*$/.test(xml)) throw new NotPlainXml();
  };
  return {
    write(bytes, stop) {
      for (let at = 0; at < bytes.length; at += CHUNK) {
        feed(decoder.decode(bytes.subarray(at, at + CHUNK), { stream: true }));
        if (stop?.()) {
          headEnds();
          return false;
        }
      }
      return true;
    },
    writeText(text) {
      feed(text);
    },
    end() {
      headEnds();
    },
    close() {
      feed(decoder.decode());
      flush();
      // What is left is text after the root (saxes gives it when the document is closed), or an unfinished tag.
      if (!started || xml.includes('<') || !/^[ \t\r\n]*$/.test(xml) || stack.length > 0 || !rootDone) throw new NotPlainXml();
      const text = plainText(xml);
      if (text.length > 0) h.text?.(text);
    },
  };
}

/** `parseXml` with `plainXmlStream`: the whole part, or its head (`open`), as far as `stop` lets it. */
export function scanPlainXml(bytes: Uint8Array, h: XmlHandlers, o: { stop?: () => boolean; open?: boolean } = {}): void {
  const stream = plainXmlStream(h);
  if (!stream.write(bytes, o.stop)) return;
  if (o.open) stream.end();
  else stream.close();
}

type XmlEvent = readonly [0, string, Readonly<Record<string, string>>] | readonly [1, string] | readonly [2, string];

/** The events of plain XML (a part, or a fragment holding one element), or null when it is not plain. */
function recordPlain(xml: Uint8Array | string, open: boolean): XmlEvent[] | null {
  const events: XmlEvent[] = [];
  const stream = plainXmlStream({
    open: (name, attrs) => void events.push([0, name, attrs]),
    text: (text) => void events.push([1, text]),
    close: (name) => void events.push([2, name]),
  });
  try {
    if (typeof xml === 'string') stream.writeText(xml);
    else stream.write(xml);
    if (open) stream.end();
    else stream.close();
  } catch (error) {
    if (error instanceof NotPlainXml) return null;
    throw error;
  }
  return events;
}

function replay(events: readonly XmlEvent[], h: XmlHandlers): void {
  for (const e of events) {
    if (e[0] === 0) h.open(e[1], e[2]);
    else if (e[0] === 1) h.text?.(e[1]);
    else h.close?.(e[1]);
  }
}

/** What `scanPlainXml` does not read; parse the part again with `parseXml`. */
export class NotPlainXml extends Error {
  constructor() {
    super('not plain XML');
  }
}

/**
 * Parses only the named elements of a part (each whole, with its content), found by their tags in the text:
 * the styles' `numFmts` and `cellXfs` among fonts and fills, a sheet's `mergeCells` after its data. What lies
 * between them is skipped unparsed.
 */
export function parseElements(text: string, names: readonly string[], h: XmlHandlers): void {
  for (const name of names) {
    const first = text.indexOf(name);
    if (first < 0) continue;
    const re = new RegExp(`<((?:[\\w.-]+:)?)${name}\\b(?:[^>]*/>|[\\s\\S]*?</\\1${name}\\s*>)`, 'g');
    // From the tag of the name's first occurrence: no match can start before it.
    re.lastIndex = Math.max(0, text.lastIndexOf('<', first));
    for (const m of text.matchAll(re)) parseXml(m[0], h, { fragment: true });
  }
}

/** An attribute by its local name, whatever its prefix (`r:id`, `relationships:id`). */
export function prefixedAttr(attrs: Readonly<Record<string, string>>, local: string): string | undefined {
  for (const key in attrs) {
    const colon = key.indexOf(':');
    if (colon >= 0 && key.slice(colon + 1) === local) return attrs[key];
  }
  return undefined;
}

/**
 * Decodes the OOXML escapes `_xHHHH_` of shared and inline strings (as exceljs does: upper-case hex digits) and
 * drops what XML 1.0 cannot carry (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates), so that a
 * note's text can go into a Word or Excel report without making it invalid.
 */
export function decodeOoxmlText(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(XML_FORBIDDEN, '');
}

// --- internal ---

const CHUNK = 64 * 1024;
/** Parts up to this size are tried as plain XML by parseXml (their events are held until they prove plain). */
const PLAIN_RECORD_MAX = 1024 * 1024;
const NAME = '[A-Za-z_][A-Za-z0-9_.:-]*';
const OPEN_TAG = new RegExp(`<(${NAME})((?:[ \\t\\r\\n]+${NAME}[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"[^"<&\\t\\r\\n]*"|'[^'<&\\t\\r\\n]*'))*)[ \\t\\r\\n]*(\\/?)>`, 'y');
const LEADING_BLANKS = /^[ \t\r\n]+/;
/** The longest XML declaration waited for over chunks. */
const DECL_MAX = 1024;

/**
 * OPEN_TAG at its lastIndex. A tag of about a million attributes (a few MB, a few KB zipped) overflows the regular
 * expression's backtracking stack (RangeError): saxes reads it.
 */
function openTag(xml: string): RegExpExecArray | null {
  try {
    return OPEN_TAG.exec(xml);
  } catch (error) {
    if (error instanceof RangeError) throw new NotPlainXml();
    throw error;
  }
}
const CLOSE_TAG = new RegExp(`<\\/(${NAME})[ \\t\\r\\n]*>`, 'y');
const XML_DECL = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAMED_ENTITY: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** The attributes of an open tag that OPEN_TAG matched (so well-formed: names, `=`, quoted values without `&`). */
function plainAttrs(text: string): Record<string, string> {
  // Without a prototype, as saxes makes them (an attribute may be called __proto__).
  const attrs = Object.create(null) as Record<string, string>;
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const nameStart = i;
    while (i < n && text.charCodeAt(i) !== 0x3d && !isBlank(text.charCodeAt(i))) i++;
    const name = text.slice(nameStart, i);
    while (text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x27) i++;
    const close = text.indexOf(text[i]!, i + 1);
    if (Object.hasOwn(attrs, name)) throw new NotPlainXml();
    attrs[name] = text.slice(i + 1, close);
    i = close + 1;
  }
  return attrs;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** Text with its line ends normalised (XML 1.0 §2.11) and the five named entities replaced; anything else is not plain. */
function plainText(raw: string): string {
  let t = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (t.includes(']]>')) throw new NotPlainXml();
  if (t.includes('&')) {
    t = t.replace(/&[^;&<]*;?/g, (e) => {
      const c = NAMED_ENTITY[e];
      if (c === undefined) throw new NotPlainXml();
      return c;
    });
  }
  return t;
}
const OOXML_ESCAPE = /_x([0-9A-F]{4})_/g;
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

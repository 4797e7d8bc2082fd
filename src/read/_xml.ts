import { SaxesParser, type SaxesTagPlain } from 'saxes';

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

function saxes(h: XmlHandlers, fragment: boolean): SaxesParser {
  const parser = new SaxesParser({ xmlns: false, position: false, fragment });
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
 * Parses only the named elements of a part (each whole, with its content), found by their tags in the text:
 * the styles' `numFmts` and `cellXfs` among fonts and fills, a sheet's `mergeCells` after its data. What lies
 * between them is skipped unparsed.
 */
export function parseElements(text: string, names: readonly string[], h: XmlHandlers): void {
  for (const name of names) {
    const re = new RegExp(`<((?:[\\w.-]+:)?)${name}\\b(?:[^>]*/>|[\\s\\S]*?</\\1${name}\\s*>)`, 'g');
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
const OOXML_ESCAPE = /_x([0-9A-F]{4})_/g;
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

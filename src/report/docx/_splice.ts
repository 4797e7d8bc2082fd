import type { Document, IXmlableObject, Paragraph, Table, TableCell, TableRow } from 'docx';
import type { ZipParts } from '../../common/zip-parts.ts';
import type { Docx } from './_style.ts';

/**
 * The parts of the Word report that grow with the number of wards (the annex's ward tables, the assessment's
 * tables and reasons) are not kept in docx's tree, which costs some 6 KB of heap a table cell and as much again
 * while docx writes it (a city of 834 wards took 1.1 GB). docx writes the rest of the document with a placeholder
 * paragraph in each such part's place; the part is then written child by child (a paragraph, or a table's header
 * built with docx's components and released) and replaces the placeholder. A table's rows are not built as docx
 * components at all: each kind of cell is written once by docx with a stand-in text (textCell), and every cell of
 * that kind is that XML with its own text.
 * The bytes are those docx writes with everything in its tree (src/report/docx/splice.test.ts proves it), so a
 * normal district's report does not change.
 */

/** A table given as its header and each of its rows, in docx's tree or as XML (a row at a time, never all at once). */
export interface TableInRows {
  readonly kind: 'rows';
  /** The table with these rows (the same widths, borders… whatever rows it is given). */
  readonly make: (rows: TableRow[]) => Table;
  readonly header: () => TableRow[];
  readonly count: number;
  /** The row in docx's tree (inTree). */
  readonly row: (i: number) => TableRow;
  /** The same row's XML, made without docx's tree (textCell, rowShell): what the splice writes. */
  readonly rowXml: (i: number) => string;
}

/** What a part is made of, in document order: paragraphs, tables, and tables given row by row. */
export type PartChild = Paragraph | Table | TableInRows;

/** Where the large parts go: into docx's tree (`inTree`, the reference the tests compare with) or spliced in. */
export interface Placer {
  /** The part's children for the document's tree: either all of them, or one placeholder paragraph. */
  place(children: () => Iterable<PartChild>): (Paragraph | Table)[];
  /** Replaces every placeholder in the document's parts (as docx wrote them, not yet zipped) by its part's XML. */
  finish(parts: ZipParts, doc: Document): void;
}

/** Everything in docx's tree, as docx alone would write it. */
export function inTree(): Placer {
  return {
    place: (children) => [...children()].map((c) => ('kind' in c ? c.make([...c.header(), ...Array.from({ length: c.count }, (_, i) => c.row(i))]) : c)),
    finish: () => {},
  };
}

/** The large parts written apart from the tree and spliced into word/document.xml. */
export function spliced(d: Docx): Placer {
  const parts: { marker: string; children: () => Iterable<PartChild> }[] = [];
  return {
    place(children) {
      const marker = new d.Paragraph({ children: [new d.TextRun(`${MARKER}${parts.length}`)] });
      parts.push({ marker: xmlOf(marker, NO_FILE), children });
      return [marker];
    },
    finish(zip, doc) {
      if (parts.length === 0) return;
      const context = { file: doc, viewWrapper: doc.Document, stack: [] } as unknown as Context;
      const xml = zip[DOCUMENT_PART];
      if (xml === undefined) throw new Error(`splice: no ${DOCUMENT_PART}`);
      const at = parts.map((p) => {
        const marker = Buffer.from(p.marker, 'utf8');
        const i = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).indexOf(marker);
        if (i < 0) throw new Error('splice: a placeholder is missing from the document');
        return { from: i, to: i + marker.length, part: p };
      });
      at.sort((a, b) => a.from - b.from);
      const chunks: Uint8Array[] = [];
      let last = 0;
      for (const { from, to, part } of at) {
        chunks.push(xml.subarray(last, from));
        // Each piece is turned into bytes at once: no more than one paragraph or table header is held as a tree.
        for (const piece of pieces(part.children(), context)) chunks.push(Buffer.from(piece, 'utf8'));
        last = to;
      }
      chunks.push(xml.subarray(last));
      zip[DOCUMENT_PART] = Buffer.concat(chunks);
    },
  };
}

/**
 * A table cell's XML for any text, from docx's XML of the same cell with a stand-in text: a ward table has
 * thousands of cells that differ only in their text, and docx's tree costs some 6 KB of heap a cell.
 */
export function textCell(build: (text: string) => TableCell): (text: string) => string {
  const xml = xmlOf(build(STAND_IN));
  const at = xml.indexOf(STAND_IN);
  if (at < 0 || xml.indexOf(STAND_IN, at + STAND_IN.length) >= 0) throw new Error('splice: the stand-in text is not written once');
  const before = xml.slice(0, at);
  const after = xml.slice(at + STAND_IN.length);
  // Text docx might write otherwise than as one escaped string (line breaks, tabs) goes through docx itself.
  return (text) => (/[\t\n\r]/.test(text) ? xmlOf(build(text)) : before + escapeAll(text) + after);
}

/** What a row writes before and after its cells, from docx's XML of the row with one cell. */
export function rowShell(build: (cells: TableCell[]) => TableRow, sample: TableCell): { open: string; close: string } {
  const cell = xmlOf(sample);
  const xml = xmlOf(build([sample]));
  const at = xml.indexOf(cell);
  if (at < 0) throw new Error('splice: a row without its cell');
  return { open: xml.slice(0, at), close: xml.slice(at + cell.length) };
}

/** The XML docx writes for one of its components, as in word/document.xml (docx's Formatter + stringify). */
export function xmlOf(component: Paragraph | Table | TableRow | TableCell, context: Context = NO_FILE): string {
  const parts = component.writtenAs ?? [component];
  // As docx's body does: a component that prepares nothing writes nothing.
  return parts.map((p) => {
    const prepared = p.prepForXml({ ...context, stack: [] });
    return prepared === undefined ? '' : stringify(prepared);
  }).join('');
}

// --- internal ---

type Context = Parameters<Paragraph['prepForXml']>[0];
const NO_FILE = { stack: [] } as unknown as Context;
const DOCUMENT_PART = 'word/document.xml';
/** Text of a placeholder paragraph: private-use characters no template or form writes, then the part's number. */
const MARKER = '\uF8FFbaocao-splice\uF8FF';
const STAND_IN = '\uF8FFbaocao-text\uF8FF';

function* pieces(children: Iterable<PartChild>, context: Context): Generator<string> {
  for (const c of children) {
    if (!('kind' in c)) {
      yield xmlOf(c, context);
      continue;
    }
    // The table with its header rows, open; then the other rows from their XML, a piece of a few pages at a time.
    const head = xmlOf(c.make(c.header()), context);
    let rows = head.slice(0, head.lastIndexOf(TABLE_END));
    for (let i = 0; i < c.count; i++) {
      rows += c.rowXml(i);
      if (rows.length > PIECE_CHARS) {
        yield rows;
        rows = '';
      }
    }
    yield rows + TABLE_END;
  }
}

const TABLE_END = '</w:tbl>';
/** Rows are handed on (made bytes) in pieces of about this many characters. */
const PIECE_CHARS = 32_000;

/*
 * docx's own writer of a prepared component (src/util/xml/stringify.ts, "as the xml package did, quirks and
 * all"), without indentation, which is how the report is packed. It is not exported by docx; splice.test.ts
 * checks it against docx's output, so an upgrade of docx that changes its writing fails there.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
const escapeAll = (value: string): string => value.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => ESCAPES[c] ?? '');
const escapeValue = (value: unknown): unknown => (typeof value === 'string' ? escapeAll(value) : value);

interface Resolved {
  readonly name: string | undefined;
  readonly attributes: string[];
  readonly content: (Resolved | unknown)[];
}

function stringify(data: IXmlableObject): string {
  return format(resolve(data as Record<string, unknown>));
}

function resolve(data: Record<string, unknown>): Resolved {
  const name = Object.keys(data)[0];
  const values = name === undefined ? undefined : data[name];
  const attributes: string[] = [];
  const content: unknown[] = [];
  const addAttributes = (attr: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(attr)) attributes.push(`${key}="${String(escapeValue(value))}"`);
  };
  if (typeof values === 'object') {
    if (values !== null) {
      const { _attr: attr, _cdata: cdata } = values as { _attr?: Record<string, unknown>; _cdata?: string };
      if (attr) addAttributes(attr);
      if (cdata) content.push(`<![CDATA[${cdata.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`);
      if (Array.isArray(values)) {
        let isStringContent = false;
        content.push('');
        for (const value of values as unknown[]) {
          if (typeof value === 'object') {
            if (Object.keys(value as object)[0] === '_attr') addAttributes((value as { _attr: Record<string, unknown> })._attr);
            else content.push(resolve(value as Record<string, unknown>));
          } else {
            content.pop();
            isStringContent = true;
            content.push(escapeValue(value));
          }
        }
        if (!isStringContent) content.push('');
      }
    }
  } else content.push(escapeValue(values));
  return { name, attributes, content };
}

function format(element: Resolved | unknown): string {
  if (typeof element !== 'object') return String(element);
  const { name, attributes, content } = element as Resolved;
  const open = (name ? `<${name}` : '') + (attributes.length > 0 ? ` ${attributes.join(' ')}` : '') + (content.length > 0 ? (name ? '>' : '') : '/>');
  if (content.length === 0) return open;
  return open + content.map((child) => (child === undefined ? '' : format(child))).join('') + (name ? `</${name}>` : '');
}

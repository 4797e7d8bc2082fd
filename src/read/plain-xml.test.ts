import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { NotPlainXml, parseXml, scanPlainXml, xmlStream, type XmlHandlers } from './_xml.ts';

/**
 * scanPlainXml reads the plain XML spreadsheet programs write, without saxes; anything else is NotPlainXml and the
 * reader parses the part again with saxes (parseXml). Where it reads, it must give the handlers exactly what saxes
 * gives them, as far as saxes reads (a stop is asked after the same 64 KB chunks).
 */
type Event = readonly [string, string, Readonly<Record<string, string>> | string | null];

function events(read: (h: XmlHandlers) => void): Event[] {
  const out: Event[] = [];
  read({ open: (name, attrs) => void out.push(['open', name, { ...attrs }]), text: (t) => void out.push(['text', '', t]), close: (name) => void out.push(['close', name, null]) });
  // saxes may give a text in pieces; a handler joins them (c.v += t), so compare the joined texts.
  return out.reduce<Event[]>((acc, e) => {
    const last = acc[acc.length - 1];
    if (e[0] === 'text' && last?.[0] === 'text') acc[acc.length - 1] = ['text', '', `${String(last[2])}${String(e[2])}`];
    else acc.push(e);
    return acc;
  }, []);
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
/** saxes itself (xmlStream never tries the plain reader), as parseXml reads: `stop` after each chunk, `close` unless `open`. */
const saxesRead = (xml: Uint8Array, h: XmlHandlers, o: { stop?: () => boolean; open?: boolean } = {}): void => {
  const stream = xmlStream(h);
  if (stream.write(xml, o.stop) && !o.open) stream.close();
};
const saxes = (xml: Uint8Array, o: { stop?: () => boolean; open?: boolean } = {}) => events((h) => saxesRead(xml, h, o));
const plain = (xml: Uint8Array, o: { stop?: () => boolean; open?: boolean } = {}) => events((h) => scanPlainXml(xml, h, o));

describe('scanPlainXml', () => {
  it('gives what saxes gives for plain XML: prefixes dropped, entities, line ends, self-closing tags, blanks between tags', () => {
    const xml = bytes(
      '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<x:worksheet xmlns:x="urn:x" a=\'1\'>\r\n <x:sheetData><x:row r="1" spans="1:3">' +
        '<x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="str"><x:f>"a"&amp;"b"</x:f><x:v>a&amp;b &lt;&gt; &quot;&apos;\r\nz</x:v></x:c>' +
        '<x:c r="C1" s="3"/></x:row></x:sheetData></x:worksheet>\n',
    );
    const expected = saxes(xml);
    expect(expected.filter((e) => e[0] === 'open').map((e) => e[1])).toEqual(['worksheet', 'sheetData', 'row', 'c', 'v', 'c', 'f', 'v', 'c']);
    expect(expected).toContainEqual(['text', '', 'a&b <> "\'\nz']);
    expect(plain(xml)).toEqual(expected);
  });

  it.each([
    ['a comment', '<a><!-- x --></a>'],
    ['CDATA', '<a><![CDATA[x]]></a>'],
    ['a processing instruction', '<a><?pi x?></a>'],
    ['a DOCTYPE', '<!DOCTYPE a><a/>'],
    ['a character reference', '<a>&#65;</a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>x & y</a>'],
    ['an entity in an attribute', '<a b="&amp;"/>'],
    ['a line break in an attribute', '<a b="x\ny"/>'],
    ['a duplicate attribute', '<a b="1" b="2"/>'],
    ['an unquoted attribute', '<a b=1/>'],
    ['a close tag that closes another element', '<a><b></a></b>'],
    ['an element left open', '<a><b></b>'],
    ['text outside the root', '<a/>x'],
    ['a second root', '<a/><b/>'],
    ['no root', '  '],
    ['a forbidden character', '<a>\u0001</a>'],
    ['a non-ASCII name', '<ä/>'],
    [']]> in text', '<a>]]></a>'],
    ['an XML declaration not at the start', ' <?xml version="1.0"?><a/>'],
  ])('leaves %s to saxes (NotPlainXml)', (_, xml) => {
    expect(() => scanPlainXml(bytes(xml), { open() {} })).toThrow(NotPlainXml);
  });

  it('stops where parseXml stops, after the 64 KB chunk in which stop() became true, or leaves it to saxes', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const stopAt = (limit: number) => {
      let last = 0;
      return {
        o: { stop: () => last > limit, open: true },
        track: (read: (h: XmlHandlers) => void) => events((h) => read({ ...h, open: (n, a) => (n === 'row' && (last = Number(a.r)), h.open(n, a)) })),
      };
    };
    // Padding puts a chunk's end between two rows (the plain reader stops there) or inside a tag (saxes decides).
    const outcomes = new Set<string>();
    for (const pad of [0, 1, 7, 23]) {
      const xml = bytes(`<worksheet>${' '.repeat(pad)}<sheetData>${rows}</sheetData></worksheet>`);
      expect(xml.length).toBeGreaterThan(3 * 65536);
      for (const limit of [10, 2000, 4000]) {
        const a = stopAt(limit);
        const viaSaxes = a.track((h) => saxesRead(xml, h, a.o));
        expect(viaSaxes.length).toBeLessThan(6000 * 7);
        const b = stopAt(limit);
        try {
          expect(b.track((h) => scanPlainXml(xml, h, b.o))).toEqual(viaSaxes);
          outcomes.add('same');
        } catch (error) {
          if (!(error instanceof NotPlainXml)) throw error;
          outcomes.add('saxes');
        }
      }
    }
    expect(outcomes.has('same')).toBe(true);
  });

  it('reads every sheet and shared-strings part of the bundled year and the bad fixtures as saxes does (or leaves it to saxes)', () => {
    const root = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xlsx'));
    expect(files.length).toBeGreaterThan(192);
    let read = 0;
    let left = 0;
    for (const f of files) {
      let parts: Record<string, Uint8Array>;
      try {
        parts = unzipSync(readFileSync(path.join(root, f)));
      } catch {
        continue;
      }
      for (const [name, data] of Object.entries(parts)) {
        if (!/^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name)) continue;
        let expected: Event[] | null = null;
        try {
          expected = saxes(data);
        } catch {
          expected = null;
        }
        try {
          const got = plain(data);
          expect({ f, name, got }).toEqual({ f, name, got: expected });
          read++;
        } catch (error) {
          if (!(error instanceof NotPlainXml)) throw error;
          left++;
        }
      }
    }
    // The year's forms are plain: the fast path is the one taken.
    expect(read).toBeGreaterThan(192 * 2);
    expect(left).toBeLessThan(read / 10);
  });

  it('gives what saxes gives when a text or a tag runs on over many 64 KB chunks (they wait, joined once, not searched again per chunk)', () => {
    const long = 'a'.repeat(300 * 1024);
    const cases = [
      `<s><d>${long}<r n="1">x</r>${long}</d></s>`,
      `<s><d><r n="${long}">y</r><r n="2"/></d></s>`,
      `<s><d><v>${'é'.repeat(200 * 1024)}</v></d></s>`,
      `<s><d>${long}</d>${' '.repeat(200 * 1024)}</s>${' '.repeat(70 * 1024)}`,
    ];
    for (const xml of cases) {
      const data = bytes(xml);
      const expected = saxes(data);
      expect(expected.length).toBeGreaterThan(2);
      expect(plain(data)).toEqual(expected);
    }
    // A stop asked while a run waits for its end: the plain reader cannot say where saxes stopped, so it leaves it to saxes.
    expect(() => scanPlainXml(bytes(`<s><d>${long}<r/></d></s>`), { open() {} }, { stop: () => true, open: true })).toThrow(NotPlainXml);
  });
});

describe('scanPlainXml against saxes (found by differential fuzzing)', () => {
  it('gives no text for the blanks that start a document, as saxes skips them (also over 64 KB chunks), and leaves a declaration after them to saxes', () => {
    for (const xml of [' <a>x</a>', '\r\n\t <a b="1"/>\n', `${' '.repeat(70 * 1024)}\n<a>x</a>`, `\uFEFF${'\n'.repeat(140 * 1024)}<a/>`]) {
      const data = bytes(xml);
      const expected = saxes(data);
      expect(expected[0]?.[0]).toBe('open');
      expect(plain(data)).toEqual(expected);
    }
    expect(() => saxes(bytes(`${' '.repeat(70 * 1024)}<?xml version="1.0"?><a/>`))).toThrow(/XML declaration/);
    expect(() => scanPlainXml(bytes(`${' '.repeat(70 * 1024)}<?xml version="1.0"?><a/>`), { open() {} })).toThrow(NotPlainXml);
  });

  it('leaves to saxes a head (open) that ends in a tag, text or declaration it has not seen the end of: saxes may refuse it', () => {
    const heads = ['<a><b c="1" =', '<a><b c="1"d', '<a/> x', 'x', '<a>&;', '<a>]]>', '<?xml version="1.0" standalone="maybe"', '<a><1'];
    for (const head of heads) {
      const data = bytes(head);
      expect(() => saxes(data, { open: true }), head).toThrow();
      expect(() => scanPlainXml(data, { open() {} }, { open: true }), head).toThrow(NotPlainXml);
      // parseXml reads it with saxes then, and so refuses it as before.
      expect(() => parseXml(data, { open() {} }, { open: true }), head).toThrow(Error);
    }
    // A head that ends with a complete tag is read without saxes, as saxes reads it.
    const head = bytes('<?xml version="1.0"?>\n<w><d><r n="1"><c>1 &amp; 2</c></r>\n');
    expect(plain(head, { open: true })).toEqual(saxes(head, { open: true }));
    expect(plain(head, { open: true })).toContainEqual(['text', '', '1 & 2']);
  });

  it('leaves to saxes an XML declaration that runs on over chunks (it is not searched again for every chunk)', () => {
    for (const xml of [`<?xml version="1.0"${' '.repeat(200 * 1024)}?><a>x</a>`, `<?xml version="1.0" ${'a'.repeat(200 * 1024)}?><a/>`, `<?xml ${' '.repeat(200 * 1024)}`]) {
      expect(() => scanPlainXml(bytes(xml), { open() {} }), xml.slice(0, 30)).toThrow(NotPlainXml);
    }
    // A valid one is then read by saxes, with the same events.
    const long = bytes(`<?xml version="1.0"${' '.repeat(200 * 1024)}?><a>x</a>`);
    expect(events((h) => parseXml(long, h))).toEqual([
      ['open', 'a', {}],
      ['text', '', 'x'],
      ['close', 'a', null],
    ]);
  });

  it('leaves to saxes a tag of so many attributes that the regular expression overflows (NotPlainXml, not a RangeError)', () => {
    const xml = bytes(`<a${' b=""'.repeat(1_500_000)}/>`);
    expect(() => scanPlainXml(xml, { open() {} })).toThrow(NotPlainXml);
  });
});

it('keeps an attribute called __proto__ as saxes does', () => {
  const xml = bytes('<a __proto__="x" b=\'y\'/>');
  expect(plain(xml)).toEqual(saxes(xml));
  expect(Object.entries(plain(xml)[0]?.[2] ?? {})).toEqual([
    ['__proto__', 'x'],
    ['b', 'y'],
  ]);
});

describe('parseXml', () => {
  it('reads small plain parts and fragments without saxes, and gives saxes what is not plain, with nothing given twice', () => {
    const plainPart = bytes('<?xml version="1.0"?>\n<workbook><sheets><sheet name="BaoCao" r:id="rId1"/></sheets></workbook>');
    expect(events((h) => parseXml(plainPart, h))).toEqual(saxes(plainPart));
    // Not plain half-way (a comment after an element): the events are those of saxes, once each.
    const mixed = bytes('<workbook><sheets><sheet name="A"/></sheets><!-- x --><x>&#65;</x></workbook>');
    const got = events((h) => parseXml(mixed, h));
    expect(got).toEqual(saxes(mixed));
    expect(got.filter((e) => e[0] === 'open' && e[1] === 'sheet')).toHaveLength(1);
    expect(got).toContainEqual(['text', '', 'A']);
    // Ill-formed: saxes's error, as before.
    expect(() => parseXml(bytes('<a><b></a>'), { open() {} })).toThrow(/mismatch|unexpected|close/i);
  });
});

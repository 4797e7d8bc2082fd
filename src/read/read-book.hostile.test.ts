import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readBookBytes, type ReadBookResult, type SheetBounds } from './read-book.ts';
import type { Book } from './book.ts';
import { officeAvailable, runPython } from '../../test/support/office.ts';

/**
 * Workbooks no spreadsheet program writes but a ward's file may be (issue 13's classes): numbers that are not
 * numbers, `t="d"` dates, OOXML escapes of characters XML cannot carry, a merge over the whole grid, a million
 * styled rows, prefixed element names, cells without addresses, damaged XML. Built part by part here, so that
 * each case is exactly the XML it names.
 */

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface Parts {
  /** `<sheetData>` content and anything after it, of sheet1 (BaoCao). */
  sheet: string;
  after?: string;
  strings?: readonly string[];
  workbookPr?: string;
  sheetRels?: string;
  extra?: Readonly<Record<string, string>>;
  /** Wrap every element in the `x:` prefix (OpenXML SDK style). */
  prefixed?: boolean;
}

/** A minimal .xlsx: one sheet BaoCao, shared strings, styles where style 1 is a date (dd/mm/yyyy) and 2 a number. */
function xlsx(p: Parts): Buffer {
  const sheetXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>${p.sheet}</sheetData>${p.after ?? ''}</worksheet>`;
  const files: Record<string, string> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook ${NS}><workbookPr${p.workbookPr ?? ''}/><sheets><sheet name="BaoCao" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': p.prefixed ? prefix(sheetXml) : sheetXml,
    'xl/sharedStrings.xml': `<sst ${NS}>${(p.strings ?? []).map((s) => `<si><t xml:space="preserve">${s}</t></si>`).join('')}</sst>`,
    'xl/styles.xml': `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="3"/></cellXfs></styleSheet>`,
    ...(p.sheetRels ? { 'xl/worksheets/_rels/sheet1.xml.rels': p.sheetRels } : {}),
    ...(p.extra ?? {}),
  };
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)]))));
}

const prefix = (xml: string): string =>
  xml.replace(/<(\/?)([A-Za-z]+)(?=[\s>/])/g, (_, slash: string, name: string) => `<${slash}x:${name}`).replace(`<x:worksheet ${NS}`, `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"`);

async function read(bytes: Buffer, sheets?: readonly SheetBounds[]): Promise<ReadBookResult> {
  return readBookBytes(bytes, { maxUnpackedMb: 50, displayPath: 'phuong/bao-cao.xlsx', ...(sheets ? { sheets } : {}) });
}

async function cells(bytes: Buffer, sheets?: readonly SheetBounds[]): Promise<Record<string, unknown>> {
  const r = await read(bytes, sheets);
  if (!r.ok) throw new Error(`${r.issue.code}: ${r.issue.message}`);
  return Object.fromEntries(r.book.sheets[0]?.cells ?? []);
}

const bookOf = (r: ReadBookResult): Book => {
  if (!r.ok) throw new Error(r.issue.code);
  return r.book;
};

const FORM_BOUNDS: SheetBounds[] = [{ name: 'BaoCao', maxRow: 40, maxCol: 7 }];

describe('the cell reader on hostile workbooks', () => {
  it('makes a stored number that is not a number an error at its cell, never a parseFloat guess', async () => {
    const c = await cells(
      xlsx({
        sheet:
          '<row r="1"><c r="A1"><v>1,5</v></c><c r="B1"><v>12abc</v></c><c r="C1"><v>0x1F</v></c><c r="D1"><v>5 000 000</v></c>' +
          '<c r="E1"><v>1e309</v></c><c r="F1"><v> 7.5 </v></c><c r="G1"><v>-1.25E+3</v></c></row>' +
          '<row r="2"><c r="A2" t="b"><v>yes</v></c><c r="B2" t="b"><v>0</v></c><c r="C2"><f>A1*2</f><v>NaN</v></c></row>',
      }),
    );
    // What the cell stores, at its address (issue 13: no error value that nobody typed, not even #NUM! for 1e309).
    const bad = (raw: string) => ({ kind: 'bad-value', raw });
    expect(c).toEqual({
      A1: bad('1,5'),
      B1: bad('12abc'),
      C1: bad('0x1F'),
      D1: bad('5 000 000'),
      E1: bad('1e309'),
      F1: { kind: 'number', value: 7.5 },
      G1: { kind: 'number', value: -1250 },
      A2: { kind: 'error', value: '#VALUE!' },
      B2: { kind: 'bool', value: false },
      C2: bad('NaN'),
    });
  });

  it('reads t="d" cells as their ISO day (exceljs made 13/07/1905 of them) and refuses a t="d" that is not a date', async () => {
    const c = await cells(
      xlsx({ sheet: '<row r="5"><c r="B5" t="d"><v>2021-03-05T00:00:00Z</v></c><c r="C5" t="d" s="1"><v>2021-02-30</v></c><c r="D5" t="d"><v>hôm qua</v></c></row>' }),
    );
    expect(c).toEqual({ B5: { kind: 'date', value: '2021-03-05' }, C5: { kind: 'bad-value', raw: '2021-02-30' }, D5: { kind: 'bad-value', raw: 'hôm qua' } });
  });

  it('decodes _xHHHH_ escapes and drops what XML cannot carry (U+FFFE, ESC, a lone surrogate), keeping tabs and line breaks', async () => {
    const c = await cells(
      xlsx({
        strings: ['Ghi chú_xFFFE_ ổn_x001B_[31m', 'dòng 1_x000A_dòng 2_x0009_.', 'nửa_xD800_cặp', 'giữ _x005F_x0041_ nguyên'],
        sheet: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="inlineStr"><is><t>trong ô_xFFFF_</t></is></c><c r="F1" t="s"><v>9</v></c></row>',
      }),
    );
    expect(c).toEqual({
      A1: { kind: 'text', value: 'Ghi chú ổn[31m' },
      B1: { kind: 'text', value: 'dòng 1\ndòng 2\t.' },
      C1: { kind: 'text', value: 'nửacặp' },
      D1: { kind: 'text', value: 'giữ _x0041_ nguyên' },
      E1: { kind: 'text', value: 'trong ô' },
      // A shared-string index past the table: an error at the cell (exceljs threw on the whole file).
      F1: { kind: 'error', value: '#REF!' },
    });
  });

  it('reads a merge over the whole grid (H1:XFD1048576) without expanding it, whole or within bounds', async () => {
    const bytes = xlsx({
      sheet: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="H1" t="s"><v>1</v></c><c r="I1" t="s"><v>1</v></c></row><row r="2"><c r="H2"><v>3</v></c></row>',
      strings: ['Biểu mẫu', 'gộp'],
      after: '<mergeCells count="2"><mergeCell ref="H1:XFD1048576"/><mergeCell ref="B1:C1"/></mergeCells>',
    });
    const whole = bookOf(await read(bytes)).sheets[0];
    expect(Object.fromEntries(whole?.cells ?? [])).toEqual({ A1: { kind: 'text', value: 'Biểu mẫu' }, H1: { kind: 'text', value: 'gộp' } });
    expect(whole?.merges).toEqual(['B1:C1', 'H1:XFD1048576']);
    expect([whole?.maxRow, whole?.maxCol]).toEqual([1, 8]);
    const bounded = bookOf(await read(bytes, FORM_BOUNDS)).sheets[0];
    expect(Object.fromEntries(bounded?.cells ?? [])).toEqual({ A1: { kind: 'text', value: 'Biểu mẫu' } });
    expect(bounded?.merges).toEqual(['B1:C1']);
  });

  it('stops reading a sheet of 20,000 styled rows after the rows the form needs, and still reads the merges after them', async () => {
    const styled = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 41}"><c r="A${i + 41}" s="2"/><c r="B${i + 41}" s="2"/></row>`).join('');
    const bytes = xlsx({
      sheet: `<row r="12"><c r="B12" t="s"><v>0</v></c><c r="C12" t="s"><v>1</v></c><c r="E12"><v>4</v></c></row>${styled}<row r="20100"><c r="E20100"><v>9</v></c></row>`,
      strings: ['Đánh giá chung', 'che'],
      after: '<mergeCells count="1"><mergeCell ref="B12:D12"/></mergeCells>',
    });
    const sheet = bookOf(await read(bytes, FORM_BOUNDS)).sheets[0];
    expect(Object.fromEntries(sheet?.cells ?? [])).toEqual({ B12: { kind: 'text', value: 'Đánh giá chung' }, E12: { kind: 'number', value: 4 } });
    expect(sheet?.merges).toEqual(['B12:D12']);
    // Read whole, the far cell is there: the bounds, not the data, ended the first read.
    expect(Object.keys(await cells(bytes))).toContain('E20100');
  });

  it('streams a sheet part over 4 MB (a million styled rows is 65 MB): the cells the form needs and the merges after the rows, as read whole', async () => {
    const flood = Array.from({ length: 200_000 }, (_, i) => `<row r="${i + 41}" s="1" customFormat="1" ht="15" customHeight="1"/>`).join('');
    for (const prefixed of [false, true]) {
      const bytes = xlsx({
        prefixed,
        sheet: `<row r="12"><c r="B12" t="s"><v>0</v></c><c r="E12"><v>4</v></c></row>${flood}<row r="300000"><c r="E300000"><v>9</v></c></row>`,
        strings: ['Đánh giá chung'],
        after: '<mergeCells count="2"><mergeCell ref="B12:D12"/><mergeCell ref="A200000:C200000"/></mergeCells>',
      });
      expect(unzipSync(new Uint8Array(bytes))['xl/worksheets/sheet1.xml']!.length).toBeGreaterThan(4 * 1024 * 1024);
      const sheet = bookOf(await read(bytes, FORM_BOUNDS)).sheets[0];
      expect(Object.fromEntries(sheet?.cells ?? [])).toEqual({ B12: { kind: 'text', value: 'Đánh giá chung' }, E12: { kind: 'number', value: 4 } });
      expect(sheet?.merges).toEqual(['B12:D12']);
      // Read whole (no bounds), every row is parsed through the stream: the far cell and the far merge are there.
      const whole = bookOf(await read(bytes)).sheets[0];
      expect(whole?.cells.size).toBe(3);
      expect(whole?.merges).toEqual(['A200000:C200000', 'B12:D12']);
    }
  });

  it('finds </sheetData> split between two pieces of the part, and reads the merges after it', async () => {
    const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>`;
    const rows = `<row r="12"><c r="E12"><v>4</v></c></row>${Array.from({ length: 2000 }, (_, i) => `<row r="${i + 41}" s="1"/>`).join('')}`;
    // The part arrives in 64 KB pieces: put the end tag across the first boundary, split at every place in the tag.
    for (let split = 1; split < '</sheetData>'.length; split++) {
      const pad = ' '.repeat(64 * 1024 - split - head.length - rows.length);
      const sheet = bookOf(await read(xlsx({ sheet: rows + pad, after: '<mergeCells count="1"><mergeCell ref="E12:F12"/></mergeCells>' }), FORM_BOUNDS)).sheets[0];
      expect(sheet?.merges, `split after ${split} bytes`).toEqual(['E12:F12']);
      expect(Object.fromEntries(sheet?.cells ?? [])).toEqual({ E12: { kind: 'number', value: 4 } });
    }
  });

  it('counts a formula whose cached result is the empty string as empty, and one without a cached value as uncalculated', async () => {
    const c = await cells(
      xlsx({ sheet: '<row r="3"><c r="A3" t="str"><f>IF(1,"","x")</f><v></v></c><c r="B3"><f>1+1</f></c><c r="C3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>' }),
    );
    expect(c).toEqual({ B3: { kind: 'formula-no-result', formula: '1+1' }, C3: { kind: 'text', value: 'ab' } });
  });

  it('reads elements with a namespace prefix (x:c, as the OpenXML SDK writes) and cells without an address', async () => {
    const c = await cells(xlsx({ prefixed: true, sheet: '<row r="4"><c t="s"><v>0</v></c><c><v>2</v></c><c r="E4" s="1"><v>44256</v></c><c><v>3</v></c></row><row><c><v>1</v></c></row>', strings: ['Mã'] }));
    expect(c).toEqual({
      A4: { kind: 'text', value: 'Mã' },
      B4: { kind: 'number', value: 2 },
      E4: { kind: 'date', value: '2021-03-01' },
      F4: { kind: 'number', value: 3 },
      A5: { kind: 'number', value: 1 },
    });
  });

  it('reports damaged XML as a corrupt file with a Vietnamese reason, never an exception', async () => {
    for (const sheet of ['<row r="1"><c r="A1"><v>1</v></row>', '<row r="1"><c r="A1"><v>1&bogus;</v></c></row>']) {
      const r = await read(xlsx({ sheet }));
      expect(r.ok ? 'ok' : r.issue.code).toBe('file.corrupt');
      expect(r.ok ? '' : r.issue.message).toContain('không đúng cấu trúc sổ tính Excel');
    }
  });

  const hasPython = officeAvailable('đọc tệp có chú thích do openpyxl ghi', { python: ['openpyxl'] });
  it.skipIf(!hasPython)('reads a workbook with openpyxl-written comments (absolute part targets), which exceljs refused as corrupt', async () => {
    const out = runPython(String.raw`
import io, sys, base64
import openpyxl
from openpyxl.comments import Comment
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'BaoCao'
ws['B1'] = 'PCMD-01'
ws['B1'].comment = Comment('Ghi chú của cán bộ', 'Phường')
ws['E10'] = 12
buf = io.BytesIO()
wb.save(buf)
sys.stdout.write(base64.b64encode(buf.getvalue()).decode())
`);
    const bytes = Buffer.from(out, 'base64');
    const rels = strFromU8(unzipSync(new Uint8Array(bytes))['xl/worksheets/_rels/sheet1.xml.rels'] ?? new Uint8Array());
    expect(rels).toContain('Target="/xl/comments/comment1.xml"');
    expect(await cells(bytes, FORM_BOUNDS)).toEqual({ B1: { kind: 'text', value: 'PCMD-01' }, E10: { kind: 'number', value: 12 } });
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { memoryIo } from './io.ts';
import { hasCommand, officeAvailable, runPython, sofficeConvert } from '../../test/support/office.ts';

/**
 * Issue 17, end to end: the year's compile of the bundled fixtures (both reports, for the district), twice. The
 * charts are read back by independent readers: openpyxl follows every `c:f` of every chart to its cells and
 * compares them with the chart's cached values; python-docx finds the pictures after section III; LibreOffice
 * draws both files to PDF.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'baocao-charts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function compileYear(out: string): Promise<{ xlsx: string; docx: string }> {
  const io = memoryIo();
  const code = await runCli(['compile', '--period', '2021', '--input', FIXTURES, '--out', out, '--to', 'district'], { io, cwd: root, now: () => new Date('2022-01-05T08:00:00Z') });
  if (code > 1) throw new Error(`compile exited ${code}: ${io.stderr}`);
  const dir = path.join(out, '2021');
  return { xlsx: path.join(dir, 'BaoCao_PCMD_2021_district.xlsx'), docx: path.join(dir, 'BaoCao_PCMD_2021_district.docx') };
}

let first = { xlsx: '', docx: '' };
let second = { xlsx: '', docx: '' };
beforeAll(async () => {
  first = await compileYear(path.join(root, 'a'));
  second = await compileYear(path.join(root, 'b'));
});

const parts = (file: string): Record<string, Uint8Array> => unzipSync(new Uint8Array(readFileSync(file)));

describe('the year reports hold the charts', () => {
  it('two compiles of the same year give byte-identical Excel and Word reports', () => {
    expect(readFileSync(second.xlsx).equals(readFileSync(first.xlsx))).toBe(true);
    expect(readFileSync(second.docx).equals(readFileSync(first.docx))).toBe(true);
  });

  it('the Word report carries three PNG pictures in its body, after the targets (section III) and before section IV', () => {
    const p = parts(first.docx);
    const media = Object.keys(p).filter((n) => n.startsWith('word/media/'));
    expect(media).toHaveLength(3);
    for (const m of media) expect(Buffer.from(p[m]!.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    const doc = strFromU8(p['word/document.xml']!);
    const at = (s: string): number => doc.indexOf(s);
    expect(at('III. Kết quả thực hiện các chỉ tiêu')).toBeGreaterThan(0);
    expect(at('<w:drawing>')).toBeGreaterThan(at('III. Kết quả thực hiện các chỉ tiêu'));
    expect(doc.lastIndexOf('<w:drawing>')).toBeLessThan(at('IV. Khó khăn, vướng mắc'));
    expect(doc).toContain('Biểu đồ 1. Kiểm tra hành chính của Công an (CA01) so với tiến độ chỉ tiêu');
    expect(doc).toContain('Biểu đồ 3. Hoạt động theo tháng: tuyên truyền (TT01) và kiểm tra cơ sở (KT02)');
  });
});

const CHART_FACTS = String.raw`
import json, re, sys, zipfile
from xml.etree import ElementTree as ET
import openpyxl
from openpyxl.utils import range_boundaries
path = sys.argv[1]
C = '{http://schemas.openxmlformats.org/drawingml/2006/chart}'
values = openpyxl.load_workbook(path, data_only=True)
formulas = openpyxl.load_workbook(path)
z = zipfile.ZipFile(path)
charts = []
for name in sorted(n for n in z.namelist() if re.fullmatch(r'xl/charts/chart\d+\.xml', n)):
    root = ET.fromstring(z.read(name))
    series = []
    for ser in root.iter(C + 'ser'):
        out = {}
        for part in ('tx', 'cat', 'val'):
            el = ser.find(C + part)
            f = el.find('.//' + C + 'f').text
            sheet, ref = f.rsplit('!', 1)
            sheet = sheet.strip("'").replace("''", "'")
            c1, r1, c2, r2 = range_boundaries(ref.replace('$', ''))
            cells = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
            out[part] = {
                'f': f,
                'sheet': sheet,
                'count': int(el.find('.//' + C + 'ptCount').get('val')),
                'cache': {pt.get('idx'): pt.find(C + 'v').text for pt in el.iter(C + 'pt')},
                'cells': [values[sheet].cell(r, c).value for r, c in cells],
                'formulas': [formulas[sheet].cell(r, c).value for r, c in cells],
            }
        series.append(out)
    charts.append(series)
print(json.dumps({'charts': charts, 'onSheet': {ws.title: len(ws._charts) for ws in formulas.worksheets}}, ensure_ascii=False, default=str))
`;

interface Ref {
  f: string;
  sheet: string;
  count: number;
  cache: Record<string, string>;
  cells: (string | number | null)[];
  formulas: (string | number | null)[];
}

describe.skipIf(!officeAvailable('biểu đồ Excel qua openpyxl', { python: ['openpyxl'] }))('the Excel charts through openpyxl', () => {
  let facts: { charts: { tx: Ref; cat: Ref; val: Ref }[][]; onSheet: Record<string, number> };
  beforeAll(() => {
    facts = JSON.parse(runPython(CHART_FACTS, [first.xlsx]));
  });

  it('has three native charts on sheet Bieu do, and no other sheet has any', () => {
    expect(facts.charts).toHaveLength(3);
    expect(facts.onSheet['Bieu do']).toBe(3);
    expect(Object.entries(facts.onSheet).filter(([s, n]) => s !== 'Bieu do' && n > 0)).toEqual([]);
  });

  it('every c:f points at cells holding exactly the plotted numbers and names (the cached values)', () => {
    let numbers = 0;
    for (const chart of facts.charts) {
      for (const s of chart) {
        expect(s.tx.cells).toEqual([s.tx.cache['0']]);
        expect(s.cat.cells).toEqual(Object.values(s.cat.cache));
        expect(s.val.cells).toHaveLength(s.val.count);
        s.val.cells.forEach((cell, i) => {
          const cached = s.val.cache[String(i)];
          if (cell === null) expect(cached).toBeUndefined();
          else {
            expect(typeof cell).toBe('number');
            expect(Number(cached)).toBeCloseTo(cell as number, 9);
            numbers++;
          }
        });
      }
    }
    expect(numbers).toBeGreaterThanOrEqual(12 + 12 + 12 + 14 + 14 + 12 + 12);
  });

  it('the plotted months are live links to the report’s own sheets, and the running total a formula over them', () => {
    const [pace, ratio, activity] = facts.charts;
    expect(pace?.[0]?.val.formulas).toEqual(Array.from({ length: 12 }, (_, i) => expect.stringMatching(new RegExp(`^='Cong an'!\\$${String.fromCharCode(69 + i)}\\$\\d+$`))));
    expect(pace?.[1]?.val.formulas[11]).toMatch(/^=SUM\(J\$\d+:J\d+\)$/);
    expect(activity?.[0]?.val.formulas.every((f) => typeof f === 'string' && f.startsWith("='Tong hop phuong'!"))).toBe(true);
    expect(ratio?.[0]?.val.formulas.filter((f) => typeof f === 'string' && f.startsWith("='Chi tieu'!$C$")).length).toBe(14);
    expect(ratio?.[1]?.val.cells.every((v) => v === 80)).toBe(true);
  });
});

describe.skipIf(!officeAvailable('biểu đồ qua LibreOffice', { commands: ['soffice', 'pdftotext', 'pdfimages'] }))('LibreOffice draws the charts', () => {
  it('prints the three Excel charts (their titles are drawn text in the PDF), on A4', () => {
    const pdf = sofficeConvert(first.xlsx, 'pdf', path.join(root, 'pdf-x'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Kiểm tra hành chính của Công an (CA01) so với tiến độ chỉ tiêu');
    expect(text).toContain('Tỷ lệ cơ sở kinh doanh dịch vụ dễ bị lợi dụng được kiểm tra, theo phường (CT8)');
    expect(text).toContain('Hoạt động theo tháng: tuyên truyền (TT01) và kiểm tra cơ sở (KT02)');
    if (hasCommand('pdfinfo')) expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/\(A4\)/);
  });

  it('shows the Word report’s three pictures with their Vietnamese captions', () => {
    const pdf = sofficeConvert(first.docx, 'pdf', path.join(root, 'pdf-w'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Biểu đồ 2. Tỷ lệ cơ sở kinh doanh dịch vụ dễ bị lợi dụng được kiểm tra, theo phường (CT8)');
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').filter((l) => /^\s*\d+\s+\d+\s+image\s/.test(l));
    expect(images.length).toBeGreaterThanOrEqual(3);
  });
});

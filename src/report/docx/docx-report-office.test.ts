import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { DEFAULT_AUDIENCES } from '../../domain/config-schema.ts';
import { officeAvailable, runPython, sofficeConvert } from '../../../test/support/office.ts';
import { sampleReportModel } from '../../../test/support/sample-model.ts';
import { targetRows } from './_table-data.ts';
import { renderDocxReport } from './docx-report.ts';
import { compileReportText } from '../report-text.ts';
import { loadReportTemplates } from '../../load/templates.ts';
import { loadChartSetup } from '../../load/load-charts.ts';

/**
 * The Word report through independent readers: python-docx (page setup, fonts, header and bottom blocks of both
 * audiences) and LibreOffice → PDF read with poppler (A4, fonts, page numbers from page 2, title, targets table)
 * for a month, a quarter and the year.
 */

const hasPython = officeAvailable('báo cáo Word: python-docx', { python: ['docx'] });
const hasOffice = officeAvailable('báo cáo Word: LibreOffice', { commands: ['soffice', 'pdfinfo', 'pdftotext', 'pdffonts'] });

const CASES = [
  { period: '2021-03', to: 'district', label: 'tháng 3 năm 2021' },
  { period: '2021-03', to: 'city', label: 'tháng 3 năm 2021' },
  { period: '2021-Q1', to: 'city', label: 'quý I năm 2021' },
  { period: '2021', to: 'district', label: 'năm 2021' },
] as const;
type Case = (typeof CASES)[number];

let dir = '';
const files = new Map<Case, { file: string; model: ReportModel }>();
const fileOf = (c: Case) => files.get(c)!;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'baocao-docx-'));
  for (const c of CASES) {
    const model = sampleReportModel(c.period);
    const file = path.join(dir, `BaoCao_PCMD_${c.period}_${c.to}.docx`);
    writeFileSync(file, await renderDocxReport(model, { to: c.to, audience: DEFAULT_AUDIENCES[c.to], place: 'Ba Đình', text: compileReportText(loadReportTemplates()), charts: loadChartSetup() }));
    files.set(c, { file, model });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Word report in python-docx', () => {
  for (const c of CASES.slice(0, 2)) {
    it.skipIf(!hasPython)(`${c.to}: A4, margins, page numbers from page 2, Times New Roman only, header and bottom blocks`, () => {
      const r = JSON.parse(runPython(DOCX_SCRIPT, [fileOf(c).file])) as DocxReport;
      const [main, annex] = r.sections;
      expect(r.sections).toHaveLength(2);
      expect(main).toMatchObject({ width: 210, height: 297, top: 20, bottom: 20, left: 30, right: 15, landscape: false, titlePage: true, headerHasPage: true, firstHeader: [''] });
      // The annex is numbered on its own: from 1 again, no number on its first page.
      expect(annex).toMatchObject({ width: 297, height: 210, top: 20, bottom: 20, left: 30, right: 15, landscape: true, titlePage: true, headerHasPage: true });
      expect(r.docDefaults).toEqual({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: 'Times New Roman', size: '28' });
      expect(r.fonts).toEqual(['Times New Roman']);
      expect(r.themeFonts).toBe(0);

      const a = DEFAULT_AUDIENCES[c.to];
      // The issuing body breaks where it reads well, never after its dash nor inside "QUẬN BA ĐÌNH".
      const issuerLines = c.to === 'district' ? ['PHÒNG LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI'] : ['ỦY BAN NHÂN DÂN', 'QUẬN BA ĐÌNH'];
      expect(r.headerLeft).toEqual([...(a.issuerParent ? [a.issuerParent] : []), ...issuerLines, '', a.numberPattern]);
      expect(r.headerRight).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '', 'Ba Đình, ngày 16 tháng 3 năm 2021']);
      expect(r.headerRuns).toMatchObject({ title: { bold: true, size: 13 }, motto: { bold: true, size: 14 }, date: { italic: true } });
      expect(r.bottomLeft).toEqual(['Nơi nhận:', ...a.copiesTo.map((x) => `- ${x}`)]);
      expect(r.bottomRuns).toMatchObject({ heading: { bold: true, italic: true, size: 12 }, item: { size: 11 }, signer: { bold: true } });
      expect(r.bottomRight).toEqual([...a.signer.lines, a.signer.name]);

      expect(r.title).toMatchObject({ text: 'BÁO CÁO', center: true, bold: true });
      expect(r.summaryLine).toMatchObject({ text: `Kết quả công tác phòng, chống tệ nạn mại dâm ${c.label}`, center: true, bold: true });
      expect(r.body.justify).toBe(true);
      expect(r.body.firstLineMm).toBeCloseTo(12.7, 1);
      expect(r.body.afterPt).toBeGreaterThanOrEqual(6);
      expect(r.body.lineSpacing).toBeGreaterThanOrEqual(1.15);
      expect(r.body.lineSpacing).toBeLessThanOrEqual(1.5);
      expect(r.tables.every((t) => t.fixed && t.allDxa && t.gridSum === t.width)).toBe(true);
      expect(r.tables.at(-1)).toMatchObject({ repeatHeader: true, columns: 18 });
    });
  }
});

describe('the Word report through LibreOffice', () => {
  for (const c of [CASES[0], CASES[2], CASES[3]]) {
    it.skipIf(!hasOffice)(`${c.period} (${c.to}): A4 pages, Liberation Serif only, numbers from page 2, title, targets`, () => {
      const { file, model } = fileOf(c);
      const pdf = sofficeConvert(file, 'pdf', dir);
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(4);
      const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts \(A4\)/gm)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(sizes).toHaveLength(pages);
      expect(sizes[0]![0]).toBeCloseTo(595.28, 0);
      expect(sizes[0]![1]).toBeCloseTo(841.89, 1);
      expect(sizes.at(-1)![0]).toBeCloseTo(841.89, 1); // the annex is landscape

      const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) expect(f).toMatch(/^(LiberationSerif|TimesNewRoman|Times)/);

      const page = (n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' }).normalize('NFC');
      const firstLine = (t: string) => t.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
      const one = page(1);
      expect(firstLine(one)).not.toMatch(/^\d+$/);
      expect(one).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(one).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(one).toContain(DEFAULT_AUDIENCES[c.to].issuer.split(' ')[0]);
      expect(one).toMatch(new RegExp(`Ba Đình, ngày \\d\\d tháng \\d+ năm 2021`));
      expect(one).toContain(`Kết quả công tác phòng, chống tệ nạn mại dâm ${c.label}`);
      // Page numbers from page 2 of the report; the annex starts unnumbered and counts from 1 again.
      const texts = [one];
      let annexFrom = 0;
      for (let n = 2; n <= pages; n++) {
        const t = page(n);
        if (!annexFrom && firstLine(t) === 'PHỤ LỤC') annexFrom = n;
        expect(firstLine(t), `page ${n}`).toBe(annexFrom ? (n === annexFrom ? 'PHỤ LỤC' : String(n - annexFrom + 1)) : String(n));
        texts.push(t);
      }
      expect(annexFrom).toBeGreaterThan(2);

      // The targets table holds the values of summary.json, row after row.
      const all = texts.join('\n');
      let at = all.indexOf('III. Kết quả thực hiện các chỉ tiêu');
      expect(at).toBeGreaterThan(0);
      for (const r of targetRows(model)) {
        const m = new RegExp(`${esc(r.period)}\\s+${esc(r.yearToDate)}\\s+${esc(r.percent)}`, 'g');
        m.lastIndex = at;
        const found = m.exec(all);
        expect(found, `${r.id}: ${r.period} ${r.yearToDate} ${r.percent}`).not.toBeNull();
        at = found!.index + 1;
      }
      expect(all).toMatch(/Tối thiểu(\s|\n)/);
      expect(all).toContain('Nơi nhận:');
      for (const l of DEFAULT_AUDIENCES[c.to].signer.lines) expect(all).toContain(l);
      expect(all).toContain('(Kèm theo Báo cáo số …/BC-');
    });
  }
});

// --- internal ---

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface RunFormat {
  bold: boolean;
  italic: boolean;
  size: number | null;
}
interface DocxReport {
  sections: Record<string, unknown>[];
  docDefaults: Record<string, string | null>;
  fonts: string[];
  themeFonts: number;
  headerLeft: string[];
  headerRight: string[];
  headerRuns: Record<'title' | 'motto' | 'date', RunFormat>;
  bottomLeft: string[];
  bottomRight: string[];
  bottomRuns: Record<'heading' | 'item' | 'signer', RunFormat>;
  title: { text: string; center: boolean; bold: boolean };
  summaryLine: { text: string; center: boolean; bold: boolean };
  body: { justify: boolean; firstLineMm: number; afterPt: number; lineSpacing: number };
  tables: { width: number; gridSum: number; fixed: boolean; allDxa: boolean; repeatHeader: boolean; columns: number }[];
}

const DOCX_SCRIPT = String.raw`
import json, re, sys, zipfile
import docx
from docx.oxml.ns import qn
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.enum.section import WD_ORIENT

path = sys.argv[1]
d = docx.Document(path)
mm = lambda x: round(x.mm, 1)

sections = []
for s in d.sections:
    sections.append({
        'width': mm(s.page_width), 'height': mm(s.page_height),
        'top': mm(s.top_margin), 'bottom': mm(s.bottom_margin), 'left': mm(s.left_margin), 'right': mm(s.right_margin),
        'landscape': s.orientation == WD_ORIENT.LANDSCAPE,
        'titlePage': bool(s.different_first_page_header_footer),
        'headerHasPage': 'PAGE' in s.header._element.xml,
        'firstHeader': [p.text for p in s.first_page_header.paragraphs] if s.different_first_page_header_footer else None,
    })

rpr = d.styles.element.find(qn('w:docDefaults')).find(qn('w:rPrDefault')).find(qn('w:rPr'))
rf = rpr.find(qn('w:rFonts'))
defaults = {k: rf.get(qn('w:' + k)) for k in ['ascii', 'hAnsi', 'cs', 'eastAsia']}
defaults['size'] = rpr.find(qn('w:sz')).get(qn('w:val'))

fonts, theme = set(), 0
z = zipfile.ZipFile(path)
for name in z.namelist():
    if re.match(r'word/(document|styles|numbering|header\d*|footer\d*)\.xml$', name):
        xml = z.read(name).decode('utf8')
        for tag in re.findall(r'<w:rFonts\b[^>]*>', xml):
            fonts.update(re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]*)"', tag))
            theme += len(re.findall(r'Theme="', tag))

def fmt(p):
    r = p.runs[0]
    return {'bold': bool(r.bold), 'italic': bool(r.italic), 'size': r.font.size.pt if r.font.size else None}

head = d.tables[0]
left, right = head.cell(0, 0).paragraphs, head.cell(0, 1).paragraphs
bottom = next(t for t in d.tables if t.cell(0, 0).text.startswith('Nơi nhận'))
bl, br = bottom.cell(0, 0).paragraphs, bottom.cell(0, 1).paragraphs
paras = d.paragraphs
title = next(p for p in paras if p.text == 'BÁO CÁO')
summary = paras[[p._element for p in paras].index(title._element) + 1]
body = next(p for p in paras if p.text.startswith('Thực hiện'))
pf = body.paragraph_format

tables = []
for t in d.tables:
    xml = t._tbl.xml
    tables.append({
        'width': int(re.search(r'<w:tblW w:type="dxa" w:w="(\d+)"', xml).group(1)),
        'gridSum': sum(int(x) for x in re.findall(r'<w:gridCol w:w="(\d+)"', xml)),
        'fixed': '<w:tblLayout w:type="fixed"/>' in xml,
        'allDxa': set(re.findall(r'<w:tcW w:type="(\w+)"', xml)) == {'dxa'},
        'repeatHeader': '<w:tblHeader/>' in xml,
        'columns': len(t.columns),
    })

print(json.dumps({
    'sections': sections, 'docDefaults': defaults, 'fonts': sorted(fonts), 'themeFonts': theme,
    'headerLeft': [p.text for p in left], 'headerRight': [p.text for p in right],
    'headerRuns': {'title': fmt(right[0]), 'motto': fmt(right[1]), 'date': fmt(right[3])},
    'bottomLeft': [p.text for p in bl], 'bottomRight': [p.text for p in br],
    'bottomRuns': {'heading': fmt(bl[0]), 'item': fmt(bl[1]), 'signer': fmt(br[0])},
    'title': {'text': title.text, 'center': title.alignment == WD_ALIGN_PARAGRAPH.CENTER, 'bold': bool(title.runs[0].bold)},
    'summaryLine': {'text': summary.text, 'center': summary.alignment == WD_ALIGN_PARAGRAPH.CENTER, 'bold': bool(summary.runs[0].bold)},
    'body': {'justify': body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY, 'firstLineMm': pf.first_line_indent.mm,
             'afterPt': pf.space_after.pt, 'lineSpacing': pf.line_spacing},
    'tables': tables,
}, ensure_ascii=False))
`;

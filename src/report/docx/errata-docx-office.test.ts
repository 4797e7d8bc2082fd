import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUDIENCES } from '../../domain/config-schema.ts';
import { loadReportTemplates } from '../../load/templates.ts';
import { officeAvailable, runPython, sofficeConvert } from '../../../test/support/office.ts';
import { compileReportText } from '../report-text.ts';
import { renderErrataDocx, type ErrataModel } from './errata-docx.ts';

/**
 * The errata of a closed period ("Báo cáo điều chỉnh số liệu", spec/closing.md) through independent readers: python-docx
 * reads the page, the font and both tables cell by cell; LibreOffice turns it into a one-page A4 PDF.
 */

const hasPython = officeAvailable('báo cáo điều chỉnh: python-docx', { python: ['docx'] });
const hasOffice = officeAvailable('báo cáo điều chỉnh: LibreOffice', { commands: ['soffice', 'pdfinfo', 'pdftotext'] });

const MODEL: ErrataModel = {
  periodId: '2021-03',
  periodLabel: 'tháng 3 năm 2021',
  n: 1,
  date: '2021-03-25',
  closedOn: '2021-03-20',
  changes: [
    { indicator: 'TT01', label: 'Số buổi tuyên truyền, hội nghị, tọa đàm', measure: 'buổi', unitName: 'Phường Cống Vị', isTotal: false, old: 3, new: 10, file: '2021-03/PCMD-01_2021-03_00007.xlsx', cell: 'E10' },
    { indicator: 'TT01', label: 'Số buổi tuyên truyền, hội nghị, tọa đàm', measure: 'buổi', unitName: 'Toàn quận', isTotal: true, old: 1200, new: 1207, file: null, cell: null },
  ],
  targets: [{ target: 'CT8', label: 'Đảm bảo 80% số cơ sở được kiểm tra', measure: '%', unitName: 'Phường Cống Vị', old: 81.5, new: 79.2, oldStatus: 'Đạt', newStatus: 'Chậm tiến độ' }],
};

let dir = '';
let file = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'baocao-errata-'));
  file = path.join(dir, 'BaoCao_DieuChinh_PCMD_2021-03_district.docx');
  writeFileSync(file, await renderErrataDocx(MODEL, { to: 'district', audience: DEFAULT_AUDIENCES.district, place: 'Ba Đình', text: compileReportText(loadReportTemplates()) }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the errata document', () => {
  it.skipIf(!hasPython)('python-docx: A4 with Decree 30 margins, Times New Roman, the figures and the target, each in its cell', () => {
    const r = JSON.parse(runPython(SCRIPT, [file])) as { page: number[]; fonts: string[]; tables: string[][][]; paragraphs: string[] };
    expect(r.page).toEqual([210, 297, 20, 20, 30, 15]);
    expect(r.fonts).toEqual(['Times New Roman']);
    const [header, changes, targets, bottom] = r.tables;
    expect(header?.[0]?.[1]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(header?.[0]?.[1]).toContain('Ba Đình, ngày 25 tháng 3 năm 2021');
    expect(changes).toEqual([
      ['STT', 'Chỉ tiêu', 'Đơn vị', 'Số đã báo cáo', 'Số điều chỉnh', 'Căn cứ (tệp, ô)'],
      ['1', 'TT01. Số buổi tuyên truyền, hội nghị, tọa đàm', 'Phường Cống Vị', '3 buổi', '10 buổi', '2021-03/PCMD-01_2021-03_00007.xlsx, ô E10'],
      ['2', 'TT01. Số buổi tuyên truyền, hội nghị, tọa đàm', 'Toàn quận', '1.200 buổi', '1.207 buổi', 'Tổng của các đơn vị'],
    ]);
    expect(targets?.[1]).toEqual(['1', 'CT8. Đảm bảo 80% số cơ sở được kiểm tra', 'Phường Cống Vị', '81,5% (Đạt)', '79,2% (Chậm tiến độ)']);
    expect(bottom?.[0]?.[0]).toContain('Nơi nhận:');
    expect(r.paragraphs).toContain('Điều chỉnh số liệu báo cáo kết quả công tác phòng, chống tệ nạn mại dâm tháng 3 năm 2021');
    expect(r.paragraphs.some((p) => p.includes('gửi ngày 20/03/2021') && p.includes('(lần 1)'))).toBe(true);
  });

  it.skipIf(!hasOffice)('LibreOffice: one A4 page holding the ward, the values and the cell', () => {
    const pdf = sofficeConvert(file, 'pdf', dir);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    // Narrow cells wrap ("Phường / Cống Vị"): only what fits on one line is looked for.
    for (const s of ['BÁO CÁO', 'Cống Vị', '10 buổi', 'ô E10', '81,5% (Đạt)', 'TRƯỞNG PHÒNG']) expect(text).toContain(s);
  });
});

const SCRIPT = `
import json, sys, docx
from docx.shared import Mm
d = docx.Document(sys.argv[1])
s = d.sections[0]
page = [round(x / Mm(1)) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)]
body = d.element.body
fonts = set()
for el in body.iter():
    if el.tag.endswith('}rFonts'):
        for k, v in el.attrib.items():
            if k.endswith('}ascii') or k.endswith('}hAnsi'): fonts.add(v)
st = d.styles.element
for el in st.iter():
    if el.tag.endswith('}rFonts'):
        for k, v in el.attrib.items():
            if k.endswith('}ascii') or k.endswith('}hAnsi'): fonts.add(v)
tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
paragraphs = [p.text for p in d.paragraphs]
print(json.dumps({ 'page': page, 'fonts': sorted(fonts), 'tables': tables, 'paragraphs': paragraphs }, ensure_ascii=False))
`;

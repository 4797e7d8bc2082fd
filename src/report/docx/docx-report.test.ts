import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { DEFAULT_AUDIENCES } from '../../domain/config-schema.ts';
import { formatNumberVi, formatPercentVi } from '../../common/vi-format.ts';
import { sampleReportModel } from '../../../test/support/sample-model.ts';
import { composeReport, type BodyTemplate, type ComposedReport } from './_compose.ts';
import { blocksText, parseMarkup } from './_markup.ts';
import { docxReportFileName, renderDocxReport } from './docx-report.ts';
import { compileReportText } from '../report-text.ts';
import { loadReportTemplates, templatesUrl } from '../../load/templates.ts';
import { loadChartSetup } from '../../load/load-charts.ts';

const text = compileReportText(loadReportTemplates());
const compose = (model: ReportModel, to: 'district' | 'city' = 'district'): ComposedReport =>
  composeReport(model, { to, audience: DEFAULT_AUDIENCES[to], place: 'Ba Đình' }, text);
const section = (c: ComposedReport, t: BodyTemplate): string => blocksText(c.body.find((b) => b.template === t)?.blocks ?? []);
const month = sampleReportModel('2021-03');

describe('the report text for the sample month', () => {
  const c = compose(month);

  it('heads with the audience, the number, the place and the date of Decree 30', () => {
    expect(c.header).toEqual({
      issuerParent: 'UBND QUẬN BA ĐÌNH',
      issuer: 'PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI',
      number: 'Số:        /BC-LĐTBXH',
      placeDate: 'Ba Đình, ngày 16 tháng 3 năm 2021',
    });
    expect(section(c, 'tieu-de')).toBe('BÁO CÁO\nKết quả công tác phòng, chống tệ nạn mại dâm tháng 3 năm 2021\nKính gửi: Ủy ban nhân dân quận Ba Đình');
    expect(compose(month, 'city').header.issuer).toBe('ỦY BAN NHÂN DÂN QUẬN BA ĐÌNH');
    expect(compose(month, 'city').header.issuerParent).toBeNull();
  });

  it('tells the situation in section I, then who reported in one short paragraph, without checking details', () => {
    const s = section(c, 'muc-1-tinh-hinh-chung');
    const ind = month.summary.indicators;
    expect(s).toMatch(/^I\. Tình hình tệ nạn mại dâm trên địa bàn\n/);
    expect(s).toContain(`Trên địa bàn các phường có ${formatNumberVi(ind.KT01!.total)} cơ sở kinh doanh dịch vụ dễ bị lợi dụng`);
    expect(s).toContain(`Hiện còn ${formatNumberVi(ind.TD01!.total)} tụ điểm`);
    expect(s).toContain('Đã tổng hợp báo cáo của 14/16 đơn vị; chưa báo cáo: Phường Nguyễn Trung Trực; báo cáo chưa hợp lệ, chưa đưa vào tổng hợp: Phường Điện Biên');
    // The checking details are the Excel report's (sheet Kiem tra), and no English word.
    expect(s).not.toMatch(/lỗi|cảnh báo|sheet/);
    // The city report does not tell the district's paperwork, only the coverage of its figures.
    const city = section(compose(month, 'city'), 'muc-1-tinh-hinh-chung');
    expect(city).not.toContain('Đã tổng hợp báo cáo');
    expect(city).toContain('Số liệu trong báo cáo là số liệu của 12/14 phường đã gửi báo cáo hợp lệ.');
  });

  it('fills section II with district totals and compares only like with like', () => {
    const s = section(c, 'muc-2-ket-qua');
    const ind = month.summary.indicators;
    const prev = month.previous!.totals;
    expect(s).toContain(`tổ chức ${formatNumberVi(ind.TT01!.total)} buổi tuyên truyền`);
    // 12 of 14 wards this month against a complete last month: no comparison, and the coverage said.
    expect(s).toContain('Số liệu dưới đây là số liệu của 12/14 phường; không so sánh với kỳ trước vì chưa đủ đơn vị.');
    expect(s).not.toContain('buổi so với kỳ trước');
    // The police reported in full: its figures are compared.
    expect(s).toContain(`(tăng ${formatNumberVi(ind.CA01!.total! - prev.CA01!)} lượt so với kỳ trước)`);
    const units = month.summary.units.map((u) => ({ ...u, status: 'accepted' as const }));
    const complete = section(compose({ ...month, summary: { ...month.summary, units } }), 'muc-2-ket-qua');
    expect(complete).toContain(`(tăng ${formatNumberVi(ind.TT01!.total! - prev.TT01!)} buổi so với kỳ trước)`);
    expect(s).toContain(`số tiền ${formatNumberVi(ind.KT05!.total)} đồng`);
    expect(s).not.toContain('cùng kỳ');
    for (const h of ['1. Công tác tuyên truyền', '2. Công tác kiểm tra, xử lý', '3. Công tác đấu tranh', '4. Công tác tiếp cận', '5. Công tác nâng cao', '6. Kinh phí']) {
      expect(s).toContain(`\n${h}`);
    }
    const withLastYear = compose({ ...month, summary: { ...month.summary, units }, previous: null, sameLastYear: { periodId: '2020-03', periodLabel: 'tháng 3 năm 2020', totals: { TT01: ind.TT01!.total! / 2 } } });
    expect(section(withLastYear, 'muc-2-ket-qua')).toContain(`${formatNumberVi(ind.TT01!.total)} buổi tuyên truyền, hội nghị, tọa đàm về phòng, chống tệ nạn mại dâm (tăng 100% so với cùng kỳ)`);
    expect(section(withLastYear, 'muc-2-ket-qua')).not.toContain('kỳ trước');
  });

  it('says the data is complete when every unit was accepted, and drops the annex marks', () => {
    const units = month.summary.units.map((u) => ({ ...u, status: 'accepted' as const, onTime: true, signedOn: '2021-03-16' }));
    const all = compose({ ...month, summary: { ...month.summary, units, issues: [] } });
    const s = section(all, 'muc-1-tinh-hinh-chung');
    expect(s).toContain('Cả 16 đơn vị (14 phường, Công an quận Ba Đình và Đội kiểm tra liên ngành 178 quận Ba Đình) đã gửi báo cáo hợp lệ.');
    expect(s).not.toMatch(/chưa gửi|chưa hợp lệ|lỗi/);
    expect(all.wards.columns.every((w) => w.mark === '')).toBe(true);
    expect(blocksText(all.annex)).not.toContain('(1)');
  });

  it('gives NFC text whatever the configuration was typed in', () => {
    const nfd = (x: string) => x.normalize('NFD');
    const a = DEFAULT_AUDIENCES.city;
    const audience = { ...a, issuer: nfd(a.issuer), recipient: nfd(a.recipient), copiesTo: a.copiesTo.map(nfd), signer: { lines: a.signer.lines.map(nfd), name: nfd(a.signer.name) } };
    const c2 = composeReport(month, { to: 'city', audience, place: nfd('Ba Đình') }, text);
    const everything = JSON.stringify(c2);
    expect(everything).toBe(everything.normalize('NFC'));
    expect(c2.header.issuer).toBe('ỦY BAN NHÂN DÂN QUẬN BA ĐÌNH');
  });

  it('says so when the police sent nothing, instead of printing its figures', () => {
    const units = month.summary.units.map((u) => (u.code === 'CA' ? { ...u, status: 'missing' as const } : u));
    const indicators = Object.fromEntries(Object.entries(month.summary.indicators).filter(([k]) => !k.startsWith('CA')));
    const s = section(compose({ ...month, summary: { ...month.summary, units, indicators } }), 'muc-2-ket-qua');
    expect(s).toContain('Công an quận Ba Đình chưa có báo cáo hợp lệ trong kỳ');
    expect(s).not.toContain('kiểm tra hành chính —');
  });

  it('puts the targets table in section III with the values of summary.json, and the wards under 80%', () => {
    expect(section(c, 'muc-3-chi-tieu')).toContain('\n[[bang-chi-tieu]]\n');
    expect(c.targets.map((r) => r.id)).toEqual(['CT1', 'CT2', 'CT3', 'CT4', 'CT5', 'CT6', 'CT7', 'CT8']);
    for (const r of c.targets) {
      const t = month.summary.targets[r.id]!;
      const fmt = r.id === 'CT8' ? formatPercentVi : formatNumberVi;
      const progress = 'ratio' in t.target || !('min' in t.target) ? '—' : formatPercentVi(t.percent);
      expect([r.period, r.yearToDate, r.percent, r.status]).toEqual([fmt(t.period), fmt(t.yearToDate), progress, t.status]);
    }
    expect(c.targets.find((r) => r.id === 'CT1')).toMatchObject({ target: 'Không để xảy ra', percent: '—' });
    expect(c.targets.find((r) => r.id === 'CT5')?.target).toBe('Từ 30 đến 50 cơ sở');
    expect(c.targets.find((r) => r.id === 'CT8')).toMatchObject({ target: '80% ở mỗi phường', period: '76,5%', percent: '—' });
    expect(c.targets.find((r) => r.id === 'CT2')?.note).toMatch(/05 vụ án.*06 vụ/);
    const s = section(c, 'muc-3-chi-tieu');
    // The legend, then one sentence per target behind or without data; CT8 names the wards by their own status (as the Excel report does).
    expect(s).toMatch(/\[\[bang-chi-tieu\]\]\nChú giải: Đạt: .*Đúng tiến độ: .*Chậm tiến độ: .*Không đạt: .*Thiếu số liệu: /);
    expect(s).toContain('Chưa đủ số liệu để đánh giá chỉ tiêu CT6');
    // The sample's CT8 is on track for the district; made behind, it names the wards whose own status is behind.
    expect(s).not.toContain('Chỉ tiêu CT8');
    const ct8 = { ...month.summary.targets.CT8!, status: 'Chậm tiến độ' as const };
    const behindModel = { ...month, summary: { ...month.summary, targets: { ...month.summary.targets, CT8: ct8 } } };
    const behind = Object.entries(ct8.byUnit!).filter(([, v]) => v.status === 'Chậm tiến độ').map(([code, v]) => `${month.units.find((u) => u.code === code)!.name} (${formatPercentVi(v.ratio)})`);
    expect(section(compose(behindModel), 'muc-3-chi-tieu')).toContain(`toàn quận đạt 76,5%; chậm tiến độ ở ${behind.length} phường: ${behind.join(', ')}.`);
  });

  it('gathers the wards’ own texts by ward in IV–VI, or says there are none', () => {
    expect(section(c, 'muc-4-kho-khan')).toBe('IV. Khó khăn, vướng mắc\n- Lực lượng mỏng, cơ sở kinh doanh dịch vụ thay đổi chủ thường xuyên (các phường Phúc Xá và Vĩnh Phúc).');
    expect(section(c, 'muc-6-de-xuat')).toBe(
      'VI. Đề xuất, kiến nghị\n- Các phường Phúc Xá, Vĩnh Phúc và Cống Vị đề nghị quận tiếp tục hỗ trợ kinh phí tuyên truyền.\n- =1+1 đề nghị bố trí thêm kinh phí (phường Trúc Bạch).',
    );
    const difficulties = '  Thiếu người\n# không phải tiêu đề  ';
    const bare = compose({ ...month, texts: [{ unitKey: '00001', unitName: 'Phường Phúc Xá', texts: { difficulties }, forms: [{ periodId: '2021-03', texts: { difficulties } }] }] });
    expect(section(bare, 'muc-4-kho-khan')).toBe('IV. Khó khăn, vướng mắc\n- Thiếu người (phường Phúc Xá).\n- Không phải tiêu đề (phường Phúc Xá).');
    expect(section(bare, 'muc-6-de-xuat')).toBe('VI. Đề xuất, kiến nghị\nTrong kỳ, các phường không có đề xuất, kiến nghị.');
    expect(section(bare, 'muc-5-phuong-huong')).toMatch(/^V\. Phương hướng, nhiệm vụ kỳ tới\n- Tiếp tục thực hiện/);
  });

  it('ends with Nơi nhận and the signer of each audience', () => {
    expect(blocksText(c.copiesTo)).toBe('Nơi nhận:\n- Như trên;\n- Thường trực Ban Chỉ đạo 138 quận;\n- Lưu: VT, LĐTBXH.');
    expect(c.signer).toEqual({ lines: ['TRƯỞNG PHÒNG'], name: '' });
    expect(compose(month, 'city').signer).toEqual({ lines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Phạm Thị Diễm' });
    expect(section(c, 'ket-thuc')).toBe('Trên đây là báo cáo kết quả công tác phòng, chống tệ nạn mại dâm tháng 3 năm 2021./.');
  });

  it('marks the missing and rejected wards in the annex with "—", never 0, and prints money in millions', () => {
    const cols = c.wards.columns;
    expect(cols).toHaveLength(14);
    expect(cols.find((w) => w.code === '00010')).toMatchObject({ name: 'Nguyễn Trung Trực', mark: '(1)', status: 'missing' });
    expect(cols.find((w) => w.code === '00019')).toMatchObject({ name: 'Điện Biên', mark: '(2)', status: 'rejected' });
    const row = (code: string) => c.wards.rows.find((r) => r.kind === 'indicator' && r.code === code);
    const tt01 = row('TT01');
    if (tt01?.kind !== 'indicator') throw new Error('TT01 row');
    expect(tt01.values[cols.findIndex((w) => w.code === '00010')]).toBe('—');
    expect(tt01.values[cols.findIndex((w) => w.code === '00019')]).toBe('—');
    expect(tt01.values[0]).toBe(formatNumberVi(month.summary.indicators.TT01!.byUnit['00001']!));
    expect(tt01.total).toBe(formatNumberVi(month.summary.indicators.TT01!.total));
    const ht07 = row('HT07');
    expect(ht07?.kind === 'indicator' && ht07.values[0]).toBe('—'); // reported, but left empty
    const kt05 = row('KT05');
    expect(kt05).toMatchObject({ unit: 'triệu đồng', total: formatNumberVi(month.summary.indicators.KT05!.total! / 1e6, 3) });
    expect(blocksText(c.annex)).toMatch(
      /^PHỤ LỤC\nKết quả thực hiện của các phường tháng 3 năm 2021\n\(Kèm theo Báo cáo số …\/BC-LĐTBXH ngày 16\/03\/2021 của Phòng Lao động - Thương binh và Xã hội\)\n\[\[bang-phuong\]\]\n/,
    );
  });
});

describe('the markup of the templates', () => {
  it('reads headings, centring and table places from line starts only', () => {
    expect(parseMarkup('^# BÁO CÁO\n  # I. Chung  \n## nghiêng\n### đậm nghiêng\n\nThân  bài # không\n[[bang-chi-tieu]]\n^Kính gửi: X')).toEqual([
      { kind: 'text', text: 'BÁO CÁO', bold: true, italic: false, centred: true },
      { kind: 'text', text: 'I. Chung', bold: true, italic: false, centred: false },
      { kind: 'text', text: 'nghiêng', bold: false, italic: true, centred: false },
      { kind: 'text', text: 'đậm nghiêng', bold: true, italic: true, centred: false },
      { kind: 'text', text: 'Thân bài # không', bold: false, italic: false, centred: false },
      { kind: 'table', name: 'bang-chi-tieu' },
      { kind: 'text', text: 'Kính gửi: X', bold: false, italic: false, centred: true },
    ]);
  });
});

describe('renderDocxReport', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const options = { to: 'city', audience: DEFAULT_AUDIENCES.city, place: 'Ba Đình', text, charts: loadChartSetup() } as const;

  it('names the file as spec/outputs.md says', () => {
    expect(docxReportFileName('2021-Q1', 'city')).toBe('BaoCao_PCMD_2021-Q1_city.docx');
  });

  it('gives identical bytes on two renders', async () => {
    const a = await renderDocxReport(sampleReportModel('2021-Q1'), options);
    const b = await renderDocxReport(sampleReportModel('2021-Q1'), options);
    expect(a.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(a.equals(b)).toBe(true);
  });

  it('splits the annex of a large district into tables of at most 16 wards, the total on the last one only', async () => {
    const base = sampleReportModel('2021-03');
    const ward = base.units.find((u) => u.kind === 'ward')!;
    const many = Array.from({ length: 40 }, (_, i) => ({ ...ward, code: `W${String(i).padStart(3, '0')}`, name: `Phường Thử ${i}` }));
    const model: ReportModel = { ...base, units: [...many, ...base.units.filter((u) => u.kind !== 'ward')] };
    const bytes = await renderDocxReport(model, options);
    const { readZipDirectory, extractEntry } = await import('../../common/zip-directory.ts');
    const dir = readZipDirectory(bytes);
    if (!dir.ok) throw new Error('not a zip');
    const xml = extractEntry(bytes, dir.entries.find((e) => e.name === 'word/document.xml')!, 50_000_000)!.toString('utf8');
    for (const w of many) expect(xml).toContain(`Thử ${w.name.slice(-2).trim()}`);
    // Three annex tables (16 + 16 + 8 wards), one targets table, the header and signature tables.
    expect(xml.match(/Toàn quận<\/w:t>/g)?.length).toBe(1);
    expect([...xml.matchAll(/<w:gridCol w:w="(-?\d+)"/g)].every((m) => Number(m[1]) > 0)).toBe(true);
  });

  it('takes the wording from a templates folder a clerk edited, and fails loudly on a name it does not know', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baocao-tpl-'));
    dirs.push(dir);
    cpSync(templatesUrl('report/'), dir, { recursive: true });
    const templatesDir = pathToFileURL(`${dir}/`);
    writeFileSync(path.join(dir, 'ket-thuc.hbs'), 'Báo cáo {{periodLabel}} xin kết thúc ở đây./.\n');
    const edited = composeReport(month, options, compileReportText(loadReportTemplates(templatesDir)));
    expect(section(edited, 'ket-thuc')).toBe('Báo cáo tháng 3 năm 2021 xin kết thúc ở đây./.');
    writeFileSync(path.join(dir, 'ket-thuc.hbs'), 'Trên đây là báo cáo {{kyBaoCao}}./.\n');
    await expect(renderDocxReport(month, { ...options, text: compileReportText(loadReportTemplates(templatesDir)) })).rejects.toThrow(/ket-thuc\.hbs.*kyBaoCao/);
    writeFileSync(path.join(dir, 'ket-thuc.hbs'), '[[bang-phuong]]\n');
    await expect(renderDocxReport(month, { ...options, text: compileReportText(loadReportTemplates(templatesDir)) })).rejects.toThrow(/ket-thuc\.hbs: không có bảng \[\[bang-phuong\]\]/);
  });
});

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

  it('names the missing ward 00010 and the rejected ward 00019 in section I', () => {
    const s = section(c, 'muc-1-tinh-hinh-chung');
    expect(s).toMatch(/^I\. Tình hình chung\n/);
    expect(s).toContain('Đã nhận báo cáo của 15/16 đơn vị');
    expect(s).toContain('Chưa gửi báo cáo (1 đơn vị): Phường Nguyễn Trung Trực.');
    expect(s).toContain('chưa đưa vào tổng hợp (1 đơn vị): Phường Điện Biên (1 lỗi).');
    expect(s).toContain('2 lỗi và 1 cảnh báo');
  });

  it('fills section II with district totals and compares only with what is known', () => {
    const s = section(c, 'muc-2-ket-qua');
    const ind = month.summary.indicators;
    const prev = month.previous!.totals;
    expect(s).toContain(`tổ chức ${formatNumberVi(ind.TT01!.total)} buổi tuyên truyền`);
    expect(s).toContain(`(tăng ${formatNumberVi(ind.TT01!.total! - prev.TT01!)} buổi so với kỳ trước)`);
    expect(s).toContain(`số tiền ${formatNumberVi(ind.KT05!.total)} đồng`);
    expect(s).not.toContain('cùng kỳ');
    for (const h of ['1. Công tác tuyên truyền', '2. Công tác kiểm tra, xử lý', '3. Công tác đấu tranh', '4. Công tác tiếp cận', '5. Công tác nâng cao', '6. Kinh phí']) {
      expect(s).toContain(`\n${h}`);
    }
    const withLastYear = compose({ ...month, previous: null, sameLastYear: { periodId: '2020-03', periodLabel: 'tháng 3 năm 2020', totals: { TT01: ind.TT01!.total! / 2 } } });
    expect(section(withLastYear, 'muc-2-ket-qua')).toContain(`${formatNumberVi(ind.TT01!.total)} buổi tuyên truyền, hội nghị, tọa đàm về phòng, chống tệ nạn mại dâm (tăng 100% so với cùng kỳ)`);
    expect(section(withLastYear, 'muc-2-ket-qua')).not.toContain('kỳ trước');
  });

  it('says the data is complete when every unit was accepted, and drops the annex marks', () => {
    const units = month.summary.units.map((u) => ({ ...u, status: 'accepted' as const, onTime: true, signedOn: '2021-03-16' }));
    const all = compose({ ...month, summary: { ...month.summary, units, issues: [] } });
    const s = section(all, 'muc-1-tinh-hinh-chung');
    expect(s).toContain('Đã nhận báo cáo của 16/16 đơn vị, trong đó 16 đơn vị gửi đúng hạn.');
    expect(s).toContain('Tất cả các đơn vị đã gửi báo cáo hợp lệ, số liệu được tổng hợp đầy đủ.');
    expect(s).not.toMatch(/Chưa gửi|sai sót|lỗi/);
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
      expect([r.period, r.yearToDate, r.percent, r.status]).toEqual([fmt(t.period), fmt(t.yearToDate), formatPercentVi(t.percent), t.status]);
    }
    expect(c.targets.find((r) => r.id === 'CT1')).toMatchObject({ target: '0 điểm', percent: '—' });
    expect(c.targets.find((r) => r.id === 'CT5')?.target).toBe('30 - 50 cơ sở');
    expect(c.targets.find((r) => r.id === 'CT8')).toMatchObject({ target: '80%', period: '76,5%' });
    expect(c.targets.find((r) => r.id === 'CT2')?.note).toMatch(/05 vụ án.*06 vụ/);
    expect(section(c, 'muc-3-chi-tieu')).toContain('chưa đạt tỷ lệ 80% số cơ sở được kiểm tra (CT8): Phường Phúc Xá (60%), Phường Trúc Bạch (63%)');
    expect(section(c, 'muc-3-chi-tieu')).toContain('Chưa có số liệu để đánh giá chỉ tiêu CT8: Phường Nguyễn Trung Trực, Phường Điện Biên.');
  });

  it('gathers the wards’ own texts by ward in IV–VI, or says there are none', () => {
    expect(section(c, 'muc-4-kho-khan')).toBe(
      'IV. Khó khăn, vướng mắc\n- Phường Phúc Xá: Lực lượng mỏng, cơ sở kinh doanh dịch vụ thay đổi chủ thường xuyên.\n' +
        '- Phường Vĩnh Phúc: Lực lượng mỏng, cơ sở kinh doanh dịch vụ thay đổi chủ thường xuyên.',
    );
    expect(section(c, 'muc-6-de-xuat').split('\n')).toHaveLength(5);
    const bare = compose({ ...month, texts: [{ unitCode: '00001', unitName: 'Phường Phúc Xá', texts: { difficulties: '  Thiếu người\n# không phải tiêu đề  ' } }] });
    expect(section(bare, 'muc-4-kho-khan')).toBe('IV. Khó khăn, vướng mắc\n- Phường Phúc Xá: Thiếu người # không phải tiêu đề');
    expect(section(bare, 'muc-6-de-xuat')).toBe('VI. Đề xuất, kiến nghị\nTrong kỳ, các đơn vị không có đề xuất, kiến nghị.');
    expect(section(bare, 'muc-5-phuong-huong')).toMatch(/^V\. Phương hướng nhiệm vụ kỳ tới\nTiếp tục thực hiện/);
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
    expect(blocksText(c.annex)).toMatch(/^Phụ lục\nKết quả thực hiện của các phường tháng 3 năm 2021\n\(Kèm theo Báo cáo ngày 16\/03\/2021\)\n\[\[bang-phuong\]\]\n/);
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

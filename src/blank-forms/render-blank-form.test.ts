import type { Worksheet } from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { FormId } from '../domain/form-schema.ts';
import { indicatorsOf, loadForms } from '../load/load-forms.ts';
import { FIRST_TABLE_ROW, HEADER, META_SHEET, TABLE_COLUMNS, TABLE_HEADER_ROW, TEXT_ROWS, formatStamp } from '../domain/form-layout.ts';
import { renderBlankForm } from './render-blank-form.ts';
import { UNIT_OF_FORM, blankOptionsFor, isLocked, loadWorkbook, zipParts } from '../../test/support/test-workbook.ts';

const FORM_IDS: FormId[] = ['PCMD-01', 'PCMD-02', 'PCMD-03'];
const render = (id: FormId) => renderBlankForm(blankOptionsFor(UNIT_OF_FORM[id]));
const sheet = (ws: Worksheet | undefined): Worksheet => {
  if (!ws) throw new Error('missing sheet');
  return ws;
};

describe('renderBlankForm', () => {
  it('orders the sheets HuongDan, BaoCao, lists, DanhMuc (very hidden) and opens on BaoCao', async () => {
    const sheets = async (id: FormId) => (await loadWorkbook(await render(id))).worksheets.map((ws) => `${ws.name}:${ws.state}`);
    expect(await sheets('PCMD-01')).toEqual(['HuongDan:visible', 'BaoCao:visible', 'DanhMuc:veryHidden']);
    expect(await sheets('PCMD-02')).toEqual(['HuongDan:visible', 'BaoCao:visible', 'DanhSach:visible', 'DanhMuc:veryHidden']);
    expect(await sheets('PCMD-03')).toEqual(['HuongDan:visible', 'BaoCao:visible', 'CoSo:visible', 'DanhMuc:veryHidden']);
    const wb = await loadWorkbook(await render('PCMD-01'));
    expect(wb.views[0]?.activeTab).toBe(1);
  });

  it('writes the header block A1:B6, code and period as text, B5/B6 the only unlocked header cells', async () => {
    const ws = sheet((await loadWorkbook(await render('PCMD-01'))).getWorksheet('BaoCao'));
    expect(Object.values(HEADER).map((h) => ws.getCell(h.row, 1).value)).toEqual([
      'Biểu mẫu', 'Đơn vị báo cáo', 'Mã đơn vị', 'Kỳ báo cáo', 'Ngày báo cáo', 'Người lập biểu',
    ]);
    expect([1, 2, 3, 4, 5, 6].map((r) => ws.getCell(r, 2).value)).toEqual(['PCMD-01', 'Phường Cống Vị', '00007', '2021-03', null, null]);
    expect(ws.getCell('B3').numFmt).toBe('@');
    expect(ws.getCell('B4').numFmt).toBe('@');
    expect(ws.getCell('B5').numFmt).toBe('dd/mm/yyyy');
    expect([1, 2, 3, 4, 5, 6].map((r) => isLocked(ws.getCell(r, 2)))).toEqual([true, true, true, true, false, false]);
    expect(TABLE_COLUMNS.map((_, i) => ws.getCell(TABLE_HEADER_ROW, i + 1).value)).toEqual([...TABLE_COLUMNS]);
  });

  it.each(FORM_IDS)('%s: every code of the definition in column B, in order, with its label and unit', async (id) => {
    const form = loadForms()[id];
    const ws = sheet((await loadWorkbook(await render(id))).getWorksheet('BaoCao'));
    const rows: { code: string; label: unknown; unit: unknown; stt: unknown }[] = [];
    ws.eachRow((row, n) => {
      const b = row.getCell(2).value;
      if (n >= FIRST_TABLE_ROW && typeof b === 'string' && /^[A-Z]{2}\d{2}$/.test(b)) {
        rows.push({ code: b, label: row.getCell(3).value, unit: row.getCell(4).value, stt: row.getCell(1).value });
      }
    });
    const indicators = indicatorsOf(form);
    expect(rows.map((r) => r.code)).toEqual(indicators.map((i) => i.code));
    expect(rows.map((r) => r.label)).toEqual(indicators.map((i) => i.label));
    expect(rows.map((r) => r.unit)).toEqual(indicators.map((i) => i.unit));
    expect(rows.map((r) => r.stt)).toEqual(indicators.map((_, i) => i + 1));
  });

  it('writes a section row (roman in A, title in C, B empty) only for titled sections', async () => {
    const sectionRows = async (id: FormId) => {
      const ws = sheet((await loadWorkbook(await render(id))).getWorksheet('BaoCao'));
      const out: [unknown, unknown, unknown][] = [];
      ws.eachRow((row, n) => {
        const a = row.getCell(1).value;
        if (n >= FIRST_TABLE_ROW && typeof a === 'string' && /^[IVX]+$/.test(a)) out.push([a, row.getCell(2).value, row.getCell(3).value]);
      });
      return out;
    };
    const form = loadForms()['PCMD-01'];
    expect(await sectionRows('PCMD-01')).toEqual(form.sections.map((s) => [s.roman, null, s.title]));
    expect(await sectionRows('PCMD-02')).toEqual([]);
    const ws = sheet((await loadWorkbook(await render('PCMD-02'))).getWorksheet('BaoCao'));
    expect(ws.getCell(FIRST_TABLE_ROW, 2).value).toBe('CA01');
  });

  it('unlocks E/F/G of indicator rows and validates E/F by value type', async () => {
    const ws = sheet((await loadWorkbook(await render('PCMD-01'))).getWorksheet('BaoCao'));
    const rowOf = (code: string) => {
      let found = 0;
      ws.eachRow((row, n) => void (row.getCell(2).value === code && (found = n)));
      return found;
    };
    const tt01 = rowOf('TT01');
    expect(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c) => isLocked(ws.getCell(`${c}${tt01}`)))).toEqual([true, true, true, true, false, false, false]);
    expect(ws.getCell(`E${tt01}`).dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 1_000_000], showErrorMessage: true });
    expect(ws.getCell(`E${tt01}`).numFmt).toBe('#,##0');
    expect(ws.getCell(`F${rowOf('DG01')}`).dataValidation).toMatchObject({ type: 'whole', formulae: [0, 1] });
    expect(ws.getCell(`E${rowOf('KT05')}`).dataValidation).toMatchObject({ type: 'whole', formulae: [0, 100_000_000_000] });
    expect(String(ws.getCell(`E${tt01}`).dataValidation.error)).toMatch(/số nguyên không âm/);
  });

  it('puts the four text rows after one empty row, B:G merged and unlocked', async () => {
    const ws = sheet((await loadWorkbook(await render('PCMD-01'))).getWorksheet('BaoCao'));
    let lastCode = 0;
    ws.eachRow((row, n) => void (row.getCell(4).value !== null && n >= FIRST_TABLE_ROW && (lastCode = n)));
    const first = lastCode + 2;
    expect(ws.getCell(lastCode + 1, 1).value).toBeNull();
    expect([0, 1, 2, 3].map((i) => ws.getCell(first + i, 1).value)).toEqual(Object.values(TEXT_ROWS));
    for (let i = 0; i < 4; i++) {
      expect(ws.model.merges).toContain(`B${first + i}:G${first + i}`);
      expect(isLocked(ws.getCell(first + i, 2))).toBe(false);
    }
  });

  it('keeps the stamp and the dropdown lists in DanhMuc behind defined names', async () => {
    const wb = await loadWorkbook(await render('PCMD-02'));
    const meta = sheet(wb.getWorksheet(META_SHEET));
    expect(meta.getCell('A1').value).toBe(formatStamp('PCMD-02', loadForms()['PCMD-02'].revision));
    expect(meta.getCell('A1').value).toBe('baocao:PCMD-02:2021.1');
    const names = Object.fromEntries(wb.definedNames.model.map((n) => [n.name, n.ranges]));
    expect(names).toMatchObject({
      DM_Phuong: ['DanhMuc!$B$1:$B$14'],
      DM_DanhSach_sex: ['DanhMuc!$C$1:$C$2'],
      DM_DanhSach_behaviour: ['DanhMuc!$D$1:$D$5'],
    });
    const wards = Array.from({ length: 14 }, (_, i) => meta.getCell(i + 1, 2).value);
    expect(wards[0]).toBe('Phường Phúc Xá');
    expect(wards).toContain('Phường Nguyễn Trung Trực');
    expect(Array.from({ length: 5 }, (_, i) => meta.getCell(i + 1, 4).value)).toEqual(['Bán dâm', 'Mua dâm', 'Chứa mại dâm', 'Môi giới mại dâm', 'Khác']);
  });

  it('writes list sheets with the definition headers, frozen row 1, unlocked columns and validations by name', async () => {
    const wb = await loadWorkbook(await render('PCMD-03'));
    const ws = sheet(wb.getWorksheet('CoSo'));
    const list = loadForms()['PCMD-03'].lists[0];
    expect(list?.columns.map((_, i) => ws.getCell(1, i + 1).value)).toEqual(list?.columns.map((c) => c.header));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(isLocked(ws.getCell('A1'))).toBe(true);
    expect(isLocked(ws.getColumn('C'))).toBe(false);
    expect(ws.getColumn('C').width).toBe(30);
    expect(ws.getCell('B2').dataValidation).toMatchObject({ type: 'date', operator: 'greaterThanOrEqual' });
    expect(ws.getCell('D500').dataValidation).toMatchObject({ type: 'list', formulae: ['DM_CoSo_kind'] });
    expect(ws.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ['DM_Phuong'] });
    expect(ws.getCell('G2').dataValidation).toMatchObject({ type: 'list', formulae: ['DM_CoSo_result'] });
    expect(ws.getCell('H2').dataValidation).toMatchObject({ type: 'whole', formulae: [0] });
    expect(ws.getCell('C2').dataValidation).toBeUndefined();
  });

  it('protects BaoCao and the lists with an empty password, and writes no formula anywhere', async () => {
    const sheets = zipParts(await render('PCMD-02'), /^xl\/worksheets\/sheet\d+\.xml$/);
    const protections = [...sheets.values()].map((xml) => /<sheetProtection [^>]*>/.exec(xml)?.[0] ?? null);
    expect(protections.filter((p) => p !== null)).toHaveLength(2);
    for (const p of protections) if (p) expect(p).not.toMatch(/hashValue|saltValue|password/);
    for (const xml of sheets.values()) expect(xml).not.toMatch(/<f[ >]/);
    // Every list validation refers to a name, never to an inline list (Excel's 255-character limit).
    for (const xml of sheets.values()) expect(xml).not.toMatch(/<formula1>"/);
    // Excel's limits on validation texts (longer ones are a repair prompt risk).
    for (const xml of sheets.values()) {
      for (const m of xml.matchAll(/ errorTitle="([^"]*)"/g)) expect(m[1]?.length).toBeLessThanOrEqual(32);
      for (const m of xml.matchAll(/ error="([^"]*)"/g)) expect(m[1]?.length).toBeLessThanOrEqual(255);
    }
  });

  it('gives the same bytes for the same input, whatever the clock and time zone', async () => {
    const first = await render('PCMD-02');
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect((await render('PCMD-02')).equals(first)).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const core = zipParts(first, /^docProps\/core\.xml$/).get('docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2021-03-14T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dc:creator>baocao</dc:creator>');
  });

  it('explains the form in HuongDan from the definition: period window, deadline, list ties, personal data', async () => {
    const ws = sheet((await loadWorkbook(await render('PCMD-02'))).getWorksheet('HuongDan'));
    const text = ws.getColumn(1).values.filter((v) => typeof v === 'string').join('\n');
    expect(text).toContain('HƯỚNG DẪN ĐIỀN BIỂU MẪU PCMD-02');
    expect(text).toContain('Công an quận Ba Đình (mã đơn vị CA)');
    expect(text).toContain('từ ngày 15/02/2021 đến ngày 14/03/2021');
    expect(text).toContain('chậm nhất ngày 17/03/2021'); // the deadline: not "trước hết ngày" ("first of all")
    expect(text).not.toContain('trước hết');
    expect(text).toContain('CA07 = số dòng; CA08 = tổng cột "Số tiền phạt"');
    expect(text).toContain('dữ liệu cá nhân nhạy cảm (họ và tên, năm sinh, nơi cư trú)');
    expect(text).not.toContain('Chỉ tiêu có/không'); // PCMD-02 has no yes/no indicator
    expect(text).toBe(text.normalize('NFC'));
  });
});

import type { Worksheet } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { indicatorsOf, loadForms } from '../forms/load-forms.ts';
import { fillForm, locateCodeRows, locateTextRows } from './fill-form.ts';
import type { FilledForm } from './filled-form.ts';
import { renderBlankForm } from './render-blank-form.ts';
import { blankOptionsFor, loadWorkbook, zipParts } from './_test-workbook.ts';

const forms = loadForms();
const ward = forms['PCMD-01'];
const police = forms['PCMD-02'];

const WARD_FILLED: FilledForm = {
  formId: 'PCMD-01',
  unitCode: '00007',
  unitName: 'Phường Cống Vị',
  period: '2021-03',
  signedOn: '2021-03-16',
  preparer: 'Nguyễn Thị Lan',
  values: { ...Object.fromEntries(indicatorsOf(ward).map((ind, i) => [ind.code, i * 10])), KT05: 12_500_000, DG01: 1, TD04: null },
  yearToDate: { TT01: 7 },
  notes: { TT02: '=SUM(A1:A2) là chữ, không phải công thức' },
  texts: { assessment: 'Cơ bản hoàn thành.', nextSteps: 'Tiếp tục kiểm tra.' },
};

const POLICE_FILLED: FilledForm = {
  formId: 'PCMD-02', unitCode: 'CA', unitName: 'Công an quận Ba Đình', period: '2021-03', signedOn: null, preparer: '',
  values: { CA07: 2, CA08: 3_000_000 },
  lists: {
    DanhSach: [
      { stt: 1, date: '2021-03-01', decision: '12/QĐ-XPHC', ward: 'Phường Kim Mã', fullName: 'Người Thứ Nhất', birthYear: 1990, sex: 'Nữ', residence: 'Hà Nội', behaviour: 'Bán dâm', fine: 1_500_000 },
      { stt: 2, date: '2021-03-02', decision: '13/QĐ-XPHC', ward: 'Phường Cống Vị', fullName: 'Người Thứ Hai', birthYear: null, sex: 'Nam', residence: null, behaviour: 'Mua dâm', fine: 1_500_000 },
    ],
  },
};

const blankFor = (code: string) => renderBlankForm(blankOptionsFor(code));
const reportSheet = async (bytes: Buffer): Promise<Worksheet> => {
  const ws = (await loadWorkbook(bytes)).getWorksheet('BaoCao');
  if (!ws) throw new Error('no BaoCao');
  return ws;
};

describe('fillForm', () => {
  it('writes values, year-to-date and notes on the row whose column B holds the code', async () => {
    const ws = await reportSheet(await fillForm(await blankFor('00007'), WARD_FILLED, ward));
    const rows = locateCodeRows(ws);
    for (const ind of indicatorsOf(ward)) {
      const expected = WARD_FILLED.values[ind.code] ?? null;
      expect(ws.getCell(rows.get(ind.code) ?? 0, 5).value, ind.code).toBe(expected);
    }
    expect(ws.getCell(rows.get('TT01') ?? 0, 6).value).toBe(7);
    expect(ws.getCell(rows.get('TT02') ?? 0, 6).value).toBeNull();
    expect(ws.getCell(rows.get('TT02') ?? 0, 7).value).toBe('=SUM(A1:A2) là chữ, không phải công thức');
    expect(ws.getCell('B5').value).toEqual(new Date(Date.UTC(2021, 2, 16)));
    expect(ws.getCell('B6').value).toBe('Nguyễn Thị Lan');
    const texts = locateTextRows(ws);
    expect(ws.getCell(texts.get('assessment') ?? 0, 2).value).toBe('Cơ bản hoàn thành.');
    expect(ws.getCell(texts.get('difficulties') ?? 0, 2).value).toBeNull();
    expect(ws.getCell(texts.get('nextSteps') ?? 0, 2).value).toBe('Tiếp tục kiểm tra.');
  });

  it('follows the codes when a clerk has inserted rows into the blank', async () => {
    const original = await blankFor('00007');
    const before = locateCodeRows(await reportSheet(original));
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(original).buffer);
    const ws = wb.getWorksheet('BaoCao');
    if (!ws) throw new Error('no BaoCao');
    ws.insertRow(before.get('KT01') ?? 0, ['', '', 'một dòng chèn thêm']);
    ws.insertRow(before.get('XL01') ?? 0, ['', '', 'dòng nữa']);
    const edited = Buffer.from(await wb.xlsx.writeBuffer());

    const filled = await reportSheet(await fillForm(edited, WARD_FILLED, ward));
    const after = locateCodeRows(filled);
    expect(after.get('TT04')).toBe(before.get('TT04'));
    expect(after.get('KT01')).toBe((before.get('KT01') ?? 0) + 1);
    expect(after.get('DG02')).toBe((before.get('DG02') ?? 0) + 2);
    for (const code of ['TT04', 'KT01', 'KT05', 'XL01', 'DG01']) {
      expect(filled.getCell(after.get(code) ?? 0, 5).value, code).toBe(WARD_FILLED.values[code]);
    }
    expect(filled.getCell((after.get('KT01') ?? 0) - 1, 5).value).toBeNull(); // the inserted row stays empty
  });

  it('fills list rows from row 2: dates as dates, wards by name, null left empty', async () => {
    const wb = await loadWorkbook(await fillForm(await blankFor('CA'), POLICE_FILLED, police));
    const ws = wb.getWorksheet('DanhSach');
    if (!ws) throw new Error('no DanhSach');
    expect(ws.getCell('B2').value).toEqual(new Date(Date.UTC(2021, 2, 1)));
    expect(ws.getCell('B2').numFmt).toBe('dd/mm/yyyy');
    expect([ws.getCell('C2').value, ws.getCell('D2').value, ws.getCell('I3').value, ws.getCell('J3').value]).toEqual(['12/QĐ-XPHC', 'Phường Kim Mã', 'Mua dâm', 1_500_000]);
    expect(ws.getCell('F3').value).toBeNull();
    expect(ws.getCell('A4').value).toBeNull();
    const report = wb.getWorksheet('BaoCao');
    expect(report?.getCell('B5').value).toBeNull();
    expect(report?.getCell('B6').value).toBeNull();
  });

  it('keeps the blank intact around the values: same validation ranges, names, protection, stamp; same bytes twice', async () => {
    const blank = await blankFor('CA');
    const once = await fillForm(blank, POLICE_FILLED, police);
    expect((await fillForm(blank, POLICE_FILLED, police)).equals(once)).toBe(true);
    const ranges = (bytes: Buffer) =>
      [...zipParts(bytes, /^xl\/worksheets\/sheet\d+\.xml$/).entries()].map(([name, xml]) => [name, [...xml.matchAll(/sqref="([^"]+)"/g)].map((m) => m[1]).sort()]);
    expect(ranges(once)).toEqual(ranges(blank));
    const workbookXml = (bytes: Buffer) => zipParts(bytes, /^xl\/workbook\.xml$/).get('xl/workbook.xml');
    expect(workbookXml(once)).toBe(workbookXml(blank));
    for (const xml of zipParts(once, /^xl\/worksheets\/sheet\d+\.xml$/).values()) expect(xml).not.toMatch(/<f[ >]/);
    const wb = await loadWorkbook(once);
    expect(wb.getWorksheet('DanhMuc')?.getCell('A1').value).toBe('baocao:PCMD-02:2021.1');
  });

  it('throws on a filling that does not fit the form (a bug in a fixture, not a data problem)', async () => {
    const blank = await blankFor('00007');
    await expect(fillForm(blank, { ...WARD_FILLED, values: { ZZ99: 1 } }, ward)).rejects.toThrow(/ZZ99/);
    await expect(fillForm(blank, WARD_FILLED, police)).rejects.toThrow(/PCMD-01/);
    await expect(fillForm(await blankFor('CA'), { ...POLICE_FILLED, lists: { DanhSach: [{ nickname: 'x' }] } }, police)).rejects.toThrow(/nickname/);
  });
});

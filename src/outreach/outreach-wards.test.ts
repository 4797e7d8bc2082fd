import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { OUTREACH_NOTICE, renderOutreachList } from './outreach-list.ts';
import { INVALID, makeRecord, type ListCellSpec } from '../../test/support/records.ts';
import { sampleReportModel } from '../../test/support/sample-model.ts';
import { buildOutreachWards, outreachCounts, SUPPORT_INDICATORS } from './outreach-wards.ts';

/** Invented test people: the names say what the row is. */
const row = (fullName: string | null, ward: string | typeof INVALID, behaviour: string, date: string): Record<string, ListCellSpec> => ({
  date, decision: `${date}/QĐ`, ward, fullName, birthYear: 1990, sex: 'Nữ', residence: `Nơi ở của ${fullName ?? 'không tên'}`, behaviour, fine: 1_000_000,
});

const model = sampleReportModel('2021-03'); // 00010 missing, 00019 rejected, 00001 left HT07 empty
const records = [
  makeRecord({
    unitCode: 'CA',
    period: '2021-03',
    lists: {
      DanhSach: [
        row('Bán Rejected Ward', '00019', 'Bán dâm', '2021-03-05'),
        row('Mua Một', '00001', 'Mua dâm', '2021-03-01'),
        row('Bán Sau', '00001', 'Bán dâm', '2021-03-10'),
        row('Bán Trước', '00001', 'Bán dâm', '2021-02-20'),
        row('Bán Không Phường', INVALID, 'Bán dâm', '2021-03-02'),
        row(null, '00001', 'Bán dâm', '2021-03-03'),
        row('Chứa Một', '00001', 'Chứa mại dâm', '2021-03-03'),
        row('Môi Giới Một', '00004', 'Môi giới mại dâm', '2021-03-03'),
      ],
    },
  }),
];

describe('buildOutreachWards', () => {
  const wards = buildOutreachWards({ records, model });

  it('keeps Bán dâm rows with a name only, by ward in registry order, unknown wards last, by date within a ward', () => {
    expect(wards.map((w) => [w.code, w.people.map((p) => p.fullName)])).toEqual([
      ['00001', ['Bán Trước', 'Bán Sau']],
      ['00019', ['Bán Rejected Ward']],
      ['', ['Bán Không Phường']],
    ]);
    expect(outreachCounts(wards)).toEqual({ rows: 4, wards: 3 });
    expect(wards[0]?.people[0]).toEqual({ fullName: 'Bán Trước', birthYear: 1990, sex: 'Nữ', residence: 'Nơi ở của Bán Trước', sanctionedOn: '2021-02-20' });
  });

  it("gives each ward its reported support; null where the cell was empty or the ward's form was not accepted", () => {
    const [first, rejected] = wards;
    expect(first?.reported).toBe(true);
    expect(first?.support.map((s) => s.code)).toEqual(SUPPORT_INDICATORS.map((s) => s.code));
    expect(first?.support.find((s) => s.code === 'HT07')?.value).toBeNull();
    expect(first?.support.find((s) => s.code === 'HT01')?.value).toBe(model.summary.indicators.HT01?.byUnit['00001']);
    expect(rejected?.reported).toBe(false);
    expect(rejected?.support.every((s) => s.value === null)).toBe(true);
  });
});

describe('renderOutreachList', () => {
  const meta = { periodId: '2021-03', periodLabel: 'tháng 3 năm 2021', from: '2021-02-15', to: '2021-03-14', madeOn: '2021-03-20', issuerParent: 'UBND QUẬN BA ĐÌNH', issuer: 'PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI' };
  const load = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    return ws;
  };

  it('says so when nobody is on the list, under the same notice', async () => {
    const ws = await load(await renderOutreachList([], meta));
    expect(ws.getCell('A1').value).toBe(OUTREACH_NOTICE);
    expect(ws.getCell('A7').value).toBe('Không có người bán dâm bị xử phạt vi phạm hành chính trong tháng 3 năm 2021.');
  });

  it('writes a name beginning with "=" as text, and the same input gives the same bytes', async () => {
    const ward = { code: '00001', name: 'Phường Phúc Xá', reported: true, support: [], people: [{ fullName: '=HYPERLINK("x")', birthYear: 1999, sex: 'Nữ', residence: null, sanctionedOn: '2021-03-01' }] };
    const bytes = await renderOutreachList([ward], meta);
    const ws = await load(bytes);
    expect(ws.getCell('B9').value).toBe('=HYPERLINK("x")');
    expect(ws.getCell('B9').formula).toBeUndefined();
    expect(ws.getCell('A8').value).toBe('Hỗ trợ phường đã báo cáo trong kỳ: tiếp cận, tư vấn —; hỗ trợ pháp lý —; hỗ trợ học nghề —; giới thiệu, giải quyết việc làm —; có nhu cầu vay vốn —; được vay vốn —; tiếp cận dịch vụ y tế —.');
    expect((await renderOutreachList([ward], meta)).equals(bytes)).toBe(true);
  });
});

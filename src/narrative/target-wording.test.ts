import { describe, expect, it } from 'vitest';
import type { SummaryTarget } from '../domain/summary-schema.ts';
import { targetCells, targetSentence, targetText } from './target-wording.ts';

const result = (r: Partial<SummaryTarget> & Pick<SummaryTarget, 'target'>): SummaryTarget => ({ period: null, yearToDate: null, percent: null, status: 'Đạt', ...r });

describe('targets worded by kind', () => {
  it.each([
    [{ max: 0 }, 'điểm', 'Không để xảy ra'],
    [{ max: 5 }, 'điểm', 'Tối đa 5 điểm'],
    [{ min: 400 }, 'lượt', 'Tối thiểu 400 lượt'],
    [{ min: 30, max: 50 }, 'cơ sở', 'Từ 30 đến 50 cơ sở'],
    [{ ratio: 0.8 }, '%', '80% ở mỗi phường'],
  ] as const)('%j %s → %s', (target, unit, text) => expect(targetText(target, unit)).toBe(text));

  it.each([
    // A range never reads as a percentage above its lower bound ("150% Đạt").
    [{ min: 30, max: 50 }, 'cơ sở', { yearToDate: 45, percent: 150, status: 'Đạt' }, { yearToDate: '45', progress: 'Trong khoảng', status: 'Đạt' }],
    [{ min: 30, max: 50 }, 'cơ sở', { yearToDate: 55, percent: 183.3, status: 'Không đạt' }, { progress: 'Vượt khoảng', status: 'Không đạt' }],
    [{ min: 30, max: 50 }, 'cơ sở', { yearToDate: 12, percent: 40, status: 'Đúng tiến độ' }, { progress: '40%', status: 'Đúng tiến độ' }],
    [{ min: 400 }, 'lượt', { period: 38, yearToDate: 250, percent: 62.5, status: 'Đúng tiến độ' }, { period: '38', yearToDate: '250', progress: '62,5%' }],
    [{ max: 0 }, 'điểm', { period: 0, yearToDate: 0, percent: null, status: 'Đạt' }, { yearToDate: '0', progress: '—', status: 'Đạt' }],
    // A ratio is a coverage in per cent, judged against its threshold, not a share of it ("105,4%").
    [{ ratio: 0.8 }, '%', { period: 84.3, yearToDate: 84.3, percent: 105.4, status: 'Không đạt' }, { yearToDate: '84,3%', progress: '—', status: 'Không đạt' }],
  ] as const)('%j: %j', (target, unit, r, cells) => {
    expect(targetCells({ target, unit }, result({ target, ...r }))).toMatchObject(cells);
  });

  it.each([
    [{ id: 'CT2', label: 'Phát hiện 06 vụ án', target: { min: 6 }, unit: 'vụ' }, { yearToDate: 2, percent: 33.3, status: 'Chậm tiến độ' }, 'Chỉ tiêu CT2 (Phát hiện 06 vụ án) chậm tiến độ: lũy kế 2/6 vụ (33,3%).'],
    [{ id: 'CT3', label: 'Xét xử 04 vụ án', target: { min: 4 }, unit: 'vụ' }, { yearToDate: 0, percent: 0, status: 'Chậm tiến độ' }, 'Chỉ tiêu CT3 (Xét xử 04 vụ án) chậm tiến độ: từ đầu năm chưa có kết quả (chỉ tiêu 4 vụ).'],
    [{ id: 'CT5', label: 'Kiểm tra 30 - 50 cơ sở', target: { min: 30, max: 50 }, unit: 'cơ sở' }, { yearToDate: 55, status: 'Không đạt' }, 'Chỉ tiêu CT5 (Kiểm tra 30 - 50 cơ sở): lũy kế 55 cơ sở, vượt khoảng 30–50 cơ sở của kế hoạch.'],
    [{ id: 'CT4', label: 'Kiểm tra 400 lượt', target: { min: 400 }, unit: 'lượt' }, { yearToDate: 300, status: 'Đúng tiến độ' }, ''],
    [{ id: 'CT6', label: 'Mô hình tại 14 phường', target: { min: 14 }, unit: 'phường' }, { status: 'Thiếu số liệu' }, 'Chưa đủ số liệu để đánh giá chỉ tiêu CT6 (Mô hình tại 14 phường).'],
  ] as const)('%j', (t, r, sentence) => expect(targetSentence(t, result({ target: t.target, ...r }))).toBe(sentence));

  it('a ratio target names the wards behind by their own status', () => {
    const t = { id: 'CT8', label: 'Kiểm tra 80% cơ sở', target: { ratio: 0.8 }, unit: '%' } as const;
    expect(targetSentence(t, result({ target: t.target, yearToDate: 84.3, status: 'Không đạt' }), [{ name: 'Phường Kim Mã', ratio: 70 }])).toBe(
      'Chỉ tiêu CT8 (80% số cơ sở được kiểm tra ở mỗi phường): toàn quận đạt 84,3%; chưa đạt ở 1 phường: Phường Kim Mã (70%).',
    );
    expect(targetSentence(t, result({ target: t.target, yearToDate: 84.3, status: 'Đúng tiến độ' }))).toBe('');
  });

  it('across a reorganisation, the wards of part of the year are grouped by their span, each span said once', () => {
    const t = { id: 'CT8', label: 'Kiểm tra 80% cơ sở', target: { ratio: 0.8 }, unit: '%' } as const;
    const wards = [
      { name: 'Phúc Xá', ratio: 44.4, span: 'đến 30/06/2025' },
      { name: 'Phường Quán Thánh', ratio: 60, span: null },
      { name: 'Kim Mã', ratio: null, span: 'đến 30/06/2025' },
      { name: 'Ba Đình', ratio: 61.5, span: 'từ 01/07/2025' },
    ];
    expect(targetSentence(t, result({ target: t.target, yearToDate: 58.9, status: 'Không đạt' }), wards)).toBe(
      'Chỉ tiêu CT8 (80% số cơ sở được kiểm tra ở mỗi phường): toàn quận đạt 58,9%; chưa đạt ở 4 phường: Phường Quán Thánh (60%); ' +
        '2 phường hoạt động đến 30/06/2025 là Phúc Xá (44,4%), Kim Mã; 1 phường hoạt động từ 01/07/2025 là Ba Đình (61,5%).',
    );
  });
});

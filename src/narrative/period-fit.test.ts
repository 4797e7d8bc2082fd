import { describe, expect, it } from 'vitest';
import { parsePeriodId, type Period } from '../domain/period.ts';
import { isMonthBound, periodFitStatements, quotesFigure, type TextSource } from './period-fit.ts';

const p = (id: string): Period => parsePeriodId(id)!;
const months = (texts: readonly string[], first = 1): TextSource[] => texts.map((text, i) => ({ periodId: `2021-${String(first + i).padStart(2, '0')}`, text }));
const texts = (sources: TextSource[], period: string, dropFigures = false): string[] => periodFitStatements(sources, p(period), { dropFigures }).map((s) => s.text);

describe('periodFitStatements', () => {
  it('a month keeps its own text', () => {
    expect(texts(months(['Trong tháng 3, phường tổ chức 2 buổi tuyên truyền.'], 3), '2021-03')).toEqual(['Trong tháng 3, phường tổ chức 2 buổi tuyên truyền']);
  });

  it('a quarter takes the ward’s quarterly form when there is one, as written', () => {
    const sources = [...months(['A tháng 4.', 'B tháng 5.']), { periodId: '2021-Q2', text: 'Trong quý II, tình hình ổn định.' }];
    expect(texts(sources, '2021-Q2')).toEqual(['Trong quý II, tình hình ổn định']);
  });

  it('otherwise keeps only what recurs, freed of "Trong tháng N," and never a month-bound or figure statement', () => {
    const sources = months(
      [
        'Trong tháng 4, UBND phường tiếp tục triển khai Kế hoạch của quận. Phường đã tổ chức 2 buổi tuyên truyền.',
        'Trong tháng 5, UBND phường tiếp tục triển khai kế hoạch của quận. Chuẩn bị sơ kết 6 tháng đầu năm 2021.',
        'Trong tháng 6, UBND phường tiếp tục triển khai Kế hoạch của quận. Phường đã tổ chức 2 buổi tuyên truyền. Chuẩn bị sơ kết 6 tháng đầu năm 2021.',
      ],
      4,
    );
    expect(texts(sources, '2021-Q2')).toEqual(['UBND phường tiếp tục triển khai Kế hoạch của quận']);
  });

  it('a year needs a statement in at least half of its forms', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => (i < 5 ? 'Kinh phí còn hạn chế. Địa bàn rộng.' : i < 6 ? 'Kinh phí còn hạn chế.' : 'Cán bộ mỏng.'));
    expect(texts(months(twelve), '2021')).toEqual(['Cán bộ mỏng', 'Kinh phí còn hạn chế']);
  });

  it('a month’s figures are left out of the assessment when asked', () => {
    expect(texts(months(['Phường đã tổ chức 2 buổi tuyên truyền. Tình hình ổn định.'], 3), '2021-03', true)).toEqual(['Tình hình ổn định']);
  });

  it('nothing for a month the ward did not send', () => {
    expect(texts(months(['Tình hình ổn định.'], 2), '2021-03')).toEqual([]);
  });
});

describe('what binds a statement to a month, what quotes a figure', () => {
  it.each([
    ['Trong tháng 12, phường tuyên truyền', true],
    ['Chuẩn bị sơ kết 6 tháng đầu năm 2021', true],
    ['Kết quả trong tháng này tốt', true],
    ['Duy trì giao ban hàng tháng', false],
    ['Tổng kết năm 2021, xây dựng kế hoạch năm 2022', false],
  ])('month-bound: %s → %s', (text, bound) => expect(isMonthBound(text)).toBe(bound));

  it.each([
    ['Phường đã tổ chức 2 buổi tuyên truyền', true],
    ['đã xử phạt 1.500.000 đồng', true],
    ['từ đầu năm đã kiểm tra 12/20 cơ sở', true],
    ['Thực hiện Nghị định 167/2013/NĐ-CP', false],
    ['Đề nghị Đội kiểm tra liên ngành 178 quận tăng cường kiểm tra', false],
    ['phấn đấu đạt chỉ tiêu 80% số cơ sở được kiểm tra', false],
    ['Kế hoạch năm 2021 của quận', false],
  ])('figure: %s → %s', (text, figure) => expect(quotesFigure(text)).toBe(figure));
});

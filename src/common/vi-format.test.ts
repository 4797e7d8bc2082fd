import { describe, expect, it } from 'vitest';
import { formatDateLongVi, formatDateVi, formatDocumentDateVi, formatMoneyVi, formatNumberVi, formatPercentVi } from './vi-format.ts';

describe('Vietnamese formats', () => {
  it('groups thousands with dots and uses a decimal comma', () => {
    expect(formatNumberVi(1_200_000)).toBe('1.200.000');
    expect(formatNumberVi(999)).toBe('999');
    expect(formatNumberVi(-4500)).toBe('-4.500');
    expect(formatNumberVi(12.5, 1)).toBe('12,5');
    expect(formatNumberVi(12, 1)).toBe('12');
    expect(formatNumberVi(null)).toBe('—');
  });
  it('prints percentages, money and dates', () => {
    expect(formatPercentVi(87.5)).toBe('87,5%');
    expect(formatPercentVi(100)).toBe('100%');
    expect(formatMoneyVi(1_200_000)).toBe('1.200.000 đồng');
    expect(formatDateLongVi('2021-03-16')).toBe('ngày 16 tháng 3 năm 2021');
    expect(formatDateVi('2021-03-06')).toBe('06/03/2021');
  });
  it('writes the date line of a document with the leading zeros of Decree 30 (days below 10, months 1 and 2)', () => {
    expect(formatDocumentDateVi('2021-03-16')).toBe('ngày 16 tháng 3 năm 2021');
    expect(formatDocumentDateVi('2021-02-05')).toBe('ngày 05 tháng 02 năm 2021');
    expect(formatDocumentDateVi('2021-12-09')).toBe('ngày 09 tháng 12 năm 2021');
  });
});

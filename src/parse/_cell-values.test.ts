import { describe, expect, it } from 'vitest';
import { cellText, foldText, parseDateText, quoteCell, readDateCell, serialToIsoDay } from './_cell-values.ts';

describe('dates', () => {
  it('converts Excel serials in both date systems', () => {
    expect(serialToIsoDay(44271, false)).toBe('2021-03-16');
    expect(serialToIsoDay(44271.75, false)).toBe('2021-03-16');
    expect(serialToIsoDay(44271 - 1462, true)).toBe('2021-03-16');
    expect(serialToIsoDay(1, false)).toBe('1900-01-01');
    expect(serialToIsoDay(61, false)).toBe('1900-03-01');
    expect(serialToIsoDay(0, true)).toBeNull();
    expect(serialToIsoDay(-3, false)).toBeNull();
    expect(serialToIsoDay(Number.NaN, false)).toBeNull();
  });

  it.each([
    ['16/03/2021', '2021-03-16'],
    ['6/3/2021', '2021-03-06'],
    ['16-03-2021', '2021-03-16'],
    ['16.03.2021', '2021-03-16'],
    ['2021-03-16', '2021-03-16'],
    [' 2021-3-6 ', '2021-03-06'],
  ])('reads the typed date %j', (text, iso) => {
    expect(parseDateText(text)).toBe(iso);
  });

  it.each(['31/02/2021', '16/13/2021', '2021/03/16', '16/03/21', 'ngày 16', '00/01/2021'])('refuses %j', (text) => {
    expect(parseDateText(text)).toBeNull();
  });

  it('reads date cells, serials and text alike', () => {
    expect(readDateCell({ kind: 'date', value: '2021-03-16' }, false)).toBe('2021-03-16');
    expect(readDateCell({ kind: 'number', value: 44271 }, false)).toBe('2021-03-16');
    expect(readDateCell({ kind: 'text', value: '16/03/2021' }, false)).toBe('2021-03-16');
    expect(readDateCell({ kind: 'bool', value: true }, false)).toBeNull();
  });
});

describe('text', () => {
  it('prints cells the way a clerk reads them', () => {
    expect(cellText({ kind: 'text', value: '  Cống Vị '.normalize('NFD') })).toBe('Cống Vị');
    expect(cellText({ kind: 'number', value: 7 })).toBe('7');
    expect(quoteCell({ kind: 'number', value: 12.5 })).toBe('12,5');
    expect(quoteCell({ kind: 'number', value: -1200 })).toBe('-1.200');
    expect(quoteCell({ kind: 'date', value: '2021-03-16' })).toBe('16/03/2021');
    expect(quoteCell({ kind: 'formula-no-result', formula: 'SUM(E9:E10)' })).toBe('=SUM(E9:E10)');
  });

  it('folds labels across diacritic placement, case, spaces and a trailing colon', () => {
    expect(foldText('Lũy kế từ đầu năm')).toBe(foldText('Luỹ  kế từ đầu NĂM'));
    expect(foldText('Đánh giá chung:')).toBe('danh gia chung');
  });
});

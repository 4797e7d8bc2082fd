import { describe, expect, it } from 'vitest';
import { agencyLines } from './_agency-lines.ts';
import { headerLayout } from './_header.ts';

const within = (chars: number) => (line: string) => line.length <= chars;

describe('where the issuing body breaks', () => {
  it.each([
    ['PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI', 30, ['PHÒNG LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI']],
    ['ỦY BAN NHÂN DÂN QUẬN BA ĐÌNH', 24, ['ỦY BAN NHÂN DÂN', 'QUẬN BA ĐÌNH']],
    ['UBND QUẬN BA ĐÌNH', 24, ['UBND QUẬN BA ĐÌNH']],
    ['PHÒNG LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI', 80, ['PHÒNG LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI']],
    // Never next to the dash, never inside THƯƠNG BINH or XÃ HỘI: three lines rather than a bad break.
    ['PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI', 22, ['PHÒNG', 'LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI']],
  ])('%j in %i characters', (name, chars, lines) => expect(agencyLines(name, within(chars))).toEqual(lines));

  it('lays the district header out at 12 pt in a wider column, the city one at 13 pt in the usual one', () => {
    expect(headerLayout({ issuerParent: 'UBND QUẬN BA ĐÌNH', issuer: 'PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI' })).toMatchObject({
      size: 12,
      issuer: ['PHÒNG LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI'],
    });
    expect(headerLayout({ issuerParent: null, issuer: 'ỦY BAN NHÂN DÂN QUẬN BA ĐÌNH' })).toMatchObject({ size: 13, issuer: ['ỦY BAN NHÂN DÂN', 'QUẬN BA ĐÌNH'], outdent: 0 });
  });
});

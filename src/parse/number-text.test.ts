import { describe, expect, it } from 'vitest';
import { parseNumberText } from './number-text.ts';

describe('parseNumberText', () => {
  it.each([
    ['12', 12],
    [' 12 ', 12],
    ['1.200', 1200],
    ['1.200.000', 1_200_000],
    ['1 200', 1200],
    ['1\u00A0200\u00A0000', 1_200_000],
    ['1,200,000', 1_200_000],
    ['12,0', 12],
    ['1.200,00', 1200],
    ['1,200,000.00', 1_200_000],
    ['-5', -5],
    ['−1.200', -1200],
    ['+7', 7],
    ['0', 0],
    ['-0', 0],
  ])('reads %j as the whole number %d', (text, value) => {
    expect(parseNumberText(text)).toEqual({ kind: 'whole', value });
  });

  it.each([
    ['12,5', 12.5],
    ['1.5', 1.5],
    ['1.200,75', 1200.75],
    ['1,200,000.5', 1_200_000.5],
    ['0,25', 0.25],
  ])('reads %j as the fraction %d', (text, value) => {
    expect(parseNumberText(text)).toEqual({ kind: 'fraction', value });
  });

  it.each(['1,200', '12,345', '999,000'])('refuses %j as ambiguous', (text) => {
    expect(parseNumberText(text)).toEqual({ kind: 'ambiguous' });
  });

  it.each(['12 người', 'n/a', '', '   ', '1E+05', '1.20.0', '12,,5', '1 20', 'mười hai', '1.200.00', '--3', '12-'])(
    'refuses %j as not a number',
    (text) => {
      expect(parseNumberText(text)).toEqual({ kind: 'not-number' });
    },
  );
});

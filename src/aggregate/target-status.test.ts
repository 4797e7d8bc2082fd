import { expect, it } from 'vitest';
import { goalOf, judge, percentOf, round1, worstStatus } from './target-status.ts';

const midYear = { share: 0.5, isYearEnd: false };
const yearEnd = { share: 1, isYearEnd: true };

it('reads a ratio target in percent and keeps both bounds of a range', () => {
  expect(goalOf({ ratio: 0.8 })).toEqual({ min: 80 });
  expect(goalOf({ ratio: 0.07 })).toEqual({ min: 7 });
  expect(goalOf({ min: 30, max: 50 })).toEqual({ min: 30, max: 50 });
});

it('measures a range against its min, a positive max against the max, and nothing for a max of 0', () => {
  expect(percentOf({ min: 30, max: 50 }, 45)).toBe(150);
  expect(percentOf({ max: 10 }, 4)).toBe(40);
  expect(percentOf({ max: 0 }, 0)).toBeNull();
  expect(percentOf({ min: 400 }, null)).toBeNull();
  expect(percentOf({ min: 3 }, 2)).toBe(66.7);
});

it('judges a range: above the max at once, then as a min target', () => {
  expect(judge({ min: 30, max: 50 }, 51, midYear)).toBe('Không đạt');
  expect(judge({ min: 30, max: 50 }, 50, midYear)).toBe('Đạt');
  expect(judge({ min: 30, max: 50 }, 15, midYear)).toBe('Đúng tiến độ');
  expect(judge({ min: 30, max: 50 }, 14, midYear)).toBe('Chậm tiến độ');
  expect(judge({ min: 30, max: 50 }, 29, yearEnd)).toBe('Không đạt');
  expect(judge({ min: 30 }, null, midYear)).toBe('Thiếu số liệu');
});

it('rounds to one decimal without binary noise and ranks the statuses', () => {
  expect(round1(62.49999999999999)).toBe(62.5);
  expect(round1((12 / 15) * 100)).toBe(80);
  expect(worstStatus(['Đạt', 'Chậm tiến độ', 'Đúng tiến độ'])).toBe('Chậm tiến độ');
  expect(worstStatus(['Không đạt', 'Thiếu số liệu'])).toBe('Thiếu số liệu');
  expect(worstStatus(['Đạt', 'Đạt'])).toBe('Đạt');
});

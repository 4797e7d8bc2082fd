import { describe, expect, it } from 'vitest';
import {
  PERIOD_YEARS,
  RELATIVE_PERIODS,
  elapsedShare,
  lastDayOf,
  monthsOf,
  parsePeriodId,
  parsePeriodText,
  parseRangeId,
  periodLabelVi,
  periodWindow,
  previousPeriod,
  resolvePeriod,
  samePeriodLastYear,
  yearToDateMonths,
  type Period,
} from './period.ts';

/** Everything the pipeline asks of a period: none of it may throw for a period the parsers hand out. */
function exercise(p: Period): void {
  for (const mode of ['decree-09', 'calendar'] as const) {
    const w = periodWindow(p, mode);
    expect(w.from <= w.to).toBe(true);
    expect(elapsedShare(p, mode)).toBeGreaterThan(0);
  }
  lastDayOf(p);
  monthsOf(p);
  yearToDateMonths(p);
  periodLabelVi(p);
  expect(previousPeriod(p).id < p.id || previousPeriod(p).year < p.year).toBe(true);
  expect(samePeriodLastYear(p).year).toBe(p.year - 1);
  exerciseShallow(previousPeriod(samePeriodLastYear(p)));
}

function exerciseShallow(p: Period): void {
  periodWindow(p, 'decree-09');
  lastDayOf(p);
}

const textsFor = (y: number): string[] => {
  const s = String(y);
  const p = s.padStart(4, '0');
  return [s, p, `${p}-01`, `${p}-12`, `${p}-Q1`, `${p}-q4`, `${p}-H2`, `Tháng 1/${s}`, `T12/${s}`, `01/${s}`, `Quý IV/${s}`, `Quý 1 năm ${s}`, `6 tháng đầu năm ${s}`, `Năm ${s}`];
};

describe('the period model over every year from 1 to 9999 (issue 13)', () => {
  it('never throws, and hands out only periods whose neighbours exist', () => {
    let accepted = 0;
    for (let y = 1; y <= 9999; y++) {
      for (const text of textsFor(y)) {
        const p = parsePeriodText(text);
        if (y < PERIOD_YEARS.from || y > PERIOD_YEARS.to) {
          expect(p, text).toBeNull();
          continue;
        }
        expect(p, text).not.toBeNull();
        accepted++;
        if (y % 97 === 0 || y < 1910 || y > 9990) exercise(p!);
      }
    }
    expect(accepted).toBe((PERIOD_YEARS.to - PERIOD_YEARS.from + 1) * textsFor(2021).length);
  });

  it('B4 "1900", "1900-01", "Tháng 1/1900" are not periods (the form gets header.period-invalid, not a RangeError)', () => {
    for (const t of ['1900', '1900-01', 'Tháng 1/1900', '0000', '0001-01', '9999', '9999-12', '10000']) expect(parsePeriodText(t), t).toBeNull();
    for (const t of ['1900-02..1900-04', '0001-01..0001-03', '9999-01..9999-02']) expect(parseRangeId(t), t).toBeNull();
    expect(parseRangeId('1901-02..1901-04')?.id).toBe('1901-02..1901-04');
    exercise(parsePeriodText('1901-01')!);
    exercise(parsePeriodText('9998-12')!);
  });

  it('resolves last-* for every year of --today, or says it cannot (null), never throws', () => {
    for (let y = 0; y <= 9999; y += y < 20 || y > 9980 || (y > 1890 && y < 1910) ? 1 : 37) {
      for (const day of ['01-01', '06-15', '12-31']) {
        const today = `${String(y).padStart(4, '0')}-${day}`;
        for (const rel of RELATIVE_PERIODS) {
          for (const mode of ['decree-09', 'calendar'] as const) {
            const p = resolvePeriod(rel, today, mode);
            if (y <= PERIOD_YEARS.from || y > PERIOD_YEARS.to) expect(p, `${rel} ${today}`).toBeNull();
            else {
              expect(p, `${rel} ${today}`).not.toBeNull();
              expect(periodWindow(p!, mode).to < today).toBe(true);
              exercise(p!);
            }
          }
        }
      }
    }
    expect(resolvePeriod('last-month', '2021-04-20', 'decree-09')?.id).toBe('2021-04');
    expect(resolvePeriod('last-month', '2021-04-10', 'decree-09')?.id).toBe('2021-03');
  });

  it('malformed period texts are null, never an exception', () => {
    const malformed = [
      '', ' ', '-', '2021-00', '2021-13', '2021-1', '21-03', '2021-Q0', '2021-Q5', '2021-H0', '2021-H3', '2021-3-1', '2021/03/01',
      'Tháng 0/2021', 'Tháng 13/2021', 'Tháng /2021', 'Quý V/2021', 'Quý 0/2021', '6 tháng giữa năm 2021', 'Năm', 'năm 20211',
      '２０２１', '2021\u0000', '2021\n03', 'last-decade', 'NaN', 'Infinity', '-2021', '+2021', '1e3', '0x7E5', '2021.0', '2021-03-01T00:00:00Z',
      '\uFFFE2021', '2021\uD800', 'x'.repeat(100_000), '9'.repeat(400), '9999999999-01',
    ];
    for (const t of malformed) {
      expect(() => parsePeriodText(t)).not.toThrow();
      expect(parsePeriodText(t), JSON.stringify(t.slice(0, 30))).toBeNull();
      expect(parsePeriodId(t)).toBeNull();
      expect(resolvePeriod(t, '2021-04-20', 'decree-09')).toBeNull();
    }
    for (const today of ['', '2021', '2021-13-45', 'abcd-ef-gh', '99999-01-01', '-001-01-01']) {
      for (const rel of RELATIVE_PERIODS) expect(() => resolvePeriod(rel, today, 'decree-09')).not.toThrow();
    }
  });
});

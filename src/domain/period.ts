// One module per function: the package index loads all ~300 of date-fns' modules (about 0.1 s of every run's start-up),
// and lightFormat, not format, which loads the locales' 30 more.
import { addDays as addCalendarDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { lightFormat } from 'date-fns/lightFormat';
import { getDaysInMonth } from 'date-fns/getDaysInMonth';
import { parseISO } from 'date-fns/parseISO';

/**
 * Periods and their data windows (spec/forms.md, "Periods"). Dates are ISO `YYYY-MM-DD` strings
 * throughout the core: no time zone can shift them.
 */

export type PeriodType = 'month' | 'quarter' | 'half' | 'year' | 'range';
/**
 * `index` is the month (1–12), quarter (1–4), half (1–2), or 1 for a year. A `range` of months of one year
 * (`2021-02..2021-04`, an unscheduled report: spec/closing.md) has its first month in `index` and its last in `lastMonth`.
 * Forms are never for a range: only `--period` is.
 */
export interface Period {
  readonly id: string;
  readonly type: PeriodType;
  readonly year: number;
  readonly index: number;
  readonly lastMonth?: number;
}
/** decree-09: the cut-off of Decree 09/2019/NĐ-CP (15th of the month before to the 14th); calendar: whole months. */
export type WindowMode = 'decree-09' | 'calendar';
export interface DateWindow {
  readonly from: string;
  readonly to: string;
}

export const RELATIVE_PERIODS = ['last-month', 'last-quarter', 'last-half', 'last-year'] as const;

const MONTHS_IN: Record<Exclude<PeriodType, 'range'>, number> = { month: 1, quarter: 3, half: 6, year: 12 };
const COUNT_IN_YEAR: Record<Exclude<PeriodType, 'range'>, number> = { month: 12, quarter: 4, half: 2, year: 1 };

/**
 * Years a period read from outside (a form's B4, `--period`, `--today`) may have. The model itself works for
 * years 1–9999; keeping one year of margin either side means the period before, the same period a year
 * earlier and the walk of `resolvePeriod` always exist, so nothing downstream can fall off the calendar.
 */
export const PERIOD_YEARS = { from: 1901, to: 9998 } as const;

/** Parses `2021-03`, `2021-Q1`, `2021-H1` or `2021`; null for anything else (and for a year outside PERIOD_YEARS). */
export function parsePeriodId(id: string): Period | null {
  const s = id.trim().toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) return plausible(make('month', Number(m[1]), Number(m[2])));
  if ((m = /^(\d{4})-Q([1-4])$/.exec(s))) return plausible(make('quarter', Number(m[1]), Number(m[2])));
  if ((m = /^(\d{4})-H([12])$/.exec(s))) return plausible(make('half', Number(m[1]), Number(m[2])));
  if ((m = /^(\d{4})$/.exec(s))) return plausible(make('year', Number(m[1]), 1));
  return null;
}

/**
 * A range of months of one year, `2021-02..2021-04` (months A ≤ B, both of the same year): the id `--period` takes
 * for an unscheduled report. Null for anything else; a range of one month is that month.
 */
export function parseRangeId(id: string): Period | null {
  const m = /^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$/.exec(id.trim());
  if (!m || m[1] !== m[3]) return null;
  return plausible(makeRange(Number(m[1]), Number(m[2]), Number(m[4])));
}

/** The range of months `first`..`last` of `year`; the month itself when they are equal; null when not a range of one year. */
export function makeRange(year: number, first: number, last: number): Period | null {
  const a = make('month', year, first);
  const b = make('month', year, last);
  if (!a || !b || last < first) return null;
  if (first === last) return a;
  return { id: `${a.id}..${b.id}`, type: 'range', year, index: first, lastMonth: last };
}

/** The period's id as file names carry it: a range's `..` becomes `_` (`BaoCao_PCMD_2021-02_2021-04_city.docx`). */
export const periodFileId = (p: Period): string => p.id.replace('..', '_');

export function makePeriod(type: PeriodType, year: number, index: number): Period {
  const p = make(type, year, index);
  if (!p) throw new RangeError(`no ${type} ${index} in ${year}`);
  return p;
}

/** First and last calendar month (1–12) the period covers. */
export function monthRange(p: Period): { first: number; last: number } {
  if (p.type === 'range') return { first: p.index, last: p.lastMonth ?? p.index };
  const n = MONTHS_IN[p.type];
  const first = (p.index - 1) * n + 1;
  return { first, last: first + n - 1 };
}

/** The months a period covers, in order. */
export function monthsOf(p: Period): Period[] {
  const { first, last } = monthRange(p);
  const out: Period[] = [];
  for (let m = first; m <= last; m++) out.push(makePeriod('month', p.year, m));
  return out;
}

/** The data window: Decree 09 cut-off by default (a month runs from the 15th of the month before to the 14th). */
export function periodWindow(p: Period, mode: WindowMode): DateWindow {
  const { first, last } = monthRange(p);
  if (mode === 'calendar') return { from: isoDate(p.year, first, 1), to: isoDate(p.year, last, daysInMonth(p.year, last)) };
  const before = first === 1 ? { y: p.year - 1, m: 12 } : { y: p.year, m: first - 1 };
  return { from: isoDate(before.y, before.m, 15), to: isoDate(p.year, last, 14) };
}

/** The last calendar day of the period: a unit is expected when it exists on that day. */
export const lastDayOf = (p: Period): string => {
  const { last } = monthRange(p);
  return isoDate(p.year, last, daysInMonth(p.year, last));
};

/** The period of the same type just before (2021-01 → 2020-12, 2021-Q1 → 2020-Q4). */
export function previousPeriod(p: Period): Period {
  // A range is compared with the same range a year earlier only (spec/closing.md): callers ask hasPreviousPeriod first.
  if (p.type === 'range') throw new RangeError(`a range of months (${p.id}) has no previous period`);
  return p.index > 1 ? makePeriod(p.type, p.year, p.index - 1) : makePeriod(p.type, p.year - 1, COUNT_IN_YEAR[p.type]);
}

/** Whether the period has a previous one of the same type ("so với kỳ trước"): every period but a range of months. */
export const hasPreviousPeriod = (p: Period): boolean => p.type !== 'range';

/** The same period a year earlier (for "so với cùng kỳ"). */
export const samePeriodLastYear = (p: Period): Period =>
  p.type === 'range' ? (makeRange(p.year - 1, p.index, p.lastMonth ?? p.index) ?? makePeriod('month', p.year - 1, p.index)) : makePeriod(p.type, p.year - 1, p.index);

/** Whether `inner` lies within `outer` (a month within its quarter, a quarter within its year…). */
export function periodContains(outer: Period, inner: Period): boolean {
  if (outer.year !== inner.year) return false;
  const o = monthRange(outer);
  const i = monthRange(inner);
  return i.first >= o.first && i.last <= o.last;
}

/** The year-to-date span: from January to the period's last month. */
export function yearToDateMonths(p: Period): Period[] {
  return monthsOf(makePeriod('year', p.year, 1)).filter((m) => m.index <= monthRange(p).last);
}

/**
 * Share of the year elapsed at the end of the period, pro rata by data windows
 * (days from the year window's start to the period window's end, over the days in the year window).
 */
export function elapsedShare(p: Period, mode: WindowMode): number {
  const year = periodWindow(makePeriod('year', p.year, 1), mode);
  const w = periodWindow(p, mode);
  return (dayNumber(w.to) - dayNumber(year.from) + 1) / (dayNumber(year.to) - dayNumber(year.from) + 1);
}

/**
 * Resolves a period id or a relative one. A relative period is the latest period of that type whose data
 * window ended before `today`: with Decree 09 windows, on 20 April `last-month` is April (15/3–14/4), on 10 April it is March.
 */
export function resolvePeriod(input: string, today: string, mode: WindowMode): Period | null {
  const rel = RELATIVE_PERIODS.find((r) => r === input.trim().toLowerCase());
  if (!rel) return parsePeriodId(input) ?? parseRangeId(input);
  const type: PeriodType = ({ 'last-month': 'month', 'last-quarter': 'quarter', 'last-half': 'half', 'last-year': 'year' } as const)[rel];
  const year = Number(today.slice(0, 4));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !(year >= PERIOD_YEARS.from + 1 && year <= PERIOD_YEARS.to)) return null;
  // Walk back from the period containing `today` (a year ahead covers December windows that end in the next year).
  let p = makePeriod(type, year + 1, 1);
  for (let guard = 0; guard < 40; guard++) {
    if (periodWindow(p, mode).to < today) return plausible(p);
    p = previousPeriod(p);
  }
  return null;
}

/** Vietnamese name of a period as reports print it: "tháng 3 năm 2021", "quý I năm 2021", "6 tháng đầu năm 2021", "năm 2021". */
export function periodLabelVi(p: Period): string {
  switch (p.type) {
    case 'month':
      return `tháng ${p.index} năm ${p.year}`;
    case 'quarter':
      return `quý ${ROMAN[p.index]} năm ${p.year}`;
    case 'half':
      return p.index === 1 ? `6 tháng đầu năm ${p.year}` : `6 tháng cuối năm ${p.year}`;
    case 'year':
      return `năm ${p.year}`;
    case 'range':
      return `từ tháng ${p.index} đến tháng ${p.lastMonth ?? p.index} năm ${p.year}`;
  }
}

/**
 * Reads a period as clerks type it into `Kỳ báo cáo`: the id itself, or "Tháng 3/2021", "T3/2021", "03/2021",
 * "Quý I/2021", "Quý 1 năm 2021", "6 tháng đầu năm 2021", "Năm 2021". Null when it cannot be read.
 */
export function parsePeriodText(text: string): Period | null {
  const direct = parsePeriodId(text);
  if (direct) return direct;
  const s = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
  let m: RegExpExecArray | null;
  if ((m = /^(?:thang|t)\s*(\d{1,2})\s*(?:\/|-|nam)\s*(\d{4})$/.exec(s)) || (m = /^(\d{1,2})\s*[/-]\s*(\d{4})$/.exec(s)))
    return plausible(make('month', Number(m[2]), Number(m[1])));
  if ((m = /^quy\s*([1-4]|i{1,3}|iv)\s*(?:\/|-|nam)\s*(\d{4})$/.exec(s))) return plausible(make('quarter', Number(m[2]), romanOrNumber(m[1] ?? '')));
  if ((m = /^6 thang (dau|cuoi) nam (\d{4})$/.exec(s))) return plausible(make('half', Number(m[2]), m[1] === 'dau' ? 1 : 2));
  if ((m = /^nam (\d{4})$/.exec(s))) return plausible(make('year', Number(m[1]), 1));
  return null;
}

/** ISO date helpers: calendar arithmetic through date-fns on local dates, so no time zone or DST shifts a day. */
export const isoDate = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
export const dayNumber = (iso: string): number => differenceInCalendarDays(parseISO(iso), EPOCH);
export const addDays = (iso: string, days: number): string => lightFormat(addCalendarDays(parseISO(iso), days), 'yyyy-MM-dd');
/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return getDaysInMonth(parseISO(isoDate(y, m, 1)));
}
export const isInWindow = (day: string, w: DateWindow): boolean => day >= w.from && day <= w.to;

// --- internal ---

const ROMAN = ['', 'I', 'II', 'III', 'IV'] as const;

function romanOrNumber(s: string): number {
  const i = ['i', 'ii', 'iii', 'iv'].indexOf(s);
  return i >= 0 ? i + 1 : Number(s);
}

const plausible = (p: Period | null): Period | null => (p && p.year >= PERIOD_YEARS.from && p.year <= PERIOD_YEARS.to ? p : null);

function make(type: PeriodType, year: number, index: number): Period | null {
  if (type === 'range') return null; // a range has two months: makeRange
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  if (!Number.isInteger(index) || index < 1 || index > COUNT_IN_YEAR[type]) return null;
  const y = String(year).padStart(4, '0');
  const id = type === 'month' ? `${y}-${String(index).padStart(2, '0')}` : type === 'quarter' ? `${y}-Q${index}` : type === 'half' ? `${y}-H${index}` : y;
  return { id, type, year, index };
}

const EPOCH = parseISO('1970-01-01');


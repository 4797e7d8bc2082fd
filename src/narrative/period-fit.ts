import type { Period } from '../domain/period.ts';
import { capitalise, foldStatement, sameStatements, splitStatements, type Statement } from './statements.ts';

/** One form's text that a ward sent for a piece of the period (or the period itself). */
export interface TextSource {
  /** The form's period id: "2021-03", "2021-Q2", "2021". */
  readonly periodId: string;
  readonly text: string;
}

export interface PeriodFitOptions {
  /** Leave out statements that quote figures ("đã tổ chức 2 buổi…"): the report gives the district's own totals. */
  readonly dropFigures?: boolean;
}

/**
 * The statements of one ward's text that fit the report's period (spec/report-writing.md, "Words that fit the
 * period"):
 * - a month: the month's own form;
 * - a quarter, half year or year: the form for that very period when the ward sent one; otherwise only the
 *   statements that recur across the forms used (at least twice, and in at least half of them), freed of
 *   their "Trong tháng N," opening and never one still bound to a month ("tháng 12", "6 tháng đầu năm"), nor one
 *   quoting a figure (a month's "2 buổi" is not the year's). The latest wording of a recurring statement is kept.
 */
export function periodFitStatements(sources: readonly TextSource[], period: Period, options: PeriodFitOptions = {}): Statement[] {
  const keep = (s: Statement): boolean => !(options.dropFigures && quotesFigure(s.text));
  const own = sources.find((s) => s.periodId === period.id);
  if (own) return splitStatements(own.text).filter(keep);
  if (period.type === 'month') return [];
  const pieces = sources.map((s) => splitStatements(s.text).map((st) => withoutPieceOpening(st)).filter((st) => !isMonthBound(st.text) && !quotesFigure(st.text)));
  const needed = Math.max(2, Math.ceil(pieces.length / 2));
  const out: Statement[] = [];
  // Latest form first: the kept wording is the freshest, in the order the ward last wrote it.
  for (const [i, list] of [...pieces.entries()].reverse()) {
    for (const st of list) {
      if (out.some((o) => sameStatements(o, st))) continue;
      const seen = pieces.filter((other, j) => j === i || other.some((x) => sameStatements(x, st))).length;
      if (seen >= needed) out.push(st);
    }
  }
  return out;
}

/**
 * Whether a statement is bound to a month: it names one ("tháng 12", "tháng này", "Trong tháng,"), or counts
 * months ("6 tháng đầu năm").
 */
export function isMonthBound(text: string): boolean {
  return MONTH_BOUND.test(text.normalize('NFC'));
}

/**
 * Whether a statement quotes a count: a number followed by what it counts ("2 buổi", "1.500.000 đồng",
 * "12/20 cơ sở"). Legal references ("Nghị định 167/2013/NĐ-CP"), years, percentages and unit names
 * ("Đội kiểm tra liên ngành 178") are not counts.
 */
export function quotesFigure(text: string): boolean {
  return FIGURE.test(text.normalize('NFC'));
}

/** A statement without its opening bound to a piece of the period ("Trong tháng 3, …", "Quý II, …"). */
export function withoutPieceOpening(st: Statement): Statement {
  const text = st.text.replace(PIECE_OPENING, '');
  if (text === st.text || text === '') return st;
  const printed = capitalise(text);
  return { ...st, text: printed, key: foldStatement(printed) };
}

// --- internal ---

const PIECE_OPENING = /^(?:trong|từ đầu|đầu|cuối|qua)?\s*(?:tháng|quý)\s*(?:\d{1,2}|[IVX]+|này|qua|vừa qua)?(?:\s*(?:năm|\/)\s*\d{4})?\s*[,:]\s*/iu;
const MONTH_BOUND = /(?:^|[^\p{L}])(?<!(?:hàng|hằng) )tháng(?:\s+(?:\d{1,2}|này|trước|tới|sau|qua)\b|\s*[,.;:]|$)|\d+\s+tháng/iu;
const COUNTED = ['buổi', 'lượt', 'người', 'cơ sở', 'vụ', 'tờ', 'tin', 'bài', 'lớp', 'điểm', 'tụ điểm', 'đồng', 'triệu', 'nghìn', 'đối tượng', 'ổ nhóm', 'trường hợp', 'hộ', 'cuộc', 'băng rôn', 'áp phích', 'cán bộ', 'hội viên'];
const FIGURE = new RegExp(String.raw`(?<![\p{L}\d/])\d[\d.,]*(?:\/\d[\d.,]*)?\s+(?:${COUNTED.join('|')})(?![\p{L}])`, 'iu');

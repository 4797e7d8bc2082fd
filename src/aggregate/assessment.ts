import { formatNumberVi } from '../common/vi-format.ts';
import type { Condition, Criteria, Criterion } from '../domain/criteria-schema.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { Period, WindowMode } from '../domain/period.ts';
import type { Unit } from '../domain/units.ts';
import { unitMonths, type UnitInstance } from '../domain/unit-instances.ts';
import type { SummaryAssessment } from '../domain/summary-schema.ts';
import { deadlineOf } from './completeness.ts';
import { resolveCoverage, type Coverage, type RollupContext } from './rollup.ts';

/** The Vietnamese words for "no data" in a criterion's reason (spec/assessment.md). */
export const NO_DATA = 'thiếu số liệu';

/** One ward's result on one criterion: the points, why, and the values read (in the order the criterion names them). */
export interface CriterionScore {
  readonly points: number;
  readonly why: string;
  /** The values the points come from (null: not known); the Excel sheet recomputes the points from them. */
  readonly inputs: readonly (number | null)[];
}

export interface WardAssessment {
  /** The ward's key in the year (summary.units[].key). */
  readonly unit: string;
  readonly name: string;
  /** Only for a ward that existed during part of the year (the 2025 reorganisation): the span it is assessed on. */
  readonly span?: { readonly from: string; readonly to: string };
  /** The months the ward is assessed on: 12, or those of its span (the month criteria count out of these). */
  readonly months: number;
  /** Σ of the criteria's points (each rounded to 2 decimals). */
  readonly score: number;
  /** 1 + the number of wards with a higher score: ties share a rank (1, 2, 2, 4). */
  readonly rank: number;
  readonly class: string;
  readonly byCriterion: Readonly<Record<string, CriterionScore>>;
}

export interface Assessment {
  readonly title: string;
  readonly basis: string;
  readonly criteria: readonly Criterion[];
  readonly classes: Criteria['classes'];
  /** In rank order; wards of equal score in registry order. */
  readonly wards: readonly WardAssessment[];
}

export interface AssessmentInput {
  readonly criteria: Criteria;
  /** The year assessed (a period of type `year`). */
  readonly year: Period;
  readonly window: WindowMode;
  readonly deadlineDays: number;
  readonly rollup: RollupContext;
  /** The wards of the year, registry order: a ward that existed for part of it is assessed on its own months. */
  readonly wards: readonly UnitInstance[];
  /** A ward's roll-up over the year (the same one summary.indicators shows). */
  readonly yearCoverage: (unit: Unit) => Coverage;
}

/**
 * The year's assessment and ranking of the wards (plan III.5, V.1; spec/assessment.md). Pure: every criterion is
 * scored from the ward's year roll-up, its monthly forms and their dates; a criterion whose data is lacking scores 0
 * and says so ("thiếu số liệu").
 */
export function assessWards(input: AssessmentInput): Assessment {
  const scored = input.wards.map((unit) => {
    const byCriterion = Object.fromEntries(input.criteria.criteria.map((c) => [c.id, scoreCriterion(c, unit, input)]));
    const score = round2(Object.values(byCriterion).reduce((a, s) => a + s.points, 0));
    return { unit, score, byCriterion };
  });
  const wards = scored
    .map((w, order) => ({ ...w, order }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(
      (w): WardAssessment => ({
        unit: w.unit.key,
        name: w.unit.name,
        ...(w.unit.partial ? { span: { from: w.unit.spanFrom, to: w.unit.spanTo } } : {}),
        months: unitMonths(w.unit, input.year).length,
        score: w.score,
        rank: 1 + scored.filter((o) => o.score > w.score).length,
        class: classOf(input.criteria.classes, w.score),
        byCriterion: w.byCriterion,
      }),
    );
  return { title: input.criteria.title, basis: input.criteria.basis, criteria: input.criteria.criteria, classes: input.criteria.classes, wards };
}

/** summary.json's `assessment` (spec/assessment.md), plus each criterion's reason under `why`. */
export function summaryAssessment(a: Assessment): SummaryAssessment {
  return {
    criteria: a.criteria.map((c) => ({ id: c.id, label: c.label, points: c.points })),
    wards: a.wards.map((w) => ({
      unit: w.unit,
      name: w.name,
      ...(w.span ? { validFrom: w.span.from, validTo: w.span.to } : {}),
      score: w.score,
      rank: w.rank,
      class: w.class,
      byCriterion: Object.fromEntries(Object.entries(w.byCriterion).map(([id, s]) => [id, s.points])),
      why: Object.fromEntries(Object.entries(w.byCriterion).map(([id, s]) => [id, s.why])),
    })),
  };
}

/** The class of a score: the first (highest) whose minimum it reaches. */
export const classOf = (classes: Criteria['classes'], score: number): string => classes.find((k) => score >= k.min)?.name ?? classes.at(-1)?.name ?? '';

/** Half up to 2 decimals, free of binary noise (25 × 0.619… / 0.8 → 19.35), as Excel's ROUND does. */
export const round2 = (x: number): number => Math.round(Number((x * 100).toPrecision(12))) / 100;

// --- internal ---

function scoreCriterion(c: Criterion, unit: UnitInstance, input: AssessmentInput): CriterionScore {
  const m = c.measure;
  switch (m.kind) {
    case 'ratio': {
      const values = yearValues(unit, [m.numerator, m.denominator], input);
      if (values.lacking) return { points: 0, why: values.lacking, inputs: values.inputs };
      const [num = 0, den = 0] = values.known;
      const shown = `${m.numerator}/${m.denominator} = ${fmt(num)}/${fmt(den)}`;
      if (den === 0) return { points: c.points, why: `${shown}: không có cơ sở phải kiểm tra, đạt trọn điểm`, inputs: values.inputs };
      const ratio = num / den;
      if (ratio >= m.full) return { points: c.points, why: `${shown} = ${pct(ratio)} (≥ ${pct(m.full)}): đạt trọn điểm`, inputs: values.inputs };
      const points = round2((c.points * ratio) / m.full);
      return { points, why: `${shown} = ${pct(ratio)} (< ${pct(m.full)}): ${fmt(c.points)} × ${pct(ratio)} / ${pct(m.full)} = ${fmt(points)} điểm`, inputs: values.inputs };
    }
    case 'all':
    case 'any': {
      const values = yearValues(unit, m.conditions.map((k) => k.code), input);
      const held = m.conditions.map((k, i) => holds(k, values.inputs[i] ?? null));
      const met = m.kind === 'all' ? held.every((h) => h === true) : held.some((h) => h === true);
      const detail = m.conditions.map((k, i) => describe(k, values.inputs[i] ?? null)).join('; ');
      if (met) return { points: c.points, why: `${detail}: đạt`, inputs: values.inputs };
      if (values.lacking && (m.kind === 'all' ? !held.includes(false) : true)) return { points: 0, why: values.lacking, inputs: values.inputs };
      return { points: 0, why: `${detail}: không đạt`, inputs: values.inputs };
    }
    case 'months': {
      // A ward of part of the year is scored on its own months (6/6, not 6/12): the months before or after it existed are not its gaps.
      const own = unitMonths(unit, input.year);
      const n = own.length;
      const months = own.map((p) => {
        const cov = resolveCoverage(input.rollup, unit, p);
        return cov.status === 'accepted' && cov.records.length > 0 ? (cov.values[m.code] ?? null) : null;
      });
      const lacking = months.flatMap((v, i) => (v === null ? [own[i]?.index ?? i + 1] : []));
      if (lacking.length > 0) return { points: 0, why: `${NO_DATA}: ${m.code} tháng ${lacking.join(', ')}`, inputs: [null] };
      const count = months.filter((v) => v !== null && v >= m.min).length;
      const points = round2((c.points * count) / n);
      return { points, why: `${count}/${n} tháng có ${m.code} ≥ ${fmt(m.min)}: ${fmt(c.points)} × ${count}/${n} = ${fmt(points)} điểm`, inputs: [count] };
    }
    case 'on-time-forms': {
      const late: number[] = [];
      const undated: number[] = [];
      const absent: number[] = [];
      const own = unitMonths(unit, input.year);
      for (const p of own) {
        const record = input.rollup.index.accepted(unit.code, p.id);
        if (!record) absent.push(p.index);
        else if (record.signedOn === null) undated.push(p.index);
        else if (!signedInTime(record, record.signedOn, input)) late.push(p.index);
      }
      const n = own.length;
      const count = n - late.length - undated.length - absent.length;
      const points = round2((c.points * count) / n);
      const notes = [
        absent.length ? `thiếu hoặc bị trả lại tháng ${absent.join(', ')}` : '',
        late.length ? `nộp muộn tháng ${late.join(', ')}` : '',
        undated.length ? `không ghi ngày báo cáo tháng ${undated.join(', ')}` : '',
      ].filter(Boolean);
      return { points, why: `${count}/${n} báo cáo tháng được chấp nhận, gửi đúng hạn${notes.length ? ` (${notes.join('; ')})` : ''}: ${fmt(points)} điểm`, inputs: [count] };
    }
  }
}

/** The ward's year values of some indicators; `lacking` says why when any is unknown. */
function yearValues(unit: Unit, codes: readonly string[], input: AssessmentInput): { inputs: (number | null)[]; known: number[]; lacking: string | null } {
  const cov = input.yearCoverage(unit);
  if (cov.status !== 'accepted') {
    return { inputs: codes.map(() => null), known: [], lacking: `${NO_DATA}: ${cov.status === 'rejected' ? 'có báo cáo bị trả lại' : 'chưa đủ báo cáo'} trong năm` };
  }
  const inputs = codes.map((code) => cov.values[code] ?? null);
  const empty = codes.filter((_, i) => inputs[i] === null);
  return { inputs, known: inputs.map((v) => v ?? 0), lacking: empty.length ? `${NO_DATA}: ${empty.join(', ')} để trống` : null };
}

const holds = (k: Condition, v: number | null): boolean | null => (v === null ? null : (k.min === undefined || v >= k.min) && (k.max === undefined || v <= k.max));

function describe(k: Condition, v: number | null): string {
  const need = [k.min !== undefined ? `≥ ${fmt(k.min)}` : '', k.max !== undefined ? `≤ ${fmt(k.max)}` : ''].filter(Boolean).join(', ');
  return `${k.code} = ${v === null ? '—' : fmt(v)} (cần ${need})`;
}

function signedInTime(record: FormRecord, signedOn: string, input: AssessmentInput): boolean {
  return signedOn <= deadlineOf(record.period, { window: input.window, deadlineDays: input.deadlineDays });
}

const fmt = (n: number): string => formatNumberVi(n, 2);
const pct = (ratio: number): string => `${formatNumberVi(ratio * 100, 1)}%`;

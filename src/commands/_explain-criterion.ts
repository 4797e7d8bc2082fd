import type { Assessment } from '../aggregate/assessment.ts';
import { formatNumberVi } from '../common/vi-format.ts';
import { explainFigure, type Contribution, type ExplainInput } from '../explain/explain-figure.ts';
import { codesOf } from '../load/load-criteria.ts';

/**
 * `baocao explain --period 2021 TC1 [--unit 00016]` (issue 16): a criterion of the wards' assessment — each ward's
 * points and why, and for one ward the values the points come from, each down to its forms' cells (through the same
 * explainFigure as any indicator). Pure: the assessment and the run's records come in.
 */
export interface CriterionExplanation {
  readonly period: string;
  readonly code: string;
  readonly label: string;
  /** The criterion's full points. */
  readonly points: number;
  readonly rule: string;
  readonly unit: string | null;
  /** The ward's points (with --unit); null for all wards. */
  readonly value: number | null;
  readonly wards: readonly { unit: string; name: string; value: number; why: string; score: number; rank: number; class: string }[];
  /** With --unit: every value read for the criterion's indicators, with file, sheet and cell. */
  readonly contributions: readonly (Contribution & { readonly indicator: string })[];
  readonly basis: string;
}

export function explainCriterion(o: { assessment: Assessment; id: string; unit: string | null; figure: Omit<ExplainInput, 'code' | 'unit'> }): CriterionExplanation | null {
  const criterion = o.assessment.criteria.find((c) => c.id === o.id.toUpperCase());
  if (!criterion) return null;
  const wards = o.assessment.wards
    .filter((w) => o.unit === null || w.unit === o.unit)
    .map((w) => ({ unit: w.unit, name: w.name, value: w.byCriterion[criterion.id]?.points ?? 0, why: w.byCriterion[criterion.id]?.why ?? '', score: w.score, rank: w.rank, class: w.class }));
  const contributions =
    o.unit === null
      ? []
      : codesOf(criterion.measure).flatMap((code) => {
          const r = explainFigure({ ...o.figure, code, unit: o.unit });
          return r.kind === 'ok' ? r.explanation.contributions.map((c) => ({ ...c, indicator: code })) : [];
        });
  return {
    period: o.figure.period.id,
    code: criterion.id,
    label: criterion.label,
    points: criterion.points,
    rule: criterion.measure.kind,
    unit: o.unit,
    value: o.unit === null ? null : (wards[0]?.value ?? null),
    wards,
    contributions,
    basis: `${o.assessment.title} (${o.assessment.basis})`,
  };
}

export const criterionJson = (e: CriterionExplanation): object => ({ schema: 'baocao.explain/1', kind: 'criterion', ...e });

export function criterionText(e: CriterionExplanation, periodLabel: string): string {
  const pts = (n: number) => formatNumberVi(n, 2);
  const lines = [`${e.code}. ${e.label} (tối đa ${pts(e.points)} điểm)`, `Kỳ: ${periodLabel}. Chấm theo ${e.basis}.`, ''];
  for (const w of e.wards) {
    lines.push(`${w.name} (${w.unit}): ${pts(w.value)} điểm — ${w.why}`);
    if (e.unit !== null) lines.push(`  Tổng điểm của phường: ${pts(w.score)}, hạng ${w.rank}, xếp loại ${w.class}.`);
  }
  if (e.contributions.length > 0) {
    lines.push('', 'Số liệu dùng để chấm (từng biểu):');
    for (const c of e.contributions) {
      const mark = c.used ? '' : c.value === null ? '  (để trống)' : '  (không dùng: lấy số của kỳ sau)';
      lines.push(`  ${c.indicator} ${c.piece}  ${formatNumberVi(c.value)}  ${c.file}  ${c.sheet}!${c.cell}${mark}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

import type { ReportModel, UnitTexts } from '../../aggregate/report-model.ts';
import type { TextKey } from '../../domain/form-layout.ts';
import { indicatorsOf } from '../../load/load-forms.ts';
import type { IndicatorText } from '../report-text.ts';
import { formatNumberVi } from '../../common/vi-format.ts';
import type { Audience } from '../../domain/config-schema.ts';

/**
 * What the templates of templates/report see: the report model flattened into plain values and lists, with keys a
 * clerk can read (`periodLabel`, `units.missing`, `TT01`…). Numbers stay numbers; the templates format them with the
 * helpers (`{{so TT01}}`, `{{pct …}}`). Every key is always present (null or [] when unknown), because the
 * templates are compiled in strict mode.
 */
export interface ReportView {
  readonly to: Audience;
  readonly recipient: string;
  readonly periodLabel: string;
  readonly periodType: 'month' | 'quarter' | 'half' | 'year';
  readonly window: { readonly from: string; readonly to: string };
  readonly reportDate: string;
  readonly planTitle: string;
  readonly planYear: number;
  /** "tháng 2 năm 2021" when the previous period's totals are known; else null. */
  readonly previousLabel: string | null;
  readonly hasSameLastYear: boolean;
  readonly units: UnitsView;
  readonly police: { readonly name: string; readonly reported: boolean };
  readonly team178: { readonly name: string; readonly reported: boolean };
  readonly issues: { readonly errors: number; readonly warnings: number };
  /** The units' own texts by kind, in registry order: `{{#each texts.difficulties}}{{unit}}: {{text}}{{/each}}`. */
  readonly texts: Readonly<Record<TextKey, readonly { readonly unit: string; readonly text: string }[]>>;
  /** Ratio targets (CT8): the wards under the threshold and those without data. */
  readonly ratioTargets: readonly RatioTargetView[];
  /** Every indicator by code, district totals with what is known to compare them with; templates see them as `TT01`… (templateContext). */
  readonly indicators: Readonly<Record<string, IndicatorText>>;
  /** Corrections of earlier closed periods (dieu-chinh-ky-truoc.hbs): each figure already worded ("TT01 … toàn quận: 37 → 44 buổi"). */
  readonly dieuChinhKyTruoc: readonly { readonly periodLabel: string; readonly n: number; readonly date: string; readonly changes: readonly string[] }[];
}

export interface UnitsView {
  /** Units expected in the period (wards, police, team 178). */
  readonly expected: number;
  /** Units whose report came in (accepted or rejected). */
  readonly received: number;
  readonly accepted: number;
  /** Of the received reports: signed by the deadline, after it, or without a date. */
  readonly onTime: number;
  readonly late: number;
  readonly unknownTime: number;
  readonly wardsExpected: number;
  readonly wardsAccepted: number;
  readonly complete: boolean;
  readonly missing: readonly string[];
  readonly rejected: readonly { readonly name: string; readonly errors: number }[];
  readonly rejectedNames: readonly string[];
  readonly lateNames: readonly string[];
}

export interface RatioTargetView {
  readonly id: string;
  readonly label: string;
  /** The threshold in percent (80). */
  readonly threshold: number;
  readonly below: readonly { readonly name: string; readonly ratio: number }[];
  readonly noData: readonly string[];
}

export function buildReportView(model: ReportModel, options: { to: Audience; recipient: string }): ReportView {
  const s = model.summary;
  const nameOf = (code: string): string => model.units.find((u) => u.code === code)?.name ?? code;
  const received = s.units.filter((u) => u.status !== 'missing');
  const wards = new Set(model.units.filter((u) => u.kind === 'ward').map((u) => u.code));
  const kindReported = (kind: 'police' | 'team178') => {
    const unit = model.units.find((u) => u.kind === kind);
    return { name: unit?.name ?? '', reported: s.units.some((u) => u.code === unit?.code && u.status === 'accepted') };
  };
  const units: UnitsView = {
    expected: s.units.length,
    received: received.length,
    accepted: s.units.filter((u) => u.status === 'accepted').length,
    onTime: received.filter((u) => u.onTime === true).length,
    late: received.filter((u) => u.onTime === false).length,
    unknownTime: received.filter((u) => u.onTime === null).length,
    wardsExpected: s.units.filter((u) => wards.has(u.code)).length,
    wardsAccepted: s.units.filter((u) => wards.has(u.code) && u.status === 'accepted').length,
    complete: s.units.every((u) => u.status === 'accepted'),
    missing: s.units.filter((u) => u.status === 'missing').map((u) => u.name),
    rejected: s.units
      .filter((u) => u.status === 'rejected')
      .map((u) => ({ name: u.name, errors: s.issues.filter((i) => i.unit === u.code && i.severity === 'error').length })),
    rejectedNames: s.units.filter((u) => u.status === 'rejected').map((u) => u.name),
    lateNames: received.filter((u) => u.onTime === false).map((u) => u.name),
  };

  const indicators: Record<string, IndicatorText> = {};
  for (const form of Object.values(model.forms)) {
    for (const ind of indicatorsOf(form)) {
      indicators[ind.code] = {
        value: s.indicators[ind.code]?.total ?? null,
        unit: ind.unit,
        previous: model.previous?.totals[ind.code] ?? null,
        previousLabel: model.previous?.periodLabel ?? null,
        sameLastYear: model.sameLastYear?.totals[ind.code] ?? null,
      };
    }
  }

  const ratioTargets: RatioTargetView[] = model.plan.targets.flatMap((t) => {
    const result = s.targets[t.id];
    if (!('ratio' in t.target) || !result?.byUnit) return [];
    const threshold = t.target.ratio * 100;
    const entries = Object.entries(result.byUnit).sort(([a], [b]) => unitOrder(model, a) - unitOrder(model, b));
    return [
      {
        id: t.id,
        label: t.label,
        threshold,
        below: entries.flatMap(([code, v]) => (v.ratio !== null && v.ratio < threshold ? [{ name: nameOf(code), ratio: v.ratio }] : [])),
        noData: entries.filter(([, v]) => v.ratio === null).map(([code]) => nameOf(code)),
      },
    ];
  });

  return {
    to: options.to,
    recipient: options.recipient,
    periodLabel: model.periodLabel,
    periodType: model.period.type,
    window: { from: s.period.from, to: s.period.to },
    reportDate: model.reportDate,
    planTitle: model.plan.title,
    planYear: model.plan.year,
    previousLabel: model.previous?.periodLabel ?? null,
    hasSameLastYear: model.sameLastYear !== null,
    units,
    police: kindReported('police'),
    team178: kindReported('team178'),
    issues: {
      errors: s.issues.filter((i) => i.severity === 'error').length,
      warnings: s.issues.filter((i) => i.severity === 'warning').length,
    },
    texts: {
      assessment: textsOf(model, 'assessment'),
      difficulties: textsOf(model, 'difficulties'),
      proposals: textsOf(model, 'proposals'),
      nextSteps: textsOf(model, 'nextSteps'),
    },
    ratioTargets,
    indicators,
    dieuChinhKyTruoc: (model.priorCorrections ?? []).map((c) => ({
      periodLabel: c.periodLabel,
      n: c.n,
      date: c.date,
      changes: c.figures.map((f) => {
        const unit = indicators[f.indicator]?.unit ?? '';
        const label = labelOf(model, f.indicator);
        return `${f.indicator}${label ? ` (${label})` : ''} toàn quận từ ${formatNumberVi(f.old)} thành ${formatNumberVi(f.new)}${unit ? ` ${unit}` : ''}`;
      }),
    })),
  };
}

/** The object the templates are rendered with: the view, plus each indicator at the top level (`{{so TT01}}`). */
export const templateContext = (view: ReportView): object => ({ ...view.indicators, ...view });

// --- internal ---

function labelOf(model: ReportModel, code: string): string {
  for (const form of Object.values(model.forms)) {
    const found = indicatorsOf(form).find((i) => i.code === code);
    if (found) return found.label.normalize('NFC');
  }
  return '';
}

const unitOrder = (model: ReportModel, code: string): number => {
  const i = model.units.findIndex((u) => u.code === code);
  return i < 0 ? model.units.length : i;
};

/**
 * A unit's free text as one line: the template puts it after the unit's name, so a line break typed in the cell
 * must not start a new paragraph (nor be read as markup such as "# "), and blank texts are left out.
 */
function textsOf(model: ReportModel, key: TextKey): { unit: string; text: string }[] {
  const byOrder = [...model.texts].sort((a, b) => unitOrder(model, a.unitCode) - unitOrder(model, b.unitCode));
  return byOrder.flatMap((t: UnitTexts) => {
    const text = (t.texts[key] ?? '')
      .normalize('NFC')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(' ');
    return text ? [{ unit: t.unitName.normalize('NFC'), text }] : [];
  });
}

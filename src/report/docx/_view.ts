import type { ReportModel, UnitTexts } from '../../aggregate/report-model.ts';
import type { TextKey } from '../../domain/form-layout.ts';
import type { Period } from '../../domain/period.ts';
import { indicatorsOf } from '../../load/load-forms.ts';
import { formatDateVi } from '../../common/vi-format.ts';
import type { PlanReference } from '../../domain/config-schema.ts';
import { TARGET_STATUSES, summaryUnitKey } from '../../domain/summary-schema.ts';
import { FORM_OF_KIND, shortUnitName } from '../../domain/units.ts';
import { unitMonths } from '../../domain/unit-instances.ts';
import { keyLabel, unitSpanText } from '../unit-label.ts';
import { buildNarrative, type Narrative } from '../../narrative/build-narrative.ts';
import { STATUS_LEGEND, targetSentence, type WardBehind } from '../../narrative/target-wording.ts';
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
  /** Who reports, as the opening sentence names it ("Phòng Lao động - Thương binh và Xã hội"). */
  readonly speaker: string;
  /** The plan cited by the opening sentence: "…/KH-UBND" and "ngày …" while unknown. */
  readonly planRef: { readonly number: string; readonly date: string; readonly issuer: string };
  readonly isYear: boolean;
  /** "trong tháng", "trong quý", "trong 6 tháng", "trong năm": the period in running text. */
  readonly inPeriod: string;
  /** Section V's period: "năm 2022" after a year report, else "kỳ tới". */
  readonly nextLabel: string;
  /** How many wards the figures cover, said when not all: "số liệu của 12/14 phường". */
  readonly coverage: { readonly partial: boolean; readonly text: string };
  /** The wards' words, grouped and fitted to the period (src/narrative). */
  readonly narrative: Narrative;
  /** Section III: one sentence per target behind, broken or without data. */
  readonly targetSentences: readonly string[];
  /** The ids of the targets behind or broken ("CT2", …). */
  readonly behindTargets: readonly string[];
  /** The status legend under the targets table. */
  readonly legend: readonly { readonly status: string; readonly meaning: string }[];
  /** The reporting body's own proposals to its superior (configuration). */
  readonly ownProposals: readonly string[];
  /** This report's number and symbol as the annex cites it: "…/BC-LĐTBXH" (the number is written by hand). */
  readonly reportNumber: string;
  readonly periodLabel: string;
  readonly periodType: Period['type'];
  readonly window: { readonly from: string; readonly to: string };
  readonly reportDate: string;
  readonly planTitle: string;
  readonly planYear: number;
  /** "tháng 2 năm 2021" when the previous period's totals are known; else null. */
  readonly previousLabel: string | null;
  readonly hasSameLastYear: boolean;
  readonly units: UnitsView;
  /** Units that existed during only part of the period (the 1 July 2025 reorganisation); null when none. */
  readonly reorganisation: ReorganisationView | null;
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

/**
 * The facts of a reorganisation inside the period, for one sentence of section I (muc-1-tinh-hinh-chung.hbs):
 * the units that began (by start date) and those that ended (by end date), with the months they reported.
 */
export interface ReorganisationView {
  readonly started: readonly { readonly from: string; readonly wards: number; readonly names: readonly string[] }[];
  readonly ended: readonly {
    readonly to: string;
    readonly wards: number;
    /** The units other than wards that ended on that day (police, team 178), full names. */
    readonly others: readonly string[];
    /** Their months in the period: month numbers (1–12) of the period's year, and how many. */
    readonly fromMonth: number;
    readonly toMonth: number;
    readonly monthCount: number;
    readonly year: number;
  }[];
  /** An ended ward's state values (stocks at the period's end, yes/no) are shown but not added to the district's. */
  readonly stateNote: boolean;
}

export interface RatioTargetView {
  readonly id: string;
  readonly label: string;
  /** The threshold in percent (80). */
  readonly threshold: number;
  /** The wards whose own status (summary.targets[id].byUnit, as in the Excel report) is behind or broken. */
  readonly below: readonly WardBehind[];
  readonly noData: readonly string[];
}

export interface ReportViewOptions {
  readonly to: Audience;
  readonly recipient: string;
  readonly speaker: string;
  readonly ownProposals: readonly string[];
  readonly planReference: PlanReference;
  /** The audience's number line ("Số:        /BC-LĐTBXH"). */
  readonly numberPattern: string;
}

export function buildReportView(model: ReportModel, options: ReportViewOptions): ReportView {
  const s = model.summary;
  // Units are named by their key in the period; one of part of the period carries its span ("… (đến 30/06/2025)").
  const nameOf = (key: string): string => keyLabel(model.units, key, key);
  // A ward behind on a ratio target: of part of the period, its short name and its span, which the sentence groups by.
  const behindName = (key: string): { name: string; span: string | null } => {
    const unit = model.units.find((u) => u.key === key);
    const span = unit ? unitSpanText(unit) : null;
    return unit && span !== null ? { name: shortUnitName(unit), span } : { name: nameOf(key), span: null };
  };
  const received = s.units.filter((u) => u.status !== 'missing');
  const wards = new Set(model.units.filter((u) => u.kind === 'ward').map((u) => u.key));
  const kindReported = (kind: 'police' | 'team178') => {
    const unit = model.units.find((u) => u.kind === kind);
    return { name: unit?.name ?? '', reported: s.units.some((u) => summaryUnitKey(u) === unit?.key && u.status === 'accepted') };
  };
  const units: UnitsView = {
    expected: s.units.length,
    received: received.length,
    accepted: s.units.filter((u) => u.status === 'accepted').length,
    onTime: received.filter((u) => u.onTime === true).length,
    late: received.filter((u) => u.onTime === false).length,
    unknownTime: received.filter((u) => u.onTime === null).length,
    wardsExpected: s.units.filter((u) => wards.has(summaryUnitKey(u))).length,
    wardsAccepted: s.units.filter((u) => wards.has(summaryUnitKey(u)) && u.status === 'accepted').length,
    complete: s.units.every((u) => u.status === 'accepted'),
    missing: s.units.filter((u) => u.status === 'missing').map((u) => nameOf(summaryUnitKey(u))),
    rejected: s.units
      .filter((u) => u.status === 'rejected')
      .map((u) => ({ name: nameOf(summaryUnitKey(u)), errors: s.issues.filter((i) => i.unit === summaryUnitKey(u) && i.severity === 'error').length })),
    rejectedNames: s.units.filter((u) => u.status === 'rejected').map((u) => nameOf(summaryUnitKey(u))),
    lateNames: received.filter((u) => u.onTime === false).map((u) => nameOf(summaryUnitKey(u))),
  };

  // Comparisons only between like and like: the earlier totals exist only when every unit reported then, so a
  // form some unit lacks now is compared with nothing (spec/report-writing.md, "Numbers in sentences").
  const formComplete = (formId: string): boolean =>
    model.units.filter((u) => FORM_OF_KIND[u.kind] === formId).every((u) => s.units.some((x) => summaryUnitKey(x) === u.key && x.status === 'accepted'));
  const indicators: Record<string, IndicatorText> = {};
  for (const form of Object.values(model.forms)) {
    const comparable = formComplete(form.id);
    for (const ind of indicatorsOf(form)) {
      indicators[ind.code] = {
        value: s.indicators[ind.code]?.total ?? null,
        unit: ind.unit,
        previous: comparable ? (model.previous?.totals[ind.code] ?? null) : null,
        previousLabel: comparable ? (model.previous?.periodLabel ?? null) : null,
        sameLastYear: comparable ? (model.sameLastYear?.totals[ind.code] ?? null) : null,
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
        below: entries.flatMap(([code, v]) => (v.status === 'Chậm tiến độ' || v.status === 'Không đạt' ? [{ ...behindName(code), ratio: v.ratio }] : [])),
        noData: entries.filter(([, v]) => v.ratio === null).map(([code]) => nameOf(code)),
      },
    ];
  });

  const targetSentences = model.plan.targets.flatMap((t) => {
    const below = ratioTargets.find((r) => r.id === t.id)?.below ?? [];
    const sentence = targetSentence(t, s.targets[t.id], below);
    return sentence ? [sentence] : [];
  });
  const ref = options.planReference;
  return {
    to: options.to,
    recipient: options.recipient,
    speaker: options.speaker.normalize('NFC'),
    planRef: {
      number: (ref.number ?? '…/KH-UBND').normalize('NFC'),
      date: ref.date === null ? 'ngày …' : `ngày ${formatDateVi(ref.date)}`,
      issuer: ref.issuer.normalize('NFC'),
    },
    isYear: model.period.type === 'year',
    inPeriod: IN_PERIOD[model.period.type],
    nextLabel: model.period.type === 'year' ? `năm ${model.period.year + 1}` : 'kỳ tới',
    coverage: {
      partial: units.wardsAccepted < units.wardsExpected,
      text: `số liệu của ${units.wardsAccepted}/${units.wardsExpected} phường`,
    },
    narrative: buildNarrative(model, options.to),
    targetSentences,
    behindTargets: model.plan.targets.filter((t) => ['Chậm tiến độ', 'Không đạt'].includes(s.targets[t.id]?.status ?? '')).map((t) => t.id),
    legend: TARGET_STATUSES.map((status) => ({ status, meaning: STATUS_LEGEND[status] })),
    ownProposals: options.ownProposals.map((p) => p.normalize('NFC')),
    reportNumber: reportNumberOf(options.numberPattern.replaceAll('{period}', model.period.id)),
    periodLabel: model.periodLabel,
    periodType: model.period.type,
    window: { from: s.period.from, to: s.period.to },
    reportDate: model.reportDate,
    planTitle: model.plan.title,
    planYear: model.plan.year,
    previousLabel: model.previous?.periodLabel ?? null,
    hasSameLastYear: model.sameLastYear !== null,
    units,
    reorganisation: reorganisationOf(model),
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

const IN_PERIOD = { month: 'trong tháng', quarter: 'trong quý', half: 'trong 6 tháng', year: 'trong năm', range: 'trong kỳ báo cáo' } as const;

/** "Số:        /BC-LĐTBXH" → "…/BC-LĐTBXH"; "Số: 12/BC-UBND" → "12/BC-UBND". */
function reportNumberOf(line: string): string {
  const bare = line.normalize('NFC').replace(/^\s*số\s*:?\s*/iu, '').replace(/\s+/g, '');
  return bare.startsWith('/') ? `…${bare}` : bare || '…';
}

function labelOf(model: ReportModel, code: string): string {
  for (const form of Object.values(model.forms)) {
    const found = indicatorsOf(form).find((i) => i.code === code);
    if (found) return found.label.normalize('NFC');
  }
  return '';
}

const unitOrder = (model: ReportModel, key: string): number => {
  const i = model.units.findIndex((u) => u.key === key);
  return i < 0 ? model.units.length : i;
};

/** The units of part of the period grouped by the day they began or ended; null when every unit covers the whole period. */
function reorganisationOf(model: ReportModel): ReorganisationView | null {
  const partial = model.units.filter((u) => u.partial);
  if (partial.length === 0) return null;
  const started = partial.filter((u) => u.atEnd);
  const ended = partial.filter((u) => !u.atEnd);
  const days = (list: readonly string[]): string[] => [...new Set(list)].sort();
  return {
    started: days(started.map((u) => u.spanFrom)).map((from) => {
      const group = started.filter((u) => u.spanFrom === from);
      return { from: formatDateVi(from), wards: group.filter((u) => u.kind === 'ward').length, names: group.map((u) => (u.kind === 'ward' ? shortUnitName(u) : u.name)) };
    }),
    ended: days(ended.map((u) => u.spanTo)).map((to) => {
      const group = ended.filter((u) => u.spanTo === to);
      const months = [...new Set(group.flatMap((u) => unitMonths(u, model.period).map((m) => m.index)))].sort((a, b) => a - b);
      return {
        to: formatDateVi(to),
        wards: group.filter((u) => u.kind === 'ward').length,
        others: group.filter((u) => u.kind !== 'ward').map((u) => u.name),
        fromMonth: months[0] ?? 1,
        toMonth: months.at(-1) ?? 1,
        monthCount: months.length,
        year: model.period.year,
      };
    }),
    stateNote: ended.some((u) => u.kind === 'ward'),
  };
}

/**
 * A unit's free text as one line: the template puts it after the unit's name, so a line break typed in the cell
 * must not start a new paragraph (nor be read as markup such as "# "), and blank texts are left out.
 */
function textsOf(model: ReportModel, key: TextKey): { unit: string; text: string }[] {
  const byOrder = [...model.texts].sort((a, b) => unitOrder(model, a.unitKey) - unitOrder(model, b.unitKey));
  return byOrder.flatMap((t: UnitTexts) => {
    const text = (t.texts[key] ?? '')
      .normalize('NFC')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join(' ');
    return text ? [{ unit: keyLabel(model.units, t.unitKey, t.unitName).normalize('NFC'), text }] : [];
  });
}

import type { ReportModel } from '../aggregate/report-model.ts';
import type { Audience } from '../domain/config-schema.ts';
import type { TextKey } from '../domain/form-layout.ts';
import { groupStatements, type StatementGroup, type UnitStatements } from './group-statements.ts';
import { periodFitStatements } from './period-fit.ts';
import { groupSentence, isAddressedToDistrict } from './phrasing.ts';


/**
 * The wards' words as the district's report says them (spec/report-writing.md): for each subject, the statements
 * that fit the period, grouped across wards, as ready sentences for the templates. Pure.
 */
export interface Narrative {
  /** Section I: what the wards say of the situation, without figures (the roll-up gives them). */
  readonly assessment: readonly string[];
  /** Section IV. */
  readonly difficulties: readonly string[];
  /** Section V: the wards' own directions (the district report only; the city report keeps the district's). */
  readonly nextSteps: readonly string[];
  /** Section VI: the wards' requests the report passes on (to the district; to the city only those addressed to it). */
  readonly proposals: readonly string[];
  /** The wards' requests addressed to the district that the city report does not quote (how many, distinct). */
  readonly proposalsKeptByDistrict: number;
}

export function buildNarrative(model: ReportModel, audience: Audience): Narrative {
  const groups = (key: TextKey): readonly StatementGroup[] => groupsOf(model, key);
  const allWards = model.units.filter((u) => u.kind === 'ward').map((u) => u.name.normalize('NFC'));
  const sentence = (g: StatementGroup): string => groupSentence(g, { allWards });
  const proposals = groups('proposals');
  const toCity = proposals.filter((g) => !isAddressedToDistrict(g.statement.text));
  return {
    assessment: groups('assessment').map(sentence),
    difficulties: groups('difficulties').map(sentence),
    nextSteps: audience === 'district' ? groups('nextSteps').map(sentence) : [],
    proposals: (audience === 'district' ? proposals : toCity).map(sentence),
    proposalsKeptByDistrict: audience === 'district' ? 0 : proposals.length - toCity.length,
  };
}

// --- internal ---

/**
 * The wards' statements on a subject, grouped: the same for the district's and the city's report, so worked out once
 * per model (fitting the texts to a year's period took ~40 ms a report, issue 18). The model is never changed once
 * built, so a result kept for it stays right.
 */
function groupsOf(model: ReportModel, key: TextKey): readonly StatementGroup[] {
  let byKey = GROUPS.get(model);
  if (byKey === undefined) {
    byKey = new Map();
    GROUPS.set(model, byKey);
  }
  let groups = byKey.get(key);
  if (groups === undefined) {
    groups = groupStatements(statementsOf(model, key));
    byKey.set(key, groups);
  }
  return groups;
}
const GROUPS = new WeakMap<ReportModel, Map<TextKey, readonly StatementGroup[]>>();

/** Each ward's statements on a subject that fit the report's period, in registry order. */
function statementsOf(model: ReportModel, key: TextKey): UnitStatements[] {
  const order = (key: string): number => {
    const i = model.units.findIndex((u) => u.key === key);
    return i < 0 ? model.units.length : i;
  };
  return [...model.texts]
    .sort((a, b) => order(a.unitKey) - order(b.unitKey))
    .map((t) => ({
      unitName: t.unitName.normalize('NFC'),
      statements: periodFitStatements(
        t.forms.map((f) => ({ periodId: f.periodId, text: f.texts[key] ?? '' })),
        model.period,
        { dropFigures: key === 'assessment' },
      ),
    }))
    .filter((u) => u.statements.length > 0);
}

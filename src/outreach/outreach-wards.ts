import type { ReportModel } from '../aggregate/report-model.ts';
import { summaryUnitKey } from '../domain/summary-schema.ts';
import type { FormRecord, ListRow } from '../domain/form-record.ts';

/**
 * The support list of `baocao outreach` (spec/security.md, "Personal data"): the people fined for selling sex,
 * grouped by ward, beside the support each ward reported. The only structure in the tool that carries names;
 * it lives in memory for one run and goes to one file only (renderOutreachList).
 */

/** The behaviour kept: people fined for selling sex. Buyers, brothel keepers and brokers are never listed. */
export const OUTREACH_BEHAVIOUR = 'Bán dâm';

/** The police list sheet the people come from. */
export const OUTREACH_LIST = 'DanhSach';

/** The ward support indicators (PCMD-01, "Tiếp cận, hỗ trợ người bán dâm") with the short wording of the list. */
export const SUPPORT_INDICATORS = [
  { code: 'HT01', label: 'tiếp cận, tư vấn', unit: 'lượt người' },
  { code: 'HT02', label: 'hỗ trợ pháp lý', unit: 'người' },
  { code: 'HT03', label: 'hỗ trợ học nghề', unit: 'người' },
  { code: 'HT04', label: 'giới thiệu, giải quyết việc làm', unit: 'người' },
  { code: 'HT05', label: 'có nhu cầu vay vốn', unit: 'người' },
  { code: 'HT06', label: 'được vay vốn', unit: 'người' },
  { code: 'HT07', label: 'tiếp cận dịch vụ y tế', unit: 'người' },
] as const;

/**
 * One person, with only what reaching them needs: who (name, birth year, sex), where (residence) and when
 * they were fined (how recent the contact is). Not the decision number nor the fine: support work needs neither.
 */
export interface OutreachPerson {
  readonly fullName: string;
  readonly birthYear: number | null;
  readonly sex: string | null;
  readonly residence: string | null;
  /** ISO day of the sanction. */
  readonly sanctionedOn: string | null;
}

export interface OutreachWard {
  /** Unit code; '' for the rows whose ward could not be read. */
  readonly code: string;
  readonly name: string;
  /** The ward's form for the period was accepted (else its support figures are unknown). */
  readonly reported: boolean;
  /** HT01–HT07 in SUPPORT_INDICATORS order; null: not reported (empty cell, or no accepted form). */
  readonly support: readonly { readonly code: string; readonly value: number | null }[];
  readonly people: readonly OutreachPerson[];
}

/**
 * Groups the `Bán dâm` rows of the police records (read with personal data) by ward, in registry order, each
 * ward with the support it reported for the period (model.summary). Wards with nobody on the list are left out;
 * rows whose ward could not be read come last under "Chưa xác định phường". Within a ward: by sanction date,
 * then in the order of the forms and their rows. Pure.
 */
export function buildOutreachWards(input: { readonly records: readonly FormRecord[]; readonly model: ReportModel }): OutreachWard[] {
  const { records, model } = input;
  const byWard = new Map<string, { person: OutreachPerson; order: number }[]>();
  let order = 0;
  for (const record of records) {
    for (const row of record.lists[OUTREACH_LIST] ?? []) {
      if (row.values.behaviour !== OUTREACH_BEHAVIOUR) continue;
      const person = personOf(row);
      if (person === null) continue;
      const ward = text(row.values.ward) ?? '';
      byWard.set(ward, [...(byWard.get(ward) ?? []), { person, order: order++ }]);
    }
  }
  // A list row names a ward by code; across the 2025 reorganisation a reused code is grouped once, under the ward
  // that holds it at the period's end (the later one), so that nobody is listed twice.
  const all = model.units.filter((u) => u.kind === 'ward');
  const wards = all.filter((w) => !all.some((o) => o !== w && o.code === w.code && o.spanFrom > w.spanFrom));
  const known = new Set(wards.map((w) => w.code));
  const groups = wards.map((w) => ({ code: w.code, key: w.key, name: w.name }));
  // A ward code the registry does not list for the period cannot happen with an accepted form; kept, never dropped.
  const strays = [...byWard.keys()].filter((k) => !known.has(k));
  if (strays.length > 0) groups.push({ code: '', key: '', name: 'Chưa xác định phường' });
  return groups.flatMap((g) => {
    const found = g.code === '' ? strays.flatMap((k) => byWard.get(k) ?? []) : (byWard.get(g.code) ?? []);
    if (found.length === 0) return [];
    const people = [...found].sort((a, b) => compareDay(a.person.sanctionedOn, b.person.sanctionedOn) || a.order - b.order).map((p) => p.person);
    const status = model.summary.units.find((u) => summaryUnitKey(u) === g.key)?.status;
    const support = SUPPORT_INDICATORS.map(({ code }) => ({ code, value: model.summary.indicators[code]?.byUnit[g.key] ?? null }));
    return [{ code: g.code, name: g.name, reported: status === 'accepted', support, people }];
  });
}

/** How many people, in how many wards. */
export const outreachCounts = (wards: readonly OutreachWard[]): { rows: number; wards: number } => ({
  rows: wards.reduce((n, w) => n + w.people.length, 0),
  wards: wards.length,
});

// --- internal ---

/** A row without a name cannot be reached: it is left out (its `list.required-empty` issue already rejected the form). */
function personOf(row: ListRow): OutreachPerson | null {
  const fullName = text(row.values.fullName);
  if (fullName === null) return null;
  const birthYear = row.values.birthYear;
  return {
    fullName,
    birthYear: typeof birthYear === 'number' ? birthYear : null,
    sex: text(row.values.sex),
    residence: text(row.values.residence),
    sanctionedOn: text(row.values.date),
  };
}

function text(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).normalize('NFC').trim();
  return s === '' ? null : s;
}

const compareDay = (a: string | null, b: string | null): number => (a ?? '9999').localeCompare(b ?? '9999');

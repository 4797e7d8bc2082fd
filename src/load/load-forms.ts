import { readFileSync } from 'node:fs';
import { templatesUrl } from './templates.ts';
import { FormSchema, type Form, type FormId, type Indicator, type ListDef, type Term } from '../domain/form-schema.ts';

/** All form definitions, keyed by id. */
export type FormSet = Readonly<Record<FormId, Form>>;

const FORM_IDS: readonly FormId[] = ['PCMD-01', 'PCMD-02', 'PCMD-03'];
const DEFAULT_DIR = templatesUrl('forms/');

let embedded: FormSet | undefined;

/** The embedded form definitions (templates/forms), parsed and checked once per process. */
export function loadForms(): FormSet {
  embedded ??= readFormSet(DEFAULT_DIR);
  return embedded;
}

/** Reads and checks the three definitions from a folder. Throws on a broken definition: that is a bug, not bad input. */
export function readFormSet(dir: URL): FormSet {
  const entries = FORM_IDS.map((id) => {
    const raw: unknown = JSON.parse(readFileSync(new URL(`${id}.json`, dir), 'utf8'));
    return [id, parseFormDefinition(raw)] as const;
  });
  return Object.fromEntries(entries) as Record<FormId, Form>;
}

/** Parses one definition and checks what zod cannot: unique codes, rules that point at real codes, lists and columns. */
export function parseFormDefinition(raw: unknown): Form {
  const form = FormSchema.parse(raw);
  const problems = checkDefinition(form);
  if (problems.length > 0) throw new Error(`Form definition ${form.id} is inconsistent:\n- ${problems.join('\n- ')}`);
  return form;
}

/** Every indicator of a form in table order (listed once per form: many checks and totals ask for it per record). */
export function indicatorsOf(form: Form): readonly Indicator[] {
  let list = INDICATORS.get(form);
  if (list === undefined) {
    list = form.sections.flatMap((s) => s.indicators);
    INDICATORS.set(form, list);
  }
  return list;
}
const INDICATORS = new WeakMap<Form, readonly Indicator[]>();

export const findIndicator = (form: Form, code: string): Indicator | undefined =>
  indicatorsOf(form).find((i) => i.code === code);

export const findList = (form: Form, sheet: string): ListDef | undefined => form.lists.find((l) => l.sheet === sheet);

// --- internal ---

function checkDefinition(form: Form): string[] {
  const problems: string[] = [];
  const codes = indicatorsOf(form).map((i) => i.code);
  const seen = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) problems.push(`indicator ${code} is defined twice`);
    seen.add(code);
  }
  const labels = [...indicatorsOf(form).map((i) => i.label), ...form.sections.map((s) => s.title ?? '')];
  for (const label of labels) if (label !== label.normalize('NFC')) problems.push(`label is not NFC: ${label}`);
  for (const list of form.lists) {
    const keys = new Set(list.columns.map((c) => c.key));
    if (keys.size !== list.columns.length) problems.push(`list ${list.sheet} has a duplicated column key`);
    for (const c of list.columns) {
      if (c.type === 'choice' && !c.choices?.length) problems.push(`column ${list.sheet}.${c.key} needs choices`);
    }
  }
  const ruleIds = new Set<string>();
  for (const rule of form.rules) {
    if (ruleIds.has(rule.id)) problems.push(`rule ${rule.id} is defined twice`);
    ruleIds.add(rule.id);
    const terms: Term[] = rule.check === 'compare' ? [...rule.left, ...rule.right] : [];
    for (const t of terms) problems.push(...checkTerm(form, rule.id, t, seen));
    if ('list' in rule) {
      const list = findList(form, rule.list);
      if (!list) problems.push(`rule ${rule.id}: no list sheet ${rule.list}`);
      const cols = [rule.check === 'reconcile' ? rule.groupBy : rule.column];
      if (rule.check === 'reconcile') cols.push(rule.where.column);
      for (const col of cols) {
        if (list && !list.columns.some((c) => c.key === col)) problems.push(`rule ${rule.id}: no column ${col}`);
      }
    }
  }
  return problems;
}

function checkTerm(form: Form, ruleId: string, t: Term, codes: Set<string>): string[] {
  if ('code' in t) return codes.has(t.code) ? [] : [`rule ${ruleId}: unknown indicator ${t.code}`];
  const sheet = 'count' in t ? t.count : t.sum;
  const list = findList(form, sheet);
  if (!list) return [`rule ${ruleId}: no list sheet ${sheet}`];
  const col = 'count' in t ? t.where?.column : t.column;
  return col === undefined || list.columns.some((c) => c.key === col) ? [] : [`rule ${ruleId}: no column ${col}`];
}

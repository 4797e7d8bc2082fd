import type { TextKey } from '../domain/form-layout.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { UnitInstance } from '../domain/unit-instances.ts';
import type { UnitTexts } from './report-model.ts';

/**
 * The wards' own texts (Đánh giá chung, Khó khăn…), in registry order, for the narrative layer (src/narrative),
 * which picks what fits the period. `forms` keeps every form used for the period, in time order (the period's own
 * form, or the months, quarters… it was rolled up from); `texts` is the latest of them, as a ward wrote it last.
 * Empty texts are skipped, and so is a ward without any. Police and team 178 texts are not gathered: sections
 * IV–VI speak for the wards.
 */
export function collectTexts(accepted: readonly { unit: UnitInstance; records: readonly FormRecord[] }[]): UnitTexts[] {
  const out: UnitTexts[] = [];
  for (const { unit, records } of accepted) {
    if (unit.kind !== 'ward') continue;
    const forms = records.flatMap((r) => {
      const texts = textsOf(r);
      return Object.keys(texts).length > 0 ? [{ periodId: r.period.id, texts }] : [];
    });
    const latest = records.at(-1);
    const texts = latest ? textsOf(latest) : {};
    if (forms.length > 0) out.push({ unitKey: unit.key, unitName: unit.name, texts, forms });
  }
  return out;
}

// --- internal ---

const TEXT_KEYS: readonly TextKey[] = ['assessment', 'difficulties', 'proposals', 'nextSteps'];

function textsOf(record: FormRecord): Partial<Record<TextKey, string>> {
  const texts: Partial<Record<TextKey, string>> = {};
  for (const key of TEXT_KEYS) {
    const text = record.texts[key]?.text.trim() ?? '';
    if (text !== '') texts[key] = text;
  }
  return texts;
}

import type { TextKey } from '../domain/form-layout.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { Unit } from '../domain/units.ts';
import type { UnitTexts } from './report-model.ts';

/**
 * The wards' own texts (Đánh giá chung, Khó khăn…) for sections IV–VI of the Word report, in registry order.
 * From the form for the period, or, for a roll-up, from the latest form used (the last month's, or the last
 * quarter's when a quarterly form stood in): the freshest words of the ward. Empty texts are skipped, and so
 * is a ward without any. Police and team 178 texts are not gathered: sections IV–VI speak for the wards.
 */
export function collectTexts(accepted: readonly { unit: Unit; records: readonly FormRecord[] }[]): UnitTexts[] {
  const out: UnitTexts[] = [];
  for (const { unit, records } of accepted) {
    const latest = records.at(-1);
    if (unit.kind !== 'ward' || !latest) continue;
    const texts: Partial<Record<TextKey, string>> = {};
    for (const key of TEXT_KEYS) {
      const text = latest.texts[key]?.text.trim() ?? '';
      if (text !== '') texts[key] = text;
    }
    if (Object.keys(texts).length > 0) out.push({ unitCode: unit.code, unitName: unit.name, texts });
  }
  return out;
}

// --- internal ---

const TEXT_KEYS: readonly TextKey[] = ['assessment', 'difficulties', 'proposals', 'nextSteps'];

import path from 'node:path';
import type { PriorCorrection } from '../aggregate/report-model.ts';
import { monthRange, parsePeriodId, periodLabelVi, type Period } from '../domain/period.ts';
import type { Register } from './register.ts';
import { readSentSummary, verifySentFiles } from './sent-files.ts';

/**
 * The corrections of earlier periods of the same year (spec/closing.md: "the next period's report … carries one
 * paragraph 'Điều chỉnh số liệu kỳ trước'"): each correction line of the register whose period ends before this one,
 * with the district totals it changed, read from the correction's own summary.json (checked against the register).
 */
export function readPriorCorrections(register: Register, outDir: string, period: Period): PriorCorrection[] {
  const out: PriorCorrection[] = [];
  for (const e of register.events) {
    if (e.event !== 'correction') continue;
    const corrected = parsePeriodId(e.period);
    if (!corrected || corrected.year !== period.year || monthRange(corrected).last >= monthRange(period).last) continue;
    const dir = path.join(outDir, e.period, e.dir);
    verifySentFiles(dir, e.outputs, `bản điều chỉnh ${e.dir} của kỳ ${e.period}`);
    const summary = readSentSummary(dir);
    const figures = (summary.corrections ?? []).filter((c) => c.unit === null).map((c) => ({ indicator: c.indicator, old: c.old, new: c.new }));
    out.push({ periodId: e.period, periodLabel: periodLabelVi(corrected), n: e.n, date: e.day, figures });
  }
  return out;
}

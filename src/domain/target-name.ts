import type { PlanTarget } from './plan-schema.ts';

/**
 * A target's name as the terminal shows it (`CT4 Công an kiểm tra 400 lượt cơ sở`): the plan's `short` when it
 * has one, else the plan's own wording cut at a word before `max` characters. One function, so every place that
 * names a target in a line of text names it the same way.
 */
export function targetShortName(t: Pick<PlanTarget, 'label' | 'short'>, max = 40): string {
  if (t.short) return t.short;
  if ([...t.label].length <= max) return t.label;
  const words = t.label.split(' ');
  let out = '';
  for (const w of words) {
    if ([...`${out} ${w}`].length > max - 1) break;
    out = out ? `${out} ${w}` : w;
  }
  return `${out.replace(/[,;:]$/, '')}…`;
}

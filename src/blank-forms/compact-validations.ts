import type { DataValidation, Worksheet } from 'exceljs';

/**
 * Re-joins the data validations of a loaded worksheet into column ranges before it is written again.
 *
 * exceljs 4.4 expands every validation range into one entry per cell on load, and on write squeezes them
 * back after sorting the addresses as strings ("A10" < "A2"): `A2:A1000` comes back as `A10:A1000` plus
 * `A2:A1000`, two overlapping ranges, which Excel may treat as damaged content. Grouping by column and
 * by identical rule, and joining consecutive rows numerically, gives back exactly the ranges of the blank.
 */
export function compactValidations(ws: Worksheet): void {
  const holder = ws as unknown as Partial<{ dataValidations: { model: Record<string, DataValidation | undefined> } }>;
  const model = holder.dataValidations?.model;
  if (!model) return;
  const groups = new Map<string, { column: string; rule: DataValidation; rows: number[] }>();
  for (const [address, rule] of Object.entries(model)) {
    const m = /^([A-Z]+)(\d+)$/.exec(address);
    if (!rule || !m || !m[1]) continue; // already a range (or removed): left as it is
    const key = `${m[1]}|${JSON.stringify(rule)}`;
    const group = groups.get(key) ?? { column: m[1], rule, rows: [] };
    group.rows.push(Number(m[2]));
    groups.set(key, group);
    delete model[address];
  }
  for (const { column, rule, rows } of groups.values()) {
    rows.sort((a, b) => a - b);
    let start = rows[0];
    for (let i = 1; i <= rows.length; i++) {
      const prev = rows[i - 1];
      if (start === undefined || prev === undefined) break;
      if (rows[i] === prev + 1) continue;
      model[start === prev ? `${column}${start}` : `${column}${start}:${column}${prev}`] = rule;
      start = rows[i];
    }
  }
}

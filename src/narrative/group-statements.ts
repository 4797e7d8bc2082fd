import { sameStatements, type Statement } from './statements.ts';

/** A unit's statements on one subject (its difficulties, its proposals…). */
export interface UnitStatements {
  /** "Phường Vĩnh Phúc". */
  readonly unitName: string;
  readonly statements: readonly Statement[];
}

/** One statement and every unit that made it, in the order the units were given. */
export interface StatementGroup {
  /** The wording of the first unit that made it. */
  readonly statement: Statement;
  readonly units: readonly string[];
}

/**
 * Groups equal or nearly equal statements across units (sameStatements), so that a sentence several wards wrote is
 * said once with the wards named. Groups come by the number of units, most first; ties keep the order of first
 * appearance. A unit repeating itself counts once.
 */
export function groupStatements(byUnit: readonly UnitStatements[]): StatementGroup[] {
  const groups: { statement: Statement; units: string[]; first: number }[] = [];
  let order = 0;
  for (const u of byUnit) {
    for (const st of u.statements) {
      const group = groups.find((g) => sameStatements(g.statement, st));
      if (!group) groups.push({ statement: st, units: [u.unitName], first: order++ });
      else if (!group.units.includes(u.unitName)) group.units.push(u.unitName);
    }
  }
  return groups
    .sort((a, b) => b.units.length - a.units.length || a.first - b.first)
    .map((g) => ({ statement: g.statement, units: g.units }));
}

import { findIndicator, type FormSet } from '../load/load-forms.ts';
import type { Period, WindowMode } from '../domain/period.ts';
import { FORM_OF_KIND, type Unit } from '../domain/units.ts';
import type { UnitInstance } from '../domain/unit-instances.ts';
import type { Coverage } from './rollup.ts';

/** What the target evaluation sees of a run: the expected units and, for each, its roll-ups. */
export interface TargetContext {
  readonly period: Period;
  readonly window: WindowMode;
  readonly forms: FormSet;
  /** The units expected in the period (wards first), as the period sees them (key, span). */
  readonly units: readonly UnitInstance[];
  /** The units of January to the period's end (a Q3 2025 year to date also holds the old wards' first half). */
  readonly yearToDateUnits: readonly UnitInstance[];
  /** A unit's coverage of the period. */
  readonly periodCoverage: (unit: Unit) => Coverage;
  /** A unit's coverage from January to the period's end (same roll-up, whole-period forms preferred). */
  readonly yearToDateCoverage: (unit: Unit) => Coverage;
}

/** The expected units whose form holds an indicator: the units a measure needs. */
export const unitsHolding = (ctx: Pick<TargetContext, 'forms' | 'units'>, code: string): UnitInstance[] =>
  ctx.units.filter((u) => findIndicator(ctx.forms[FORM_OF_KIND[u.kind]], code) !== undefined);

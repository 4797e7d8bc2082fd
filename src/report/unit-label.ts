import { formatDateVi } from '../common/vi-format.ts';
import type { Glossary } from '../domain/glossary.ts';
import { shortUnitName } from '../domain/units.ts';
import type { UnitInstance } from '../domain/unit-instances.ts';
import { loadGlossary } from '../load/load-glossary.ts';

/**
 * A unit's name as the reports print it: for a unit that existed during only part of the period (the 1 July 2025
 * reorganisation), followed by its span, "Phường Trúc Bạch (đến 30/06/2025)", "Phường Ba Đình (từ 01/07/2025)";
 * the words are templates/glossary.json's `unitSpan`. A unit of the whole period: its name alone, as before.
 */
export function unitLabel(unit: UnitInstance, options: { short?: boolean; glossary?: Glossary } = {}): string {
  const name = options.short ? shortUnitName(unit) : unit.name;
  const span = unitSpanText(unit, options.glossary);
  return span === null ? name : `${name} (${span})`;
}

/**
 * The label (unitLabel) of the unit with this key among the period's units; `fallback` when none has it (a key the
 * period does not know, as in an older summary.json).
 */
export function keyLabel(units: readonly UnitInstance[], key: string, fallback: string, options: { short?: boolean } = {}): string {
  const unit = units.find((u) => u.key === key);
  return unit ? unitLabel(unit, options) : fallback;
}

/** "đến 30/06/2025", "từ 01/07/2025"; null for a unit of the whole period. */
export function unitSpanText(unit: UnitInstance, glossary: Glossary = loadGlossary()): string | null {
  if (!unit.partial) return null;
  const w = glossary.unitSpan;
  const from = formatDateVi(unit.spanFrom);
  const to = formatDateVi(unit.spanTo);
  const started = unit.validFrom !== null && unit.validFrom === unit.spanFrom;
  const ended = unit.validTo !== null && unit.validTo === unit.spanTo;
  const text = started && ended && !unit.atEnd ? w.fromTo : ended && !unit.atEnd ? w.to : w.from;
  return text.replace('{from}', from).replace('{to}', to);
}

/**
 * A ward's name in the assessment (the year's ranking): marked with its span when it was assessed on part of the
 * year, "Phường Trúc Bạch (đến 30/06/2025)", so that a six-month score is never read as a year's.
 */
export function assessedWardName(w: { readonly name: string; readonly span?: { readonly from: string; readonly to: string } }, glossary: Glossary = loadGlossary()): string {
  if (!w.span) return w.name;
  const words = glossary.unitSpan;
  const started = !w.span.from.endsWith('-01-01');
  const ended = !w.span.to.endsWith('-12-31');
  const text = started && ended ? words.fromTo : ended ? words.to : words.from;
  return `${w.name} (${text.replace('{from}', formatDateVi(w.span.from)).replace('{to}', formatDateVi(w.span.to))})`;
}

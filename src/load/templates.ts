import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { PrecompiledTemplates } from '../domain/precompiled-templates.ts';

/**
 * The `templates/` folder the tool ships with: the first ancestor of this module that holds one. The module runs
 * from src/load (vitest), dist/load (the built tool) and .build/src/load (the fixture tools), so a fixed `../..`
 * would hold for only some of them.
 */
export function templatesUrl(sub = ''): URL {
  let dir = new URL('./', import.meta.url);
  for (;;) {
    const candidate = new URL('templates/', dir);
    if (existsSync(new URL('forms/', candidate))) return new URL(sub, candidate);
    const parent = new URL('../', dir);
    if (parent.href === dir.href) throw new Error(`Không tìm thấy thư mục templates/ của công cụ (từ ${import.meta.url}).`);
    dir = parent;
  }
}

/** The wording templates of the Word report (`*.hbs` of a folder, templates/report by default): name → source. */
export function loadReportTemplates(dir: URL = templatesUrl('report/')): ReadonlyMap<string, string> {
  const sources = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
    // A BOM (some Windows editors add one) is not wording; CRLF line ends are handled where lines are split.
    sources.set(file.slice(0, -'.hbs'.length), readFileSync(new URL(file, dir), 'utf8').replace(/^\uFEFF/, ''));
  }
  return sources;
}

/**
 * The report templates as the build precompiled them (scripts/precompile-templates.mjs writes
 * dist/templates.precompiled.json), or null where there is none (the TypeScript sources under vitest) or it cannot be
 * read: the templates are then compiled at run time, as an edited template always is (report/report-text.ts).
 */
export function loadPrecompiledTemplates(): PrecompiledTemplates | null {
  try {
    const data = JSON.parse(readFileSync(new URL('../templates.precompiled.json', import.meta.url), 'utf8')) as PrecompiledTemplates;
    return typeof data.handlebars === 'string' && typeof data.templates === 'object' && data.templates !== null ? data : null;
  } catch {
    return null;
  }
}

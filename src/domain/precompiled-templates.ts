/**
 * The Word report's templates as the build precompiled them (scripts/precompile-templates.mjs →
 * dist/templates.precompiled.json): read at the edge (load/templates.ts), used by report/report-text.ts.
 */

/** A template compiled when the tool was built, for the source whose hash it names. */
export interface PrecompiledTemplate {
  /** sha256 (hex) of the template's source in NFC: an edited template no longer matches, and is compiled at run time. */
  readonly sha256: string;
  /** Handlebars's template spec, as JavaScript source (`Handlebars.precompile`). */
  readonly spec: string;
}

/** The precompiled templates of a build: only used with the Handlebars version that made them. */
export interface PrecompiledTemplates {
  readonly handlebars: string;
  readonly templates: Readonly<Record<string, PrecompiledTemplate>>;
}

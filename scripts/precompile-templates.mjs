// Part of `npm run build`: compiles the Word report's wording templates (templates/report/*.hbs) once, into
// dist/templates.precompiled.json, so that a compile need not parse and compile them each run (issue 18). Each entry
// carries the sha256 of its source: a template a clerk edits afterwards no longer matches and is compiled at run time.
import { writeFileSync } from 'node:fs';
import { loadReportTemplates } from '../dist/load/templates.js';
import { precompileReportText } from '../dist/report/report-text.js';

const out = new URL('../dist/templates.precompiled.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(precompileReportText(loadReportTemplates()))}\n`);

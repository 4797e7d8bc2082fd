// Writes the bundled year of filled forms: fixtures/2021/<YYYY-MM>/<form>_<period>_<unit code>.xlsx.
// Runs on .build/ (`npm run fixtures` compiles tools/ and src/ there first). Deterministic: a second run writes identical bytes.
// The generated year is checked against the form rules before anything is written; the police list
// holds invented people only, and nothing personal is printed here.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkYear } from '../.build/tools/fixtures/_year-checks.js';
import { PLANTED_OUTLIER } from '../.build/tools/fixtures/_ward-profiles.js';
import { generateYear } from '../.build/tools/fixtures/generate-year.js';
import { loadForms } from '../.build/src/load/load-forms.js';
import { fillForm } from '../.build/tools/fixtures/fill-form.js';
import { renderBlankForm } from '../.build/src/blank-forms/render-blank-form.js';
import { addDays, lastDayOf, parsePeriodId, periodWindow } from '../.build/src/domain/period.js';
import { loadDefaultUnits } from '../.build/src/load/load-units.js';
import { unitsValidOn } from '../.build/src/domain/units.js';

const YEAR = 2021;
const SEED = 2021;
const WINDOW = 'decree-09';
/** Days after the data window closes that a form is due (the configuration's default deadlineDays). */
const DEADLINE_DAYS = 3;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'fixtures', String(YEAR));

const forms = loadForms();
const units = loadDefaultUnits();
const year = generateYear({ year: YEAR, seed: SEED, forms, units, window: WINDOW });

const wardNames = unitsValidOn(units, `${YEAR}-12-31`).filter((u) => u.kind === 'ward').map((u) => u.name);
const findings = checkYear(year, { forms, wardNames, window: WINDOW });
const planted = `${PLANTED_OUTLIER.unitCode} ${YEAR}-${String(PLANTED_OUTLIER.month).padStart(2, '0')} outlier ${PLANTED_OUTLIER.code}`;
if (findings.errors.length > 0 || findings.warnings.join('|') !== planted) {
  process.stderr.write(`The generated year breaks the form rules:\n${[...findings.errors, ...findings.warnings].join('\n')}\n`);
  process.exit(1);
}

await rm(outDir, { recursive: true, force: true });
for (const filled of year) {
  const period = parsePeriodId(filled.period);
  const unit = units.units.find((u) => u.code === filled.unitCode);
  if (!period || !unit) throw new Error(`unknown period or unit in ${filled.formId} ${filled.period} ${filled.unitCode}`);
  const form = forms[filled.formId];
  const window = periodWindow(period, WINDOW);
  const wards = unitsValidOn(units, lastDayOf(period)).filter((u) => u.kind === 'ward');
  // Blank forms go out when the data window opens; that day is also the workbook's created date (same input, same bytes).
  const blank = await renderBlankForm({ form, unit, period, wards, createdOn: window.from, window, deadline: addDays(window.to, DEADLINE_DAYS) });
  const bytes = await fillForm(blank, filled, form);
  const dir = path.join(outDir, filled.period);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${filled.formId}_${filled.period}_${filled.unitCode}.xlsx`), bytes);
}
process.stdout.write(`${year.length} biểu mẫu đã điền được ghi vào ${path.relative(root, outDir)}/\n`);

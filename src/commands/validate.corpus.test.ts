import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { BAD_FIXTURES_DIR, EXPECTED_FILE, type CaseExpectation } from '../../tools/fixtures/bad-cases.ts';
import { personalStrings, generateYear } from '../../tools/fixtures/generate-year.ts';
import { loadForms } from '../load/load-forms.ts';
import { loadDefaultUnits } from '../load/load-units.ts';
import { ValidateJsonSchema } from './validate-json.ts';

/**
 * The bad-input corpus (fixtures/bad, written by scripts/make-bad-fixtures.mjs): every case runs through the real
 * command line in-process, `baocao validate <case> --json [args]`, and must give its exit code and exactly its
 * expected issues (code, file, sheet, cell), valid JSON, no stack trace, no internal fault, and no personal data.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.join(root, BAD_FIXTURES_DIR);
const cases = readdirSync(corpus).sort();
const people = personalStrings(generateYear({ year: 2021, seed: 2021, forms: loadForms(), units: loadDefaultUnits(), window: 'decree-09' }));
const sensitive = [...people.names, ...people.addresses];

const key = (i: { code: string; file?: string | undefined; sheet?: string | undefined; cell?: string | undefined }): string =>
  [i.code, i.file ?? '-', i.sheet ?? '-', i.cell ?? '-'].join(' | ');

const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\uFFFE\uFFFF]/;

describe('the bad-input corpus', () => {
  it('has at least 30 cases, each with its expected.json', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) expect(readdirSync(path.join(corpus, c))).toContain(EXPECTED_FILE);
  });

  it.each(cases)('%s', async (name) => {
    const dir = path.join(corpus, name);
    const expected = JSON.parse(readFileSync(path.join(dir, EXPECTED_FILE), 'utf8')) as CaseExpectation;
    const io = memoryIo();
    const code = await runCli(['validate', dir, '--json', ...(expected.args ?? [])], { io, cwd: root, now: () => new Date('2021-12-20T08:00:00Z') });

    expect(io.stderr).not.toMatch(/^\s{4}at /m);
    expect(io.stderr).not.toContain('Lỗi nội bộ');
    expect(code).toBe(expected.exit);
    for (const s of sensitive) {
      expect(io.stdout).not.toContain(s);
      expect(io.stderr).not.toContain(s);
    }
    if (expected.exit === 2) {
      expect(io.stdout).toBe('');
      expect(io.stderr).toMatch(/^Lỗi: /);
      return;
    }
    const json = ValidateJsonSchema.parse(JSON.parse(io.stdout));
    // Nothing a ward typed or named reaches a terminal raw (issue 13): no control or invisible character in any
    // message, file or sheet name, once the JSON escapes are decoded.
    for (const i of json.issues) expect([i.message, i.file ?? '', i.sheet ?? ''].join(' ')).not.toMatch(INVISIBLE);
    for (const f of json.files) expect(f.file).not.toMatch(INVISIBLE);
    // Every input is looked at, whatever its format; Excel's lock files are skipped silently.
    const inputs = readdirSync(dir).filter((f) => f !== EXPECTED_FILE && !f.startsWith('~$')).sort();
    expect(json.files.map((f) => f.file).sort()).toEqual(inputs);
    const found = json.issues.map(key);
    const wanted = expected.expect.map(key);
    // Exact: every expected issue, and nothing else (a new false warning fails here).
    expect(found.sort()).toEqual(wanted.sort());
    if (expected.exit === 0) expect(json.issues.filter((i) => i.severity === 'error')).toEqual([]);
    else expect(json.issues.some((i) => i.severity === 'error')).toBe(true);
  });
});

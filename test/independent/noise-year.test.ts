import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/commands/io.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { ValidateJsonSchema, type ValidateJson } from '../../src/commands/validate-json.ts';
import { officeAvailable, SYSTEM_PYTHON } from '../support/office.ts';

/**
 * Issue 12: a correct year written by another program (write-year.py: openpyxl, from spec/forms.md alone, no stamp,
 * counts as noisy as real ones) must not flood the clerk. Before: 192 `header.stamp-missing` warnings and about a
 * hundred `rule.outlier` ("TT01 kỳ này là 4, lớn hơn 3 lần trung vị (1)"). Now: no error, the missing stamps in one
 * info line, and at most a few outliers.
 */
const SCRIPT = fileURLToPath(new URL('./write-year.py', import.meta.url));
const ok = officeAvailable('năm độc lập viết bằng openpyxl (issue 12)', { python: ['openpyxl'] });

describe.skipIf(!ok)('validate on an independent, correct year written by openpyxl', () => {
  let work = '';
  const runs: { seed: number; code: number; json: ValidateJson }[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'baocao-noise-year-'));
    for (const seed of [7, 8]) {
      const dir = path.join(work, String(seed));
      execFileSync(SYSTEM_PYTHON, [SCRIPT, dir, '2021', String(seed)], { stdio: ['ignore', 'ignore', 'pipe'] });
      const io = memoryIo();
      const code = await runCli(['validate', dir, '--json'], { io, cwd: work, now: () => new Date('2021-12-20T08:00:00Z') });
      runs.push({ seed, code, json: ValidateJsonSchema.parse(JSON.parse(io.stdout)) });
    }
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reads 192 workbooks, all accepted, no error (the data is correct)', () => {
    for (const r of runs) {
      expect(r.json.files, `seed ${r.seed}`).toHaveLength(192);
      expect(r.json.files.filter((f) => f.status !== 'accepted'), `seed ${r.seed}`).toEqual([]);
      expect(r.json.issues.filter((i) => i.severity === 'error'), `seed ${r.seed}`).toEqual([]);
      expect(r.code).toBe(0);
    }
  });

  it('says once that the files were not made from our forms', () => {
    for (const r of runs) {
      expect(r.json.issues.filter((i) => i.code === 'header.stamp-missing'), `seed ${r.seed}`).toEqual([
        { severity: 'info', code: 'header.stamp-missing', message: expect.stringMatching(/^192 tệp không dùng biểu mẫu của công cụ/) },
      ]);
    }
  });

  it('the outlier rule no longer floods: at most 3 warnings in a year of some 3,000 checked values, and no other warning', () => {
    for (const r of runs) {
      const warnings = r.json.issues.filter((i) => i.severity === 'warning');
      expect(warnings.filter((i) => i.code !== 'rule.outlier'), `seed ${r.seed}`).toEqual([]);
      expect(warnings.length, `seed ${r.seed}`).toBeLessThanOrEqual(3);
    }
  });
});

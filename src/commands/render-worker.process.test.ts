import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleCountCli, type ModuleCountCli } from '../../test/support/module-count-cli.ts';
import { REPO_ROOT } from '../../test/support/transpiled-cli.ts';

/**
 * compile renders its Excel reports, draws the Word reports' chart pictures and zips the Word reports in a worker
 * thread while this thread builds the Word reports (issue 18). The worker must give the bytes this thread gives: the
 * same compile, with the worker (BAOCAO_RENDER_WORKER=1) and without (=0), writes files with the same sha256, and a
 * preload counting resvg (the pictures' renderer) in the main thread's module cache shows where the work was done.
 */
let counting: ModuleCountCli;

beforeAll(() => {
  counting = moduleCountCli('render-worker', { resvg: '/node_modules/@resvg/' });
});
afterAll(() => counting.remove());

async function compile(period: string, worker: '0' | '1', extra: readonly string[] = []) {
  const out = path.join(counting.tmp, `out-${period}-${worker}-${extra.join('')}`);
  const args = ['compile', '--period', period, '--input', path.join(REPO_ROOT, 'fixtures', '2021'), '--out', out, '--today', '2022-01-20', ...extra];
  const r = await counting.run(args, { BAOCAO_RENDER_WORKER: worker });
  const dir = path.join(out, period);
  const sums = Object.fromEntries(readdirSync(dir).sort().map((f) => [f, createHash('sha256').update(readFileSync(path.join(dir, f))).digest('hex')]));
  return { code: r.code, sums, resvgInMain: r.counts.resvg ?? -1 };
}

describe('compile with the Excel reports rendered in a worker thread', () => {
  it('writes the same bytes as in one thread, for the year (both audiences, Word and Excel) and a month', async () => {
    for (const period of ['2021', '2021-03']) {
      const [inWorker, inMain] = [await compile(period, '1'), await compile(period, '0')];
      expect(inWorker.code).toBe(0);
      expect(inMain.code).toBe(0);
      expect(Object.keys(inWorker.sums)).toEqual([
        `BaoCao_PCMD_${period}_city.docx`,
        `BaoCao_PCMD_${period}_city.xlsx`,
        `BaoCao_PCMD_${period}_district.docx`,
        `BaoCao_PCMD_${period}_district.xlsx`,
        'manifest.json',
        'summary.json',
      ]);
      expect(inWorker.sums).toEqual(inMain.sums);
      // Where the pictures were drawn: the worker's modules are not in the main thread's cache (exceljs, the
      // marker of the Excel reports before, is no longer loaded by compile at all: lazy-exceljs.process.test.ts).
      expect(inWorker.resvgInMain).toBe(0);
      expect(inMain.resvgInMain).toBeGreaterThan(0);
    }
  });

  it('gives the Excel report alone, for one audience, the same way', async () => {
    const only = ['--format', 'xlsx', '--to', 'city'];
    const [inWorker, inMain] = [await compile('2021-Q1', '1', only), await compile('2021-Q1', '0', only)];
    expect(Object.keys(inWorker.sums)).toEqual(['BaoCao_PCMD_2021-Q1_city.xlsx', 'manifest.json', 'summary.json']);
    expect(inWorker.sums).toEqual(inMain.sums);
  });
});

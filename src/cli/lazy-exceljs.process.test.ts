import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../../test/support/cli-workspace.ts';
import { REPO_ROOT, transpileCli, type TranspiledCli } from '../../test/support/transpiled-cli.ts';

/**
 * exceljs is for writing only (reports, blank forms, annotated copies): `validate` and `status` read with the
 * cell reader and must never load it. Each command runs in a real process with a preload that counts, at exit,
 * the modules under node_modules/exceljs in the CommonJS cache (exceljs is CommonJS, so an `import` of it lands
 * there too). `compile`, which writes an Excel report, is the control: there the count is not zero.
 */
let cli: TranspiledCli;
let tmp: string;
let preload: string;

beforeAll(() => {
  cli = transpileCli('lazy-exceljs');
  tmp = mkdtempSync(path.join(tmpdir(), 'baocao-lazy-'));
  preload = path.join(tmp, 'count-exceljs.mjs');
  writeFileSync(
    preload,
    `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => process.stderr.write('\\nexceljs modules: ' + Object.keys(cache).filter((k) => k.includes('/node_modules/exceljs/')).length + '\\n'));
`,
  );
});
afterAll(() => {
  cli.remove();
  rmSync(tmp, { recursive: true, force: true });
});

async function exceljsModules(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; count: number }> {
  const { finished } = startCli({ bin: cli.bin, args, nodeArgs: ['--import', preload], cwd: tmp, env });
  const r = await finished;
  const m = /exceljs modules: (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no count in stderr: ${r.stderr}`);
  return { code: r.code, count: Number(m[1]) };
}

const year = path.join(REPO_ROOT, 'fixtures', '2021');

describe('exceljs only where the tool writes', () => {
  it('validate of a month, and of a form with errors, never loads exceljs', async () => {
    expect(await exceljsModules(['validate', path.join(year, '2021-03')])).toEqual({ code: 0, count: 0 });
    const bad = await exceljsModules(['validate', path.join(REPO_ROOT, 'fixtures', 'bad', 'error-value-div0')]);
    expect(bad.code).toBe(1);
    expect(bad.count).toBe(0);
  });

  it('status never loads exceljs', async () => {
    expect(await exceljsModules(['status', '--period', '2021-03', '--input', year])).toEqual({ code: 0, count: 0 });
  });

  it('compile, which writes an Excel report, does (the control; rendered in this thread, not the worker)', async () => {
    const r = await exceljsModules(['compile', '--period', '2021-03', '--input', year, '--out', path.join(tmp, 'out')], { BAOCAO_RENDER_WORKER: '0' });
    expect(r.code).toBe(0);
    expect(r.count).toBeGreaterThan(10);
  });
});

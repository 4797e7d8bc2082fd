import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moduleCountCli, type ModuleCountCli } from '../../test/support/module-count-cli.ts';
import { REPO_ROOT } from '../../test/support/transpiled-cli.ts';

/**
 * exceljs is for writing the blank forms, the annotated copies and the outreach list: `validate` and `status` read
 * with the cell reader, and `compile` writes its Excel reports with the report's own writer (report/xlsx/_writer.ts),
 * so none of them may load it. Each command runs in a real process with a preload that counts, at exit, the modules
 * under node_modules/exceljs in the CommonJS cache (exceljs is CommonJS, so an `import` of it lands there too).
 * `forms`, which writes blank forms with exceljs, is the control: there the count is not zero.
 */
let counting: ModuleCountCli;

beforeAll(() => {
  counting = moduleCountCli('lazy-exceljs', { exceljs: '/node_modules/exceljs/' });
});
afterAll(() => counting.remove());

async function exceljsModules(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; count: number }> {
  const r = await counting.run(args, env);
  return { code: r.code, count: r.counts.exceljs ?? -1 };
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

  it('compile, Excel reports included, never loads exceljs (rendered in this thread, not the worker)', async () => {
    expect(await exceljsModules(['compile', '--period', '2021-03', '--input', year, '--out', path.join(counting.tmp, 'out')], { BAOCAO_RENDER_WORKER: '0' })).toEqual({ code: 0, count: 0 });
  });

  it('forms, which writes blank forms with exceljs, does (the control)', async () => {
    const r = await exceljsModules(['forms', '--period', '2021-04', '--out', path.join(counting.tmp, 'forms')]);
    expect(r.code).toBe(0);
    expect(r.count).toBeGreaterThan(10);
  });
});

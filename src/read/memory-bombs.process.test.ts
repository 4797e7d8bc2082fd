import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, transpileCli, type TranspiledCli } from '../../test/support/transpiled-cli.ts';

/**
 * Memory bombs of the bad-input corpus (issue 13), each in a real process whose heap is capped far below what the
 * sheet declares: a merge over H1:XFD1048576 (4 GB in exceljs before), a merged whole column (790 MB), a flood of
 * styled empty rows (about 1 GB for a million). The run must finish with its exit code and read the form, never die
 * with "JavaScript heap out of memory" and a native stack.
 */
const HEAP_MB = 160;
let cli: TranspiledCli;

beforeAll(() => {
  cli = transpileCli('memory-bombs');
});
afterAll(() => cli?.remove());

const run = (caseName: string) =>
  spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, cli.bin, 'validate', path.join(REPO_ROOT, 'fixtures/bad', caseName), '--json'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', BAOCAO_READ_WORKERS: '0' },
  });

describe(`memory bombs under a ${HEAP_MB} MB heap`, () => {
  it.each([
    ['merge-bomb', 0],
    ['merge-whole-column', 0],
    ['styled-empty-rows', 0],
  ] as const)('%s', (name, exit) => {
    const r = run(name);
    expect(r.stderr).not.toMatch(/heap out of memory|^\s{4}at /m);
    expect(r.status).toBe(exit);
    const json = JSON.parse(r.stdout) as { files: { file: string; status: string }[] };
    expect(json.files).toEqual([expect.objectContaining({ file: 'PCMD-01_2021-03_00007.xlsx', status: 'accepted' })]);
  });
});

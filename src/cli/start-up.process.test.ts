import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../commands/io.ts';
import { startCli } from '../../test/support/cli-workspace.ts';
import { REPO_ROOT, transpileCli, type TranspiledCli } from '../../test/support/transpiled-cli.ts';
import { runCli } from './run-cli.ts';

/**
 * `baocao --version` is answered by the entry module (src/cli.ts) without commander, the command table or any
 * package (issue 18: start-up within 1.5× of a bare `node`, a benchmark). A real process runs with a loader hook
 * that records every module it loads; its output must be what commander prints for the same question.
 */
let cli: TranspiledCli;
let tmp: string;
let preload: string;

beforeAll(() => {
  cli = transpileCli('start-up');
  tmp = mkdtempSync(path.join(tmpdir(), 'baocao-start-'));
  const hooks = path.join(tmp, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(process.env.LOADED_LOG, url + '\\n'); return next(url, context); }
`);
  preload = path.join(tmp, 'preload.mjs');
  writeFileSync(preload, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});
afterAll(() => {
  cli.remove();
  rmSync(tmp, { recursive: true, force: true });
});

async function runProcess(args: readonly string[], log: string) {
  writeFileSync(log, '');
  const r = await startCli({ bin: cli.bin, args, nodeArgs: ['--import', preload], cwd: tmp, env: { LOADED_LOG: log } }).finished;
  const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { ...r, loaded, tool: loaded.filter((u) => u.startsWith(pathToFileURL(cli.root).href)).map((u) => path.relative(cli.root, new URL(u).pathname)) };
}

describe('baocao --version', () => {
  it('prints what commander prints, exit 0, loading only the entry and the version module', async () => {
    const io = memoryIo();
    expect(await runCli(['--version'], { io, cwd: tmp })).toBe(0);
    for (const flag of ['--version', '-V']) {
      const r = await runProcess([flag], path.join(tmp, `loaded${flag}.txt`));
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(io.stdout);
      expect(r.stderr).toBe('');
      expect(r.loaded.filter((u) => u.includes('/node_modules/'))).toEqual([]);
      expect(r.tool.sort()).toEqual(['bin/baocao.js', 'dist/cli.js', 'dist/common/version.js']);
    }
  });

  it('with anything beside it is commander’s: --help still loads the command table', async () => {
    const r = await runProcess(['--help'], path.join(tmp, 'loaded-help.txt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cách dùng: baocao [tùy chọn] [lệnh]');
    expect(r.tool).toContain('dist/cli/run-cli.js');
    expect(r.loaded.some((u) => u.includes('/node_modules/commander/'))).toBe(true);
  });
});

describe('a command', () => {
  it('loads date-fns one function at a time, not its index (about 300 modules, 0.1 s of every run)', async () => {
    const r = await runProcess(['validate', path.join(REPO_ROOT, 'fixtures', '2021', '2021-03')], path.join(tmp, 'loaded-validate.txt'));
    expect(r.code).toBe(0);
    const dateFns = r.loaded.filter((u) => u.includes('/node_modules/date-fns/'));
    expect(dateFns.length).toBeGreaterThan(0);
    expect(dateFns.some((u) => u.endsWith('/date-fns/index.js'))).toBe(false);
    expect(dateFns.length).toBeLessThan(20);
  });
});

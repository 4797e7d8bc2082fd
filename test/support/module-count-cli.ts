import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCli } from './cli-workspace.ts';
import { transpileCli, type TranspiledCli } from './transpiled-cli.ts';

/**
 * A transpiled CLI (transpiled-cli.ts) run with a preload that counts, at exit, the modules of the main thread's
 * CommonJS cache whose path holds each given fragment (exceljs, resvg: CommonJS packages, so an `import` of them
 * lands there too). A worker thread's modules are not in it: the counts say which thread loaded a package.
 */
export interface ModuleCountCli {
  readonly cli: TranspiledCli;
  /** A fresh folder for the runs' output; removed with `remove()`. */
  readonly tmp: string;
  run(args: readonly string[], env?: Record<string, string>): Promise<{ code: number | null; stderr: string; counts: Record<string, number> }>;
  remove(): void;
}

export function moduleCountCli(name: string, fragments: Readonly<Record<string, string>>): ModuleCountCli {
  const cli = transpileCli(name);
  const tmp = mkdtempSync(path.join(tmpdir(), `baocao-${name}-`));
  const preload = path.join(tmp, 'count-modules.mjs');
  writeFileSync(
    preload,
    `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const fragments = ${JSON.stringify(fragments)};
process.on('exit', () => {
  const counts = Object.fromEntries(Object.entries(fragments).map(([k, f]) => [k, Object.keys(cache).filter((p) => p.includes(f)).length]));
  process.stderr.write('\\nmodule counts: ' + JSON.stringify(counts) + '\\n');
});
`,
  );
  return {
    cli,
    tmp,
    async run(args, env = {}) {
      const r = await startCli({ bin: cli.bin, args, nodeArgs: ['--import', preload], cwd: tmp, env }).finished;
      const m = /module counts: (\{.*\})/.exec(r.stderr);
      if (!m) throw new Error(`no module counts in stderr: ${r.stderr}`);
      return { code: r.code, stderr: r.stderr, counts: JSON.parse(m[1]!) as Record<string, number> };
    },
    remove() {
      cli.remove();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

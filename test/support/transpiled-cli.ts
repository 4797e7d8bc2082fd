import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * A runnable copy of the CLI for tests that need real processes (cron behaviour, a kill in the middle of a
 * write, two runs at once) or real worker threads (the read pool). Node 20 cannot run .ts, and building dist/
 * during tests would rewrite files that other test files may be running from; so every source module is
 * transpiled (type stripping only, `ts.transpileModule`, about a second) into `.vitest-tmp/<name>-<hex>/dist/`
 * inside the repository (node_modules resolves from there), beside a copy of bin/baocao.js and a link to
 * templates/. The layout is dist/'s, so the copy behaves as the built tool does (the read pool's worker
 * file exists, templates resolve). Call `remove()` in afterAll.
 */
export interface TranspiledCli {
  /** The root folder: `bin/`, `dist/`, `templates` (a link). */
  readonly root: string;
  /** `bin/baocao.js` of the copy: run it with `node`. */
  readonly bin: string;
  /** `dist/` of the copy. */
  readonly dist: string;
  remove(): void;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function transpileCli(name: string): TranspiledCli {
  const root = path.join(REPO_ROOT, '.vitest-tmp', `${name}-${randomBytes(4).toString('hex')}`);
  const src = path.join(REPO_ROOT, 'src');
  const dist = path.join(root, 'dist');
  for (const rel of sourceFiles(src, '')) {
    const js = ts.transpileModule(readFileSync(path.join(src, rel), 'utf8'), { compilerOptions: COMPILER_OPTIONS, fileName: rel }).outputText;
    const target = path.join(dist, rel.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  mkdirSync(path.join(root, 'bin'), { recursive: true });
  copyFileSync(path.join(REPO_ROOT, 'bin', 'baocao.js'), path.join(root, 'bin', 'baocao.js'));
  symlinkSync(path.join(REPO_ROOT, 'templates'), path.join(root, 'templates'), 'dir');
  return { root, dist, bin: path.join(root, 'bin', 'baocao.js'), remove: () => rmSync(root, { recursive: true, force: true }) };
}

// --- internal ---

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  rewriteRelativeImportExtensions: true,
};

/** Every module tsconfig.json would compile: .ts files under src/ except tests. */
function sourceFiles(dir: string, rel: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      out.push(...sourceFiles(dir, r));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) {
      out.push(r);
    }
  }
  return out;
}

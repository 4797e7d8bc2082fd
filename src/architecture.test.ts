import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The house rules (README, "Dành cho nhà phát triển"), checked on the import statements of src/:
 * floors go one way (cli → commands → stages → domain/common), no folder-level cycle, disk access only at the
 * edges, `_name.ts` private to its folder, and no product module reaching into tests or tools (so dist/ holds
 * product code only).
 */

const SRC = path.dirname(fileURLToPath(import.meta.url));

interface Module {
  readonly file: string; // relative to src/, POSIX
  readonly imports: readonly string[]; // relative to src/ for relative specifiers, the bare name otherwise
}

const modules: Module[] = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((file) => {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|^\s*import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
    const imports = specs.map((s) => (s.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), s)) : s));
    return { file, imports };
  });

const folderOf = (file: string): string => (file.includes('/') ? path.posix.dirname(file) : '.');
const topOf = (file: string): string => file.split('/')[0]!.replace(/\.ts$/, '');

function folderEdges(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const m of modules) {
    for (const t of m.imports) {
      if (!t.endsWith('.ts') || t.startsWith('..')) continue;
      const [a, b] = [folderOf(m.file), folderOf(t)];
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
  }
  return edges;
}

/** Strongly connected components with more than one folder (Tarjan). */
function folderCycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let n = 0;
  const visit = (v: string): void => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** The floors, top to bottom: a module may import its own floor or any floor below it. */
const FLOORS: readonly (readonly string[])[] = [
  ['cli'],
  ['commands'],
  ['inbox', 'feedback', 'outreach', 'blank-forms', 'store', 'report', 'explain'],
  ['aggregate', 'validate', 'narrative'],
  ['parse'],
  ['read', 'load'],
  ['domain'],
  ['common'],
];
const floorOf = (top: string): number => FLOORS.findIndex((f) => f.includes(top));

describe('the house rules of src/', () => {
  it('reads a real tree (the rules below are not vacuous)', () => {
    expect(modules.length).toBeGreaterThan(80);
    expect(folderEdges().get('commands')?.has('store')).toBe(true);
  });

  it('has no folder-level import cycle', () => {
    expect(folderCycles(folderEdges())).toEqual([]);
  });

  it('finds a planted cycle (the check itself works)', () => {
    const edges = folderEdges();
    edges.set('domain', new Set([...(edges.get('domain') ?? []), 'commands']));
    expect(folderCycles(edges).flat()).toContain('domain');
  });

  it('imports only downwards: cli → commands → stages → domain → common', () => {
    const wrong: string[] = [];
    for (const m of modules) {
      const from = topOf(m.file);
      if (from === 'cli' || floorOf(from) < 0) continue;
      for (const t of m.imports.filter((s) => s.endsWith('.ts') && !s.startsWith('..'))) {
        const to = topOf(t);
        if (to !== from && floorOf(to) < floorOf(from)) wrong.push(`${m.file} → ${t}`);
      }
    }
    expect(wrong).toEqual([]);
    // Every top-level folder has a floor, so a new one has to be placed here.
    const tops = new Set(modules.map((m) => topOf(m.file)).filter((t) => t !== 'cli'));
    expect([...tops].filter((t) => floorOf(t) < 0)).toEqual([]);
  });

  it('touches the disk only at the edges: the core imports no node:fs or child_process', () => {
    const CORE = ['domain', 'aggregate', 'validate', 'parse', 'report', 'narrative', 'common'];
    const offenders = modules
      .filter((m) => CORE.includes(topOf(m.file)))
      .filter((m) => m.imports.some((s) => /^(node:)?(fs|fs\/promises|child_process)$/.test(s)))
      .map((m) => m.file);
    expect(offenders).toEqual([]);
  });

  it("keeps a folder's _name.ts files to itself", () => {
    const wrong = modules.flatMap((m) =>
      m.imports.filter((t) => path.posix.basename(t).startsWith('_') && t.endsWith('.ts') && folderOf(t) !== folderOf(m.file)).map((t) => `${m.file} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it('never reaches into tests, test support or tools, so dist/ is product code only', () => {
    const wrong = modules.flatMap((m) => m.imports.filter((t) => t.startsWith('..') || t === 'vitest').map((t) => `${m.file} → ${t}`));
    expect(wrong).toEqual([]);
  });

  it('words every issue in the catalog: no module makes an issue with a code of its own', () => {
    const inline = modules
      .filter((m) => !m.file.startsWith('domain/'))
      .filter((m) => /makeIssue\(\s*'[a-z]+',\s*'/.test(readFileSync(path.join(SRC, m.file), 'utf8')))
      .map((m) => m.file);
    expect(inline).toEqual([]);
  });

  it('keeps module mocks out of the fast tier, which shares one module graph across files (vitest.config.ts)', () => {
    const slow = /(^commands\/|\.process\.test\.ts$|-office\.test\.ts$)/;
    const tests = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.endsWith('.test.ts') && !slow.test(f));
    expect(tests.length).toBeGreaterThan(40);
    const mocking = tests.filter((f) => /\bvi\.(do)?mock\(|process\.chdir\(/.test(readFileSync(path.join(SRC, f), 'utf8')));
    expect(mocking).toEqual([]);
  });
});

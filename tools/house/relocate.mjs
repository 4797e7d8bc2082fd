// One-off tool for issue 19 (the house): moves files per move-map.json and rewrites every relative string literal
// ('./x', '../y') that points into the tree, so imports, new URL(…, import.meta.url) and vi.mock paths follow the move.
//   node tools/house/relocate.mjs move    — git mv every mapped file, then rewrite (run once, on the old tree)
//   node tools/house/relocate.mjs fixup   — rewrite only: for a branch made before the move, after merging it,
//                                           any literal that still points at an old path is pointed at the new one
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const map = JSON.parse(readFileSync(path.join(root, 'tools/house/move-map.json'), 'utf8'));
const mode = process.argv[2];
const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8' });

const oldFiles = new Set(git('ls-files').split('\n').filter(Boolean));
const alt = (p) => [p, p.replace(/\.js$/, '.ts'), `${p}.ts`];
const exists = (p) => existsSync(path.join(root, p));
/** The path an old-tree target has now (mapped, or unchanged), or null when the literal is not a path of ours. */
function targetNow(oldTarget) {
  for (const c of alt(oldTarget)) {
    if (map[c]) return c === oldTarget ? map[c] : map[c].replace(/\.ts$/, path.extname(oldTarget) || '.ts');
  }
  if (mode === 'move') {
    if ([...alt(oldTarget)].some((c) => oldFiles.has(c))) return oldTarget;
  }
  if (exists(oldTarget)) return oldTarget;
  // a directory of the old tree whose files all moved to one directory
  const inside = Object.keys(map).filter((k) => k.startsWith(`${oldTarget.replace(/\/$/, '')}/`));
  if (inside.length) {
    const dirs = new Set(inside.map((k) => path.dirname(map[k])));
    if (dirs.size === 1) return [...dirs][0] + (oldTarget.endsWith('/') ? '/' : '');
  }
  return null;
}

const reverse = Object.fromEntries(Object.entries(map).map(([o, n]) => [n, o]));
if (mode === 'move') {
  for (const [o, n] of Object.entries(map)) {
    mkdirSync(path.join(root, path.dirname(n)), { recursive: true });
    git('mv', o, n);
  }
}
const files = git('ls-files', '--cached', '--others', '--exclude-standard')
  .split('\n')
  .filter((f) => /\.(ts|mjs|js)$/.test(f) && exists(f) && !f.startsWith('tools/house/') && !f.startsWith('node_modules/'));
let changed = 0;
for (const f of files) {
  const oldSelf = mode === 'move' ? (reverse[f] ?? f) : f;
  const text = readFileSync(path.join(root, f), 'utf8');
  const out = text.replace(/(['"])(\.\.?\/[^'"\n]*)\1/g, (whole, q, spec) => {
    const oldTarget = path.posix.normalize(path.posix.join(path.posix.dirname(oldSelf), spec)) + (spec.endsWith('/') ? '/' : '');
    if (mode === 'fixup' && (exists(oldTarget) || alt(oldTarget).some(exists))) return whole;
    const now = targetNow(oldTarget);
    if (now === null) return whole;
    let rel = path.posix.relative(path.posix.dirname(f), now.replace(/\/$/, '')) + (now.endsWith('/') ? '/' : '');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${q}${rel}${q}`;
  });
  if (out !== text) {
    writeFileSync(path.join(root, f), out);
    changed++;
  }
}
process.stdout.write(`${mode}: ${changed} files rewritten\n`);

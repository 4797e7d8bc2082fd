// Folder-level import graph of src/ (product modules only): prints cycles and edges that go against the floors.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const files = readdirSync(path.join(root, 'src'), { recursive: true }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const folder = (f) => (path.dirname(f) === '.' ? '.' : path.dirname(f));
const edges = new Map();
for (const f of files) {
  const src = readFileSync(path.join(root, 'src', f), 'utf8');
  for (const m of src.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
    const t = path.relative(path.join(root, 'src'), path.resolve(path.join(root, 'src', path.dirname(f)), m[1]));
    const a = folder(f), b = folder(t);
    if (a !== b) edges.set(`${a} -> ${b}`, [...(edges.get(`${a} -> ${b}`) ?? []), `${f} -> ${t}`]);
  }
}
const pairs = [...edges.keys()].map((k) => k.split(' -> '));
for (const [a, b] of pairs) if (a < b && edges.has(`${b} -> ${a}`)) console.log(`CYCLE ${a} <-> ${b}\n  ${edges.get(`${a} -> ${b}`).join('\n  ')}\n  ${edges.get(`${b} -> ${a}`).join('\n  ')}`);
if (process.argv[2] === '-v') for (const [k, v] of edges) console.log(k, v.length);

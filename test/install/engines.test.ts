import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/transpiled-cli.ts';

/**
 * Issue 14: the Node versions we say we support are the ones every installed package accepts. `npm ci` on the lowest
 * version of package.json's `engines` must not warn EBADENGINE (docx 9.15 pulls nanoid 6, which wants Node 22; it is
 * overridden to nanoid 5, which docx never loads anyway: its dist bundles its own copy). This reads the lockfile, so it
 * checks the exact tree `npm ci` installs, on any machine, without a second Node.
 */
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean; os?: string[] }>;
};

describe('supported Node versions', () => {
  const lowest = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(pkg.engines.node)?.[1];

  it('are stated as a lowest version (engines.node ">=x.y")', () => {
    expect(lowest).toBeDefined();
  });

  it('include the lowest for every package npm ci installs (dependencies and devDependencies)', () => {
    const version = (lowest ?? '0').split('.').map(Number);
    const refusing = Object.entries(lock.packages).flatMap(([where, p]) => {
      const range = !Array.isArray(p.engines) ? p.engines?.node : undefined;
      return where !== '' && range !== undefined && !satisfies(version, range) ? [`${where.replace(/^node_modules\//, '')}@${p.version}: ${range}`] : [];
    });
    expect(refusing).toEqual([]);
  });

  it('include the Node running this test', () => {
    expect(satisfies(process.versions.node.split('.').map(Number), pkg.engines.node)).toBe(true);
  });

  it('are read correctly from the ranges packages use', () => {
    expect(satisfies([20, 19, 0], '^22 || ^24 || >=26')).toBe(false);
    expect(satisfies([20, 19, 0], '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies([20, 18, 9], '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies([20, 19, 0], '>= 14.0.0 < 21')).toBe(true);
    expect(satisfies([20, 19, 0], '^12.17.0 || ^14.13 || >=16.0.0')).toBe(true);
    expect(satisfies([20, 19, 0], '*')).toBe(true);
  });
});

// --- internal ---

/** Enough of semver's range grammar for `engines.node`: `||` alternatives of space-separated comparators, ^ ~ >= > <= < =, x wildcards. */
function satisfies(v: readonly number[], range: string): boolean {
  return range.split('||').some((alt) => {
    const comparators = alt.trim().replace(/([<>]=?|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean);
    return comparators.every((c) => comparatorHolds(v, c));
  });
}

function comparatorHolds(v: readonly number[], c: string): boolean {
  const m = /^(\^|~|>=|<=|>|<|=)?v?(\d+|x|\*)?(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(c);
  if (!m || m[2] === undefined || m[2] === 'x' || m[2] === '*') return true;
  const parts = [m[2], m[3], m[4]].map((p) => (p === undefined || p === 'x' || p === '*' ? null : Number(p)));
  const given = parts.filter((p): p is number => p !== null).length;
  const base = parts.map((p) => p ?? 0);
  const cmp = compare(v, base);
  switch (m[1]) {
    case '>=':
      return cmp >= 0;
    case '>':
      return cmp > 0;
    case '<=':
      return cmp <= 0;
    case '<':
      return cmp < 0;
    case '^': {
      const upper = base[0]! > 0 || given === 1 ? [base[0]! + 1, 0, 0] : base[1]! > 0 || given === 2 ? [0, base[1]! + 1, 0] : [0, 0, base[2]! + 1];
      return cmp >= 0 && compare(v, upper) < 0;
    }
    case '~':
      return cmp >= 0 && compare(v, given === 1 ? [base[0]! + 1, 0, 0] : [base[0]!, base[1]! + 1, 0]) < 0;
    default:
      // `20` or `20.x` is a range; `=20.19.0` an exact version.
      return v.slice(0, given).every((n, i) => n === base[i]);
  }
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

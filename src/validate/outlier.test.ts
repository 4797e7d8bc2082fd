import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../tools/fixtures/_rng.ts';
import { loadForms } from '../load/load-forms.ts';
import { judgeOutlier, median, poissonUpperTail, type OutlierParams } from './_outlier.ts';

/**
 * The outlier test of PCMD-01 on numbers alone: the Poisson tail against known values, and on generated noise (seeded)
 * how often it cries wolf on honest counts and how often it catches a typing error (a digit too many).
 */
const rule = loadForms()['PCMD-01'].rules.find((r) => r.check === 'outlier');
if (!rule || rule.check !== 'outlier') throw new Error('PCMD-01 has no outlier rule');
const params: OutlierParams = rule;

describe('poissonUpperTail', () => {
  it('matches P(X ≥ k) computed by hand', () => {
    // λ = 1: P(X ≥ 4) = 1 − e^-1 (1 + 1 + 1/2 + 1/6).
    expect(poissonUpperTail(4, 1)).toBeCloseTo(1 - Math.exp(-1) * (1 + 1 + 0.5 + 1 / 6), 12);
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonUpperTail(10, 1)).toBeCloseTo(1.1142547833872e-7, 18);
    // Far in the tail and for large λ: no underflow to 0 where the value is representable, no overflow.
    expect(poissonUpperTail(300, 100)).toBeGreaterThan(0);
    expect(poissonUpperTail(300, 100)).toBeLessThan(1e-40);
    expect(poissonUpperTail(100, 100)).toBeCloseTo(0.5133, 3);
  });

  it('is 0 for λ = 0 and any k ≥ 1, and decreases with k', () => {
    expect(poissonUpperTail(1, 0)).toBe(0);
    const tails = [1, 2, 3, 5, 8, 13].map((k) => poissonUpperTail(k, 2.5));
    expect([...tails].sort((a, b) => b - a)).toEqual(tails);
  });
});

describe('judgeOutlier with the parameters of templates/forms/PCMD-01.json', () => {
  it('the definition sets a floor, a tail and a money factor', () => {
    expect([params.factor, params.floor, params.tail, params.moneyFactor]).toEqual([3, 10, 0.0001, 10]);
  });

  it('1 → 4 is no outlier; neither is 2 → 9; 1 → 12 and 40 → 400 are', () => {
    expect(judgeOutlier(4, [1, 1, 1], 'count', params)).toBeNull();
    expect(judgeOutlier(9, [2, 2, 1, 3], 'count', params)).toBeNull();
    expect(judgeOutlier(12, [1, 1, 1], 'count', params)?.kind).toBe('count');
    expect(judgeOutlier(400, [40, 35, 45], 'count', params)?.kind).toBe('count');
  });

  it('without floor, tail and money factor it is the spec\'s plain ratio', () => {
    const plain = { factor: 3 };
    expect(judgeOutlier(4, [1, 1, 1], 'count', plain)?.median).toBe(1);
    expect(judgeOutlier(3, [1, 1, 1], 'count', plain)).toBeNull();
    expect(judgeOutlier(3_100_000, [1_000_000, 1_000_000, 1_000_000], 'money', plain)?.kind).toBe('money');
  });

  it('median of an even count: the mean of the two middle values', () => {
    expect(median([40, 35, 45, 50])).toBe(42.5);
    expect(median([3])).toBe(3);
  });
});

describe('on generated noise (seeded)', () => {
  /** A ward's monthly counts: its own level, a gamma-distributed month factor (CV 0.35), then Poisson. */
  function series(rng: Rng, level: number, months: number): number[] {
    return Array.from({ length: months }, () => poisson(rng, level * gamma(rng, 1 / 0.35 ** 2) * 0.35 ** 2));
  }
  const LEVELS = [0.3, 0.5, 1, 1.5, 2, 3, 5, 8, 12, 20, 40, 80, 150, 300];

  // Honest counts with month factors of CV 0.35 still jump 3 × now and then (a gamma tail): about 1 check in 1,000
  // is flagged, against more than ten times as many for the plain 3 × median (1 → 4, 2 → 7…).
  it('honest counts: fewer than 2 checks in 1,000 flagged, a tenth of what the plain 3 × median flags', () => {
    const rng = createRng(12);
    let checks = 0;
    let flagged = 0;
    let plain = 0;
    for (let ward = 0; ward < 300; ward++) {
      for (const level of LEVELS) {
        const year = series(rng, level, 12);
        for (let m = 3; m < 12; m++) {
          const earlier = year.slice(0, m);
          checks++;
          if (judgeOutlier(year[m]!, earlier, 'count', params)) flagged++;
          if (judgeOutlier(year[m]!, earlier, 'count', { factor: 3 })) plain++;
        }
      }
    }
    expect(checks).toBe(300 * LEVELS.length * 9);
    expect(flagged / checks).toBeLessThan(0.002);
    expect(plain).toBeGreaterThan(10 * flagged);
  });

  it('a digit too many (× 10 and more, the value at least 10) is caught at least 95 times in 100', () => {
    const rng = createRng(2021);
    let typos = 0;
    let caught = 0;
    for (let ward = 0; ward < 300; ward++) {
      for (const level of LEVELS.filter((l) => l >= 1)) {
        const year = series(rng, level, 8);
        const earlier = year.slice(0, 7);
        const honest = year[7]!;
        const typed = honest * 10 + rng.int(0, 9);
        if (median(earlier) <= 0 || typed < 10 || honest < median(earlier)) continue;
        typos++;
        if (judgeOutlier(typed, earlier, 'count', params)) caught++;
      }
    }
    expect(typos).toBeGreaterThan(1000);
    expect(caught / typos).toBeGreaterThanOrEqual(0.95);
  });
});

// --- internal ---

function poisson(rng: Rng, lambda: number): number {
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(rng)));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape ≥ 1). */
function gamma(rng: Rng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - rng.next() + Number.EPSILON) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

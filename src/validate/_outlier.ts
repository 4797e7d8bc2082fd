/**
 * The outlier test of a value against the same unit's earlier values (spec/forms.md, PCMD-01: "a likely typing
 * error"), made to respect small counts: a ward that held 1 session a month and holds 4 this month did not mistype.
 *
 * A count is an outlier when all three hold:
 * - the ratio of the spec: above `factor` × the median of the earlier values (a median above 0);
 * - an absolute floor: at least `floor` (1 → 4 is never a typing error; 1 → 10 may be);
 * - the upper tail: were the unit's counts Poisson around the median of its earlier values, a value this large or
 *   larger would come up with a probability below `tail` (1 in 10,000). Counts that come in groups (participants of
 *   sessions) vary more than Poisson ones: when the earlier values' variance exceeds their mean, value and median are
 *   both divided by that ratio first (the quasi-Poisson scaling), so a ward whose attendance swings is judged by its
 *   own swings.
 * A sum of money is not a count of events: no tail; it is an outlier when it is at least `moneyFactor` × the largest
 * earlier value (a zero too many), besides the ratio of the spec.
 * Without floor, tail and moneyFactor (a definition that leaves them out) the test is the spec's plain ratio.
 */
export interface OutlierParams {
  readonly factor: number;
  readonly floor?: number | undefined;
  readonly tail?: number | undefined;
  readonly moneyFactor?: number | undefined;
}

/** Why a value is an outlier: the reference it was compared with (and, for a count, how unlikely it is). */
export type OutlierVerdict =
  | { readonly kind: 'count'; readonly median: number; readonly probability: number }
  | { readonly kind: 'money'; readonly median: number; readonly max: number };

/**
 * The verdict on `value` against `reference`: the unit's earlier values of the year (none null), or for a stock (a
 * `last` indicator: establishments, suspect points, a count since January) its latest earlier value only, since a
 * stock moves from where it was. The caller checks `minPeriods`. Null when the value is not an outlier.
 */
export function judgeOutlier(value: number, reference: readonly number[], type: 'count' | 'money', p: OutlierParams): OutlierVerdict | null {
  if (reference.length === 0) return null;
  const m = median(reference);
  if (m <= 0 || value <= p.factor * m) return null;
  if (type === 'money') {
    const max = Math.max(...reference);
    return p.moneyFactor === undefined || value >= p.moneyFactor * max ? { kind: 'money', median: m, max } : null;
  }
  if (value < (p.floor ?? 0)) return null;
  if (p.tail === undefined) return { kind: 'count', median: m, probability: Number.NaN };
  const mean = reference.reduce((a, b) => a + b, 0) / reference.length;
  const variance = reference.length > 1 ? reference.reduce((a, b) => a + (b - mean) ** 2, 0) / (reference.length - 1) : 0;
  const dispersion = Math.max(1, variance / mean);
  const probability = poissonUpperTail(Math.ceil(value / dispersion), m / dispersion);
  return probability < p.tail ? { kind: 'count', median: m, probability } : null;
}

/**
 * P(X ≥ k) for X ~ Poisson(λ), k a whole number ≥ 0. Summed from k upwards in log space (no cancellation when the
 * tail is tiny, no overflow for large λ): the terms after the mode shrink geometrically, so the sum stops once a
 * term no longer changes it.
 */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (k <= lambda) return 1 - poissonLowerTail(k - 1, lambda);
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let sum = 0;
  for (let i = k; i < k + 10_000; i++) {
    const term = Math.exp(logTerm);
    sum += term;
    if (term < sum * 1e-16) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

/** The median; of an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const lower = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const upper = sorted[Math.ceil((sorted.length - 1) / 2)] ?? 0;
  return (lower + upper) / 2;
}

// --- internal ---

/**
 * P(X ≤ k), summed term by term (used only where k ≤ λ, so the sum is not tiny). Above λ ≈ 700, e^-λ underflows to 0
 * and the upper tail comes out as 1: on the safe side (such a value is at or below the mean, never an outlier).
 */
function poissonLowerTail(k: number, lambda: number): number {
  let logTerm = -lambda;
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(lambda) - Math.log(i);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/** ln(n!): exact below 50, Stirling's series above (error under 1e-10 there). */
function logFactorial(n: number): number {
  if (n < 50) {
    let s = 0;
    for (let i = 2; i <= n; i++) s += Math.log(i);
    return s;
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

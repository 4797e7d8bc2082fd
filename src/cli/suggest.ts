/**
 * The known word closest to what was typed (`compil` → `compile`, `--peroid` → `--period`), or null when
 * nothing is close: at most a third of the longer word may differ (at least one edit), counting a swap of two
 * neighbouring letters as one edit (optimal string alignment distance).
 */
export function closestWord(typed: string, known: readonly string[]): string | null {
  const t = typed.toLowerCase();
  let best: { word: string; distance: number } | null = null;
  for (const word of known) {
    const d = editDistance(t, word.toLowerCase());
    if (d <= Math.max(1, Math.floor(Math.max(t.length, word.length) / 3)) && (best === null || d < best.distance)) best = { word, distance: d };
  }
  return best?.word ?? null;
}

// --- internal ---

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

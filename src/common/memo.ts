/**
 * A pure function of a text, remembered: for texts looked at many times over (a year's statements compared pairwise,
 * every unit's name against every form read; issue 18). Forgotten past `limit` texts, so memory stays bounded
 * however many wards write.
 */
export function memoText<T>(fn: (s: string) => T, limit = 20_000): (s: string) => T {
  const known = new Map<string, T>();
  return (s) => {
    let v = known.get(s);
    if (v === undefined) {
      if (known.size >= limit) known.clear();
      v = fn(s);
      known.set(s, v);
    }
    return v;
  };
}

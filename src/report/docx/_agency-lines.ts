/**
 * Where the name of an issuing body breaks in the header block (Decree 30 sets it in capitals, centred, in a narrow
 * column). A word processor breaks at the last space that fits, which splits names badly ("PHÒNG LAO ĐỘNG - /
 * THƯƠNG BINH VÀ XÃ HỘI", "ỦY BAN NHÂN DÂN QUẬN / BA ĐÌNH"); this chooses the breaks instead:
 * - a line break typed in the configuration wins;
 * - "ỦY BAN NHÂN DÂN" stands alone above its level and place ("QUẬN BA ĐÌNH");
 * - otherwise the fewest lines that fit, never next to a dash, inside a compound word ("THƯƠNG BINH", "XÃ HỘI") or
 *   between a level word and its place ("QUẬN / BA ĐÌNH"); among those, the one whose longest line is shortest,
 *   a break before "VÀ" preferred.
 * `fits` tells whether a line fits the column (the caller measures it).
 */
export function agencyLines(name: string, fits: (line: string) => boolean): string[] {
  const text = name.normalize('NFC').trim();
  if (text.includes('\n')) return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (fits(text)) return [text];
  const council = /^(ỦY BAN NHÂN DÂN|UBND)\s+((?:QUẬN|HUYỆN|THỊ XÃ|THÀNH PHỐ|PHƯỜNG|XÃ|THỊ TRẤN|TỈNH)\s.+)$/u.exec(text);
  if (council?.[1] && council[2]) return [council[1], council[2]];
  const words = text.split(/\s+/);
  const breaks = words.map((_, i) => i > 0 && goodBreak(words[i - 1] ?? '', words[i] ?? ''));
  let best: { lines: string[]; score: number } | null = null;
  for (const cut of cuts(words.length, 3)) {
    if (!cut.every((i) => breaks[i])) continue;
    const lines = [0, ...cut].map((from, k) => words.slice(from, [...cut, words.length][k]).join(' '));
    if (!lines.every(fits)) continue;
    const score = lines.length * 1000 + Math.max(...lines.map((l) => l.length)) - cut.filter((i) => words[i] === 'VÀ').length * 4;
    if (!best || score < best.score) best = { lines, score };
  }
  return best?.lines ?? [text];
}

// --- internal ---

/** Word pairs that are one word in Vietnamese (or one name) and must stay on one line. */
const BOUND = new Set(['LAO ĐỘNG', 'THƯƠNG BINH', 'XÃ HỘI', 'NHÂN DÂN', 'BA ĐÌNH', 'THÀNH PHỐ', 'HÀ NỘI', 'CÔNG AN', 'KIỂM TRA', 'LIÊN NGÀNH', 'TÀI CHÍNH', 'KẾ HOẠCH', 'Y TẾ', 'VĂN HÓA', 'THÔNG TIN']);

function goodBreak(before: string, after: string): boolean {
  if (/^[-–]$/.test(before) || /^[-–]$/.test(after)) return false;
  if (BOUND.has(`${before} ${after}`)) return false;
  return !/^(QUẬN|HUYỆN|PHƯỜNG|XÃ|TỈNH|THỊ)$/u.test(before);
}

/** Every way to cut n words into 2 to `max` lines: the indices where a new line starts. */
function cuts(n: number, max: number): number[][] {
  const out: number[][] = [];
  for (let a = 1; a < n; a++) {
    out.push([a]);
    if (max >= 3) for (let b = a + 1; b < n; b++) out.push([a, b]);
  }
  return out;
}

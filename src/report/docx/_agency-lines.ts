/**
 * Where the name of an issuing body breaks in the header block (Decree 30 sets it in capitals, centred, in a column
 * about 6 cm wide). A word processor breaks at the last space that fits, which splits names badly ("PHÒNG LAO ĐỘNG -
 * / THƯƠNG BINH VÀ XÃ HỘI", "ỦY BAN NHÂN DÂN QUẬN / BA ĐÌNH"); this chooses the breaks instead:
 * - a line break typed in the configuration wins;
 * - "ỦY BAN NHÂN DÂN" stands alone above the level and place ("QUẬN BA ĐÌNH");
 * - a longer name breaks in two where the longer line is shortest, never next to a dash nor between a level word
 *   and its place ("QUẬN / BA ĐÌNH"), a break before "VÀ" preferred.
 */
export function agencyLines(name: string, maxChars = LINE_CHARS): string[] {
  const text = name.normalize('NFC').trim();
  if (text.includes('\n')) return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (text.length <= maxChars) return [text];
  const council = /^(ỦY BAN NHÂN DÂN|UBND)\s+((?:QUẬN|HUYỆN|THỊ XÃ|THÀNH PHỐ|PHƯỜNG|XÃ|THỊ TRẤN|TỈNH)\s.+)$/u.exec(text);
  if (council?.[1] && council[2]) return [council[1], council[2]];
  const words = text.split(/\s+/);
  let best: string[] = [text];
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 1; i < words.length; i++) {
    if (!goodBreak(words[i - 1] ?? '', words[i] ?? '')) continue;
    const first = words.slice(0, i).join(' ');
    const second = words.slice(i).join(' ');
    const score = Math.max(first.length, second.length) - (words[i] === 'VÀ' ? 4 : 0);
    if (score < bestScore) {
      best = [first, second];
      bestScore = score;
    }
  }
  return best;
}

// --- internal ---

/** About the capitals of 13 pt bold Times New Roman that fit the header's left column on one line. */
const LINE_CHARS = 24;

/** No dash at the end or start of a line, no level word ("QUẬN") left at a line's end without its place. */
function goodBreak(before: string, after: string): boolean {
  if (/^[-–]$/.test(before) || /^[-–]$/.test(after)) return false;
  return !/^(QUẬN|HUYỆN|PHƯỜNG|XÃ|TỈNH|THÀNH|PHỐ|BA|THỊ)$/u.test(before);
}

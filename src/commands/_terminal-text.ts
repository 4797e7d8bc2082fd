import path from 'node:path';

/** The width every line the tool prints for a person stays within (issue 14: a clerk's console, 100 columns). */
export const LINE_WIDTH = 100;

/** Characters as a person counts them (NFC text: one code point a letter). */
export const textWidth = (s: string): number => [...s].length;

/** `Phường Nguyễn Trung T…`: cut to `width` characters, the cut marked. */
export function truncate(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

/** Wraps prose at spaces so that no line exceeds `width`; continuation lines get `indent`. */
export function wrap(text: string, width = LINE_WIDTH, indent = ''): string {
  const lead = /^ */.exec(text)![0];
  const out: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const candidate = line.trim() === '' ? `${line}${word}` : `${line} ${word}`;
    if (textWidth(candidate) > width && line.trim() !== '') {
      out.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  out.push(line);
  return out.join('\n');
}

/**
 * Plain-text columns padded by character count. `flex` is the column that gives way (truncated) when a row would
 * exceed `width`; the last column is never padded.
 */
export function table(rows: readonly (readonly string[])[], o: { width?: number; flex?: number } = {}): string {
  const width = o.width ?? LINE_WIDTH;
  const n = rows[0]?.length ?? 0;
  const widths = Array.from({ length: n }, (_, i) => Math.max(...rows.map((r) => textWidth(r[i] ?? ''))));
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (n - 1);
  if (o.flex !== undefined && total > width) widths[o.flex] = Math.max(8, widths[o.flex]! - (total - width));
  return rows
    .map((r) =>
      r
        .map((cell, i) => {
          const fitted = truncate(cell, widths[i]!);
          return i === r.length - 1 ? fitted : fitted + ' '.repeat(widths[i]! - textWidth(fitted));
        })
        .join('  ')
        .trimEnd(),
    )
    .map((l) => `${l}\n`)
    .join('');
}

/** Relative to the working folder when inside it, else absolute (never a `../../` chain); native separators. */
export function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/**
 * The little markup of templates/report/*.hbs, kept to line starts so that a clerk can read it and a ward's own
 * text (always printed after its name, never at a line start) cannot trigger it:
 *
 *   each non-empty line      one paragraph (leading and repeated spaces are dropped, so blocks can be indented)
 *   `# text`                 bold          (headings: "# I. Tình hình chung")
 *   `## text`                italic
 *   `### text`               bold italic
 *   `^` before any of these  centred, without first-line indent ("^# BÁO CÁO")
 *   `[[name]]` alone         a table built by the program (`[[bang-chi-tieu]]`, `[[bang-phuong]]`)
 */

export interface TextBlock {
  readonly kind: 'text';
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly centred: boolean;
}
export interface TableBlock {
  readonly kind: 'table';
  readonly name: string;
}
export type Block = TextBlock | TableBlock;

export function parseMarkup(source: string): Block[] {
  const blocks: Block[] = [];
  for (const raw of source.split(/\r?\n/)) {
    let line = raw.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (line === '') continue;
    const table = /^\[\[([a-z0-9-]+)\]\]$/.exec(line);
    if (table?.[1]) {
      blocks.push({ kind: 'table', name: table[1] });
      continue;
    }
    let centred = false;
    if (line.startsWith('^')) {
      centred = true;
      line = line.slice(1).trimStart();
    }
    const mark = /^(#{1,3}) /.exec(line);
    const level = mark?.[1]?.length ?? 0;
    if (mark) line = line.slice(mark[0].length).trimStart();
    if (line === '') continue;
    blocks.push({ kind: 'text', text: line, bold: level === 1 || level === 3, italic: level === 2 || level === 3, centred });
  }
  return blocks;
}

/** The plain text of blocks, one paragraph a line (tables as their marker): what the tests compare. */
export const blocksText = (blocks: readonly Block[]): string =>
  blocks.map((b) => (b.kind === 'table' ? `[[${b.name}]]` : b.text)).join('\n');

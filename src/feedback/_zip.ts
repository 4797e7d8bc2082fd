import { strFromU8, strToU8 } from 'fflate';
import { editZip, type ZipParts } from '../common/zip-parts.ts';

/**
 * Fixes what exceljs 4.4 writes wrong in an annotated copy, on the zipped parts:
 * - an internal hyperlink (`location="'BaoCao'!E17"`) also gets an `r:id` to an External relationship whose target
 *   is that same text, so Excel would try to open a file named `'BaoCao'!E17`: the r:id and the relationship go;
 * - every note box gets exceljs's fixed anchor of 2 columns × 4 rows, too small for a message: the anchors are
 *   recomputed from each note's own row and column, 5 columns × 10 rows;
 * - zip timestamps are pinned, so the same input gives the same bytes.
 */
export function finishAnnotatedZip(xlsx: Buffer): Buffer {
  return editZip(xlsx, (files) => {
    for (const name of Object.keys(files)) {
      const m = /^xl\/worksheets\/(sheet\d+\.xml)$/.exec(name);
      if (m?.[1]) fixInternalLinks(files, name, `xl/worksheets/_rels/${m[1]}.rels`);
      if (/^xl\/drawings\/vmlDrawing\d+\.vml$/.test(name)) files[name] = strToU8(resizeNotes(strFromU8(files[name] ?? new Uint8Array())));
    }
  });
}

// --- internal ---

type Files = ZipParts;

function fixInternalLinks(files: Files, sheetName: string, relsName: string): void {
  const sheet = strFromU8(files[sheetName] ?? new Uint8Array());
  const dropped = new Set<string>();
  const fixed = sheet.replace(/<hyperlink\b[^>]*\/>/g, (tag) => {
    const id = /\sr:id="([^"]+)"/.exec(tag)?.[1];
    if (id === undefined || !/\slocation="/.test(tag)) return tag;
    dropped.add(id);
    return tag.replace(/\sr:id="[^"]+"/, '');
  });
  if (dropped.size === 0) return;
  files[sheetName] = strToU8(fixed);
  const rels = files[relsName];
  if (!rels) return;
  const kept = strFromU8(rels).replace(/<Relationship\b[^>]*\/>/g, (rel) => {
    const id = /\sId="([^"]+)"/.exec(rel)?.[1];
    return id !== undefined && dropped.has(id) ? '' : rel;
  });
  files[relsName] = strToU8(kept);
}

const NOTE_COLUMNS = 5;
const NOTE_ROWS = 10;

function resizeNotes(vml: string): string {
  return vml.replace(/<v:shape\b[\s\S]*?<\/v:shape>/g, (shape) => {
    const row = Number(/<x:Row>(\d+)<\/x:Row>/.exec(shape)?.[1]);
    const col = Number(/<x:Column>(\d+)<\/x:Column>/.exec(shape)?.[1]);
    if (!Number.isInteger(row) || !Number.isInteger(col)) return shape;
    const top = Math.max(row - 1, 0);
    const anchor = [col + 1, 15, top, 10, col + 1 + NOTE_COLUMNS, 15, top + NOTE_ROWS, 4].join(', ');
    return shape
      .replace(/<x:Anchor>[^<]*<\/x:Anchor>/, `<x:Anchor>${anchor}</x:Anchor>`)
      .replace(/width:[\d.]+pt;height:[\d.]+pt/, 'width:320pt;height:150pt');
  });
}

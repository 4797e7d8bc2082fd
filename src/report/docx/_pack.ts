import type { Document } from 'docx';
import { unzipSync } from 'fflate';
import type { ZipParts } from '../../common/zip-parts.ts';
import type { Docx } from './_style.ts';
import { XML_DECLARATION } from '../../common/ooxml.ts';

/** A part written instead of the one docx would write (docx's `overrides`). */
export interface PartOverride {
  readonly path: string;
  readonly data: string;
}

/**
 * docProps/core.xml dated the document's own day (`day`, ISO) instead of the clock's (docx writes `new Date()` there),
 * so that a rerun gives the same bytes: the Word report and the errata.
 */
export function datedCoreProperties(title: string, day: string): PartOverride {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const when = `${day}T00:00:00Z`;
  return {
    path: 'docProps/core.xml',
    data:
      XML_DECLARATION +
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${esc(title)}</dc:title><dc:creator>baocao</dc:creator><cp:lastModifiedBy>baocao</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
      '</cp:coreProperties>',
  };
}

type Compile = (file: Document, prettify: undefined, overrides: readonly PartOverride[]) => Map<string, string | Uint8Array>;

/**
 * The parts of `doc` as docx's Packer would zip them, in its order, not zipped: the report is zipped once, after the
 * splice (issue 18: docx's zip, unzipped and zipped again, cost a year's compile about 0.1 s). The Packer zips what
 * its compiler gives (`Packer.compiler.compile`, left out of docx's typings); should a docx release not have it, the
 * parts come from the Packer's own zip. splice.test.ts checks that the report zipped from these parts is byte for
 * byte the Packer's.
 */
export async function docxParts(d: Docx, doc: Document, overrides: readonly PartOverride[]): Promise<ZipParts> {
  const compiler = (d.Packer as unknown as { compiler?: { compile?: Compile } }).compiler;
  if (typeof compiler?.compile !== 'function') return unzipSync(new Uint8Array(await d.Packer.toBuffer(doc, false, [...overrides])));
  const parts: ZipParts = {};
  for (const [name, data] of compiler.compile(doc, undefined, overrides)) {
    parts[name] = typeof data === 'string' ? Buffer.from(data, 'utf8') : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return parts;
}

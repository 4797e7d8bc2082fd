import type { Document } from 'docx';
import { unzipSync } from 'fflate';
import type { ZipParts } from '../../common/zip-parts.ts';
import type { Docx } from './_style.ts';

/** A part written instead of the one docx would write (docx's `overrides`). */
export interface PartOverride {
  readonly path: string;
  readonly data: string;
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

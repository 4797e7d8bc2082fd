import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { pinZipTimestamps } from './zip-directory.ts';

/** The parts of an Office file by path, in the zip's own order (new parts go at the end). */
export type ZipParts = Record<string, Uint8Array>;

/**
 * Unzips an Office file we wrote, lets `edit` change its parts, and zips it again with the entry times pinned:
 * the same input gives the same bytes. For the few things exceljs cannot write (annotated copies, charts).
 */
export function editZip(bytes: Buffer, edit: (parts: ZipParts) => void): Buffer {
  const parts = unzipSync(new Uint8Array(bytes));
  edit(parts);
  return zipParts(parts);
}

/**
 * The parts zipped in their order, each compressed with DEFLATE at level 6 (what docx and fflate do by default), the
 * entry times pinned: the same parts give the same bytes.
 */
export function zipParts(parts: ZipParts): Buffer {
  return pinZipTimestamps(Buffer.from(zipSync(parts, { level: 6 })));
}

/** A part as text, or null when the zip has no such part. */
export const readPart = (parts: ZipParts, name: string): string | null => {
  const data = parts[name];
  return data === undefined ? null : strFromU8(data);
};

export const writePart = (parts: ZipParts, name: string, text: string): void => {
  parts[name] = strToU8(text);
};

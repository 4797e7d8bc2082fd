import { inflateRawSync } from 'node:zlib';

/**
 * Just enough of the zip format for what exceljs and docx do not offer: look inside a workbook before
 * parsing it (declared unpacked size against a zip bomb, `xl/workbook.xml` for the 1904 date system,
 * what kind of Office file it is) and pin the entry timestamps of the files we write.
 */

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  /** Offset of the entry's central directory header. */
  readonly centralOffset: number;
}

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; reason: 'not-zip' | 'truncated' | 'corrupt' };

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

/** Reads the central directory. Never throws: a damaged file gives a reason. */
export function readZipDirectory(buf: Buffer): ZipDirectory {
  if (buf.length < 4 || buf.readUInt32LE(0) !== LOC_SIG) return { ok: false, reason: 'not-zip' };
  const eocd = findEocd(buf);
  if (eocd < 0) return { ok: false, reason: 'truncated' };
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (offset + size > eocd) return { ok: false, reason: 'truncated' };
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN_SIG) return { ok: false, reason: 'corrupt' };
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
      centralOffset: p,
    };
    if (entry.localHeaderOffset + 30 > buf.length) return { ok: false, reason: 'truncated' };
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries };
}

/**
 * Inflates one entry, refusing to produce more than `maxBytes` (the declared size can lie).
 * Returns null when the entry's data is damaged or larger than allowed.
 */
export function extractEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer | null {
  const data = entryData(buf, entry);
  if (data === null) return null;
  try {
    if (entry.method === 0) return data.length <= maxBytes ? Buffer.from(data) : null;
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
  return null;
}

/** An entry's stored (compressed) bytes, found through its local header; null when the header is not where the directory says. */
export function entryData(buf: Buffer, entry: ZipEntry): Buffer | null {
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOC_SIG) return null;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  return end > buf.length ? null : buf.subarray(start, end);
}

/** DOS date 1980-01-01 00:00:00, the earliest a zip can say. */
const FIXED_DOS_TIME = 0;
const FIXED_DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** 1980-01-01T00:00:00Z in Unix seconds, for extended-timestamp extra fields. */
const FIXED_UNIX_TIME = 315532800;

/**
 * Returns a copy of a zip whose entry timestamps (DOS fields, and any extended-timestamp extra field) are all
 * 1980-01-01, so the same content gives the same bytes whatever the clock or time zone (libraries.md §1.4, §2).
 */
export function pinZipTimestamps(input: Buffer): Buffer {
  const dir = readZipDirectory(input);
  if (!dir.ok) throw new Error(`pinZipTimestamps: not a readable zip (${dir.reason})`);
  const buf = Buffer.from(input);
  for (const e of dir.entries) {
    buf.writeUInt16LE(FIXED_DOS_TIME, e.centralOffset + 12);
    buf.writeUInt16LE(FIXED_DOS_DATE, e.centralOffset + 14);
    const cNameLen = buf.readUInt16LE(e.centralOffset + 28);
    const cExtraLen = buf.readUInt16LE(e.centralOffset + 30);
    pinExtraTimes(buf, e.centralOffset + 46 + cNameLen, cExtraLen);
    const l = e.localHeaderOffset;
    buf.writeUInt16LE(FIXED_DOS_TIME, l + 10);
    buf.writeUInt16LE(FIXED_DOS_DATE, l + 12);
    const lNameLen = buf.readUInt16LE(l + 26);
    const lExtraLen = buf.readUInt16LE(l + 28);
    pinExtraTimes(buf, l + 30 + lNameLen, lExtraLen);
  }
  return buf;
}

// --- internal ---

function findEocd(buf: Buffer): number {
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes.
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let p = buf.length - 22; p >= min; p--) if (buf.readUInt32LE(p) === EOCD_SIG) return p;
  return -1;
}

function pinExtraTimes(buf: Buffer, start: number, length: number): void {
  let p = start;
  const end = start + length;
  while (p + 4 <= end) {
    const id = buf.readUInt16LE(p);
    const size = buf.readUInt16LE(p + 2);
    if (id === 0x5455 && size >= 1) {
      // Extended timestamp: a flags byte, then up to three 4-byte Unix times.
      for (let q = p + 5; q + 4 <= p + 4 + size; q += 4) buf.writeUInt32LE(FIXED_UNIX_TIME, q);
    }
    p += 4 + size;
  }
}

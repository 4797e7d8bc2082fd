import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { extractEntry, pinZipTimestamps, readZipDirectory } from './zip-directory.ts';

const zipAt = (mtime: Date) =>
  Buffer.from(zipSync({ 'a.txt': [strToU8('hello hello hello'), { mtime }], 'b/c.xml': [strToU8('<x/>'), { level: 0, mtime }] }));

describe('readZipDirectory', () => {
  it('lists entries with their declared sizes', () => {
    const dir = readZipDirectory(zipAt(new Date(2024, 0, 1)));
    expect(dir.ok && dir.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.txt', 17],
      ['b/c.xml', 4],
    ]);
  });

  it('tells a non-zip, a truncated zip and a damaged directory apart', () => {
    const zip = zipAt(new Date(2024, 0, 1));
    expect(readZipDirectory(Buffer.from('PDF-1.4 not a zip'))).toEqual({ ok: false, reason: 'not-zip' });
    expect(readZipDirectory(zip.subarray(0, zip.length - 30))).toEqual({ ok: false, reason: 'truncated' });
    const broken = Buffer.from(zip);
    const dir = readZipDirectory(zip);
    if (!dir.ok) throw new Error('fixture');
    broken.writeUInt32LE(0xdeadbeef, dir.entries[1]!.centralOffset);
    expect(readZipDirectory(broken)).toEqual({ ok: false, reason: 'corrupt' });
  });

  it('extracts an entry but refuses to inflate past the limit', () => {
    const zip = zipAt(new Date(2024, 0, 1));
    const dir = readZipDirectory(zip);
    if (!dir.ok) throw new Error('fixture');
    expect(extractEntry(zip, dir.entries[0]!, 1000)?.toString()).toBe('hello hello hello');
    expect(extractEntry(zip, dir.entries[0]!, 5)).toBeNull();
  });
});

describe('pinZipTimestamps', () => {
  it('makes zips of the same content written at different times byte-identical', () => {
    const a = zipAt(new Date(2021, 2, 16, 10, 30));
    const b = zipAt(new Date(2026, 10, 29, 23, 59));
    expect(a.equals(b)).toBe(false);
    expect(pinZipTimestamps(a).equals(pinZipTimestamps(b))).toBe(true);
  });
});

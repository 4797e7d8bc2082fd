import { strToU8, zipSync } from 'fflate';

/**
 * Files a clerk might send instead of an .xlsx, built in memory for the sniffer and read-edge tests:
 * CFB containers (.xls, password-protected .xlsx), other zips (.ods, .docx, .pptx), a zip bomb.
 */

/**
 * A minimal Compound File (MS-CFB, version 3, 512-byte sectors): sector 0 holds the FAT, sector 1 the
 * directory (the root entry plus one empty stream per name, at most 3). Enough for a reader that lists names.
 */
export function makeCfb(streams: readonly string[]): Buffer {
  if (streams.length > 3) throw new Error('makeCfb: at most 3 streams');
  const SECTOR = 512;
  const END = 0xfffffffe;
  const FREE = 0xffffffff;
  const buf = Buffer.alloc(SECTOR * 3, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0x3e, 0x18); // minor version
  buf.writeUInt16LE(3, 0x1a); // major version
  buf.writeUInt16LE(0xfffe, 0x1c); // byte order
  buf.writeUInt16LE(9, 0x1e); // sector shift: 512
  buf.writeUInt16LE(6, 0x20); // mini sector shift: 64
  buf.writeUInt32LE(1, 0x2c); // FAT sectors
  buf.writeUInt32LE(1, 0x30); // first directory sector
  buf.writeUInt32LE(4096, 0x38); // mini stream cutoff
  buf.writeUInt32LE(END, 0x3c); // first mini FAT sector
  buf.writeUInt32LE(END, 0x44); // first DIFAT sector
  buf.writeUInt32LE(0, 0x4c); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) buf.writeUInt32LE(FREE, 0x4c + i * 4);
  const fat = SECTOR; // sector 0
  buf.writeUInt32LE(0xfffffffd, fat); // sector 0 is a FAT sector
  buf.writeUInt32LE(END, fat + 4); // sector 1 (directory) ends its chain
  for (let i = 2; i < 128; i++) buf.writeUInt32LE(FREE, fat + i * 4);
  const dir = SECTOR * 2; // sector 1
  ['Root Entry', ...streams].forEach((name, i) => {
    const p = dir + i * 128;
    buf.write(name, p, 'utf16le');
    buf.writeUInt16LE((name.length + 1) * 2, p + 0x40);
    buf[p + 0x42] = i === 0 ? 5 : 2; // root storage, then streams
    buf.writeUInt32LE(FREE, p + 0x44); // left sibling
    buf.writeUInt32LE(i + 1 < streams.length + 1 ? i + 1 : FREE, p + 0x48); // right sibling (a simple chain)
    buf.writeUInt32LE(FREE, p + 0x4c); // child
    buf.writeUInt32LE(END, p + 0x74); // start sector
  });
  return buf;
}

/** An Excel 97-2003 workbook's container. */
export const makeXlsCfb = (): Buffer => makeCfb(['Workbook', '\u0005SummaryInformation']);
/** A password-protected .xlsx (ECMA-376 agile encryption container). */
export const makeEncryptedCfb = (): Buffer => makeCfb(['EncryptionInfo', 'EncryptedPackage']);

/** A zip of text entries (fflate, deflated). */
export const makeZip = (entries: Readonly<Record<string, string>>): Buffer =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([n, t]) => [n, strToU8(t)]))));

/** An OpenDocument spreadsheet: `mimetype` first, stored. */
export const makeOds = (): Buffer =>
  Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
      'content.xml': strToU8('<office:document-content/>'),
      'META-INF/manifest.xml': strToU8('<manifest/>'),
    }),
  );

export const makeDocx = (): Buffer =>
  makeZip({ '[Content_Types].xml': '<Types/>', '_rels/.rels': '<Relationships/>', 'word/document.xml': '<w:document/>' });

export const makePptx = (): Buffer =>
  makeZip({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p:presentation/>' });

/**
 * A zip bomb shaped like a workbook: `xl/workbook.xml` plus one sheet of `mb` megabytes of zeros, which
 * deflates about 1000:1 (10 MB → about 10 KB).
 */
export function makeZipBomb(mb: number): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/workbook.xml': strToU8('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'),
      'xl/worksheets/sheet1.xml': new Uint8Array(mb * 1024 * 1024),
    }),
  );
}

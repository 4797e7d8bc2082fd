/**
 * Just enough of the Compound File Binary format ([MS-CFB]) to list the names in its directory: an .xls
 * and a password-protected .xlsx are both CFB containers, told apart by their streams (`Workbook` vs
 * `EncryptionInfo` + `EncryptedPackage`). Never throws; bounded by the file's own size.
 */
export function listCfbNames(bytes: Buffer): string[] {
  try {
    return readDirectoryNames(bytes) ?? scanNames(bytes);
  } catch {
    return scanNames(bytes);
  }
}

// --- internal ---

const HEADER_SIZE = 512;
const ENTRY_SIZE = 128;
const END_OF_CHAIN = 0xfffffffe;
/** Sector ids at or above this are markers (free, end of chain, FAT, DIFAT), not sectors. */
const MAX_REGULAR_SECTOR = 0xfffffffa;
const HEADER_DIFAT_COUNT = 109;

function readDirectoryNames(bytes: Buffer): string[] | null {
  if (bytes.length < HEADER_SIZE) return null;
  const shift = bytes.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + 1;
  const sectorAt = (id: number): Buffer | null => {
    const start = (id + 1) * sectorSize;
    return id < MAX_REGULAR_SECTOR && start < bytes.length ? bytes.subarray(start, start + sectorSize) : null;
  };
  const fat = readFat(bytes, sectorSize, sectorCount, sectorAt);
  const names: string[] = [];
  const seen = new Set<number>();
  for (let id = bytes.readUInt32LE(0x30); id !== END_OF_CHAIN; id = fat[id] ?? END_OF_CHAIN) {
    if (seen.has(id) || seen.size > sectorCount) return null;
    seen.add(id);
    const sector = sectorAt(id);
    if (!sector) return null;
    for (let p = 0; p + ENTRY_SIZE <= sector.length; p += ENTRY_SIZE) {
      const nameBytes = Math.min(sector.readUInt16LE(p + 0x40), 64);
      const type = sector[p + 0x42];
      if (nameBytes >= 2 && type !== 0) names.push(sector.toString('utf16le', p, p + nameBytes - 2));
    }
  }
  return names;
}

/** The FAT: the sectors listed in the header's DIFAT, then in the DIFAT chain. */
function readFat(bytes: Buffer, sectorSize: number, sectorCount: number, sectorAt: (id: number) => Buffer | null): number[] {
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_COUNT; i++) fatSectors.push(bytes.readUInt32LE(0x4c + i * 4));
  const seen = new Set<number>();
  for (let id = bytes.readUInt32LE(0x44); id < MAX_REGULAR_SECTOR && !seen.has(id) && seen.size <= sectorCount; ) {
    seen.add(id);
    const sector = sectorAt(id);
    if (!sector) break;
    const per = sectorSize / 4 - 1;
    for (let i = 0; i < per; i++) fatSectors.push(sector.readUInt32LE(i * 4));
    id = sector.readUInt32LE(per * 4);
  }
  const fat: number[] = [];
  for (const id of fatSectors) {
    const sector = id < MAX_REGULAR_SECTOR ? sectorAt(id) : null;
    if (!sector) continue;
    for (let p = 0; p + 4 <= sector.length; p += 4) fat.push(sector.readUInt32LE(p));
  }
  return fat;
}

/** Fallback for a damaged directory: look for the encryption stream names as UTF-16LE anywhere in the file. */
function scanNames(bytes: Buffer): string[] {
  return ['EncryptionInfo', 'EncryptedPackage'].filter((n) => bytes.includes(Buffer.from(n, 'utf16le')));
}

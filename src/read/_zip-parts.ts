import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { Inflate } from 'fflate';
import { entryData, type ZipEntry } from '../common/zip-directory.ts';

/**
 * The parts of one workbook zip, each inflated at most once and only when asked for: the sniff reads
 * `xl/workbook.xml` through this, and the cell reader gets the same bytes instead of inflating them again.
 * A part never inflates past the size its directory entry declares (the sniff already refused a total past the
 * limit), so a directory that lies about sizes cannot make the reader unpack more than the limit allowed.
 */
export class ZipParts {
  readonly #bytes: Buffer;
  readonly #entries: ReadonlyMap<string, ZipEntry>;
  readonly #inflated = new Map<string, Buffer | null>();

  constructor(bytes: Buffer, entries: readonly ZipEntry[]) {
    this.#bytes = bytes;
    this.#entries = new Map(entries.map((e) => [e.name, e]));
  }

  has(name: string): boolean {
    return this.#entries.has(name);
  }

  names(): IterableIterator<string> {
    return this.#entries.keys();
  }

  /**
   * The part's bytes; null when it is absent. Throws `PartError` when it is damaged or unpacks to more than it
   * declared (or than `maxBytes`, when given).
   */
  get(name: string, maxBytes?: number): Buffer | null {
    const entry = this.#entries.get(name);
    if (!entry) return null;
    const cached = this.#inflated.get(name);
    if (cached !== undefined) {
      if (cached === null) throw new PartError(name);
      return cached;
    }
    const out = inflate(this.#bytes, entry, Math.max(1, Math.min(entry.uncompressedSize, maxBytes ?? Infinity)));
    this.#inflated.set(name, out);
    if (out === null) throw new PartError(name);
    return out;
  }

  /**
   * A key naming the part's content: its stored bytes (hashed), how they are packed, and the size they declare.
   * Two parts with the same key inflate to the same bytes, or fail alike; a file written by the same program from
   * the same form stores its workbook and styles parts byte for byte alike, so what is read from them can be kept
   * (`_xlsx-book.ts`). null when the part is absent or its local header is damaged.
   */
  contentKey(name: string): string | null {
    const entry = this.#entries.get(name);
    const data = entry ? entryData(this.#bytes, entry) : null;
    if (!entry || data === null) return null;
    return `${entry.method}:${entry.uncompressedSize}:${createHash('sha256').update(data).digest('base64')}`;
  }

  /**
   * The part's bytes in pieces, in order, never held whole when it is big: a part declared larger than STREAM_ABOVE is
   * inflated as a stream (a sheet that declares a million styled empty rows unpacks to tens of MB the form never needs;
   * held whole, four such files read at once cost gigabytes, issue 13). False when the part is absent; throws
   * `PartError` when it is damaged or unpacks to more than it declared. Nothing is cached.
   */
  chunks(name: string, onChunk: (chunk: Uint8Array) => void): boolean {
    const entry = this.#entries.get(name);
    if (!entry) return false;
    if (entry.uncompressedSize <= STREAM_ABOVE || entry.method !== 8) {
      const whole = this.get(name);
      this.release(name);
      if (!whole) return false;
      for (let at = 0; at < whole.length; at += PIECE) onChunk(whole.subarray(at, at + PIECE));
      return true;
    }
    const data = entryData(this.#bytes, entry);
    if (!data) throw new PartError(name);
    let total = 0;
    const inflater = new Inflate((chunk) => {
      total += chunk.length;
      if (total > Math.max(1, entry.uncompressedSize)) throw new PartError(name);
      onChunk(chunk);
    });
    try {
      // Input in pieces of 64 KB: one piece of a sheet's XML inflates to a few MB (never past the declared size, which the
      // sniff held to the limit); smaller pieces cost fflate time (16 KB: three times slower), larger ones gain nothing.
      for (let at = 0; at < data.length; at += INPUT_PIECE) inflater.push(data.subarray(at, at + INPUT_PIECE), at + INPUT_PIECE >= data.length);
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (error) {
      if (error instanceof PartError || !isInflateError(error)) throw error;
      throw new PartError(name);
    }
    return true;
  }

  /** Lets a part's bytes go once it has been read (a sheet part is read once). */
  release(name: string): void {
    this.#inflated.delete(name);
  }
}

/** A zip part that could not be inflated within its declared size. */
export class PartError extends Error {
  readonly part: string;
  constructor(part: string) {
    super(`part ${part} is damaged or larger than declared`);
    this.part = part;
  }
}

// --- internal ---

/** Parts declared larger than this are inflated as a stream (`chunks`); a form's sheet is a few hundred KB. */
const STREAM_ABOVE = 4 * 1024 * 1024;
const PIECE = 64 * 1024;
const INPUT_PIECE = 64 * 1024;

/** fflate's errors carry a numeric `code` (invalid block type, unexpected EOF…); anything else is ours or a bug. */
const isInflateError = (error: unknown): boolean => error instanceof Error && typeof (error as { code?: unknown }).code === 'number';

function inflate(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer | null {
  const data = entryData(buf, entry);
  if (!data) return null;
  try {
    if (entry.method === 0) return data.length <= maxBytes ? data : null;
    // Node's zlib stops at maxOutputLength (a RangeError) instead of growing its buffer: the bound is enforced
    // while inflating, not checked afterwards.
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
  return null;
}

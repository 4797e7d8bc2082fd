import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fsErrorFix, fsErrorReason } from '../common/fs-error-text.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';
import type { Book } from './book.ts';
import { readXlsxBook, type SheetBounds } from './_xlsx-book.ts';
import { PartError } from './_zip-parts.ts';
import { sniffWorkbook } from './sniff.ts';

export type { SheetBounds };

export type ReadBookResult =
  | { readonly ok: true; readonly book: Book; readonly sha256: string }
  /** `sha256` is null when the file could not be read at all. */
  | { readonly ok: false; readonly issue: Issue; readonly sha256: string | null };

export interface ReadBookOptions {
  /** Workbooks that unpack to more than this are refused before parsing (config `limits.maxUnpackedMb`). */
  readonly maxUnpackedMb: number;
  /** The path shown in issues: relative to the scanned folder, POSIX separators. Default: the file's base name. */
  readonly displayPath?: string;
  /**
   * The sheets to read cells from, and how far (`formSheetBounds`: what a form needs). Other sheets are listed
   * with their names and states but no cells. Default: every cell of every sheet.
   */
  readonly sheets?: readonly SheetBounds[];
}

/**
 * Reads a workbook file into a library-independent Book (the cell reader in _xlsx-book.ts: no exceljs on input).
 * Never throws for a bad file: every problem (missing, unreadable, not a workbook, encrypted, too large,
 * corrupt) comes back as one issue with a Vietnamese message.
 */
export async function readBook(file: string, opts: ReadBookOptions): Promise<ReadBookResult> {
  const displayPath = opts.displayPath ?? path.basename(file);
  let bytes: Buffer;
  try {
    // Refuse a file bigger than the unpacked limit before holding it in memory: no workbook can be that.
    // Synchronous on purpose: files are read one after another, and awaiting small reads left the thread idle
    // (about 0.2 s of a year's compile, measured in the benchmark).
    const size = statSync(file).size;
    if (size > opts.maxUnpackedMb * MB) {
      return { ok: false, sha256: null, issue: issue('file.too-large', { file: displayPath }, { unpackedMb: Math.ceil(size / MB), limitMb: opts.maxUnpackedMb }) };
    }
    bytes = readFileSync(file);
  } catch (error) {
    return { ok: false, sha256: null, issue: issue('file.unreadable', { file: displayPath }, { reason: fsErrorReason(error), fix: fsErrorFix(error) }) };
  }
  return readBookBytes(bytes, { ...opts, displayPath });
}

/** The same from bytes already in memory (tests, and files that came from elsewhere). */
export async function readBookBytes(bytes: Buffer, opts: ReadBookOptions & { readonly displayPath: string }): Promise<ReadBookResult> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sniffed = sniffWorkbook(bytes, { file: opts.displayPath, maxUnpackedMb: opts.maxUnpackedMb });
  if (!sniffed.ok) return { ok: false, issue: sniffed.issue, sha256 };
  try {
    return { ok: true, book: readXlsxBook(sniffed.parts, opts.sheets), sha256 };
  } catch (error) {
    // The parser's own message is English and technical: the clerk gets what went wrong in words instead.
    const reason =
      error instanceof PartError
        ? `phần "${error.part}" không giải nén được hoặc lớn hơn kích thước khai báo`
        : 'nội dung bên trong không đúng cấu trúc sổ tính Excel';
    return { ok: false, issue: issue('file.corrupt', { file: opts.displayPath }, { reason }), sha256 };
  }
}

// --- internal ---

const MB = 1024 * 1024;

import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { stripXmlForbidden } from '../common/safe-text.ts';
import path from 'node:path';
import { fsErrorFix, fsErrorReason } from '../common/fs-error-text.ts';
import { issue } from '../domain/issue-catalog.ts';
import type { Issue } from '../domain/issue.ts';
import type { Book, BookSheet, CellValue } from './book.ts';
import { readXlsxBook, type SheetBounds } from './_xlsx-book.ts';
import { PartError } from './_zip-parts.ts';
import { sniffWorkbook } from './sniff.ts';

export type { SheetBounds };

export type ReadBookResult =
  /** `notes`: warnings about what the reader left out (a text cut to MAX_CELL_TEXT). */
  | { readonly ok: true; readonly book: Book; readonly sha256: string; readonly notes: readonly Issue[] }
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
    // Only a regular file is read: a FIFO would block forever and /dev/zero never ends (issue 13). Opened without
    // blocking and checked on the open descriptor, so what is checked is what is read.
    const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) return { ok: false, sha256: null, issue: issue('file.unreadable', { file: displayPath }, { reason: fsErrorReason({ code: 'EISDIR' }), fix: fsErrorFix({ code: 'EISDIR' }) }) };
      if (!stat.isFile()) return { ok: false, sha256: null, issue: issue('file.not-regular', { file: displayPath }) };
      if (stat.size > opts.maxUnpackedMb * MB) {
        return { ok: false, sha256: null, issue: issue('file.too-large', { file: displayPath }, { unpackedMb: Math.ceil(stat.size / MB), limitMb: opts.maxUnpackedMb }) };
      }
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
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
    const notes: Issue[] = [];
    const book = capTexts(readXlsxBook(sniffed.parts, opts.sheets), (sheet, cell, length) =>
      notes.push(issue('cell.text-truncated', { file: opts.displayPath, sheet, cell }, { length, limit: MAX_CELL_TEXT })),
    );
    return { ok: true, book, sha256, notes };
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

/** Longer text in one cell is cut here, with a warning: a ward's note is a few paragraphs; Excel itself stops at 32,767. */
export const MAX_CELL_TEXT = 10_000;

/**
 * Text as the rest of the tool may use it (issue 13): without what XML 1.0 forbids (the cell reader already drops it;
 * this keeps the guarantee whatever reader comes before), at most MAX_CELL_TEXT long, never a surrogate pair halved.
 */
function capTexts(book: Book, onTruncated: (sheet: string, cell: string, length: number) => void): Book {
  const sheets = book.sheets.map((sheet): BookSheet => {
    let changed = false;
    const cells = new Map<string, CellValue>();
    for (const [address, value] of sheet.cells) {
      if (value.kind !== 'text') {
        cells.set(address, value);
        continue;
      }
      let text = stripXmlForbidden(value.value);
      if (text.length > MAX_CELL_TEXT) {
        onTruncated(sheet.name, address, text.length);
        text = text.slice(0, /[\uD800-\uDBFF]/.test(text[MAX_CELL_TEXT - 1] ?? '') ? MAX_CELL_TEXT - 1 : MAX_CELL_TEXT);
      }
      if (text !== value.value) changed = true;
      if (text !== '') cells.set(address, { kind: 'text', value: text });
    }
    return changed ? { ...sheet, name: stripXmlForbidden(sheet.name), cells } : sheet;
  });
  return { ...book, sheets };
}


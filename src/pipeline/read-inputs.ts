import type { FormSet } from '../forms/load-forms.ts';
import type { Issue } from '../issues/issue.ts';
import { parseFormBook } from '../parse/parse-form-book.ts';
import { readBook } from '../read/read-book.ts';
import type { FormRecord } from '../records/form-record.ts';
import type { UnitRegistry } from '../units/units.ts';
import type { InputFile } from './scan-inputs.ts';

/** One input workbook after reading and parsing: a record (or null when it could not be read as a form) and its own issues. */
export interface ParsedInput {
  readonly file: string;
  /** null when the file could not be read at all. */
  readonly sha256: string | null;
  readonly record: FormRecord | null;
  readonly issues: readonly Issue[];
}

export interface ReadInputsOptions {
  readonly forms: FormSet;
  readonly units: UnitRegistry;
  readonly maxUnpackedMb: number;
  readonly maxListRows: number;
  /** Only `baocao outreach` reads the sensitive list columns. */
  readonly withPersonalData?: boolean;
  /** Called after each file (progress lines on a terminal). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Reads and parses every input, one at a time: each workbook is dropped as soon as its record is made,
 * so memory stays flat however many files the inbox holds (records, not workbooks, are kept).
 */
export async function readInputs(files: readonly InputFile[], options: ReadInputsOptions): Promise<ParsedInput[]> {
  const out: ParsedInput[] = [];
  for (const [i, f] of files.entries()) {
    out.push(await readInput(f, options));
    options.onProgress?.(i + 1, files.length);
  }
  return out;
}

export async function readInput(f: InputFile, options: ReadInputsOptions): Promise<ParsedInput> {
  const read = await readBook(f.path, { maxUnpackedMb: options.maxUnpackedMb, displayPath: f.display });
  if (!read.ok) return { file: f.display, sha256: read.sha256, record: null, issues: [read.issue] };
  const parsed = parseFormBook(read.book, {
    forms: options.forms,
    units: options.units,
    file: f.display,
    sha256: read.sha256,
    maxListRows: options.maxListRows,
    withPersonalData: options.withPersonalData ?? false,
  });
  return { file: f.display, sha256: read.sha256, record: parsed.record, issues: parsed.issues };
}

import { parseFormBook } from '../parse/parse-form-book.ts';
import { readBook } from '../read/read-book.ts';
import type { ParsedInput, ReadInputsOptions } from './read-inputs.ts';
import type { InputFile } from './scan-inputs.ts';

/** Reads and parses one input (readInputs' unit of work, in this thread or in a read worker). Never throws for a bad file. */
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

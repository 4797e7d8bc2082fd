import { parseFormBook } from '../parse/parse-form-book.ts';
import { readBook, type SheetBounds } from '../read/read-book.ts';
import { formSheetBounds } from '../read/form-bounds.ts';
import type { FormSet } from '../load/load-forms.ts';
import type { ParsedInput, ReadInputsOptions } from './read-inputs.ts';
import type { InputFile } from './scan-inputs.ts';

/**
 * Reads and parses one input (readInputs' unit of work, in this thread or in a read worker). Never throws for a
 * bad file. Only the cells the forms look at are read (formSheetBounds). The result is a structured clone: the
 * texts the XML parser hands over are V8 slices of the text they came from (a 64 KB chunk of sharedStrings.xml),
 * so a record keeping one ward's "Đánh giá chung" would keep that chunk alive. Cloning copies the strings and
 * lets the XML go (measured with exceljs: 3,000 forms read in 148 MB peak RSS instead of 237 MB; the clone costs
 * about 0.03 ms a file).
 */
export async function readInput(f: InputFile, options: ReadInputsOptions): Promise<ParsedInput> {
  if (f.problem) return { file: f.display, sha256: null, record: null, issues: [f.problem] };
  const said = f.note ? [f.note] : [];
  const read = await readBook(f.path, { maxUnpackedMb: options.maxUnpackedMb, displayPath: f.display, sheets: boundsOf(options.forms) });
  if (!read.ok) return { file: f.display, sha256: read.sha256, record: null, issues: [...said, read.issue] };
  const parsed = parseFormBook(read.book, {
    forms: options.forms,
    units: options.units,
    file: f.display,
    sha256: read.sha256,
    maxListRows: options.maxListRows,
    withPersonalData: options.withPersonalData ?? false,
  });
  return structuredClone({ file: f.display, sha256: read.sha256, record: parsed.record, issues: [...said, ...read.notes, ...parsed.issues] });
}

// --- internal ---

const bounds = new WeakMap<FormSet, SheetBounds[]>();

function boundsOf(forms: FormSet): SheetBounds[] {
  let b = bounds.get(forms);
  if (!b) {
    b = formSheetBounds(Object.values(forms));
    bounds.set(forms, b);
  }
  return b;
}

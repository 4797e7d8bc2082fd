import { issue } from '../domain/issue-catalog.ts';
import type { Issue, IssueLocation } from '../domain/issue.ts';
import { readZipDirectory } from '../common/zip-directory.ts';
import { ZipParts } from './_zip-parts.ts';
import { listCfbNames } from './_cfb.ts';

/**
 * Looks at a file's bytes before any spreadsheet library does (spec/security.md, "Bad input"): what kind of
 * file it really is, whether it declares more than the limit unpacked (a zip bomb is refused before parsing), and
 * what no reader here understands (Strict OOXML). Reads the zip's central directory and the workbook part only. Pure.
 */

export type SniffResult =
  /**
   * An OOXML workbook the reader may open. `date1904`: the workbook uses the 1904 date system. `parts`: its zip
   * parts, inflated on demand and once (the workbook part already is).
   */
  | { readonly ok: true; readonly date1904: boolean; readonly parts: ZipParts }
  | { readonly ok: false; readonly issue: Issue };

export interface SniffOptions {
  /** Path shown in the issue (relative to the scanned folder). */
  readonly file: string;
  readonly maxUnpackedMb: number;
}

export function sniffWorkbook(bytes: Buffer, opts: SniffOptions): SniffResult {
  const at: IssueLocation = { file: opts.file };
  const refuse = (i: Issue): SniffResult => ({ ok: false, issue: i });
  if (bytes.length === 0) return refuse(issue('file.empty', at));
  if (startsWith(bytes, CFB_MAGIC)) {
    const names = listCfbNames(bytes);
    return refuse(names.some((n) => ENCRYPTION_STREAMS.has(n)) ? issue('file.encrypted', at) : issue('file.xls', at));
  }
  if (startsWith(bytes, ZIP_MAGIC)) return sniffZip(bytes, opts, at);
  if (looksLikeCsv(bytes, opts.file)) return refuse(issue('file.csv', at));
  return refuse(issue('file.unknown-type', at, { ext: extensionOf(opts.file) }));
}

// --- internal ---

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** A password-protected .xlsx is a CFB container holding these streams (MS-OFFCRYPTO). */
const ENCRYPTION_STREAMS = new Set(['EncryptionInfo', 'EncryptedPackage']);
const MB = 1024 * 1024;
/** workbook.xml is a few KB; anything past this is not a workbook part we want to search. */
const WORKBOOK_XML_MAX = 8 * MB;

const startsWith = (bytes: Buffer, magic: readonly number[]): boolean => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

const ZIP_REASONS = {
  'not-zip': 'không phải tệp nén hợp lệ',
  truncated: 'tệp bị cắt cụt, thiếu phần cuối',
  corrupt: 'danh mục tệp nén bị hỏng',
} as const;

function sniffZip(bytes: Buffer, opts: SniffOptions, at: IssueLocation): SniffResult {
  const refuse = (i: Issue): SniffResult => ({ ok: false, issue: i });
  const dir = readZipDirectory(bytes);
  if (!dir.ok) return refuse(issue('file.corrupt', at, { reason: ZIP_REASONS[dir.reason] }));
  const entries = dir.entries;
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > opts.maxUnpackedMb * MB) {
    return refuse(issue('file.too-large', at, { unpackedMb: Math.ceil(declared / MB), limitMb: opts.maxUnpackedMb }));
  }
  const parts = new ZipParts(bytes, entries);
  const kind = officeKind(parts);
  if (kind === 'ods') return refuse(issue('file.ods', at));
  if (kind !== 'xlsx') return refuse(issue('file.not-workbook', at, { what: NOT_WORKBOOK[kind] }));
  // Only the directory is read here: each part is inflated once, when the reader needs it, and never past the
  // size it declares (PartError), so a directory that lies cannot make the reader unpack more than the limit.
  const workbookXml = readText(parts, 'xl/workbook.xml');
  if (workbookXml === null) return refuse(issue('file.corrupt', at, { reason: 'không đọc được phần xl/workbook.xml' }));
  if (workbookXml.includes('http://purl.oclc.org/ooxml/')) return refuse(issue('file.strict-ooxml', at));
  return { ok: true, date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(workbookXml), parts };
}

type OfficeKind = 'xlsx' | 'ods' | 'odf' | 'docx' | 'pptx' | 'xlsb' | 'zip';

const NOT_WORKBOOK: Readonly<Record<Exclude<OfficeKind, 'xlsx' | 'ods'>, string>> = {
  docx: 'tài liệu Word (.docx)',
  pptx: 'bản trình chiếu PowerPoint (.pptx)',
  xlsb: 'sổ tính Excel dạng nhị phân (.xlsb)',
  odf: 'tài liệu OpenDocument (.odt, .odp)',
  zip: 'một tệp nén .zip',
};

function officeKind(parts: ZipParts): OfficeKind {
  if (parts.has('mimetype')) {
    const type = readText(parts, 'mimetype', 200)?.trim() ?? '';
    if (type === 'application/vnd.oasis.opendocument.spreadsheet') return 'ods';
    if (type.startsWith('application/vnd.oasis.opendocument.')) return 'odf';
  }
  if (parts.has('xl/workbook.xml')) return 'xlsx';
  if (parts.has('word/document.xml')) return 'docx';
  if ([...parts.names()].some((n) => n.startsWith('ppt/'))) return 'pptx';
  if (parts.has('xl/workbook.bin')) return 'xlsb';
  return 'zip';
}

function readText(parts: ZipParts, name: string, max = WORKBOOK_XML_MAX): string | null {
  try {
    return parts.get(name, max)?.toString('utf8') ?? null;
  } catch {
    return null;
  }
}

/**
 * Text that a spreadsheet program would open as CSV: readable text (UTF-8, or UTF-16 with a BOM as Excel's
 * "Unicode text" writes it) with a separator on its first line, or any readable text named .csv.
 * HTML (the "web page" .xls some systems export) is not CSV.
 */
function looksLikeCsv(bytes: Buffer, file: string): boolean {
  const head = bytes.subarray(0, 8192);
  const text =
    head[0] === 0xff && head[1] === 0xfe ? head.subarray(2).toString('utf16le') : head.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim() || /^\s*</.test(text)) return false;
  const unreadable = [...text].filter((ch) => ch === '\uFFFD' || /[\u0000-\u0008\u000E-\u001F]/.test(ch)).length;
  if (unreadable > text.length / 100) return false;
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  return /[,;\t]/.test(firstLine) || extensionOf(file) === '.csv';
}

/** ".pdf"; the file name itself when it has no extension (the message quotes it). */
function extensionOf(file: string): string {
  const base = file.split('/').pop() ?? file;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : base;
}

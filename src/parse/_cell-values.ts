import type { CellValue } from '../read/book.ts';
import { addDays, daysInMonth, isoDate } from '../domain/period.ts';
import { formatDateVi, formatNumberVi } from '../common/vi-format.ts';

/**
 * Small readers shared by the header, indicator and list parsers: text, dates and the way a cell is
 * quoted back to the clerk. Everything here is pure.
 */

/** Text of a cell as the clerk sees it, NFC, trimmed; '' for an empty cell. Numbers print plainly (7 → "7"). */
export function cellText(cell: CellValue): string {
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'text':
      return cell.value.normalize('NFC').trim();
    case 'number':
      return String(cell.value);
    case 'date':
      return formatDateVi(cell.value);
    case 'bool':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'error':
      return cell.value;
    case 'formula-no-result':
      return `=${cell.formula}`;
    case 'bad-value':
      return cell.raw;
  }
}

/** How a value is quoted in a message: text as typed (trimmed), numbers the Vietnamese way (12,5), dates dd/mm/yyyy. */
export function quoteCell(cell: CellValue): string {
  return cell.kind === 'number' ? formatNumberVi(cell.value, 6) : cellText(cell);
}

/** Blank for reading purposes: empty, or text that is only spaces. */
export const isBlank = (cell: CellValue): boolean => cell.kind === 'empty' || (cell.kind === 'text' && cell.value.trim() === '');

/**
 * Folds a label for lenient comparison: NFC/NFD, diacritics and their placement (`Lũy`/`Luỹ`), đ, case,
 * repeated spaces and a trailing colon.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*:$/, '');
}

/**
 * A date cell, an Excel serial number or a typed date → ISO day; null when the cell holds something else.
 * Typed forms: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy (day first, as Vietnam writes dates) and yyyy-mm-dd.
 */
export function readDateCell(cell: CellValue, date1904: boolean): string | null {
  if (cell.kind === 'date') return cell.value;
  if (cell.kind === 'number') return serialToIsoDay(cell.value, date1904);
  if (cell.kind === 'text') return parseDateText(cell.value);
  return null;
}

export function parseDateText(input: string): string | null {
  const s = input.normalize('NFC').trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return validIso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return validIso(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/**
 * An Excel date serial → ISO day. 1900 system: day 1 is 1900-01-01 and Excel's phantom 29/02/1900 (serial 60)
 * shifts everything before 1 March 1900; serials from 61 on count from 1899-12-30. 1904 system: day 0 is 1904-01-01.
 * Only plausible report dates (1900–9999) are accepted; a time of day is dropped.
 */
export function serialToIsoDay(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const day = Math.floor(serial);
  if (date1904) return addDays('1904-01-01', day);
  return day >= 61 ? addDays('1899-12-30', day) : day === 60 ? null : addDays('1899-12-31', day);
}

// --- internal ---

function validIso(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null; // 31/02 and the like
  return isoDate(y, m, d);
}

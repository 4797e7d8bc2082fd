import type { Alignment, Borders, Cell, DataValidation, Fill, Font, PageSetup, Worksheet } from 'exceljs';

/**
 * Look and feel shared by the sheets of a blank form. Vietnamese administrative forms are set in
 * Times New Roman; LibreOffice renders it as Liberation Serif, which has the same metrics.
 */

export const FONT: Partial<Font> = { name: 'Times New Roman', size: 12 };
export const BOLD: Partial<Font> = { ...FONT, bold: true };

const THIN = { style: 'thin', color: { argb: 'FF000000' } } as const;
export const BORDER: Partial<Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Light yellow: where the clerk types. Grey: headers and section rows. */
export const INPUT_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
export const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
export const SECTION_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

export const WRAP_TOP: Partial<Alignment> = { wrapText: true, vertical: 'top' };
export const CENTER: Partial<Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
export const MIDDLE: Partial<Alignment> = { vertical: 'middle', wrapText: true };

export const DATE_FORMAT = 'dd/mm/yyyy';
export const NUMBER_FORMAT = '#,##0';
export const TEXT_FORMAT = '@';

/** Excel's row height for one line of 12 pt text, in points. */
export const LINE_HEIGHT = 16;

/** Page footer "Trang 1/2" in the form font (header/footer codes: &C centre, &P page, &N pages). */
export const PAGE_FOOTER = '&C&"Times New Roman,Regular"&10Trang &P/&N';

/** A4 (paper size 9), one page wide, as many pages high as needed, margins in inches. */
export function a4Setup(orientation: 'portrait' | 'landscape'): Partial<PageSetup> {
  return {
    paperSize: 9,
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

export interface CellLook {
  font?: Partial<Font>;
  alignment?: Partial<Alignment>;
  border?: Partial<Borders>;
  fill?: Fill;
  numFmt?: string;
  /** Input cells are unlocked; everything else stays locked under sheet protection. */
  input?: boolean;
}

/** Styles one cell; every written cell gets the form font, so nothing falls back to the default Calibri. */
export function styleCell(cell: Cell, look: CellLook): void {
  cell.font = look.font ?? FONT;
  if (look.alignment) cell.alignment = look.alignment;
  if (look.border) cell.border = look.border;
  if (look.fill) cell.fill = look.fill;
  if (look.numFmt) cell.numFmt = look.numFmt;
  cell.protection = { locked: !look.input };
}

/**
 * Adds one validation over a whole range (one `sqref`). exceljs 4.4 has `ws.dataValidations.add` but its
 * typings omit it; per-cell validations would create a cell object for every row of a list sheet.
 */
export function addRangeValidation(ws: Worksheet, range: string, validation: DataValidation): void {
  const holder = ws as unknown as Partial<{ dataValidations: { add(address: string, v: DataValidation): unknown } }>;
  if (!holder.dataValidations) throw new Error('exceljs: worksheet has no dataValidations collection');
  holder.dataValidations.add(range, validation);
}

/** Rows of wrapped text needed for `text` in a column `width` characters wide (a conservative estimate). */
export function linesFor(text: string, width: number): number {
  // Times New Roman 12 pt fits about 1.3 characters per width unit (measured in the LibreOffice PDF);
  // 1.15 leaves room for bold text and Excel's slightly wider rendering.
  const perLine = Math.max(1, Math.floor(width * 1.15));
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
}

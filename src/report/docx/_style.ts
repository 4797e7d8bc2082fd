import type { IPropertiesOptions, ISectionOptions, Paragraph, ParagraphChild } from 'docx';
import type { TextBlock } from './_markup.ts';

/**
 * Measures of Decree 30/2020/NĐ-CP, Appendix I, in Word's units: twips (1/20 pt) for lengths, half-points for
 * font sizes. Only the document default sets a font (Times New Roman); nothing else names one.
 */

/** The docx module, imported lazily by the renderer and handed to the builders. */
export type Docx = typeof import('docx');

/** A4 as Word gives it (11906 × 16838), and the margins top 20, bottom 20, left 30, right 15 mm. */
export const PAGE = { width: 11906, height: 16838, top: 1134, bottom: 1134, left: 1701, right: 850, header: 567, footer: 567 } as const;
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** The annex is landscape with the same margins. */
export const LANDSCAPE_TEXT_WIDTH = PAGE.height - PAGE.left - PAGE.right;

export const mm = (n: number): number => Math.round((n * 1440) / 25.4);
/** Font size in points → half-points. */
export const pt = (n: number): number => n * 2;

export const BODY_SIZE = pt(14);
/** 1.27 cm first-line indent of body paragraphs. */
export const FIRST_LINE = 720;
/** 6 pt after each body paragraph, 1.2 lines between lines (Decree 30: single to 1.5 lines, at least 6 pt between paragraphs). */
export const BODY_SPACING = { before: 0, after: 120, line: 288 } as const;
/** Inside tables and the header block: single lines, tight. */
export const TIGHT_SPACING = { before: 0, after: 0, line: 240 } as const;

/** A paragraph of the body (or annex) from a markup block. */
export function blockParagraph(d: Docx, b: TextBlock, options: { size?: number; spacing?: { before: number; after: number; line: number } } = {}): Paragraph {
  const spacing = options.spacing ?? BODY_SPACING;
  return new d.Paragraph({
    alignment: b.centred ? d.AlignmentType.CENTER : d.AlignmentType.JUSTIFIED,
    ...(b.centred ? {} : { indent: { firstLine: FIRST_LINE } }),
    spacing: { ...spacing, lineRule: d.LineRuleType.AUTO },
    // Keep a heading on the page of the paragraph it introduces.
    ...(b.bold && !b.centred ? { keepNext: true } : {}),
    children: [run(d, b.text, { bold: b.bold, italics: b.italic, size: options.size })],
  });
}

export interface LineOptions {
  readonly bold?: boolean;
  readonly italics?: boolean;
  /** Half-points; the document default (14 pt) when left out. */
  readonly size?: number | undefined;
  readonly align?: 'left' | 'center' | 'right' | 'justify';
  readonly spacing?: { before: number; after: number; line: number };
  readonly indent?: { left?: number; right?: number };
  /** Keep with the next paragraph (in a table: keeps the row with the next row). */
  readonly keepNext?: boolean;
}

/** One line of a table cell or of the header block. */
export function line(d: Docx, text: string, o: LineOptions = {}): Paragraph {
  const align = { left: d.AlignmentType.LEFT, center: d.AlignmentType.CENTER, right: d.AlignmentType.RIGHT, justify: d.AlignmentType.JUSTIFIED }[o.align ?? 'center'];
  return new d.Paragraph({
    alignment: align,
    spacing: { ...(o.spacing ?? TIGHT_SPACING), lineRule: d.LineRuleType.AUTO },
    ...(o.indent ? { indent: o.indent } : {}),
    ...(o.keepNext ? { keepNext: true } : {}),
    children: [run(d, text, o)],
  });
}

/**
 * A short horizontal rule, centred in a column: an empty paragraph of tiny exact height whose top border is the line.
 * Decree 30 wants it under the issuing body (1/3 to 1/2 of the line) and under the motto (as long as the motto).
 */
export function rule(d: Docx, columnWidth: number, length: number, space: { before?: number; after?: number } = {}): Paragraph {
  const side = Math.max(0, Math.round((columnWidth - length) / 2));
  return new d.Paragraph({
    alignment: d.AlignmentType.CENTER,
    indent: { left: side, right: side },
    spacing: { before: space.before ?? 50, after: space.after ?? 0, line: 80, lineRule: d.LineRuleType.EXACT },
    border: { top: { style: d.BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [run(d, '', { size: pt(4) })],
  });
}

export function run(d: Docx, text: string, o: { bold?: boolean; italics?: boolean; size?: number | undefined }): ParagraphChild {
  return new d.TextRun({ text, ...(o.bold ? { bold: true } : {}), ...(o.italics ? { italics: true } : {}), ...(o.size ? { size: o.size } : {}) });
}

/** Borders for ruled tables (0.5 pt) and for layout tables (none). */
export const ruled = (d: Docx) => {
  const b = { style: d.BorderStyle.SINGLE, size: 4, color: '000000' };
  return { top: b, bottom: b, left: b, right: b, insideHorizontal: b, insideVertical: b };
};
export const borderless = (d: Docx) => {
  const b = { style: d.BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return { top: b, bottom: b, left: b, right: b, insideHorizontal: b, insideVertical: b };
};

/** The document defaults every Word file of ours shares: Times New Roman, the only font named anywhere; Vietnamese. */
export const documentStyles = (d: Docx): IPropertiesOptions['styles'] => ({
  default: {
    document: {
      run: { font: 'Times New Roman', size: BODY_SIZE, language: { value: 'vi-VN' } },
      paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: d.LineRuleType.AUTO } },
    },
  },
});

/**
 * A section laid out by Decree 30: A4 with the margins of PAGE, numbered from 1 and no number on its first page
 * (the report itself, an annex that is a document of its own, an errata).
 */
export const decree30Section = (d: Docx, orientation: 'portrait' | 'landscape'): NonNullable<ISectionOptions['properties']> => ({
  titlePage: true,
  page: {
    size: { width: PAGE.width, height: PAGE.height, orientation: orientation === 'portrait' ? d.PageOrientation.PORTRAIT : d.PageOrientation.LANDSCAPE },
    margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: PAGE.header, footer: PAGE.footer },
    pageNumbers: { start: 1 },
  },
});

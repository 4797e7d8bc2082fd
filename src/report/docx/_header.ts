import type { Header, Paragraph, Table, TableCell } from 'docx';
import type { ComposedReport } from './_compose.ts';
import type { TextBlock } from './_markup.ts';
import { TEXT_WIDTH, TIGHT_SPACING, borderless, line, mm, pt, rule, type Docx } from './_style.ts';

/**
 * The fixed blocks of Decree 30's layout: the two-column header (issuing body and number on the left, national
 * title, motto and place-date on the right), the bottom block (Nơi nhận, signature) and the page-number header.
 */

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Left column of the header; the right one takes the rest, for the national title on one line at 13 pt bold. */
const HEADER_LEFT = mm(62);
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;
/** The motto's printed length at 14 pt bold Times New Roman (measured in the PDF: 171 pt), for its rule. */
const MOTTO_WIDTH = 3420;
/** Decree 30: the rule under the issuing body is a third to a half of its line. */
const ISSUER_RULE = mm(22);

export function headerTable(d: Docx, h: ComposedReport['header']): Table {
  const left = [
    // A line break in the configured name chooses where it wraps ("ỦY BAN NHÂN DÂN\nQUẬN BA ĐÌNH").
    ...(h.issuerParent ? h.issuerParent.split('\n').map((t) => line(d, t, { size: pt(13) })) : []),
    ...h.issuer.split('\n').map((t) => line(d, t, { bold: true, size: pt(13) })),
    rule(d, HEADER_LEFT, ISSUER_RULE),
    line(d, h.number, { size: pt(13), spacing: { before: 120, after: 0, line: 240 } }),
  ];
  const right = [
    line(d, NATIONAL_TITLE, { bold: true, size: pt(13) }),
    line(d, MOTTO, { bold: true, size: pt(14) }),
    rule(d, HEADER_RIGHT, MOTTO_WIDTH),
    line(d, h.placeDate, { italics: true, size: pt(14), spacing: { before: 240, after: 0, line: 240 } }),
  ];
  return layoutTable(d, [HEADER_LEFT, HEADER_RIGHT], [left, right]);
}

/** Width of the Nơi nhận column at the bottom; the signature takes the rest. */
const BOTTOM_LEFT = mm(72);
/** Between the closing sentence and the bottom block. */
const GAP_ABOVE = { before: 240, after: 0, line: 240 };

export function bottomTable(d: Docx, copiesTo: readonly TextBlock[], signer: ComposedReport['signer']): Table {
  const left = copiesTo.map((b, i) =>
    line(d, b.text, { bold: b.bold, italics: b.italic, size: i === 0 ? pt(12) : pt(11), align: 'left', spacing: i === 0 ? GAP_ABOVE : TIGHT_SPACING }),
  );
  const right = [
    ...signer.lines.map((text, i) => line(d, text.toLocaleUpperCase('vi'), { bold: true, size: pt(14), spacing: i === 0 ? GAP_ABOVE : TIGHT_SPACING })),
    // Room for the signature and the seal (about 3 cm).
    line(d, signer.name, { bold: true, size: pt(14), spacing: { before: 1700, after: 0, line: 240 } }),
  ];
  return layoutTable(d, [BOTTOM_LEFT, TEXT_WIDTH - BOTTOM_LEFT], [left.length ? left : [line(d, '')], right]);
}

/** The header of every page but the first: the page number, centred in the top margin. */
export function pageNumberHeader(d: Docx): Header {
  return new d.Header({
    children: [new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ children: [d.PageNumber.CURRENT], size: pt(14) })] })],
  });
}

export const emptyHeader = (d: Docx): Header => new d.Header({ children: [new d.Paragraph({ children: [] })] });

// --- internal ---

/** A borderless table with explicit widths everywhere, so Word and LibreOffice lay it out alike. */
function layoutTable(d: Docx, widths: readonly number[], columns: readonly (readonly Paragraph[])[]): Table {
  const cells: TableCell[] = columns.map(
    (children, i) =>
      new d.TableCell({
        width: { size: widths[i] ?? 0, type: d.WidthType.DXA },
        margins: { top: 0, bottom: 0, left: 0, right: 0 },
        borders: borderless(d),
        children: [...children],
      }),
  );
  return new d.Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: d.WidthType.DXA },
    columnWidths: [...widths],
    layout: d.TableLayoutType.FIXED,
    borders: borderless(d),
    rows: [new d.TableRow({ children: cells, cantSplit: true })],
  });
}

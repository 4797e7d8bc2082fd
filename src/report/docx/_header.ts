import type { Header, Paragraph, Table, TableCell } from 'docx';
import type { ComposedReport } from './_compose.ts';
import type { TextBlock } from './_markup.ts';
import { TEXT_WIDTH, TIGHT_SPACING, borderless, line, mm, pt, rule, type Docx } from './_style.ts';
import { agencyLines } from './_agency-lines.ts';
import { textWidthPt } from './_text-width.ts';

/**
 * The fixed blocks of Decree 30's layout: the two-column header (issuing body and number on the left, national
 * title, motto and place-date on the right), the bottom block (Nơi nhận, signature) and the page-number header.
 */

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Left column of the header at least; it widens for a long issuing body. */
const HEADER_LEFT = mm(62);
/** The widest the left column may grow to (a long name then prints at 12 pt, which Decree 30 allows). */
const HEADER_LEFT_MAX = mm(80);
/** The header may reach this far into the left margin (30 mm) to keep the national title on one line. */
const HEADER_OUTDENT_MAX = mm(10);
/** The motto's printed length at 14 pt bold Times New Roman (measured in the PDF: 171 pt), for its rule. */
const MOTTO_WIDTH = 3420;
/** Decree 30: the rule under the issuing body is a third to a half of its line. */
const ISSUER_RULE = mm(22);

export function headerTable(d: Docx, h: ComposedReport['header']): Table {
  const layout = headerLayout(h);
  const left = [
    ...layout.parent.map((t) => line(d, t, { size: pt(layout.size) })),
    ...layout.issuer.map((t) => line(d, t, { bold: true, size: pt(layout.size) })),
    rule(d, layout.left, ISSUER_RULE),
    line(d, h.number, { size: pt(13), spacing: { before: 120, after: 0, line: 240 } }),
  ];
  const right = [
    line(d, NATIONAL_TITLE, { bold: true, size: pt(13) }),
    line(d, MOTTO, { bold: true, size: pt(14) }),
    rule(d, layout.right, MOTTO_WIDTH),
    line(d, h.placeDate, { italics: true, size: pt(14), spacing: { before: 240, after: 0, line: 240 } }),
  ];
  return layoutTable(d, [layout.left, layout.right], [left, right], layout.outdent);
}

/**
 * The header's columns and the issuing body's lines: 13 pt in the usual 62 mm column when the name fits there
 * (broken by agencyLines), else 12 pt in a column as wide as the name's longest line; the national title keeps
 * its 13 pt line, the table reaching into the left margin if it must.
 */
export function headerLayout(h: Pick<ComposedReport['header'], 'issuerParent' | 'issuer'>): { size: 12 | 13; parent: string[]; issuer: string[]; left: number; right: number; outdent: number } {
  const titleCol = toDxa(textWidthPt(NATIONAL_TITLE, 13, { bold: true })) + mm(3);
  for (const size of [13, 12] as const) {
    const room = size === 13 ? HEADER_LEFT : HEADER_LEFT_MAX;
    const fits = (bold: boolean) => (t: string) => toDxa(textWidthPt(t, size, { bold })) + mm(2) <= room;
    const parent = h.issuerParent ? agencyLines(h.issuerParent, fits(false)) : [];
    const issuer = agencyLines(h.issuer, fits(true));
    const widest = Math.max(...parent.map((t) => toDxa(textWidthPt(t, size))), ...issuer.map((t) => toDxa(textWidthPt(t, size, { bold: true })))) + mm(2);
    if (widest > room && size === 13) continue;
    const left = Math.max(HEADER_LEFT, Math.min(HEADER_LEFT_MAX, widest));
    const right = Math.max(TEXT_WIDTH - left, titleCol);
    return { size, parent, issuer, left, right, outdent: Math.min(HEADER_OUTDENT_MAX, Math.max(0, left + right - TEXT_WIDTH)) };
  }
  return { size: 12, parent: h.issuerParent ? [h.issuerParent] : [], issuer: [h.issuer], left: HEADER_LEFT, right: TEXT_WIDTH - HEADER_LEFT, outdent: 0 };
}

const toDxa = (points: number): number => Math.ceil(points * 20);

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
function layoutTable(d: Docx, widths: readonly number[], columns: readonly (readonly Paragraph[])[], outdent = 0): Table {
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
    ...(outdent > 0 ? { indent: { size: -outdent, type: d.WidthType.DXA } } : {}),
    rows: [new d.TableRow({ children: cells, cantSplit: true })],
  });
}

import type { Paragraph } from 'docx';
import type { ChartImage } from '../charts/chart-images.ts';
import { pt, type Docx } from './_style.ts';

/**
 * The charts as pictures, centred, each with its caption under it ("Biểu đồ 1. …"), kept on one page with it.
 * The drawing ids are fixed (docx would number them from a process-wide counter, so a second report built in
 * the same process would differ), and docx names the media by a hash of the bytes: the same charts, the same file.
 */
export function chartParagraphs(d: Docx, images: readonly ChartImage[]): Paragraph[] {
  return images.flatMap((img, i) => [
    new d.Paragraph({
      alignment: d.AlignmentType.CENTER,
      keepNext: true,
      keepLines: true,
      spacing: { before: 240, after: 60 },
      children: [
        new d.ImageRun({
          type: 'png',
          data: img.png,
          transformation: { width: img.width, height: img.height },
          altText: { id: String(CHART_DRAWING_ID + i), name: `Biểu đồ ${i + 1}`, title: img.title, description: img.title },
        }),
      ],
    }),
    new d.Paragraph({
      alignment: d.AlignmentType.CENTER,
      spacing: { before: 0, after: 240 },
      children: [new d.TextRun({ text: `Biểu đồ ${i + 1}. ${img.title}`, italics: true, size: pt(12) })],
    }),
  ]);
}

/** Far from anything else in the document that carries a drawing id. */
const CHART_DRAWING_ID = 9001;

import type { Paragraph, Table, TableRow } from 'docx';
import { assessedWardName } from '../unit-label.ts';
import type { Assessment } from '../../aggregate/assessment.ts';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { formatNumberVi } from '../../common/vi-format.ts';
import type { ReportText } from '../report-text.ts';
import { parseMarkup, type Block } from './_markup.ts';
import { LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH, blockParagraph, line, mm, pt, ruled, type Docx } from './_style.ts';
import { rowShell, textCell, type Placer, type PartChild, type TableInRows } from './_splice.ts';

/**
 * The year's assessment of the wards in the Word report (spec/assessment.md): a section of its own
 * (templates/report/danh-gia-xep-loai.hbs, with the ranked table `[[bang-xep-loai]]`) placed right after the
 * section that holds the targets' table, and an annex page (phu-luc-xep-loai.hbs, `[[bang-diem-tieu-chi]]`)
 * with the points by criterion and why a ward lost points. Only annual reports have it.
 */
export interface ComposedAssessment {
  readonly body: readonly Block[];
  readonly annex: readonly Block[];
  readonly assessment: Assessment;
}

export const ASSESSMENT_TEMPLATES = { body: 'danh-gia-xep-loai', annex: 'phu-luc-xep-loai' } as const;

export function composeAssessment(model: ReportModel, text: ReportText): ComposedAssessment | null {
  const a = model.assessment;
  if (!a || a.wards.length === 0) return null;
  const context = assessmentContext(model, a);
  return {
    body: parseMarkup(text.render(ASSESSMENT_TEMPLATES.body, context)),
    annex: parseMarkup(text.render(ASSESSMENT_TEMPLATES.annex, context)),
    assessment: a,
  };
}

/**
 * The section's paragraphs and ranked table, for the main (portrait) section. A row per ward: placed by `placer`
 * (written a row at a time, _splice.ts).
 */
export function assessmentChildren(d: Docx, c: ComposedAssessment, placer: Placer): (Paragraph | Table)[] {
  return placer.place(function* () {
    // The paragraph after the table gets some air, as after the targets' table.
    for (const [i, b] of c.body.entries()) {
      yield b.kind === 'table' ? rankingTable(d, c.assessment) : blockParagraph(d, b, c.body[i - 1]?.kind === 'table' ? { spacing: { before: 120, after: 120, line: 288 } } : {});
    }
  });
}

/** The annex page (landscape): points by criterion, then the reasons (a line per point a ward lost). */
export function assessmentAnnexChildren(d: Docx, c: ComposedAssessment, placer: Placer): (Paragraph | Table)[] {
  return placer.place(function* (): Generator<PartChild> {
    yield new d.Paragraph({ children: [], pageBreakBefore: true });
    for (const b of c.annex) {
      if (b.kind === 'table') yield pointsTable(d, c.assessment);
      else if (b.centred) yield blockParagraph(d, b, { spacing: { before: 0, after: 60, line: 240 } });
      else yield blockParagraph(d, b, { size: pt(12), spacing: { before: 60, after: 0, line: 240 } });
    }
  });
}

/**
 * Where the section goes: after the section that places the targets' table (`[[bang-chi-tieu]]`), whatever the
 * templates call it; without one, before the last section (the closing words).
 */
export function assessmentAfter(body: readonly { readonly blocks: readonly Block[] }[]): number {
  const k = body.findIndex((s) => s.blocks.some((b) => b.kind === 'table' && b.name === 'bang-chi-tieu'));
  return k >= 0 ? k : Math.max(0, body.length - 2);
}

/** Points as printed: "91,35". */
export const pointsVi = (n: number): string => formatNumberVi(n, 2);

// --- internal ---

const SIZE = pt(12);

function assessmentContext(model: ReportModel, a: Assessment): object {
  const top = a.wards.filter((w) => w.rank === 1);
  const lowest = a.wards.at(-1)?.score;
  const bottom = a.wards.filter((w) => w.score === lowest);
  const lost = a.wards.flatMap((w) =>
    a.criteria.flatMap((c) => {
      const s = w.byCriterion[c.id];
      return s && s.points < c.points ? [{ name: assessedWardName(w), id: c.id, points: pointsVi(s.points), max: pointsVi(c.points), why: s.why }] : [];
    }),
  );
  return {
    year: model.period.year,
    title: a.title,
    basis: a.basis,
    count: a.wards.length,
    criteria: a.criteria.map((c) => ({ id: c.id, label: c.label, points: pointsVi(c.points) })),
    classes: a.classes.map((k) => ({ name: k.name, count: a.wards.filter((w) => w.class === k.name).length })).filter((k) => k.count > 0),
    top: { names: top.map((w) => assessedWardName(w)), score: pointsVi(top[0]?.score ?? 0), class: top[0]?.class ?? '' },
    bottom: { names: bottom.map((w) => assessedWardName(w)), score: pointsVi(lowest ?? 0), class: bottom[0]?.class ?? '' },
    allTied: top.length === a.wards.length,
    lost,
  };
}

function rankingTable(d: Docx, a: Assessment): TableInRows {
  const fixed = [mm(14), 0, mm(25), mm(25), mm(32)];
  const widths = fixed.map((w) => (w === 0 ? TEXT_WIDTH - fixed.reduce((x, y) => x + y, 0) : w));
  const head = ['STT', 'Phường', 'Điểm', 'Xếp hạng', 'Xếp loại'];
  return table(d, widths, head, a.wards.length, (i) => {
    const w = a.wards[i]!;
    return [String(i + 1), assessedWardName(w), pointsVi(w.score), String(w.rank), w.class];
  }, [1]);
}

function pointsTable(d: Docx, a: Assessment): TableInRows {
  const n = a.criteria.length;
  const fixed = { stt: mm(10), total: mm(18), rank: mm(14), klass: mm(24) };
  const crit = Math.max(mm(12), Math.min(mm(20), Math.floor((LANDSCAPE_TEXT_WIDTH - mm(55) - fixed.stt - fixed.total - fixed.rank - fixed.klass) / Math.max(1, n))));
  const name = LANDSCAPE_TEXT_WIDTH - fixed.stt - fixed.total - fixed.rank - fixed.klass - crit * n;
  const widths = [fixed.stt, name, ...a.criteria.map(() => crit), fixed.total, fixed.rank, fixed.klass];
  const head = ['STT', 'Phường', ...a.criteria.map((c) => `${c.id} (${pointsVi(c.points)})`), 'Tổng điểm', 'Xếp hạng', 'Xếp loại'];
  return table(d, widths, head, a.wards.length, (i) => {
    const w = a.wards[i]!;
    return [String(i + 1), assessedWardName(w), ...a.criteria.map((c) => pointsVi(w.byCriterion[c.id]?.points ?? 0)), pointsVi(w.score), String(w.rank), w.class];
  }, [1]);
}

/** A ruled table of text, a row per ward: its rows are made when they are written. */
function table(d: Docx, widths: readonly number[], head: readonly string[], count: number, row: (i: number) => readonly string[], leftColumns: readonly number[]): TableInRows {
  const cell = (i: number, text: string, bold: boolean) =>
    new d.TableCell({
      width: { size: widths[i] ?? 0, type: d.WidthType.DXA },
      margins: { top: 30, bottom: 30, left: 60, right: 60 },
      verticalAlign: d.VerticalAlignTable.CENTER,
      children: [line(d, text, { bold, size: SIZE, ...(leftColumns.includes(i) && !bold ? { align: 'left' as const } : {}) })],
    });
  // The rows as text: each column's cell written once by docx, then filled with each cell's text (_splice.ts).
  const cellXml = widths.map((_, k) => textCell((t) => cell(k, t, false)));
  const shell = rowShell((children) => new d.TableRow({ cantSplit: true, children }), cell(0, '', false));
  return {
    kind: 'rows',
    make: (rows: TableRow[]): Table =>
      new d.Table({
        width: { size: widths.reduce((x, y) => x + y, 0), type: d.WidthType.DXA },
        columnWidths: [...widths],
        layout: d.TableLayoutType.FIXED,
        borders: ruled(d),
        rows,
      }),
    header: () => [new d.TableRow({ tableHeader: true, cantSplit: true, children: head.map((h, i) => cell(i, h, true)) })],
    count,
    row: (i) => new d.TableRow({ cantSplit: true, children: row(i).map((t, k) => cell(k, t, false)) }),
    rowXml: (i) => shell.open + row(i).map((t, k) => cellXml[k]!(t)).join('') + shell.close,
  };
}

import type { Document, Paragraph, Table } from 'docx';
import type { ReportModel } from '../../aggregate/report-model.ts';
import type { Audience, AudienceConfig, PlanReference } from '../../domain/config-schema.ts';
import { type ZipParts, zipParts } from '../../common/zip-parts.ts';
import type { ChartSetup } from '../../domain/chart-schema.ts';
import { chartImagesFor, type ChartImage } from '../charts/chart-images.ts';
import { chartParagraphs } from './_charts.ts';
import { composeReport, type ComposedReport } from './_compose.ts';
import { assessmentAfter, assessmentAnnexChildren, assessmentChildren } from './_assessment.ts';
import { bottomTable, emptyHeader, headerTable, pageNumberHeader } from './_header.ts';
import type { Block } from './_markup.ts';
import { TEXT_WIDTH, blockParagraph, decree30Section, documentStyles, mm, pt, rule, type Docx } from './_style.ts';
import { targetsTable, wardsTable } from './_tables.ts';
import { splitWardTable } from './_table-data.ts';
import { spliced, type PartChild, type Placer } from './_splice.ts';
import { datedCoreProperties, docxParts, type PartOverride } from './_pack.ts';
import type { ReportText } from '../report-text.ts';

export interface DocxReportOptions {
  readonly to: Audience;
  /** Issuing body, number, recipient, signer and Nơi nhận of this audience (configuration). */
  readonly audience: AudienceConfig;
  /** Place printed before the date ("Ba Đình"). */
  readonly place: string;
  /** The wording templates, compiled (templates/report, loaded at the edge: load/templates.ts). */
  readonly text: ReportText;
  /** The plan the opening sentence cites (configuration); dots where unknown. */
  readonly planReference?: PlanReference;
  /** The charts drawn after section III (templates/charts and the chart fonts, loaded at the edge: load/load-charts.ts). */
  readonly charts: ChartSetup;
}

/** `BaoCao_PCMD_<period>_<to>.docx` (spec/outputs.md). */
export const docxReportFileName = (periodId: string, to: DocxReportOptions['to']): string => `BaoCao_PCMD_${periodId}_${to}.docx`;

/**
 * The Word report (spec/outputs.md, "The reports"), laid out by Decree 30/2020/NĐ-CP: A4 portrait, margins
 * 20/20/30/15 mm, Times New Roman only, page numbers from page 2, and a landscape annex with the wards' table.
 * Pure: the same model and options give the same bytes (the date inside the file is the report's date).
 */
export async function renderDocxReport(model: ReportModel, options: DocxReportOptions): Promise<Buffer> {
  return zipParts(await renderDocxParts(model, options));
}

/** The Word report's parts, not yet zipped (compile zips them in its worker thread while this one goes on). */
export async function renderDocxParts(model: ReportModel, options: DocxReportOptions): Promise<ZipParts> {
  const d = await import('docx');
  return partsWith(d, model, options, spliced(d));
}

/**
 * The report with its large parts (the ward tables, the assessment) placed by `placer`: spliced in as XML
 * (renderDocxReport), or kept in docx's tree (the reference splice.test.ts compares the bytes with).
 */
export async function renderWith(d: Docx, model: ReportModel, options: DocxReportOptions, placer: Placer): Promise<Buffer> {
  return zipParts(await partsWith(d, model, options, placer));
}

async function partsWith(d: Docx, model: ReportModel, options: DocxReportOptions, placer: Placer): Promise<ZipParts> {
  const { doc, overrides } = await reportDocument(d, model, options, placer);
  const parts = await docxParts(d, doc, overrides);
  placer.finish(parts, doc);
  return parts;
}

/** The report as docx's document, and the parts written instead of docx's (exported for splice.test.ts). */
export async function reportDocument(d: Docx, model: ReportModel, options: DocxReportOptions, placer: Placer): Promise<{ doc: Document; overrides: PartOverride[] }> {
  const composed = composeReport(model, options, options.text);
  // What does not need the chart pictures is built while they are drawn (compile draws them in its worker thread):
  // the annex, then the body up to the charts. A failure is thrown where the pictures are awaited.
  const charts = chartImagesFor(model, options.charts);
  charts.catch(() => {});
  const annex = annexChildren(d, composed, placer);
  const main = await mainChildren(d, composed, charts, placer);
  const doc = new d.Document({
    creator: 'baocao',
    title: composed.title,
    styles: documentStyles(d),
    sections: [
      {
        properties: decree30Section(d, 'portrait'),
        headers: { default: pageNumberHeader(d), first: emptyHeader(d) },
        children: main,
      },
      {
        // The annex is a document of its own: numbered from 1 again, no number on its first page (Decree 30).
        properties: decree30Section(d, 'landscape'),
        headers: { default: pageNumberHeader(d), first: emptyHeader(d) },
        children: annex,
      },
    ],
  });
  return { doc, overrides: [datedCoreProperties(composed.title, model.reportDate)] };
}

// --- internal ---

/** The rule under the summary line. */
const TITLE_RULE = mm(40);
/** The section after which the charts come (after section III, the targets); without it, at the end of the body. */
const CHARTS_AFTER = 'muc-3-chi-tieu';

async function mainChildren(d: Docx, c: ComposedReport, charts: Promise<readonly ChartImage[]>, placer: Placer): Promise<(Paragraph | Table)[]> {
  const out: (Paragraph | Table)[] = [headerTable(d, c.header)];
  const assessmentAt = c.assessment ? assessmentAfter(c.body) : -1;
  for (const [k, section] of c.body.entries()) {
    const last = section.blocks.length - 1;
    section.blocks.forEach((b, i) => {
      if (section.template === 'tieu-de' && b.kind === 'text') {
        out.push(blockParagraph(d, b, { spacing: { before: i === 0 ? 480 : 0, after: i === last ? 240 : 0, line: 240 } }));
        // Decree 30: a short rule under the summary line (a third to a half of its length), then Kính gửi.
        if (i === 1) out.push(rule(d, TEXT_WIDTH, TITLE_RULE, { before: 100, after: 140 }));
      } else {
        out.push(...blockOut(d, c, b, out.at(-1)));
      }
    });
    if (k === assessmentAt && c.assessment) out.push(...assessmentChildren(d, c.assessment, placer));
    if (section.template === CHARTS_AFTER) out.push(...chartParagraphs(d, await charts));
  }
  if (!c.body.some((s) => s.template === CHARTS_AFTER)) out.push(...chartParagraphs(d, await charts));
  out.push(bottomTable(d, c.copiesTo.filter((b) => b.kind === 'text'), c.signer));
  return out;
}

function annexChildren(d: Docx, c: ComposedReport, placer: Placer): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of c.annex) {
    // One table of at most 16 wards after another, each built when it is written.
    if (b.kind === 'table') out.push(...placer.place(() => wardTables(d, c)));
    else if (b.centred) out.push(blockParagraph(d, b, { spacing: { before: 0, after: 60, line: 240 } }));
    else out.push(blockParagraph(d, b, { size: pt(12), spacing: { before: 120, after: 0, line: 240 } }));
  }
  if (c.assessment) out.push(...assessmentAnnexChildren(d, c.assessment, placer));
  return out;
}

function* wardTables(d: Docx, c: ComposedReport): Generator<PartChild> {
  for (const [i, part] of splitWardTable(c.wards).entries()) {
    if (i > 0) yield new d.Paragraph({ children: [] });
    yield wardsTable(d, part.table, { withTotal: part.withTotal });
  }
}

function blockOut(d: Docx, c: ComposedReport, b: Block, previous: Paragraph | Table | undefined): (Paragraph | Table)[] {
  if (b.kind === 'table') return [targetsTable(d, c.targets)];
  const afterTable = previous instanceof d.Table;
  // The legend right under a table is a note: 12 pt.
  if (afterTable) return [blockParagraph(d, b, { spacing: { before: 120, after: 120, line: 264 }, ...(b.italic ? { size: pt(12) } : {}) })];
  return [blockParagraph(d, b)];
}


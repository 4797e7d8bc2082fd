import type { ReportModel } from '../../aggregate/report-model.ts';
import { DEFAULT_PLAN_REFERENCE, type Audience, type AudienceConfig, type PlanReference } from '../../domain/config-schema.ts';
import { formatDocumentDateVi } from '../../common/vi-format.ts';
import { parseMarkup, type Block } from './_markup.ts';
import { targetRows, wardTable, type TargetRow, type WardTable } from './_table-data.ts';
import { buildReportView, templateContext } from './_view.ts';
import { templateError, type ReportText } from '../report-text.ts';
import { composeAssessment, type ComposedAssessment } from './_assessment.ts';

/**
 * Everything the Word report says, in order, before any layout: the header texts, the body as blocks (one per
 * template, so the tests can read each section), the tables' cells, the bottom block and the annex.
 */
export interface ComposedReport {
  readonly header: {
    readonly issuerParent: string | null;
    readonly issuer: string;
    readonly number: string;
    readonly placeDate: string;
  };
  /** The body's templates in order, each with its blocks. */
  readonly body: readonly { readonly template: BodyTemplate; readonly blocks: readonly Block[] }[];
  /** `Nơi nhận:` then its lines. */
  readonly copiesTo: readonly Block[];
  readonly signer: { readonly lines: readonly string[]; readonly name: string };
  readonly annex: readonly Block[];
  /** The wards' assessment (annual reports only): its own section and annex page, inserted by the renderer. */
  readonly assessment: ComposedAssessment | null;
  readonly targets: readonly TargetRow[];
  readonly wards: WardTable;
  /** Title of the document's properties (docProps/core.xml). */
  readonly title: string;
}

/**
 * The body's sections in order, by audience: the one place that lists them (spec/report-writing.md, "Sections").
 * Each is a template of templates/report; the city report has its own V and VI (the district's voice, no ward
 * request addressed to the district). A new section (a chart…) is one more name here and one more template.
 */
export const REPORT_SECTIONS = {
  district: ['tieu-de', 'mo-dau', 'muc-1-tinh-hinh-chung', 'muc-2-ket-qua', 'muc-3-chi-tieu', 'dieu-chinh-ky-truoc', 'muc-4-kho-khan', 'muc-5-phuong-huong', 'muc-6-de-xuat', 'ket-thuc'],
  city: ['tieu-de', 'mo-dau', 'muc-1-tinh-hinh-chung', 'muc-2-ket-qua', 'muc-3-chi-tieu', 'dieu-chinh-ky-truoc', 'muc-4-kho-khan', 'muc-5-phuong-huong-thanh-pho', 'muc-6-de-xuat-thanh-pho', 'ket-thuc'],
} as const;
export type BodyTemplate = (typeof REPORT_SECTIONS)[keyof typeof REPORT_SECTIONS][number];
/** Every body template of either audience (the tests check each one ships). */
export const BODY_TEMPLATES: readonly BodyTemplate[] = [...new Set([...REPORT_SECTIONS.district, ...REPORT_SECTIONS.city])];

/** Tables a template may place with `[[name]]`, and where. */
const TABLES_IN = { body: ['bang-chi-tieu'], annex: ['bang-phuong'] } as const;

export interface ComposeOptions {
  readonly to: Audience;
  readonly audience: AudienceConfig;
  readonly place: string;
  /** The plan the opening sentence cites; dots where unknown. */
  readonly planReference?: PlanReference;
}

export function composeReport(model: ReportModel, options: ComposeOptions, text: ReportText): ComposedReport {
  const a = options.audience;
  const view = buildReportView(model, {
    to: options.to,
    recipient: nfc(a.recipient),
    speaker: a.speaker,
    ownProposals: a.proposals,
    planReference: options.planReference ?? DEFAULT_PLAN_REFERENCE,
    numberPattern: a.numberPattern,
  });
  const context = templateContext(view);
  const body = REPORT_SECTIONS[options.to].map((template) => ({ template, blocks: checkTables(template, parseMarkup(text.render(template, context)), TABLES_IN.body) }));
  const copiesTo = parseMarkup(text.render('noi-nhan', { ...context, copiesTo: a.copiesTo.map(nfc) }));
  const annex = checkTables('phu-luc', parseMarkup(text.render('phu-luc', context)), TABLES_IN.annex);
  const summaryLine = body[0]?.blocks.find((b, i) => i > 0 && b.kind === 'text');
  return {
    header: {
      issuerParent: a.issuerParent === null ? null : nfc(a.issuerParent),
      issuer: nfc(a.issuer),
      number: nfc(a.numberPattern.replaceAll('{period}', model.period.id)),
      placeDate: `${nfc(options.place)}, ${formatDocumentDateVi(model.reportDate)}`,
    },
    body,
    copiesTo,
    signer: { lines: a.signer.lines.map(nfc), name: nfc(a.signer.name) },
    annex,
    assessment: composeAssessment(model, text),
    targets: targetRows(model),
    wards: wardTable(model),
    title: summaryLine?.kind === 'text' ? `Báo cáo ${summaryLine.text.charAt(0).toLocaleLowerCase('vi')}${summaryLine.text.slice(1)}` : `Báo cáo ${model.periodLabel}`,
  };
}

// --- internal ---

const nfc = (s: string): string => s.normalize('NFC');

function checkTables(template: string, blocks: Block[], allowed: readonly string[]): Block[] {
  for (const b of blocks) {
    if (b.kind === 'table' && !allowed.includes(b.name)) {
      throw templateError(template, `không có bảng [[${b.name}]] ở đây (được dùng: ${allowed.map((n) => `[[${n}]]`).join(', ')})`);
    }
  }
  return blocks;
}

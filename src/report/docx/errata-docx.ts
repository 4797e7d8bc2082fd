import type { Paragraph, Table, TableCell, TableRow } from 'docx';
import type { Audience, AudienceConfig } from '../../domain/config-schema.ts';
import type { TargetStatus } from '../../domain/summary-schema.ts';
import { formatDocumentDateVi, formatNumberVi } from '../../common/vi-format.ts';
import { pinZipTimestamps } from '../../common/zip-directory.ts';
import { datedCoreProperties } from './_pack.ts';
import { templateError, type ReportText } from '../report-text.ts';
import { bottomTable, emptyHeader, headerTable, pageNumberHeader } from './_header.ts';
import { parseMarkup, type Block } from './_markup.ts';
import { TEXT_WIDTH, blockParagraph, decree30Section, documentStyles, line, mm, pt, ruled, type Docx } from './_style.ts';

/** One changed figure, as the errata prints it. */
export interface ErrataChange {
  readonly indicator: string;
  readonly label: string;
  /** Đơn vị tính. */
  readonly measure: string;
  /** The unit's name, or `Toàn quận`. */
  readonly unitName: string;
  /** A district total (its cause is the units' changes above it). */
  readonly isTotal: boolean;
  readonly old: number | null;
  readonly new: number | null;
  /** The form (file name and cell) the new value comes from; null when no single form caused it (a district total of several changes). */
  readonly file: string | null;
  readonly cell: string | null;
}

export interface ErrataTarget {
  readonly target: string;
  readonly label: string;
  readonly measure: string;
  readonly unitName: string;
  readonly old: number | null;
  readonly new: number | null;
  readonly oldStatus: TargetStatus;
  readonly newStatus: TargetStatus;
}

/** What the Decree 30 errata document ("Báo cáo điều chỉnh số liệu") says. */
export interface ErrataModel {
  readonly periodId: string;
  readonly periodLabel: string;
  /** The correction's number (dieu-chinh-N). */
  readonly n: number;
  /** The document's date (the day of the correcting run) and the day the period was closed (ISO days). */
  readonly date: string;
  readonly closedOn: string;
  readonly changes: readonly ErrataChange[];
  readonly targets: readonly ErrataTarget[];
}

/** `BaoCao_DieuChinh_PCMD_<period>_<to>.docx` (spec/closing.md). */
export const errataFileName = (periodId: string, to: Audience): string => `BaoCao_DieuChinh_PCMD_${periodId}_${to}.docx`;

/**
 * The errata as a Decree 30 document: the same header, page and bottom block as the report, the wording of
 * templates/report/dieu-chinh.hbs and two tables (figures; targets). Pure.
 */
export async function renderErrataDocx(m: ErrataModel, o: { to: Audience; audience: AudienceConfig; place: string; text: ReportText }): Promise<Buffer> {
  const d = await import('docx');
  const text = o.text;
  const nfc = (s: string) => s.normalize('NFC');
  const blocks = parseMarkup(text.render('dieu-chinh', { periodLabel: m.periodLabel, recipient: nfc(o.audience.recipient), closedOn: m.closedOn, n: m.n, changes: m.changes, targets: m.targets }));
  const copiesTo = parseMarkup(text.render('noi-nhan', { copiesTo: o.audience.copiesTo.map(nfc) })).filter((b) => b.kind === 'text');
  const header = {
    issuerParent: o.audience.issuerParent === null ? null : nfc(o.audience.issuerParent),
    issuer: nfc(o.audience.issuer),
    number: nfc(o.audience.numberPattern.replaceAll('{period}', m.periodId)),
    placeDate: `${nfc(o.place)}, ${formatDocumentDateVi(m.date)}`,
  };
  const children: (Paragraph | Table)[] = [headerTable(d, header)];
  blocks.forEach((b, i) => children.push(...blockOut(d, m, b, { index: i, afterTable: blocks[i - 1]?.kind === 'table' })));
  children.push(bottomTable(d, copiesTo, { lines: o.audience.signer.lines.map(nfc), name: nfc(o.audience.signer.name) }));
  const doc = new d.Document({
    creator: 'baocao',
    title: `Báo cáo điều chỉnh số liệu ${m.periodLabel}`,
    styles: documentStyles(d),
    sections: [
      {
        properties: decree30Section(d, 'portrait'),
        headers: { default: pageNumberHeader(d), first: emptyHeader(d) },
        children,
      },
    ],
  });
  return pinZipTimestamps(await d.Packer.toBuffer(doc, false, [datedCoreProperties(`Báo cáo điều chỉnh số liệu ${m.periodLabel}`, m.date)]));
}

// --- internal ---

const SIZE = pt(12);
const CHANGE_WIDTHS = [mm(12), mm(40), mm(26), mm(20), mm(20)];
const CHANGE_COLUMNS = [...CHANGE_WIDTHS, TEXT_WIDTH - CHANGE_WIDTHS.reduce((a, b) => a + b, 0)];
const TARGET_WIDTHS = [mm(12), mm(53), mm(30)];
const TARGET_REST = Math.floor((TEXT_WIDTH - TARGET_WIDTHS.reduce((a, b) => a + b, 0)) / 2);
const TARGET_COLUMNS = [...TARGET_WIDTHS, TARGET_REST, TARGET_REST];

function blockOut(d: Docx, m: ErrataModel, b: Block, at: { index: number; afterTable: boolean }): (Paragraph | Table)[] {
  if (b.kind === 'table') {
    if (b.name === 'bang-so-lieu') return [changesTable(d, m.changes)];
    if (b.name === 'bang-chi-tieu') return [targetsTable(d, m.targets)];
    throw templateError('dieu-chinh', `không có bảng [[${b.name}]] (được dùng: [[bang-so-lieu]], [[bang-chi-tieu]])`);
  }
  if (b.centred) return [blockParagraph(d, b, { spacing: { before: at.index === 0 ? 480 : 0, after: b.bold ? 0 : 240, line: 240 } })];
  return [blockParagraph(d, b, at.afterTable ? { spacing: { before: 240, after: 120, line: 288 } } : {})];
}

const show = (v: number | null, measure: string): string => (v === null ? 'không có số liệu' : measure === '%' ? `${formatNumberVi(v, 1)}%` : `${formatNumberVi(v)} ${measure}`);

function changesTable(d: Docx, rows: readonly ErrataChange[]): Table {
  const head = ['STT', 'Chỉ tiêu', 'Đơn vị', 'Số đã báo cáo', 'Số điều chỉnh', 'Căn cứ (tệp, ô)'];
  return ruledTable(d, CHANGE_COLUMNS, head, rows.map((r, i) => [String(i + 1), `${r.indicator}. ${r.label}`, r.unitName, show(r.old, r.measure), show(r.new, r.measure), r.file ? `${r.file}, ô ${r.cell ?? '—'}` : r.isTotal ? 'Tổng của các đơn vị' : 'Đơn vị không còn biểu hợp lệ cho kỳ']));
}

function targetsTable(d: Docx, rows: readonly ErrataTarget[]): Table {
  const head = ['STT', 'Chỉ tiêu', 'Đơn vị', 'Đã báo cáo', 'Điều chỉnh'];
  return ruledTable(d, TARGET_COLUMNS, head, rows.map((r, i) => [String(i + 1), `${r.target}. ${r.label}`, r.unitName, `${show(r.old, r.measure)} (${r.oldStatus})`, `${show(r.new, r.measure)} (${r.newStatus})`]));
}

function ruledTable(d: Docx, widths: readonly number[], head: readonly string[], rows: readonly (readonly string[])[]): Table {
  const cell = (w: number | undefined, text: string, o: { bold?: boolean; left?: boolean } = {}): TableCell =>
    new d.TableCell({
      width: { size: w ?? 0, type: d.WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      verticalAlign: d.VerticalAlignTable.CENTER,
      children: [line(d, text, { size: SIZE, bold: o.bold, align: o.left ? 'left' : 'center' })],
    });
  const header: TableRow = new d.TableRow({ tableHeader: true, cantSplit: true, children: head.map((h, i) => cell(widths[i], h, { bold: true })) });
  const body = rows.map((r) => new d.TableRow({ cantSplit: true, children: r.map((t, i) => cell(widths[i], t, { left: i === 1 || i === r.length - 1 })) }));
  return new d.Table({ width: { size: widths.reduce((a, b) => a + b, 0), type: d.WidthType.DXA }, columnWidths: [...widths], layout: d.TableLayoutType.FIXED, borders: ruled(d), rows: [header, ...body] });
}

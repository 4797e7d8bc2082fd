import type { Paragraph, Table, TableCell, TableRow } from 'docx';
import { LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH, line, mm, pt, ruled, type Docx } from './_style.ts';
import type { TargetRow, WardTable } from './_table-data.ts';
import { rowShell, textCell, type TableInRows } from './_splice.ts';
import { longestWordPt, textWidthPt } from './_text-width.ts';

/**
 * The ruled tables of the report: section III (the plan's targets) and the annex (ward by ward). Every width is
 * explicit in DXA (table, grid and cells) and the layout is fixed: LibreOffice and Google Docs otherwise guess.
 */

export const TARGET_HEADERS = ['STT', 'Chỉ tiêu', 'Chỉ tiêu năm', 'Kỳ báo cáo', 'Lũy kế', 'Tỷ lệ', 'Đánh giá'] as const;
const TABLE_SIZE = pt(12);

/**
 * Column widths (DXA) of the targets table from its content: a value, percentage or status column is as wide as its
 * widest cell on one line (so "Đúng tiến độ" or "111,8%" never breaks), a column of words at least as wide as its
 * longest word, a header at least as wide as its longest word; the label takes what is left.
 */
export function targetColumnWidths(rows: readonly TargetRow[]): number[] {
  const size = TABLE_SIZE / 2;
  const pad = 2 * CELL_MARGIN + SLACK;
  // The estimate errs 5 % wide: a column a little too wide costs nothing, one too narrow breaks a word.
  const header = (i: number): number => SAFETY * longestWordPt(TARGET_HEADERS[i] ?? '', size, { bold: true });
  const oneLine = (i: number, cells: readonly string[]): number => toDxa(Math.max(header(i), ...cells.map((c) => SAFETY * textWidthPt(c, size)))) + pad;
  const words = (i: number, cells: readonly string[]): number => toDxa(Math.max(header(i), ...cells.map((c) => SAFETY * longestWordPt(c, size)))) + pad;
  const fixed = [
    oneLine(0, rows.map((r) => r.no)),
    0,
    // A target may wrap between its words ("Tối thiểu / 400 lượt"), its percentage kept whole.
    Math.max(TARGET_TEXT_MIN, words(2, rows.map((r) => r.target))),
    Math.max(VALUE_MIN, oneLine(3, rows.map((r) => r.period))),
    Math.max(VALUE_MIN, oneLine(4, rows.map((r) => r.yearToDate))),
    oneLine(5, rows.map((r) => r.percent)),
    oneLine(6, rows.map((r) => r.status)),
  ];
  fixed[1] = TEXT_WIDTH - fixed.reduce((a, b) => a + b, 0);
  return fixed;
}

export function targetsTable(d: Docx, rows: readonly TargetRow[]): Table {
  const columns = targetColumnWidths(rows);
  const header = new d.TableRow({
    tableHeader: true,
    cantSplit: true,
    children: TARGET_HEADERS.map((h, i) => cell(d, columns[i], [line(d, h, { bold: true, size: TABLE_SIZE })])),
  });
  const body = rows.map(
    (r) =>
      new d.TableRow({
        cantSplit: true,
        children: [
          cell(d, columns[0], [line(d, r.no, { size: TABLE_SIZE })]),
          cell(d, columns[1], [
            line(d, r.label, { size: TABLE_SIZE, align: 'left' }),
            ...(r.note ? [line(d, r.note, { size: pt(11), italics: true, align: 'left', spacing: { before: 40, after: 0, line: 240 } })] : []),
          ]),
          ...[r.target, r.period, r.yearToDate, r.percent, r.status].map((text, i) => cell(d, columns[i + 2], [line(d, text, { size: TABLE_SIZE })])),
        ],
      }),
  );
  return ruledTable(d, columns, [header, ...body]);
}

const TARGET_TEXT_MIN = mm(24);
/** Room for a two-word header ("Lũy kế") on one line. */
const VALUE_MIN = mm(16);
const SAFETY = 1.05;
/** Left and right margin of a targets cell (DXA), and a little room for rounding in the word processor. */
const CELL_MARGIN = 80;
const SLACK = 40;
const toDxa = (points: number): number => Math.ceil(points * 20);

const WARD_SIZE = pt(11);
const GREY = 'D9D9D9';

/**
 * Indicators down; the wards (names turned upright to fit) and `Toàn quận` across. Given as its header and a
 * builder of each row, so that the report can write it a few rows at a time (_splice.ts).
 */
export function wardsTable(d: Docx, t: WardTable, options: { withTotal: boolean } = { withTotal: true }): TableInRows {
  const n = t.columns.length;
  const fixed = { code: mm(13), unit: mm(15), total: options.withTotal ? mm(16) : 0 };
  const ward = Math.max(mm(9), Math.min(mm(19), Math.floor((LANDSCAPE_TEXT_WIDTH - fixed.code - fixed.unit - fixed.total - mm(55)) / Math.max(1, n))));
  const label = LANDSCAPE_TEXT_WIDTH - fixed.code - fixed.unit - fixed.total - ward * n;
  const widths = [fixed.code, label, fixed.unit, ...t.columns.map(() => ward), ...(options.withTotal ? [fixed.total] : [])];
  const shade = (i: number) => t.columns[i]?.status !== 'accepted';
  const wcell = (w: number | undefined, children: Paragraph[], o: { upright?: boolean; grey?: boolean; span?: number } = {}) => cell(d, w, children, { ...o, narrow: true });

  const header = (): TableRow[] => [
    new d.TableRow({
      tableHeader: true,
      cantSplit: true,
      height: { value: mm(32), rule: d.HeightRule.ATLEAST },
      children: [
        wcell(widths[0], [line(d, 'Mã', { bold: true, size: WARD_SIZE })]),
        wcell(widths[1], [line(d, 'Chỉ tiêu', { bold: true, size: WARD_SIZE })]),
        wcell(widths[2], [line(d, 'Đơn vị tính', { bold: true, size: WARD_SIZE })]),
        ...t.columns.map((c, i) =>
          wcell(ward, [line(d, c.mark ? `${c.name} ${c.mark}` : c.name, { bold: true, size: WARD_SIZE, align: 'left' })], { upright: true, grey: shade(i) }),
        ),
        ...(options.withTotal ? [wcell(fixed.total, [line(d, 'Toàn quận', { bold: true, size: WARD_SIZE })])] : []),
      ],
    }),
  ];
  // Each kind of body cell, given its text: in docx's tree (row) and, written once by docx with a stand-in text, as XML
  // filled with each cell's text (rowXml, _splice.ts).
  const body = {
    code: (s: string) => wcell(widths[0], [line(d, s, { size: WARD_SIZE })]),
    label: (s: string) => wcell(widths[1], [line(d, s, { size: WARD_SIZE, align: 'left' })]),
    unit: (s: string) => wcell(widths[2], [line(d, s, { size: WARD_SIZE })]),
    value: (s: string, grey: boolean) => wcell(ward, [line(d, s, { size: WARD_SIZE })], { grey }),
    total: (s: string) => wcell(fixed.total, [line(d, s, { bold: true, size: WARD_SIZE })]),
    section: (s: string) => wcell(widths.reduce((a, b) => a + b, 0), [line(d, s, { bold: true, size: WARD_SIZE, align: 'left', keepNext: true })], { span: widths.length }),
  };
  const row = (k: number): TableRow => {
    const r = t.rows[k]!;
    return new d.TableRow({
      cantSplit: true,
      children:
        r.kind === 'section'
          ? [body.section(r.title)]
          : [body.code(r.code), body.label(r.label), body.unit(r.unit), ...r.values.map((v, i) => body.value(v, shade(i))), ...(options.withTotal ? [body.total(r.total)] : [])],
    });
  };
  const xml = {
    code: textCell(body.code),
    label: textCell(body.label),
    unit: textCell(body.unit),
    value: textCell((s) => body.value(s, false)),
    grey: textCell((s) => body.value(s, true)),
    total: textCell(body.total),
    section: textCell(body.section),
  };
  const shell = rowShell((children) => new d.TableRow({ cantSplit: true, children }), body.code(''));
  const rowXml = (k: number): string => {
    const r = t.rows[k]!;
    if (r.kind === 'section') return shell.open + xml.section(r.title) + shell.close;
    let out = shell.open + xml.code(r.code) + xml.label(r.label) + xml.unit(r.unit);
    r.values.forEach((v, i) => {
      out += shade(i) ? xml.grey(v) : xml.value(v);
    });
    return out + (options.withTotal ? xml.total(r.total) : '') + shell.close;
  };
  return { kind: 'rows', make: (rows) => ruledTable(d, widths, rows), header, count: t.rows.length, row, rowXml };
}

// --- internal ---

function cell(d: Docx, width: number | undefined, children: Paragraph[], o: { upright?: boolean; grey?: boolean; span?: number; narrow?: boolean } = {}): TableCell {
  return new d.TableCell({
    width: { size: width ?? 0, type: d.WidthType.DXA },
    margins: o.narrow ? { top: 30, bottom: 30, left: 40, right: 40 } : { top: 40, bottom: 40, left: 80, right: 80 },
    verticalAlign: d.VerticalAlignTable.CENTER,
    ...(o.upright ? { textDirection: d.TextDirection.BOTTOM_TO_TOP_LEFT_TO_RIGHT } : {}),
    ...(o.grey ? { shading: { type: d.ShadingType.CLEAR, fill: GREY, color: 'auto' } } : {}),
    ...(o.span ? { columnSpan: o.span } : {}),
    children,
  });
}

function ruledTable(d: Docx, widths: readonly number[], rows: TableRow[]): Table {
  return new d.Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: d.WidthType.DXA },
    columnWidths: [...widths],
    layout: d.TableLayoutType.FIXED,
    borders: ruled(d),
    rows,
  });
}

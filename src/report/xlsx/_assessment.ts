import type { ReportBook, ReportSheet } from './_writer.ts';
import { assessedWardName } from '../unit-label.ts';
import type { Assessment } from '../../aggregate/assessment.ts';
import type { ReportModel } from '../../aggregate/report-model.ts';
import type { AudienceConfig } from '../../domain/config-schema.ts';
import type { Condition, Criterion } from '../../domain/criteria-schema.ts';
import { columnName, formula, put, wrappedHeight } from '../../common/xlsx-style.ts';
import { TABLE_TOP, addReportSheet } from './_report-style.ts';

export const ASSESSMENT_SHEET = 'Xep loai phuong';

/**
 * `Xep loai phuong` (annual reports only; spec/assessment.md): the wards in rank order with each criterion's
 * points, the total, the rank and the class, all live formulas over the second table (the values the points
 * come from), each with the computed result stored; then why a ward lost points. A clerk who corrects a value
 * in the second table sees points, ranks and classes follow.
 */
export function addAssessmentSheet(wb: ReportBook, ctx: { model: ReportModel; audience: AudienceConfig }): void {
  const a = ctx.model.assessment;
  if (!a || a.wards.length === 0) return;
  const inputs = inputColumns(a.criteria);
  const n = a.criteria.length;
  const widths = [6, 22, ...a.criteria.map(() => 9), 10, 9, 12, 60];
  const ws = addReportSheet(wb, { name: ASSESSMENT_SHEET, title: 'ĐÁNH GIÁ, XẾP LOẠI PHƯỜNG', widths, headerRows: [TABLE_TOP, TABLE_TOP], frozenColumns: 2 }, ctx);

  const first = TABLE_TOP + 1;
  const last = first + a.wards.length - 1;
  // The values table starts below the points table, a title row and a blank row apart.
  const valuesTop = last + 3;
  const valuesFirst = valuesTop + 1;
  const totalCol = 3 + n;
  const col = { total: totalCol, rank: totalCol + 1, klass: totalCol + 2, why: totalCol + 3 };

  ['STT', 'Phường', ...a.criteria.map((c) => `${c.id}\n(${c.points} đ)`), 'Tổng điểm', 'Xếp hạng', 'Xếp loại', 'Lý do bị trừ điểm'].forEach((h, i) =>
    put(ws, TABLE_TOP, i + 1, h, { tone: 'header', wrap: true }),
  );
  ws.getRow(TABLE_TOP).height = 32;
  a.wards.forEach((w, k) => {
    const row = first + k;
    const valuesRow = valuesFirst + k;
    put(ws, row, 1, k + 1, { align: 'center' });
    put(ws, row, 2, assessedWardName(w));
    a.criteria.forEach((c, i) => {
      const cells = inputs.filter((x) => x.criterion === c.id).map((x) => `${columnName(x.col)}${valuesRow}`);
      put(ws, row, 3 + i, formula(pointsFormula(c, cells, w.months), w.byCriterion[c.id]?.points ?? 0), { numFmt: POINTS });
    });
    const score = `${columnName(col.total)}${row}`;
    put(ws, row, col.total, formula(`ROUND(SUM(C${row}:${columnName(2 + n)}${row}),2)`, w.score), { numFmt: POINTS, bold: true });
    put(ws, row, col.rank, formula(`RANK(${score},$${columnName(col.total)}$${first}:$${columnName(col.total)}$${last})`, w.rank), { align: 'center' });
    put(ws, row, col.klass, formula(classFormula(a, score), w.class), { align: 'center' });
    const why = a.criteria.flatMap((c) => {
      const s = w.byCriterion[c.id];
      return s && s.points < c.points ? [`${c.id}: ${s.why}`] : [];
    });
    put(ws, row, col.why, why.join('\n'), { wrap: true });
    ws.getRow(row).height = wrappedHeight(why, 60);
  });

  put(ws, valuesTop - 1, 2, 'Số liệu dùng để chấm điểm (giá trị cả năm; ô trống: thiếu số liệu)', { border: false, bold: true });
  put(ws, valuesTop, 1, 'STT', { tone: 'header' });
  put(ws, valuesTop, 2, 'Phường', { tone: 'header' });
  for (const x of inputs) put(ws, valuesTop, x.col, x.header, { tone: 'header', wrap: true });
  ws.getRow(valuesTop).height = 45;
  a.wards.forEach((w, k) => {
    const row = valuesFirst + k;
    put(ws, row, 1, k + 1, { align: 'center' });
    put(ws, row, 2, assessedWardName(w));
    for (const x of inputs) put(ws, row, x.col, w.byCriterion[x.criterion]?.inputs[x.index] ?? null, { numFmt: '#,##0', align: 'center' });
  });
  noteCriteria(ws, a, valuesFirst + a.wards.length + 1);
}

// --- internal ---

const POINTS = '0.00';

interface InputColumn {
  readonly criterion: string;
  readonly index: number;
  readonly col: number;
  readonly header: string;
}

/** The values table's columns, from C on: one per value a criterion reads. */
function inputColumns(criteria: readonly Criterion[]): InputColumn[] {
  const out: InputColumn[] = [];
  for (const c of criteria) {
    const m = c.measure;
    const headers =
      m.kind === 'ratio' ? [m.numerator, m.denominator]
      : m.kind === 'all' || m.kind === 'any' ? m.conditions.map((k) => k.code)
      : m.kind === 'months' ? [`số tháng ${m.code} ≥ ${m.min}`]
      : ['số báo cáo tháng đúng hạn'];
    headers.forEach((h, index) => out.push({ criterion: c.id, index, col: 3 + out.length, header: `${c.id}: ${h}` }));
  }
  return out;
}

/** The points of a criterion as a formula over its value cells: the same rule as assessWards, so the results agree. */
function pointsFormula(c: Criterion, cells: readonly string[], months: number): string {
  const m = c.measure;
  const p = String(c.points);
  switch (m.kind) {
    case 'ratio': {
      const [n, d] = cells;
      return `IF(COUNT(${n},${d})<2,0,IF(${d}=0,${p},IF(${n}/${d}>=${m.full},${p},ROUND(${p}*(${n}/${d})/${m.full},2))))`;
    }
    case 'all':
    case 'any':
      return `IF(${m.kind === 'all' ? 'AND' : 'OR'}(${m.conditions.map((k, i) => conditionFormula(k, cells[i] ?? 'A1')).join(',')}),${p},0)`;
    case 'months':
    case 'on-time-forms':
      // Out of the ward's own months: 12, or 6 for a ward of half the year (the 2025 reorganisation).
      return `IF(ISNUMBER(${cells[0]}),ROUND(${p}*${cells[0]}/${months},2),0)`;
  }
}

const conditionFormula = (k: Condition, cell: string): string =>
  `AND(${[`ISNUMBER(${cell})`, ...(k.min !== undefined ? [`${cell}>=${k.min}`] : []), ...(k.max !== undefined ? [`${cell}<=${k.max}`] : [])].join(',')})`;

function classFormula(a: Assessment, score: string): string {
  const classes = a.classes;
  const lastName = classes.at(-1)?.name ?? '';
  const text = (s: string): string => `"${s.replaceAll('"', '""')}"`;
  return classes.slice(0, -1).reduceRight((inner, k) => `IF(${score}>=${k.min},${text(k.name)},${inner})`, text(lastName));
}

function noteCriteria(ws: ReportSheet, a: Assessment, top: number): void {
  put(ws, top, 2, `${a.title} (${a.basis}):`, { border: false, bold: true });
  a.criteria.forEach((c, i) => put(ws, top + 1 + i, 2, `${c.id} (${c.points} điểm): ${c.label}`, { border: false }));
  const classes = a.classes.map((k) => `${k.name} từ ${k.min} điểm`).join('; ');
  put(ws, top + 2 + a.criteria.length, 2, `Xếp loại: ${classes}. Các phường bằng điểm cùng hạng.`, { border: false });
}

import path from 'node:path';
import { UsageError } from '../common/usage-error.ts';
import { formatNumberVi, formatPercentVi } from '../common/vi-format.ts';
import { periodLabelVi } from '../domain/period.ts';
import { explainFigure, type Contribution, type Explanation } from '../explain/explain-figure.ts';
import { analyseInbox } from '../inbox/analyse-inbox.ts';
import { scanInputs } from '../inbox/scan-inputs.ts';
import { loadForms } from '../load/load-forms.ts';
import { loadPlan } from '../load/load-plan.ts';
import { loadUnits } from '../load/load-units.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { EXIT, type CommandContext, type CommonOptions } from './context.ts';
import { periodOption } from './period-option.ts';
import { progressLine } from './progress.ts';
import { loadCriteria } from '../load/load-criteria.ts';
import { criterionJson, criterionText, explainCriterion } from './_explain-criterion.ts';

export interface ExplainOptions extends CommonOptions {
  period: string;
  code: string;
  unit?: string;
  input?: string;
  plan?: string;
}

/**
 * `baocao explain --period P CODE [--unit U]` (spec/closing.md): every value behind a figure of the report, with its
 * unit, period piece, file, sheet and cell, and the roll-up rule. Reads the inbox as compile does; writes nothing.
 */
export async function runExplain(opts: ExplainOptions, ctx: CommandContext): Promise<number> {
  const { config, io } = ctx;
  const period = periodOption(opts.period, ctx);
  const forms = loadForms();
  const units = loadUnits(config.unitsFile);
  const plan = loadPlan(opts.plan !== undefined ? path.resolve(ctx.cwd, opts.plan) : config.planFile);
  const files = scanInputs([path.resolve(ctx.cwd, opts.input ?? config.inbox)], ctx.cwd);
  const progress = progressLine(io, { json: ctx.json, quiet: ctx.quiet, label: 'Đang đọc' });
  // A criterion of the wards' assessment (TC1…; issue 16) is scored on a year only.
  const criteria = period.type === 'year' ? loadCriteria(config.criteriaFile, forms) : null;
  const analysis = await analyseInbox({ files, period, config, forms, units, plan, criteria, onProgress: progress.update });
  progress.done();
  const unit = opts.unit === undefined ? null : opts.unit.trim().toUpperCase();
  const result = explainFigure({
    period,
    code: opts.code.trim(),
    unit,
    records: analysis.records,
    rejected: analysis.rejected,
    units,
    forms,
    plan: plan.year === period.year ? plan : { ...plan, targets: [] },
    summary: analysis.model.summary,
  });
  if (result.kind === 'unknown-code' && analysis.model.assessment && (unit === null || analysis.model.assessment.wards.some((w) => w.unit === unit))) {
    const figure = { period, records: analysis.records, rejected: analysis.rejected, units, forms, plan: plan.year === period.year ? plan : { ...plan, targets: [] }, summary: analysis.model.summary };
    const c = explainCriterion({ assessment: analysis.model.assessment, id: opts.code.trim(), unit, figure });
    if (c) {
      io.out(ctx.json ? serializeJson(criterionJson(c)) : criterionText(c, periodLabelVi(period)));
      return EXIT.ok;
    }
  }
  if (result.kind === 'unknown-code' && period.type !== 'year' && loadCriteria(config.criteriaFile, forms).criteria.some((c) => c.id === opts.code.trim().toUpperCase())) {
    throw new UsageError('CRITERION_YEAR_ONLY', `${opts.code.trim().toUpperCase()} là tiêu chí đánh giá, xếp loại phường: chỉ chấm cho cả năm. Dùng --period ${period.year}.`);
  }
  if (result.kind === 'unknown-code') {
    throw new UsageError('UNKNOWN_CODE', `Không có chỉ tiêu "${opts.code}" trong các biểu mẫu, cũng không có chỉ tiêu kế hoạch năm ${period.year} mang mã đó. Dùng mã như TT01, CA01 (biểu mẫu) hoặc CT8 (kế hoạch).`);
  }
  if (result.kind === 'unknown-unit') {
    throw new UsageError('UNKNOWN_UNIT', `Không có đơn vị mã "${opts.unit}" trong kỳ ${period.id}. Dùng mã đơn vị như 00007, CA, D178 (xem "baocao status --period ${period.id}").`);
  }
  if (result.kind === 'not-on-unit-form') {
    throw new UsageError('NOT_ON_UNIT_FORM', `Biểu mẫu của đơn vị "${opts.unit}" không có chỉ tiêu ${opts.code.trim().toUpperCase()}. Bỏ --unit để xem số toàn quận.`);
  }
  const e = result.explanation;
  if (ctx.json) io.out(serializeJson(toJson(e)));
  else io.out(explanationText(e, periodLabelVi(period)));
  return EXIT.ok;
}

// --- internal ---

function toJson(e: Explanation): object {
  return {
    schema: 'baocao.explain/1',
    period: e.period,
    code: e.code,
    kind: e.kind,
    label: e.label,
    unit: e.unit,
    value: e.value,
    rule: e.rule,
    across: e.across,
    span: e.span,
    ...(e.kind === 'target' ? { target: e.target, status: e.status } : {}),
    units: e.units.map((u) => ({
      unit: u.unit,
      name: u.name,
      status: u.status,
      value: u.value,
      ...(u.numerator !== undefined ? { numerator: u.numerator, denominator: u.denominator ?? null, targetStatus: u.targetStatus ?? null } : {}),
    })),
    contributions: e.contributions.map((c) => ({
      unit: c.unit,
      ...(c.indicator ? { indicator: c.indicator } : {}),
      piece: c.piece,
      value: c.value,
      file: c.file,
      sheet: c.sheet,
      cell: c.cell,
      used: c.used,
    })),
  };
}

const RULE_VI: Record<Explanation['rule'], string> = {
  sum: 'cộng các kỳ (sum)',
  last: 'lấy số của kỳ sau cùng có số liệu (last)',
  'count-yes': 'đếm số đơn vị trả lời "Có"',
  ratio: 'tỷ lệ tổng tử số ÷ tổng mẫu số; đánh giá theo phường kém nhất',
};

function explanationText(e: Explanation, periodLabel: string): string {
  const lines: string[] = [];
  const value = (v: number | null): string =>
    e.rule === 'ratio' ? formatPercentVi(v) : e.across === 'count-yes' && e.unit === null ? `${formatNumberVi(v)} đơn vị trả lời "Có"` : `${formatNumberVi(v)} ${e.measure}`;
  lines.push(`${e.code}. ${e.label}`);
  lines.push(`Kỳ: ${periodLabel}${e.span === 'yearToDate' ? ' (lũy kế từ đầu năm)' : ''}. Cách tính: ${RULE_VI[e.rule]}${e.rule !== 'ratio' && e.across === 'count-yes' ? '; giữa các đơn vị: đếm số trả lời "Có"' : e.rule !== 'ratio' ? '; giữa các đơn vị: cộng' : ''}.`);
  lines.push(`${e.unit === null ? 'Toàn quận' : `Đơn vị ${e.unit}`}: ${value(e.value)}${e.status ? ` — đánh giá: ${e.status}` : ''}`);
  if (e.rule === 'ratio') {
    const both = e.units.filter((u) => typeof u.numerator === 'number' && typeof u.denominator === 'number');
    const num = both.reduce((a, u) => a + (u.numerator ?? 0), 0);
    const den = both.reduce((a, u) => a + (u.denominator ?? 0), 0);
    lines.push(`  = ${formatNumberVi(num)} ÷ ${formatNumberVi(den)} (cộng các phường có đủ hai số)`);
  }
  lines.push('');
  for (const u of e.units) {
    const own = e.contributions.filter((c) => c.unit === u.unit);
    if (u.status !== 'accepted') {
      lines.push(`${u.name} (${u.unit}): ${u.status === 'missing' ? 'chưa gửi' : 'bị trả lại'} — không tính`);
      continue;
    }
    if (e.rule === 'ratio') {
      lines.push(`${u.name} (${u.unit}): ${formatNumberVi(u.numerator ?? null)} ÷ ${formatNumberVi(u.denominator ?? null)} = ${formatPercentVi(u.value)} — ${u.targetStatus ?? '—'}`);
    } else {
      lines.push(`${u.name} (${u.unit}): ${formatNumberVi(u.value)}`);
    }
    for (const c of own) lines.push(`  ${contributionLine(c)}`);
  }
  return `${lines.join('\n')}\n`;
}

function contributionLine(c: Contribution): string {
  const mark = c.used ? '' : c.value === null ? '  (để trống)' : '  (không dùng: lấy số của kỳ sau)';
  return `${c.indicator ? `${c.indicator} ` : ''}${c.piece}  ${formatNumberVi(c.value)}  ${c.file}  ${c.sheet}!${c.cell}${mark}`;
}

import { formatNumberVi, formatPercentVi } from '../common/vi-format.ts';
import type { PlanTarget } from '../domain/plan-schema.ts';
import type { SummaryTarget, TargetStatus, TargetValue } from '../domain/summary-schema.ts';

/** The kinds of target of a plan, each worded its own way. */
export type TargetKind = 'max' | 'min' | 'range' | 'ratio';

export function targetKind(target: TargetValue): TargetKind {
  if ('ratio' in target) return 'ratio';
  if ('min' in target && 'max' in target) return 'range';
  return 'min' in target ? 'min' : 'max';
}

/**
 * The cells of one target as both reports print them (Word section III and the Excel `Chi tieu` sheet), so that
 * the two never differ:
 * - `target`: "Tối thiểu 6 vụ", "Từ 30 đến 50 cơ sở", "Không để xảy ra" (a max of 0), "Tối đa 5 điểm", "80% ở mỗi phường";
 * - `period`, `yearToDate`: the values ("45", "76,5%"); "—" when unknown;
 * - `progress`: the share of a min reached ("62,5%"); for a range, where the value stands ("trong khoảng", "dưới
 *   khoảng"), never a percentage above its lower bound ("150%"); the share of the lower bound while below it;
 *   "—" for a max and for a ratio (its value is
 *   already a percentage, judged against the threshold).
 */
export interface TargetCells {
  readonly target: string;
  readonly period: string;
  readonly yearToDate: string;
  readonly progress: string;
  readonly status: TargetStatus;
}

export function targetCells(t: Pick<PlanTarget, 'target' | 'unit'>, r: SummaryTarget | undefined): TargetCells {
  const kind = targetKind(t.target);
  const value = (v: number | null | undefined): string => (v === undefined || v === null ? '—' : kind === 'ratio' ? formatPercentVi(v) : formatNumberVi(v));
  return {
    target: targetText(t.target, t.unit),
    period: value(r?.period),
    yearToDate: value(r?.yearToDate),
    progress: progressText(t.target, r),
    status: r?.status ?? 'Thiếu số liệu',
  };
}

/** The year's target in words (see TargetCells). */
export function targetText(target: TargetValue, unit: string): string {
  const u = unit && unit !== '%' ? ` ${unit}` : '';
  if ('ratio' in target) return `${formatPercentVi(target.ratio * 100, 0)} ở mỗi phường`;
  if ('min' in target && 'max' in target) return `Từ ${formatNumberVi(target.min)} đến ${formatNumberVi(target.max)}${u}`;
  if ('min' in target) return `Tối thiểu ${formatNumberVi(target.min)}${u}`;
  return target.max <= 0 ? 'Không để xảy ra' : `Tối đa ${formatNumberVi(target.max)}${u}`;
}

/** What each status word means (plan-2021.md): the legend under both targets tables. */
export const STATUS_LEGEND: Readonly<Record<TargetStatus, string>> = {
  'Đạt': 'đã đạt chỉ tiêu năm; với chỉ tiêu "không để xảy ra" (như CT1): chưa xảy ra',
  'Đúng tiến độ': 'lũy kế đạt ít nhất tỷ lệ thời gian đã qua của năm',
  'Chậm tiến độ': 'lũy kế thấp hơn tỷ lệ thời gian đã qua của năm',
  'Không đạt': 'chỉ tiêu đã bị vi phạm, vượt khoảng cho phép, hoặc đã hết năm mà chưa đạt',
  'Thiếu số liệu': 'có đơn vị cần cho chỉ tiêu chưa báo cáo hoặc báo cáo bị trả lại',
};

/**
 * A ward behind on a ratio target, with its ratio; a ward of part of the period (the 1 July 2025 reorganisation)
 * also with its span, "đến 30/06/2025", and then named without "Phường": the sentence names the span once for
 * all the wards that share it.
 */
export interface WardBehind {
  readonly name: string;
  readonly ratio: number | null;
  readonly span?: string | null;
}

/**
 * One sentence for a target that is behind, broken or unknown (section III); '' for one met or on track.
 * `wardsBehind`: for a ratio target, the wards whose own status is behind or broken, with their ratio, named
 * from summary.targets[id].byUnit so that Word and Excel agree ward by ward.
 */
export function targetSentence(t: Pick<PlanTarget, 'id' | 'label' | 'target' | 'unit'>, r: SummaryTarget | undefined, wardsBehind: readonly WardBehind[] = []): string {
  const status = r?.status ?? 'Thiếu số liệu';
  const kind = targetKind(t.target);
  const ytd = r?.yearToDate ?? null;
  const label = `${t.id} (${t.label})`;
  if (status === 'Thiếu số liệu') return `Chưa đủ số liệu để đánh giá chỉ tiêu ${label}.`;
  if (kind === 'ratio') {
    if (status === 'Đạt' || status === 'Đúng tiến độ') return '';
    const threshold = 'ratio' in t.target ? formatPercentVi(t.target.ratio * 100, 0) : '';
    const overall = ytd === null ? '' : `toàn quận đạt ${formatPercentVi(ytd)}; `;
    return `Chỉ tiêu ${t.id} (${threshold} số cơ sở được kiểm tra ở mỗi phường): ${overall}${status === 'Không đạt' ? 'chưa đạt' : 'chậm tiến độ'} ở ${wardsBehind.length} phường: ${wardList(wardsBehind)}.`;
  }
  if (status === 'Đạt' || status === 'Đúng tiến độ') return '';
  const u = t.unit ? ` ${t.unit}` : '';
  const value = ytd === null ? '' : `${formatNumberVi(ytd)}${u}`;
  if (kind === 'max') return `Chỉ tiêu ${label} không đạt: lũy kế ${value}.`;
  if ('min' in t.target && 'max' in t.target && ytd !== null && ytd > t.target.max) {
    return `Chỉ tiêu ${label}: lũy kế ${value}, vượt khoảng ${formatNumberVi(t.target.min)}–${formatNumberVi(t.target.max)}${u} của kế hoạch.`;
  }
  const min = 'min' in t.target ? t.target.min : 0;
  const pct = r?.percent === null || r?.percent === undefined ? '' : ` (${formatPercentVi(r.percent)})`;
  const word = status === 'Không đạt' ? 'không đạt' : 'chậm tiến độ';
  if (ytd === null || ytd <= 0) return `Chỉ tiêu ${label} ${word}: từ đầu năm chưa có kết quả (chỉ tiêu ${formatNumberVi(min)}${u}).`;
  return `Chỉ tiêu ${label} ${word}: lũy kế ${formatNumberVi(ytd)}/${formatNumberVi(min)}${u}${pct}.`;
}

// --- internal ---

/**
 * "Phường Kim Mã (70%), Phường Cống Vị (75%)"; across a reorganisation, the wards of the whole period first, then
 * one group per span: "13 phường hoạt động đến 30/06/2025 là Phúc Xá (44,4%), …; 3 phường hoạt động từ 01/07/2025
 * là Ba Đình (61,5%), …", instead of the span after every name.
 */
function wardList(wards: readonly WardBehind[]): string {
  const listed = (ws: readonly WardBehind[]) => ws.map((w) => (w.ratio === null ? w.name : `${w.name} (${formatPercentVi(w.ratio)})`)).join(', ');
  const groups = new Map<string | null, WardBehind[]>([[null, []]]);
  for (const w of wards) groups.set(w.span ?? null, [...(groups.get(w.span ?? null) ?? []), w]);
  if (groups.size === 1) return listed(wards);
  return [...groups]
    .filter(([, ws]) => ws.length > 0)
    .map(([span, ws]) => (span === null ? listed(ws) : `${formatNumberVi(ws.length)} phường hoạt động ${span} là ${listed(ws)}`))
    .join('; ');
}

function progressText(target: TargetValue, r: SummaryTarget | undefined): string {
  const ytd = r?.yearToDate ?? null;
  if (ytd === null) return '—';
  if ('ratio' in target) return '—';
  if ('min' in target && 'max' in target) return ytd > target.max ? 'Vượt khoảng' : ytd >= target.min ? 'Trong khoảng' : formatPercentVi(r?.percent ?? null);
  if ('min' in target) return formatPercentVi(r?.percent ?? null);
  return '—';
}

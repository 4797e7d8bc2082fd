import { loadForms, indicatorsOf } from '../../src/load/load-forms.ts';
import { loadDefaultPlan } from '../../src/load/load-plan.ts';
import type { ReportModel, Totals } from '../../src/aggregate/report-model.ts';
import { SummarySchema, type Summary, type SummaryTarget } from '../../src/domain/summary-schema.ts';
import { FORM_OF_KIND, type Unit } from '../../src/domain/units.ts';
import { unitsOfPeriod } from '../../src/domain/unit-instances.ts';
import { loadDefaultUnits } from '../../src/load/load-units.ts';
import { addDays, monthsOf, parsePeriodId, periodLabelVi, periodWindow, yearToDateMonths } from '../../src/domain/period.ts';

/**
 * A plausible ReportModel for renderer tests, before and independently of the aggregation code:
 * deterministic numbers, one missing ward (00010), one rejected ward (00019), two issues, ward texts.
 * Renderers are tested against it; the end-to-end tests use the real pipeline on the fixtures.
 */
export function sampleReportModel(periodId = '2021-03'): ReportModel {
  const period = parsePeriodId(periodId);
  if (!period) throw new Error(`bad period ${periodId}`);
  const forms = loadForms();
  const plan = loadDefaultPlan();
  const units = unitsOfPeriod(loadDefaultUnits(), period);
  const window = periodWindow(period, 'decree-09');
  const months = monthsOf(period).length;
  const status = (u: Unit): 'accepted' | 'rejected' | 'missing' => (u.code === '00010' ? 'missing' : u.code === '00019' ? 'rejected' : 'accepted');

  const indicators: Summary['indicators'] = {};
  for (const id of ['PCMD-01', 'PCMD-02', 'PCMD-03'] as const) {
    for (const [i, ind] of indicatorsOf(forms[id]).entries()) {
      const byUnit: Record<string, number | null> = {};
      for (const [k, u] of units.entries()) {
        if (FORM_OF_KIND[u.kind] !== id || status(u) !== 'accepted') continue;
        const base = ((k + 3) * (i + 7)) % 11;
        byUnit[u.code] =
          ind.code === 'HT07' && u.code === '00001' ? null
          : ind.type === 'yesno' ? (k % 5 === 4 && ind.code === 'DG02' ? 0 : 1)
          : ind.type === 'money' ? (base + 1) * 500_000 * months
          : ind.code === 'CA09' ? 0
          : ind.code === 'CA01' ? 38 * months
          : ind.code === 'KT01' ? 20 + base
          : ind.code === 'KT03' ? Math.min(20 + base, 12 + base + months)
          : base * months;
      }
      const values = Object.values(byUnit).filter((v): v is number => v !== null);
      indicators[ind.code] = { total: values.length ? values.reduce((a, b) => a + b, 0) : null, byUnit };
    }
  }

  const targets: Record<string, SummaryTarget> = {};
  for (const t of plan.targets) {
    const value = t.measure.kind === 'ratio' ? 76.5 : (indicators[t.measure.code]?.total ?? null);
    const entry: SummaryTarget = {
      target: t.target,
      period: value,
      yearToDate: value,
      percent: 'max' in t.target && !('min' in t.target) ? null : 62.5,
      status: t.id === 'CT1' ? 'Đạt' : t.id === 'CT6' ? 'Thiếu số liệu' : t.id === 'CT5' ? 'Chậm tiến độ' : 'Đúng tiến độ',
    };
    if (t.measure.kind === 'ratio') {
      entry.byUnit = Object.fromEntries(
        units.filter((u) => u.kind === 'ward').map((u, k) => [u.code, status(u) === 'accepted' ? { ratio: 60 + k * 3, status: k % 3 ? 'Đúng tiến độ' : 'Chậm tiến độ' } : { ratio: null, status: 'Thiếu số liệu' }]),
      );
    }
    targets[t.id] = entry;
  }

  const summary: Summary = {
    schema: 'baocao.summary/1',
    period: { id: period.id, type: period.type, from: window.from, to: window.to, window: 'decree-09' },
    units: units.map((u, k) => ({
      code: u.code,
      key: u.key,
      name: u.name,
      validFrom: u.validFrom,
      validTo: u.validTo,
      form: FORM_OF_KIND[u.kind],
      status: status(u),
      source: status(u) === 'accepted' ? (period.type === 'month' ? 'period' : 'monthly') : null,
      files: status(u) === 'missing' ? [] : [`${period.id}/${FORM_OF_KIND[u.kind]}_${period.id}_${u.code}.xlsx`],
      signedOn: status(u) === 'missing' ? null : addDays(window.to, 1 + (k % 5)),
      onTime: status(u) === 'missing' ? null : 1 + (k % 5) <= 3,
    })),
    indicators,
    targets,
    issues: [
      { severity: 'error', code: 'unit.missing', unit: '00010', message: 'Phường Nguyễn Trung Trực chưa gửi báo cáo kỳ 2021-03.' },
      { severity: 'error', code: 'rule.KT03-le-KT01', unit: '00019', file: `${period.id}/PCMD-01_${period.id}_00019.xlsx`, sheet: 'BaoCao', cell: 'E17', message: 'Số cơ sở đã được kiểm tra (KT03 = 40) lớn hơn số cơ sở trên địa bàn (KT01 = 30).' },
      { severity: 'warning', code: 'cell.text-number', unit: '00007', file: `${period.id}/PCMD-01_${period.id}_00007.xlsx`, sheet: 'BaoCao', cell: 'E24', message: '=HYPERLINK("http://x") ghi dạng chữ' },
    ],
    outputs: [],
    ignoredFiles: 0,
  };
  SummarySchema.parse(summary);

  const totals = (scale: number): Totals => Object.fromEntries(Object.entries(indicators).map(([c, v]) => [c, v.total === null ? null : Math.round(v.total * scale)]));
  return {
    summary,
    period,
    periodLabel: periodLabelVi(period),
    reportDate: addDays(window.to, 2),
    units,
    forms,
    plan,
    monthly: period.type === 'month' ? null : { months: monthsOf(period).map((m) => m.id), totals: Object.fromEntries(monthsOf(period).map((m, k) => [m.id, totals((k + 1) / (months * 2))])) },
    yearToDateMonthly: {
      months: yearToDateMonths(period).map((m) => m.id),
      totals: Object.fromEntries(yearToDateMonths(period).map((m, k) => [m.id, totals((k + 1) / 24)])),
    },
    previous: { periodId: 'prev', periodLabel: 'kỳ trước', totals: totals(0.8) },
    sameLastYear: null,
    texts: units
      .filter((u) => u.kind === 'ward' && status(u) === 'accepted')
      .slice(0, 4)
      .map((u, k) => {
        const texts = {
          assessment: `Công tác phòng, chống tệ nạn mại dâm trên địa bàn ${u.name} được duy trì thường xuyên.`,
          ...(k % 2 === 0 ? { difficulties: 'Lực lượng mỏng, cơ sở kinh doanh dịch vụ thay đổi chủ thường xuyên.' } : {}),
          proposals: k === 1 ? '=1+1 đề nghị bố trí thêm kinh phí' : 'Đề nghị quận tiếp tục hỗ trợ kinh phí tuyên truyền.',
          nextSteps: 'Tiếp tục kiểm tra các cơ sở kinh doanh dịch vụ dễ bị lợi dụng.',
        };
        // Every month of the period sent the same texts, each opening with a sentence bound to its month.
        const forms = monthsOf(period).map((m) => ({
          periodId: m.id,
          texts: { ...texts, assessment: `Trong tháng ${m.index}, phường tổ chức ${k + 2} buổi tuyên truyền. ${texts.assessment}` },
        }));
        return { unitKey: u.key, unitName: u.name, texts: forms.at(-1)?.texts ?? texts, forms };
      }),
    assessment: null,
  };
}

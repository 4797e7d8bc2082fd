import { UsageError } from '../common/usage-error.ts';
import { monthsOf, resolvePeriod, type Period } from '../domain/period.ts';
import type { CommandContext } from './context.ts';

/**
 * `--period` as every command reads it: an id, a range of months of one year (`2021-02..2021-04`) or a relative
 * period, resolved against today; otherwise exit 2. A command for which a range makes no sense names itself in
 * `refuseRange` and the clerk is told what to type instead.
 */
export function periodOption(input: string, ctx: Pick<CommandContext, 'today' | 'config'>, o: { refuseRange?: string } = {}): Period {
  const p = resolvePeriod(input, ctx.today, ctx.config.window);
  if (!p) {
    const range = input.includes('..')
      ? ` Khoảng tháng viết là THÁNG-ĐẦU..THÁNG-CUỐI trong cùng một năm, tháng đầu không sau tháng cuối, ví dụ 2021-02..2021-04.`
      : '';
    throw new UsageError(
      'BAD_PERIOD',
      `Kỳ báo cáo "${input}" không hợp lệ.${range} Dùng 2021-03 (tháng), 2021-Q1 (quý), 2021-H1 (6 tháng), 2021 (năm), 2021-02..2021-04 (từ tháng 2 đến tháng 4), hoặc last-month, last-quarter, last-half, last-year.`,
    );
  }
  if (p.type === 'range' && o.refuseRange) {
    throw new UsageError(
      'RANGE_NOT_SUPPORTED',
      `${o.refuseRange} không nhận khoảng tháng "${p.id}": biểu mẫu chỉ lập cho một tháng, quý, 6 tháng hoặc năm. ` +
        `Lập biểu từng tháng: ${monthsOf(p).map((m) => `--period ${m.id}`).join(', ')}.`,
    );
  }
  return p;
}

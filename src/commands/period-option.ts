import { UsageError } from '../common/usage-error.ts';
import { resolvePeriod, type Period } from '../domain/period.ts';
import type { CommandContext } from './context.ts';

/** `--period` as every command reads it: an id or a relative period, resolved against today; otherwise exit 2. */
export function periodOption(input: string, ctx: Pick<CommandContext, 'today' | 'config'>): Period {
  const p = resolvePeriod(input, ctx.today, ctx.config.window);
  if (!p) {
    throw new UsageError(
      'BAD_PERIOD',
      `Kỳ báo cáo "${input}" không hợp lệ. Dùng 2021-03 (tháng), 2021-Q1 (quý), 2021-H1 (6 tháng), 2021 (năm), hoặc last-month, last-quarter, last-half, last-year.`,
    );
  }
  return p;
}

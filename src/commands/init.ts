import type { CommandContext, CommonOptions } from '../cli/context.ts';
import { UsageError } from '../errors.ts';

// Placeholder until the command lands (see the open issues); replaced, never shipped as "done".
export async function runInit(_opts: CommonOptions & Record<string, unknown>, _ctx: CommandContext): Promise<number> {
  throw new UsageError('NOT_BUILT', 'Lệnh này chưa được xây dựng.');
}

import type { Io } from './io.ts';

/**
 * A progress line on stderr while reading many files: only on a terminal, never under cron (no TTY),
 * never with --json or --quiet. Redraws in place and clears itself when done.
 */
export function progressLine(io: Io, options: { json: boolean; quiet: boolean; label: string }): { update(done: number, total: number): void; done(): void } {
  const enabled = io.isErrTTY && !options.json && !options.quiet;
  let shown = false;
  let last = -1;
  return {
    update(done, total) {
      if (!enabled || total < 20) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last && done !== total) return;
      last = pct;
      shown = true;
      io.err(`\r${options.label} ${done}/${total} tệp (${pct}%)`);
    },
    done() {
      if (shown) io.err('\r\x1b[2K');
      shown = false;
    },
  };
}

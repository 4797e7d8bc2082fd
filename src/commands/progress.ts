import { createRequire } from 'node:module';
import type { SingleBar } from 'cli-progress';
import type { Io } from './io.ts';

/** Below this many files a run takes a second or two: no bar. */
export const PROGRESS_MIN_FILES = 20;

/**
 * A progress bar on stderr while reading many files, drawn by cli-progress: only on a terminal (never piped, never
 * under cron, where stderr is no TTY), never with --json or --quiet, never for fewer than PROGRESS_MIN_FILES files.
 * The library is loaded on first use only, so a short run and `--version` never pay for it. The bar clears itself.
 */
export function progressLine(io: Io, options: { json: boolean; quiet: boolean; label: string }): { update(done: number, total: number): void; done(): void } {
  const enabled = io.isErrTTY && io.errStream !== undefined && !options.json && !options.quiet;
  let bar: SingleBar | null = null;
  return {
    update(done, total) {
      if (!enabled || total < PROGRESS_MIN_FILES) return;
      if (bar === null) {
        const { SingleBar: Bar, Presets } = loadCliProgress();
        bar = new Bar(
          {
            stream: io.errStream,
            format: `${options.label} [{bar}] {value}/{total} tệp ({percentage}%)`,
            barsize: 30,
            // Never hide the cursor: a run stopped by an error must not leave the console without one.
            hideCursor: false,
            clearOnComplete: true,
            // Some Windows consoles cannot draw the block characters of the default preset.
            ...(process.platform === 'win32' ? { barCompleteChar: '#', barIncompleteChar: '-' } : {}),
          },
          Presets.shades_classic,
        );
        bar.start(total, done);
      } else {
        bar.update(done);
      }
    },
    done() {
      bar?.stop();
      bar = null;
    },
  };
}

// --- internal ---

/** cli-progress is CommonJS: a synchronous require, lazily, keeps update() synchronous. */
function loadCliProgress(): typeof import('cli-progress') {
  return createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
}

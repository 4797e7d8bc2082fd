import type { Config } from '../domain/config-schema.ts';
import type { Io } from './io.ts';

/** Options every command takes (spec/outputs.md). */
export interface CommonOptions {
  json?: boolean;
  config?: string;
  quiet?: boolean;
  color?: boolean;
  today?: string;
}

/** What a command receives besides its own options. Commands return their exit code; only cli.ts sets it. */
export interface CommandContext {
  readonly io: Io;
  readonly config: Config;
  /** Today's date (ISO), from --today or the local clock: the only clock the core ever sees. */
  readonly today: string;
  /** The moment of the run, for logs (ISO timestamp); tests pin it. */
  readonly now: string;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly cwd: string;
}

/** Exit codes (spec/outputs.md), the same for every command. */
export const EXIT = { ok: 0, dataNotClean: 1, nothingDone: 2, internal: 3 } as const;

import { Chalk, type ChalkInstance } from 'chalk';
import { terminalSafe } from '../common/safe-text.ts';

/**
 * What a command may do to the terminal. Commands never touch `process.stdout` directly, so tests run
 * them in-process and capture everything. stdout carries the result (JSON with --json, nothing else);
 * stderr carries messages and progress.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal (progress lines, questions). */
  readonly isErrTTY: boolean;
  /** The stream behind err(), for a library that draws on it (the progress bar); absent in tests. */
  readonly errStream?: NodeJS.WriteStream;
  /** stdin is a terminal (a person can answer a question). */
  readonly isInTTY: boolean;
  /** Colours for stderr/stdout text; level 0 without a TTY, with NO_COLOR or --no-color. */
  readonly color: ChalkInstance;
  /** Asks a yes/no question on a terminal. */
  ask(question: string): Promise<string>;
}

export interface ProcessIoOptions {
  noColor: boolean;
}

/** The real terminal. chalk does not honour NO_COLOR by itself (libraries.md §5), so it is checked here. */
export function processIo(options: ProcessIoOptions): Io {
  const env = process.env;
  const noColor = options.noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || !process.stderr.isTTY || env.TERM === 'dumb';
  return {
    // Nothing from a ward's file reaches the terminal raw: control characters (ESC, BEL…) and invisible marks are
    // shown as escapes (issue 13).
    out: (text) => void process.stdout.write(terminalSafe(text, { json: true })),
    err: (text) => void process.stderr.write(terminalSafe(text)),
    isErrTTY: Boolean(process.stderr.isTTY),
    errStream: process.stderr,
    isInTTY: Boolean(process.stdin.isTTY),
    color: new Chalk({ level: noColor ? 0 : 1 }),
    ask: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(options: { answers?: string[]; isErrTTY?: boolean; isInTTY?: boolean } = {}): Io & { stdout: string; stderr: string } {
  const answers = [...(options.answers ?? [])];
  const io = {
    stdout: '',
    stderr: '',
    out(text: string) {
      io.stdout += terminalSafe(text, { json: true });
    },
    err(text: string) {
      io.stderr += terminalSafe(text);
    },
    isErrTTY: options.isErrTTY ?? false,
    isInTTY: options.isInTTY ?? false,
    color: new Chalk({ level: 0 }),
    ask: async (question: string) => {
      io.stderr += question;
      return answers.shift() ?? '';
    },
  };
  return io;
}

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { memoryIo, type Io } from './io.ts';
import { PROGRESS_MIN_FILES, progressLine } from './progress.ts';

/** A terminal stand-in: what cli-progress writes to stderr, kept. */
function fakeTerminal(isTTY: boolean): { io: Io; written: () => string } {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString('utf8');
        done();
      },
    }),
    { isTTY, columns: 100 },
  );
  const io: Io = { ...memoryIo({ isErrTTY: isTTY }), errStream: stream as unknown as NodeJS.WriteStream };
  return { io, written: () => text };
}

const runThrough = (io: Io, total: number, o: { json?: boolean; quiet?: boolean } = {}) => {
  const p = progressLine(io, { json: o.json ?? false, quiet: o.quiet ?? false, label: 'Đang đọc' });
  for (let done = 1; done <= total; done++) p.update(done, total);
  p.done();
};

describe('the progress bar (issue 14)', () => {
  it('draws on a terminal, through cli-progress, with the count of files', async () => {
    const t = fakeTerminal(true);
    runThrough(t.io, 200);
    await new Promise((r) => setImmediate(r));
    expect(t.written()).toContain('Đang đọc [');
    expect(t.written()).toMatch(/\d+\/200 tệp \(\d+%\)/);
  });

  it('stays silent when piped or under cron (no TTY), with --json or --quiet, and for a short run', () => {
    const piped = fakeTerminal(false);
    runThrough(piped.io, 200);
    expect(piped.written()).toBe('');
    for (const o of [{ json: true }, { quiet: true }]) {
      const t = fakeTerminal(true);
      runThrough(t.io, 200, o);
      expect(t.written()).toBe('');
    }
    const short = fakeTerminal(true);
    runThrough(short.io, PROGRESS_MIN_FILES - 1);
    expect(short.written()).toBe('');
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floodEmptyRows } from '../../tools/fixtures/_bad-hostile-cases.ts';
import { REPO_ROOT, transpileCli, type TranspiledCli } from '../../test/support/transpiled-cli.ts';

/**
 * Memory bombs of the bad-input corpus (issue 13), each in a real process whose heap is capped far below what the
 * sheet declares: a merge over H1:XFD1048576 (4 GB in exceljs before), a merged whole column (790 MB), a flood of
 * styled empty rows (about 1 GB for a million). The run must finish with its exit code and read the form, never die
 * with "JavaScript heap out of memory" and a native stack.
 */
const HEAP_MB = 160;
let cli: TranspiledCli;
/** A preload that prints the process's peak resident memory (all threads) on stderr as it exits. */
let peakRss: string;

beforeAll(() => {
  cli = transpileCli('memory-bombs');
  peakRss = path.join(cli.root, 'peak-rss.cjs');
  writeFileSync(peakRss, `process.on('exit', () => process.stderr.write('\\nPEAK_RSS_KB=' + process.resourceUsage().maxRSS + '\\n'));\n`);
});
afterAll(() => cli?.remove());

const validate = (args: readonly string[], env: Record<string, string> = { BAOCAO_READ_WORKERS: '0' }) =>
  spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--require', peakRss, cli.bin, 'validate', ...args, '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
const peakMb = (stderr: string): number => Number(/PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;

describe(`memory bombs under a ${HEAP_MB} MB heap`, () => {
  it.each([
    ['merge-bomb', 0],
    ['merge-whole-column', 0],
    ['styled-empty-rows', 0],
  ] as const)('%s', (name, exit) => {
    const r = validate([path.join(REPO_ROOT, 'fixtures/bad', name)]);
    expect(r.stderr).not.toMatch(/heap out of memory|^\s{4}at /m);
    expect(r.status).toBe(exit);
    const json = JSON.parse(r.stdout) as { files: { file: string; status: string }[] };
    expect(json.files).toEqual([expect.objectContaining({ file: 'PCMD-01_2021-03_00007.xlsx', status: 'accepted' })]);
  });
});

/**
 * Issue 13 at full size: "a 4.8 MB file with a million styled empty rows costs ~1 GB; four such files under the read pool
 * 2 GB". Four wards' March forms, each followed by 1,000,000 styled empty rows (2.6 MB on disk, 65 MB of sheet XML),
 * made here in a temporary folder. The sheet XML is past the default unpacked limit (50 MB), which refuses it unread;
 * with the limit raised the reader must read it, and only streams through the rows the form does not need.
 * Measured (2 cores, Node 20, peak resident memory of the whole process): one file 137 MB (212 MB when the sheet part was
 * inflated whole), four at once in four reading threads 328 MB (470 MB before). The bounds below fail on the old reader.
 */
describe('a million styled empty rows per form, one file and four at once through the read pool', () => {
  const MILLION = 1_000_000;
  const WARDS = ['00001', '00004', '00006', '00007'];
  let one = '';
  let four = '';
  beforeAll(() => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'baocao-empty-rows-'));
    one = path.join(tmp, 'one');
    four = path.join(tmp, 'four');
    mkdirSync(one);
    mkdirSync(four);
    for (const ward of WARDS) {
      const name = `PCMD-01_2021-03_${ward}.xlsx`;
      const flooded = floodEmptyRows(readFileSync(path.join(REPO_ROOT, 'fixtures/2021/2021-03', name)), MILLION);
      writeFileSync(path.join(four, name), flooded);
      if (ward === '00007') writeFileSync(path.join(one, name), flooded);
    }
    return () => rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('with the default limit the file is refused unread (file.too-large), within the heap', () => {
    const r = validate([one]);
    expect(r.stderr).not.toMatch(/heap out of memory|^\s{4}at /m);
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { issues: { code: string }[] }).issues.map((i) => i.code)).toEqual(['file.too-large']);
  });

  it('one file, the limit raised: read in full, accepted, under 180 MB resident', () => {
    const r = validate([one, '--max-unpacked-mb', '200']);
    expect(r.stderr).not.toMatch(/heap out of memory|^\s{4}at /m);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { files: { status: string }[] }).files.map((f) => f.status)).toEqual(['accepted']);
    expect(peakMb(r.stderr)).toBeLessThan(180);
  });

  it('four files read at once by four reading threads: all accepted, under 400 MB resident for the whole process', () => {
    const r = validate([four, '--max-unpacked-mb', '200'], { BAOCAO_READ_WORKERS: '4' });
    expect(r.stderr).not.toMatch(/heap out of memory|^\s{4}at /m);
    const json = JSON.parse(r.stdout) as { files: { file: string; status: string }[]; issues: { code: string; severity: string }[] };
    expect(json.files.map((f) => [f.file, f.status])).toEqual(WARDS.map((w) => [`PCMD-01_2021-03_${w}.xlsx`, 'accepted']));
    expect(json.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(r.status).toBe(0);
    expect(peakMb(r.stderr)).toBeLessThan(400);
  });
});

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { memoryIo } from './io.ts';
import { loadGlossary } from '../load/load-glossary.ts';
import { loadDefaultPlan } from '../load/load-plan.ts';
import { targetShortName } from '../domain/target-name.ts';

/**
 * Issue 14: what a clerk reads on the terminal after `status` and `compile`. Lines fit 100 columns (a year has 12
 * files a unit); the full paths come with --files; compile names each target by its short name, shows the warnings
 * themselves (up to ten) and says where the reports are. Terms come from templates/glossary.json.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'baocao-terminal-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], o: { tty?: boolean } = {}) {
  const io = memoryIo({ isErrTTY: o.tty ?? false });
  const code = await runCli(argv, { io, cwd: dir, now: () => new Date('2021-12-20T03:00:00Z') });
  return { code, out: io.stdout, err: io.stderr };
}
let monthRun: Awaited<ReturnType<typeof cli>> | undefined;
const tooWide = (text: string) => text.split('\n').filter((l) => [...l].length > 100);

describe('status', () => {
  it('fits 100 columns for a month and for the year, and lists the files in full with --files', async () => {
    const month = (monthRun ??= await cli(['status', '--period', '2021-03', '--input', FIXTURES]));
    expect(month.code).toBe(0);
    expect(tooWide(month.out)).toEqual([]);
    expect(month.out).toMatch(/^00007 {2}Cống Vị +Đã tiếp nhận {2}15\/03\/2021 {4}Đúng hạn {2}PCMD-01_2021-03_00007\.xlsx$/m);

    // --files adds the paths under the table; the table itself is the same.
    const year = await cli(['status', '--period', '2021', '--input', FIXTURES, '--files']);
    expect(tooWide(year.out.slice(0, year.out.indexOf('\nTệp:\n')))).toEqual([]);
    expect(year.out).toMatch(/^00007 {2}Cống Vị .* 12 tệp$/m);
    expect(year.out.replace(/\s+/g, ' ')).toContain('thêm --files để xem đường dẫn đầy đủ');
    expect(year.out).toContain('16 đơn vị: 16 đã tiếp nhận (4 nộp muộn), 0 bị trả lại, 0 chưa báo cáo.');
    const files = year;
    for (let m = 1; m <= 12; m++) {
      const id = `2021-${String(m).padStart(2, '0')}`;
      expect(files.out).toContain(`    ${path.join(FIXTURES, id, `PCMD-01_${id}_00007.xlsx`)}\n`);
    }
  });

  it('uses the glossary\'s words for statuses and headers', async () => {
    const g = loadGlossary();
    const month = (monthRun ??= await cli(['status', '--period', '2021-03', '--input', FIXTURES]));
    for (const h of [g.headers.code, g.headers.unit, g.headers.unitStatus, g.headers.signedOn, g.headers.timeliness, g.headers.files]) expect(month.out).toContain(h);
    expect(month.out).toContain(g.unitStatus.accepted.label);
    expect(month.out).not.toMatch(/đã nhận|chưa gửi/);
  });
});

describe('compile on a terminal', () => {
  it('ends with the targets by short name, the warnings themselves, what was written and where', async () => {
    const inbox = path.join(dir, 'inbox');
    for (const m of ['2021-01', '2021-02', '2021-03']) cpSync(path.join(FIXTURES, m), path.join(inbox, m), { recursive: true });
    const out = path.join(dir, 'out');
    const r = await cli(['compile', '--period', '2021-03', '--input', inbox, '--out', out, '--to', 'district', '--format', 'xlsx', '--today', '2021-03-20'], { tty: true });
    expect(r.code).toBe(0);
    expect(tooWide(r.err)).toEqual([]);
    for (const t of loadDefaultPlan().targets) expect(r.err).toMatch(new RegExp(`^ {4}${t.id} +${escape(targetShortName(t))} +\\S`, 'm'));
    expect(r.err).toContain('Chỉ tiêu:');
    expect(r.err).toContain('Đã ghi: BaoCao_PCMD_2021-03_district.xlsx, summary.json, manifest.json');
    expect(r.err).toContain(`Báo cáo tại: ${path.join(out, '2021-03')}`);
    // The fixtures' March has one late ward: its warning is shown with its file and cell, not only counted.
    expect(r.err).toMatch(/Lỗi, cảnh báo \(\d+\):\n {4}! 2021-03\/PCMD-01_2021-03_\d{5}\.xlsx BaoCao!B5: /);
  });

  it('shows at most ten issues and says where the rest are', async () => {
    const r = await cli(['compile', '--period', '2021', '--input', FIXTURES, '--out', path.join(dir, 'out-year'), '--to', 'district', '--format', 'xlsx'], { tty: true });
    const shown = r.err.split('\n').filter((l) => /^ {4}[!✗] /.test(l));
    const count = Number(/Lỗi, cảnh báo \((\d+)\)/.exec(r.err)?.[1]);
    expect(shown.length).toBe(Math.min(10, count));
    if (count > 10) expect(r.err).toContain(`… và ${count - 10} mục khác`);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

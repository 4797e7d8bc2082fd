import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { SummarySchema } from '../domain/summary-schema.ts';
import { RegisterEventSchema } from '../store/register.ts';
import { editWorkbook } from '../../test/support/edit-workbook.ts';

/**
 * Issue 15, "Done when": compile March, close it, a ward changes TT01 afterwards, compile again → the closed files are
 * byte-identical, dieu-chinh-1/ holds the errata naming the ward, TT01, old and new values; April's report mentions
 * the correction; a corrupt register stops every command (exit 2). In-process, on copies of the bundled fixtures.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const MONTHS = ['2021-01', '2021-02', '2021-03', '2021-04'];
const ONE = ['--to', 'district'];

const root = mkdtempSync(path.join(tmpdir(), 'baocao-close-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: readonly string[], now = '2021-03-20T08:00:00Z'): Promise<Run> {
  const io = memoryIo();
  const code = await runCli(args, { io, cwd: root, now: () => new Date(now) });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const hashes = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => [e.name, sha256(path.join(dir, e.name))]));
const registerLines = (out: string) =>
  readFileSync(path.join(out, 'register.jsonl'), 'utf8').trimEnd().split('\n').map((l) => RegisterEventSchema.parse(JSON.parse(l)));

/** The text of a .docx: the runs of word/document.xml, paragraph by paragraph. */
function docxText(file: string): string {
  const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(file)))['word/document.xml'] ?? new Uint8Array());
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
}

describe('close, then a correction after sending', () => {
  const inbox = path.join(root, 'inbox');
  const out = path.join(root, 'out');
  const io = (p: string) => ['--period', p, '--input', inbox, '--out', out];
  let closedHashes: Record<string, string>;
  let oldTt01: number;
  let newTt01: number;
  let cell: string;

  beforeAll(async () => {
    for (const m of MONTHS) cpSync(path.join(FIXTURES, m), path.join(inbox, m), { recursive: true });
    const first = await cli(['compile', ...io('2021-03'), ...ONE]);
    expect(first.code).toBe(0);
  });

  it('close: one register line with the sha256 of every report, summary.json and input; closing again changes nothing', async () => {
    const run = await cli(['close', '--period', '2021-03', '--out', out]);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain('Đã chốt kỳ 2021-03');
    const [line, ...rest] = registerLines(out);
    expect(rest).toEqual([]);
    if (line?.event !== 'close') throw new Error('expected a close line');
    closedHashes = hashes(path.join(out, '2021-03'));
    expect(Object.fromEntries(line.outputs.map((o) => [o.file, o.sha256]))).toEqual(
      Object.fromEntries(Object.entries(closedHashes).filter(([f]) => f !== 'manifest.json')),
    );
    expect(line.manifest).toBe(closedHashes['manifest.json']);
    expect(line.inputs).toHaveLength(48);
    expect(line.inputs.find((i) => i.file === '2021-03/PCMD-01_2021-03_00007.xlsx')?.sha256).toBe(sha256(path.join(inbox, '2021-03', 'PCMD-01_2021-03_00007.xlsx')));

    const bytes = readFileSync(path.join(out, 'register.jsonl'));
    const again = await cli(['close', '--period', '2021-03', '--out', out, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ period: '2021-03', closed: true, already: true });
    expect(readFileSync(path.join(out, 'register.jsonl')).equals(bytes)).toBe(true);
  });

  it('status says the period is closed; a compile with the same figures writes nothing (exit 0)', async () => {
    const status = await cli(['status', '--period', '2021-03', '--input', inbox, '--out', out, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).closed).toMatchObject({ at: '2021-03-20T08:00:00.000Z', day: '2021-03-20', corrections: 0 });
    const text = await cli(['status', '--period', '2021-03', '--input', inbox, '--out', out]);
    expect(text.stdout).toContain('Kỳ đã chốt');

    const run = await cli(['compile', ...io('2021-03'), ...ONE]);
    expect(run.code).toBe(0);
    expect(hashes(path.join(out, '2021-03'))).toEqual(closedHashes);
    expect(readdirSync(path.join(out, '2021-03')).sort()).toEqual(Object.keys(closedHashes).sort());
  });

  it('a ward changes TT01 after sending: closed files byte-identical, dieu-chinh-1/ with the errata, --json lists the correction, exit 1', async () => {
    const ward = path.join(inbox, '2021-03', 'PCMD-01_2021-03_00007.xlsx');
    const sent = SummarySchema.parse(JSON.parse(readFileSync(path.join(out, '2021-03', 'summary.json'), 'utf8')));
    oldTt01 = sent.indicators.TT01?.byUnit['00007'] ?? 0;
    newTt01 = oldTt01 + 7;
    cell = (await editWorkbook(ward, { TT01: newTt01 })).TT01 ?? '';
    expect(cell).toMatch(/^E\d+$/);

    const run = await cli(['compile', ...io('2021-03'), ...ONE, '--json'], '2021-03-25T08:00:00Z');
    expect(run.code).toBe(1);
    expect(hashes(path.join(out, '2021-03'))).toEqual(closedHashes);

    const summary = SummarySchema.parse(JSON.parse(run.stdout));
    expect(summary.corrections).toContainEqual({ indicator: 'TT01', unit: '00007', old: oldTt01, new: newTt01, file: '2021-03/PCMD-01_2021-03_00007.xlsx', cell });
    const total = summary.corrections?.find((c) => c.indicator === 'TT01' && c.unit === null);
    expect(total).toMatchObject({ old: sent.indicators.TT01?.total, new: (sent.indicators.TT01?.total ?? 0) + 7 });
    // Nothing else changed.
    expect(summary.corrections?.map((c) => `${c.indicator}/${c.unit}`)).toEqual(['TT01/00007', 'TT01/null']);

    const dir = path.join(out, '2021-03', 'dieu-chinh-1');
    expect(readdirSync(dir).sort()).toEqual([
      'BaoCao_DieuChinh_PCMD_2021-03_district.docx', 'BaoCao_PCMD_2021-03_district.docx', 'BaoCao_PCMD_2021-03_district.xlsx', 'manifest.json', 'summary.json',
    ]);
    expect(readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe(run.stdout);
    const text = docxText(path.join(dir, 'BaoCao_DieuChinh_PCMD_2021-03_district.docx'));
    expect(text).toContain('Điều chỉnh số liệu báo cáo kết quả công tác phòng, chống tệ nạn mại dâm tháng 3 năm 2021');
    const row = text.split('\n').findIndex((l) => l.startsWith('TT01.'));
    expect(row).toBeGreaterThan(0);
    const rowText = text.split('\n').slice(row - 1, row + 5).join(' | ');
    expect(rowText).toContain('Phường Cống Vị');
    expect(rowText).toContain(`${oldTt01} `);
    expect(rowText).toContain(`${newTt01} `);
    expect(rowText).toContain(`2021-03/PCMD-01_2021-03_00007.xlsx, ô ${cell}`);

    const lines = registerLines(out);
    expect(lines.map((l) => l.event)).toEqual(['close', 'correction']);
    expect(lines[1]).toMatchObject({ n: 1, dir: 'dieu-chinh-1', accepted: false, changes: 2 });
  });

  it('the same figures again: nothing written; a further change goes to dieu-chinh-2 (exit 0 with --accept-corrections)', async () => {
    const again = await cli(['compile', ...io('2021-03'), ...ONE]);
    expect(again.code).toBe(0);
    expect(existsSync(path.join(out, '2021-03', 'dieu-chinh-2'))).toBe(false);

    await editWorkbook(path.join(inbox, '2021-03', 'PCMD-01_2021-03_00007.xlsx'), { TT01: newTt01 + 1 });
    const run = await cli(['compile', ...io('2021-03'), ...ONE, '--json', '--accept-corrections']);
    expect(run.code).toBe(0);
    const summary = SummarySchema.parse(JSON.parse(run.stdout));
    expect(summary.corrections?.[0]).toMatchObject({ indicator: 'TT01', unit: '00007', old: newTt01, new: newTt01 + 1 });
    expect(registerLines(out).map((l) => (l.event === 'correction' ? `${l.event}-${l.n}-${l.accepted}` : l.event))).toEqual(['close', 'correction-1-false', 'correction-2-true']);
    expect(hashes(path.join(out, '2021-03'))).toEqual(closedHashes);
  });

  it("April's report carries 'Điều chỉnh số liệu kỳ trước' naming March and TT01", async () => {
    const run = await cli(['compile', ...io('2021-04'), ...ONE, '--format', 'docx'], '2021-04-20T08:00:00Z');
    expect(run.code).toBe(0);
    const text = docxText(path.join(out, '2021-04', 'BaoCao_PCMD_2021-04_district.docx'));
    expect(text).toContain('Điều chỉnh số liệu kỳ trước');
    const paragraph = text.split('\n').find((l) => l.startsWith('Số liệu tháng 3 năm 2021 đã báo cáo được điều chỉnh (lần 1'));
    expect(paragraph).toContain('TT01');
    // February's report (before the corrected period) does not.
    const feb = await cli(['compile', ...io('2021-02'), ...ONE, '--format', 'docx']);
    expect(feb.code).toBe(0);
    expect(docxText(path.join(out, '2021-02', 'BaoCao_PCMD_2021-02_district.docx'))).not.toContain('Điều chỉnh số liệu kỳ trước');
  });

  it('a corrupt register line: close, compile and status say so and stop (exit 2), writing nothing', async () => {
    const file = path.join(out, 'register.jsonl');
    const good = readFileSync(file);
    const lines = good.toString('utf8').split('\n');
    lines[1] = lines[1]!.replace('"correction"', '"corection"');
    writeFileSync(file, lines.join('\n'));
    try {
      const before = hashes(path.join(out, '2021-03'));
      for (const args of [['compile', ...io('2021-03'), ...ONE], ['status', ...io('2021-03')], ['close', '--period', '2021-04', '--out', out]]) {
        const run = await cli(args);
        expect(run.code, args[0]).toBe(2);
        expect(run.stderr, args[0]).toContain(`${file} bị hỏng ở dòng 2`);
      }
      expect(hashes(path.join(out, '2021-03'))).toEqual(before);
      // A torn last line (a write cut short) is corrupt too.
      writeFileSync(file, good.subarray(0, good.length - 10));
      expect((await cli(['compile', ...io('2021-03'), ...ONE])).code).toBe(2);
      appendFileSync(file, '\n');
      expect((await cli(['compile', ...io('2021-03'), ...ONE])).stderr).toContain('bị hỏng ở dòng 3');
    } finally {
      writeFileSync(file, good);
    }
  });

  it('a register gone while correction folders exist: compile refuses (exit 2) instead of treating March as never closed', async () => {
    const file = path.join(out, 'register.jsonl');
    const good = readFileSync(file);
    rmSync(file);
    try {
      const run = await cli(['compile', ...io('2021-03'), ...ONE]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('dieu-chinh-1, dieu-chinh-2');
      expect(hashes(path.join(out, '2021-03'))).toEqual(closedHashes);
    } finally {
      writeFileSync(file, good);
    }
  });

  it('a closed file edited by hand: compile refuses (exit 2) rather than compare with it', async () => {
    const file = path.join(out, '2021-03', 'summary.json');
    const good = readFileSync(file);
    // The latest version sent is dieu-chinh-2: its summary is the one compared with.
    const latest = path.join(out, '2021-03', 'dieu-chinh-2', 'summary.json');
    const latestGood = readFileSync(latest);
    writeFileSync(latest, latestGood.toString('utf8').replace('"TT01"', '"TT01" '));
    try {
      const run = await cli(['compile', ...io('2021-03'), ...ONE]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('summary.json (đã bị sửa)');
    } finally {
      writeFileSync(latest, latestGood);
    }
    expect(readFileSync(file).equals(good)).toBe(true);
  });

  it('--reopen needs --reason; with it the closed files are replaced, the previous ones kept under history/', async () => {
    const refused = await cli(['compile', ...io('2021-03'), ...ONE, '--reopen']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--reason');
    const run = await cli(['compile', ...io('2021-03'), ...ONE, '--reopen', '--reason', 'Phường Cống Vị sửa số buổi tuyên truyền'], '2021-03-28T08:00:00Z');
    expect(run.code).toBe(0);
    const summary = SummarySchema.parse(JSON.parse(readFileSync(path.join(out, '2021-03', 'summary.json'), 'utf8')));
    expect(summary.indicators.TT01?.byUnit['00007']).toBe(newTt01 + 1);
    const history = readdirSync(path.join(out, '2021-03', 'history'));
    expect(history).toHaveLength(1);
    expect(sha256(path.join(out, '2021-03', 'history', history[0]!, 'summary.json'))).toBe(closedHashes['summary.json']);
    const last = registerLines(out).at(-1);
    expect(last).toMatchObject({ event: 'reopen', period: '2021-03', reason: 'Phường Cống Vị sửa số buổi tuyên truyền' });
    // Open again: a change is simply compiled; closing again starts a new sent version.
    expect((await cli(['close', '--period', '2021-03', '--out', out])).code).toBe(0);
    expect(registerLines(out).at(-1)?.event).toBe('close');
  });
});

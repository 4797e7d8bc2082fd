import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_ESCAPE, COLOUR_ESCAPE, makeWorkspace, runLikeCron, snapshotFiles, type CliWorkspace } from '../../test/support/cli-workspace.ts';
import { transpileCli, type TranspiledCli } from '../../test/support/transpiled-cli.ts';
import { officeAvailable } from '../../test/support/office.ts';

/**
 * Issue 7, "Done when": the README's cron line works as written without a terminal (`setsid … < /dev/null`,
 * cron's bare environment, cron's working folder), quiet on success, one line on stderr otherwise, exit codes
 * of spec/outputs.md, pure JSON with --json, no colour without a terminal or with NO_COLOR, and a progress
 * line only on a terminal. The tool runs as a real process (a transpiled copy: test/support/transpiled-cli.ts).
 */

/** The crontab line of the README, exactly. The test swaps in this machine's paths and pins the day. */
export const README_CRON_LINE =
  '0 7 18 * * TZ=Asia/Ho_Chi_Minh /usr/bin/node /opt/baocao/bin/baocao.js compile --period last-month --config /srv/baocao/baocao.config.json';

let cli: TranspiledCli;
let ws: CliWorkspace;

/** The command part of the crontab line (after the five schedule fields) with this test's paths, and --today. */
function cronCommand(extra = ''): string {
  const command = README_CRON_LINE.split(/\s+/).slice(5).join(' ');
  return `${command.replace('/usr/bin/node', process.execPath).replace('/opt/baocao/bin/baocao.js', cli.bin).replace('/srv/baocao/baocao.config.json', ws.config)} --today 2021-03-20${extra}`;
}

const marchReport = () => path.join(ws.out, '2021-03');
/** From here on the workspace lacks ward 00007's March form (so a run exits 1 and prints its line). */
const removeWard00007 = () => rmSync(path.join(ws.inbox, '2021-03', 'PCMD-01_2021-03_00007.xlsx'), { force: true });
const hasScript = officeAvailable('the cron checks on a terminal', { commands: ['script'] });

beforeAll(() => {
  cli = transpileCli('cron');
  ws = makeWorkspace({ months: ['2021-01', '2021-02', '2021-03'] });
});
afterAll(() => {
  cli.remove();
  ws.remove();
});

describe('the README crontab line, run as cron runs it (no terminal, bare environment, working folder $HOME)', () => {
  it('is quiet on success: exit 0, nothing on stdout or stderr, and the reports of last month are written', () => {
    const r = runLikeCron(cronCommand(), { cwd: ws.home });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    const summary = JSON.parse(readFileSync(path.join(marchReport(), 'summary.json'), 'utf8')) as { period: { id: string }; units: unknown[] };
    expect(summary.period.id).toBe('2021-03');
    expect(summary.units).toHaveLength(16);
  });

  it('reading with the worker pool (BAOCAO_READ_WORKERS=1) gives the same reports, byte for byte: nothing is rewritten', () => {
    const before = snapshotFiles(marchReport());
    const r = runLikeCron(cronCommand(), { cwd: ws.home, env: { BAOCAO_READ_WORKERS: '1' } });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(snapshotFiles(marchReport())).toEqual(before);
    expect(existsSync(path.join(marchReport(), 'history'))).toBe(false);
  });

  it('--json prints summary.json on stdout, byte for byte, and nothing on stderr', () => {
    const r = runLikeCron(cronCommand(' --json'), { cwd: ws.home });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    expect(r.stdout).toBe(readFileSync(path.join(marchReport(), 'summary.json'), 'utf8'));
  });

  describe('with one ward missing', () => {
    beforeAll(removeWard00007);

    it('exits 1 with exactly one line on stderr naming the ward, nothing on stdout, no escape sequences', () => {
      const r = runLikeCron(cronCommand(), { cwd: ws.home });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('baocao compile 2021-03: 15/16 đơn vị được tổng hợp');
      expect(r.stderr).toContain('00007');
      expect(r.stderr).not.toMatch(ANY_ESCAPE);
    });

    it('--json still prints only the summary (with the ward missing) and exits 1', () => {
      const r = runLikeCron(cronCommand(' --json'), { cwd: ws.home });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      const summary = JSON.parse(r.stdout) as { units: { code: string; status: string }[] };
      expect(summary.units.find((u) => u.code === '00007')?.status).toBe('missing');
      expect(r.stdout).toBe(readFileSync(path.join(marchReport(), 'summary.json'), 'utf8'));
    });

    it('--quiet changes nothing under cron: the one line is still printed, since it needs attention', () => {
      const r = runLikeCron(cronCommand(' --quiet'), { cwd: ws.home });
      expect(r.code).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  });

  it('exits 2 with one plain line on stderr when nothing can be done (unknown period, missing configuration)', () => {
    const badPeriod = runLikeCron(cronCommand().replace('last-month', 'last-week'), { cwd: ws.home });
    const noConfig = runLikeCron(cronCommand().replace(ws.config, path.join(ws.dir, 'missing.json')), { cwd: ws.home, env: { NO_COLOR: '1' } });
    for (const r of [badPeriod, noConfig]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^Lỗi: /);
      expect(r.stderr).not.toMatch(ANY_ESCAPE);
    }
    expect(badPeriod.stderr).toContain('last-week');
    expect(noConfig.stderr).toContain('missing.json');
  });
});

describe.skipIf(!hasScript)('on a terminal (a pseudo-terminal from script(1); stdout to a file)', () => {
  beforeAll(removeWard00007);

  /** Runs the cron command with stderr on a terminal; returns what the terminal showed and stdout's file. */
  function onTerminal(extra: string, env: Record<string, string>): { terminal: string; stdout: string; code: number | null } {
    const stdoutFile = path.join(ws.dir, 'stdout.txt');
    writeFileSync(stdoutFile, '');
    const r = spawnSync('script', ['-qec', `${cronCommand(extra)} > ${stdoutFile}`, '/dev/null'], {
      cwd: ws.home,
      env: { PATH: '/usr/bin:/bin', HOME: ws.home, TERM: 'xterm-256color', ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { terminal: r.stdout, stdout: readFileSync(stdoutFile, 'utf8'), code: r.status };
  }

  it('shows a progress line while reading and the outcome in colour; NO_COLOR removes the colour', () => {
    const coloured = onTerminal('', {});
    expect(coloured.code).toBe(1);
    expect(coloured.terminal).toContain('Đang đọc 47/47 tệp (100%)');
    expect(coloured.terminal).toMatch(COLOUR_ESCAPE);
    const plain = onTerminal('', { NO_COLOR: '1' });
    expect(plain.terminal).toContain('Đang đọc 47/47 tệp');
    expect(plain.terminal).toContain('15/16 đơn vị được tổng hợp');
    expect(plain.terminal).not.toMatch(COLOUR_ESCAPE);
    expect(plain.stdout).toBe('');
  });

  it('--json on a terminal: no progress line, nothing but the JSON on stdout', () => {
    const r = onTerminal(' --json', {});
    expect(r.terminal).not.toContain('Đang đọc');
    expect(r.terminal.trim()).toBe('');
    expect((JSON.parse(r.stdout) as { schema: string }).schema).toBe('baocao.summary/1');
  });
});

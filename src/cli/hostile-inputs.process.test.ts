import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../commands/io.ts';
import { scanInputs } from '../inbox/scan-inputs.ts';
import { REPO_ROOT } from '../../test/support/transpiled-cli.ts';
import { makeWorkspace, type CliWorkspace } from '../../test/support/cli-workspace.ts';
import { runCli } from './run-cli.ts';

/**
 * Faults that are not a file's content (issue 13): what the file system holds (FIFOs, devices, links, names that are
 * not UTF-8, two names that are one, a folder that cannot be listed), where the output goes, and the configuration
 * files. Nothing may hang, exit 3 or print a stack; each fault is named.
 */
const GOOD = path.join(REPO_ROOT, 'fixtures/2021/2021-03/PCMD-01_2021-03_00007.xlsx');
const NOW = () => new Date('2021-03-20T08:00:00Z');
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F-\u009F\u200B]|\u001B(?!\[[0-9;]*[mK])/;

let ws: CliWorkspace | undefined;
afterEach(() => {
  ws?.remove();
  ws = undefined;
});

function office(): CliWorkspace {
  ws = makeWorkspace({ months: [] });
  mkdirSync(ws.inbox, { recursive: true });
  return ws;
}

async function cli(args: string[], cwd: string) {
  const io = memoryIo();
  const code = await runCli(args, { io, cwd, now: NOW });
  expect(io.stderr).not.toMatch(/^\s{4}at |Lỗi nội bộ/m);
  expect(code).not.toBe(3);
  return { code, io, json: () => JSON.parse(io.stdout) as { files: { file: string; status: string }[]; issues: { code: string; file?: string; message: string }[] } };
}

const mkfifo = (p: string) => execFileSync('mkfifo', [p]);

describe('only regular files are read: FIFOs and devices never hang the run', () => {
  it('a FIFO named like a form, as an argument and inside the inbox, and /dev/zero as an argument', async () => {
    const w = office();
    mkfifo(path.join(w.inbox, 'PCMD-01_2021-03_00007.xlsx'));
    const fifoArg = path.join(w.dir, 'pipe.xlsx');
    mkfifo(fifoArg);
    const r = await cli(['validate', w.inbox, fifoArg, '/dev/zero', '--json'], w.dir);
    expect(r.code).toBe(1);
    const codes = r.json().issues.map((i) => [i.code, i.file]);
    expect(codes).toContainEqual(['file.not-regular', 'PCMD-01_2021-03_00007.xlsx']);
    expect(codes).toContainEqual(['file.not-regular', fifoArg]);
    expect(codes).toContainEqual(['file.not-regular', '/dev/zero']);
  }, 20_000);

  it('a FIFO or a device as the configuration, the unit registry or the plan: exit 2 with the file named', async () => {
    const w = office();
    const fifo = path.join(w.dir, 'units.json');
    mkfifo(fifo);
    const asConfig = await cli(['status', '--period', '2021-03', '--config', '/dev/zero'], w.dir);
    expect([asConfig.code, asConfig.io.stderr]).toEqual([2, expect.stringContaining('/dev/zero')]);
    writeFileSync(w.config, JSON.stringify({ inbox: 'inbox', output: 'out', units: 'units.json' }));
    const asUnits = await cli(['status', '--period', '2021-03', '--config', w.config], w.dir);
    expect([asUnits.code, asUnits.io.stderr]).toEqual([2, expect.stringContaining('không phải một tệp thông thường')]);
    writeFileSync(w.config, JSON.stringify({ inbox: 'inbox', output: 'out' }));
    const asPlan = await cli(['compile', '--period', '2021-03', '--config', w.config, '--plan', '/dev/zero'], w.dir);
    expect([asPlan.code, asPlan.io.stderr]).toEqual([2, expect.stringContaining('/dev/zero')]);
  }, 20_000);
});

describe('dates typed on the command line', () => {
  it('--today that is not a day of the calendar: exit 2, never an exception', async () => {
    const w = office();
    for (const today of ['2021-02-31', '2021-13-45', '0000-00-00', '9999-12-31', '0000-01-01']) {
      const r = await cli(['status', '--period', 'last-month', '--today', today, '--config', w.config], w.dir);
      expect([today, r.code]).toEqual([today, 2]);
    }
  });
});

describe('configuration and registry files', () => {
  it('accepts a configuration saved with a UTF-8 byte-order mark (Notepad)', async () => {
    const w = office();
    copyFileSync(GOOD, path.join(w.inbox, 'a.xlsx'));
    writeFileSync(w.config, `\uFEFF${JSON.stringify({ inbox: 'inbox', output: 'out' })}`);
    const r = await cli(['status', '--period', '2021-03', '--config', w.config, '--json'], w.dir);
    expect(r.io.stderr).not.toContain('Unexpected token');
    expect(r.code).toBe(1); // one ward of sixteen: the others are missing
  });

  it('refuses a unit registry that gives one code to two units at the same time', async () => {
    const w = office();
    const registry = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/units/ba-dinh.json'), 'utf8')) as { units: { code: string; validFrom: string | null; validTo: string | null }[] };
    const first = registry.units[0]!;
    registry.units.push({ ...first, validFrom: null, validTo: null });
    writeFileSync(path.join(w.dir, 'units.json'), JSON.stringify(registry));
    writeFileSync(w.config, JSON.stringify({ inbox: 'inbox', output: 'out', units: 'units.json' }));
    const r = await cli(['status', '--period', '2021-03', '--config', w.config], w.dir);
    expect(r.code).toBe(2);
    expect(r.io.stderr).toContain(`mã đơn vị ${first.code} trùng với units.0`);
  });
});

describe('names: links, encodings, twins, escapes', () => {
  it('reads a link to a form (and says so), refuses a link to a folder, names a non-UTF-8 name honestly', async () => {
    const w = office();
    symlinkSync(GOOD, path.join(w.inbox, 'link.xlsx'));
    symlinkSync(w.inbox, path.join(w.inbox, 'loop.xlsx'));
    writeFileSync(Buffer.from(path.join(w.inbox, 'B\xe1o c\xe1o.xlsx'), 'latin1'), readFileSync(GOOD));
    const r = await cli(['validate', w.inbox, '--json'], w.dir);
    const json = r.json();
    expect(json.files.find((f) => f.file === 'link.xlsx')?.status).toBe('accepted');
    const codes = json.issues.map((i) => [i.code, i.file]);
    expect(codes).toContainEqual(['file.symlink-read', 'link.xlsx']);
    expect(codes).toContainEqual(['file.not-regular', 'loop.xlsx']);
    expect(codes).toContainEqual(['file.name-not-utf8', 'B\\xe1o c\\xe1o.xlsx']);
  });

  it('one sub-folder that cannot be listed is named; the others are read', () => {
    const w = office();
    mkdirSync(path.join(w.inbox, 'locked'));
    mkdirSync(path.join(w.inbox, 'open'));
    copyFileSync(GOOD, path.join(w.inbox, 'open', 'a.xlsx'));
    const real = (dir: string) => (require('node:fs') as typeof import('node:fs')).readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
    const readdir = (dir: string): Dirent<Buffer>[] => {
      if (dir.endsWith(`${path.sep}locked`)) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return real(dir);
    };
    const found = scanInputs([w.inbox], w.dir, { readdir });
    expect(found.map((f) => [f.display, f.problem?.code ?? null])).toEqual([
      ['locked/', 'input.folder-unreadable'],
      ['open/a.xlsx', null],
    ]);
  });

  it('compile with a Mac NFD name beside its NFC twin and a backslash twin: one read, the other named, manifest written', async () => {
    const w = office();
    const nfc = 'PCMD-01_2021-03_Cống Vị.xlsx';
    copyFileSync(GOOD, path.join(w.inbox, nfc));
    copyFileSync(GOOD, path.join(w.inbox, nfc.normalize('NFD')));
    mkdirSync(path.join(w.inbox, 'sub'));
    copyFileSync(GOOD, path.join(w.inbox, 'sub', 'x.xlsx'));
    copyFileSync(GOOD, path.join(w.inbox, 'sub\\x.xlsx'));
    const r = await cli(['compile', '--period', '2021-03', '--config', w.config, '--json', '--format', 'xlsx', '--to', 'district'], w.dir);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.io.stdout) as { issues: { code: string; file?: string }[] };
    expect(summary.issues.filter((i) => i.code === 'file.same-name').map((i) => i.file).sort()).toEqual([nfc, 'sub\\x.xlsx'].sort());
    const manifest = JSON.parse(readFileSync(path.join(w.out, '2021-03', 'manifest.json'), 'utf8')) as { inputs: { file: string }[] };
    expect(manifest.inputs.map((i) => i.file).sort()).toEqual([nfc, 'sub/x.xlsx'].sort());
  }, 30_000);

  it('a file name with ESC, BEL and a newline cannot forge a line or drive the terminal', async () => {
    const w = office();
    const evil = 'x\u001b[2J\u0007\n✓ PCMD-01 đạt.xlsx';
    copyFileSync(GOOD, path.join(w.inbox, evil));
    const r = await cli(['validate', w.inbox], w.dir);
    const text = r.io.stdout + r.io.stderr;
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toMatch(/^✓ PCMD-01 đạt/m);
    expect(text).toContain('x\\x1b[2J\\x07\\x0a✓ PCMD-01 đạt.xlsx');
  });
});

describe('output is never written inside the inbox', () => {
  it('compile --out, configured output, outreach --out, forms --out and validate --annotate beside a file argument: exit 2', async () => {
    const w = office();
    copyFileSync(GOOD, path.join(w.inbox, 'a.xlsx'));
    const inside = path.join(w.inbox, 'bao-cao');
    const checks: string[][] = [
      ['compile', '--period', '2021-03', '--config', w.config, '--out', inside],
      ['outreach', '--period', '2021-03', '--config', w.config, '--out', inside, '--yes'],
      ['forms', '--period', '2021-03', '--config', w.config, '--out', w.inbox],
      ['validate', path.join(w.inbox, 'a.xlsx'), '--annotate', path.join(w.inbox, 'tra-lai')],
    ];
    for (const args of checks) {
      const r = await cli(args, w.dir);
      expect([args[0], r.code]).toEqual([args[0], 2]);
      expect(r.io.stderr).toMatch(/nằm trong thư mục/);
    }
    writeFileSync(w.config, JSON.stringify({ inbox: 'inbox', output: 'inbox/out' }));
    const configured = await cli(['compile', '--period', '2021-03', '--config', w.config], w.dir);
    expect(configured.code).toBe(2);
    expect(configured.io.stderr).toContain('khóa "output" trong cấu hình');
    expect(existsSync(path.join(w.inbox, 'out'))).toBe(false);
    expect(existsSync(inside)).toBe(false);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import { memoryIo } from '../commands/io.ts';
import { runCli } from './run-cli.ts';

const run = async (argv: string[]) => {
  const io = memoryIo();
  const code = await runCli(argv, { io, cwd: process.cwd() });
  return { code, out: io.stdout, err: io.stderr };
};

describe('usage errors', () => {
  it('answer in Vietnamese with exit code 2, naming what was typed', async () => {
    expect(await run(['nope'])).toMatchObject({ code: 2, err: expect.stringContaining('Không có lệnh "nope"') });
    expect(await run(['compile', '--period', '2021-03', '--to', 'nowhere'])).toMatchObject({ code: 2, err: expect.stringContaining('chỉ nhận: district, city') });
    expect(await run(['status'])).toMatchObject({ code: 2, err: expect.stringContaining('Thiếu tùy chọn bắt buộc --period') });
    const r = await run(['compile', '--period', '2021-03', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/unknown|error:/i);
  });

  it('prints help and the version in Vietnamese with exit code 0, loading no command', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Cách dùng: baocao [tùy chọn] [lệnh]');
    expect(help.out).not.toMatch(/Usage:|Options:|Commands:/);
    expect((await run(['--version'])).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

it('reports the version of package.json (manifest.json records it)', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect((await run(['--version'])).out.trim()).toBe(pkg.version);
});

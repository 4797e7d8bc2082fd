import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../common/usage-error.ts';
import { appendRegister, latestSent, periodState, readRegister, REGISTER_SCHEMA_ID, type RegisterEvent } from './register.ts';

const root = mkdtempSync(path.join(tmpdir(), 'baocao-register-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => path.join(root, `out-${++n}`);

const H = (c: string): string => c.repeat(64);
const base = { schema: REGISTER_SCHEMA_ID, tool: '0.1.0' } as const;
const close = (period: string, at: string): RegisterEvent => ({ event: 'close', ...base, period, at, day: at.slice(0, 10), manifest: H('a'), outputs: [{ file: 'summary.json', sha256: H('b') }], inputs: [] });
const correction = (period: string, k: number): RegisterEvent => ({
  event: 'correction', ...base, period, at: `2021-04-0${k}T00:00:00Z`, day: `2021-04-0${k}`, n: k, dir: `dieu-chinh-${k}`, manifest: H('c'), outputs: [{ file: 'summary.json', sha256: H(String(k)) }], inputs: [], changes: 1, accepted: false,
});

describe('register.jsonl', () => {
  it('an absent register is empty; each event is one more line, the earlier bytes kept as they were', () => {
    const out = fresh();
    let r = readRegister(out);
    expect(r.events).toEqual([]);
    r = appendRegister(r, close('2021-03', '2021-03-20T00:00:00Z'));
    const first = readFileSync(r.file);
    r = appendRegister(r, correction('2021-03', 1));
    const both = readFileSync(r.file);
    expect(both.subarray(0, first.length).equals(first)).toBe(true);
    expect(both.toString('utf8').split('\n')).toHaveLength(3);
    expect(readRegister(out).events).toEqual(r.events);
    expect(readdirSync(out)).toEqual(['register.jsonl']);
  });

  it('periodState: open → closed → corrections since the close → reopened (numbering of corrections goes on)', () => {
    const out = fresh();
    let r = readRegister(out);
    expect(periodState(r, '2021-03')).toEqual({ closed: false, corrections: 0 });
    r = appendRegister(r, close('2021-03', '2021-03-20T00:00:00Z'));
    r = appendRegister(r, close('2021-04', '2021-04-20T00:00:00Z'));
    r = appendRegister(r, correction('2021-03', 1));
    r = appendRegister(r, correction('2021-03', 2));
    const s = periodState(r, '2021-03');
    if (!s.closed) throw new Error('closed expected');
    expect(s.corrections).toBe(2);
    expect(latestSent(s)).toMatchObject({ dir: 'dieu-chinh-2', outputs: [{ file: 'summary.json', sha256: H('2') }] });
    const april = periodState(r, '2021-04');
    expect(april.closed && latestSent(april).dir).toBe('');
    r = appendRegister(r, { event: 'reopen', ...base, period: '2021-03', at: '2021-04-10T00:00:00Z', day: '2021-04-10', reason: 'sửa số liệu' });
    expect(periodState(r, '2021-03')).toEqual({ closed: false, corrections: 2 });
  });

  it('a damaged line (bad JSON, an unknown event, a torn last line) is REGISTER_CORRUPT naming the line; nothing is guessed', () => {
    const out = fresh();
    const r = appendRegister(appendRegister(readRegister(out), close('2021-03', '2021-03-20T00:00:00Z')), close('2021-04', '2021-04-20T00:00:00Z'));
    const good = readFileSync(r.file, 'utf8');
    const [a = '', b = ''] = good.split('\n');
    const cases: [string, number][] = [
      [`${a}\n{not json\n`, 2],
      [`${a}\n${b.replace('"close"', '"closed"')}\n`, 2],
      [`${a.replace(/"manifest":"a+"/, '"manifest":"zz"')}\n${b}\n`, 1],
      [good.slice(0, -5), 2],
    ];
    for (const [text, line] of cases) {
      writeFileSync(r.file, text);
      let error: unknown;
      try {
        readRegister(out);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).code).toBe('REGISTER_CORRUPT');
      expect((error as UsageError).message).toContain(`bị hỏng ở dòng ${line}`);
    }
  });

  it('a register changed by someone between the read and the write is not overwritten', () => {
    const out = fresh();
    const r = appendRegister(readRegister(out), close('2021-03', '2021-03-20T00:00:00Z'));
    writeFileSync(r.file, '');
    expect(() => appendRegister(r, close('2021-04', '2021-04-20T00:00:00Z'))).toThrow(/đã bị sửa trong khi lệnh đang chạy/);
    expect(readFileSync(r.file, 'utf8')).toBe('');
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTempFileName, writeFileAtomic } from './atomic-write.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'baocao-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes, replaces, creates the folder, and leaves no temporary file', () => {
    const target = path.join(dir, 'out', '2021-03', 'summary.json');
    writeFileAtomic(target, '{ "v": 1 }\n');
    writeFileAtomic(target, Buffer.from('{ "v": 2 }\n'), { mode: 0o600 });
    expect(readFileSync(target, 'utf8')).toBe('{ "v": 2 }\n');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(target))).toEqual(['summary.json']);
  });

  it('removes its temporary file and keeps the target when the rename fails', () => {
    const target = path.join(dir, 'BaoCao.docx');
    mkdirSync(path.join(target, 'occupied'), { recursive: true }); // a non-empty folder cannot be renamed over
    expect(() => writeFileAtomic(target, 'docx')).toThrow();
    expect(readdirSync(dir)).toEqual(['BaoCao.docx']);
    expect(readdirSync(target)).toEqual(['occupied']);
  });
});

describe('parseTempFileName', () => {
  it('recognises only the temporary names writeFileAtomic makes', () => {
    expect(parseTempFileName('.BaoCao_PCMD_2021-03_city.docx.4242.0badc0de.tmp')).toEqual({ target: 'BaoCao_PCMD_2021-03_city.docx', pid: 4242 });
    expect(parseTempFileName('BaoCao.docx')).toBeNull();
    expect(parseTempFileName('.baocao.lock')).toBeNull();
    expect(parseTempFileName('.x.docx.12.nothex!!.tmp')).toBeNull();
  });
});

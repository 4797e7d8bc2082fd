import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../common/usage-error.ts';
import { buildManifest, ManifestSchema, sha256Hex } from './build-manifest.ts';
import { historyStamp, publishReports, type PublishFile } from './publish.ts';

let out: string;
let dir: string;
beforeEach(() => {
  out = mkdtempSync(path.join(os.tmpdir(), 'baocao-publish-'));
  dir = path.join(out, '2021-03');
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const DOCX = 'BaoCao_PCMD_2021-03_city.docx';
const XLSX = 'BaoCao_PCMD_2021-03_city.xlsx';
const SUMMARY = 'summary.json';

/** One run's outputs; `ward` stands for what a ward sent, so a new ward file changes the reports. */
function run(ward: string, now = '2021-03-16T10:30:00.000Z') {
  const files: PublishFile[] = [
    { name: DOCX, bytes: Buffer.from(`docx of ${ward}`) },
    { name: XLSX, bytes: Buffer.from('xlsx that does not depend on the ward') },
    { name: SUMMARY, bytes: Buffer.from(`{ "ward": "${ward}" }\n`) },
  ];
  const manifest = buildManifest({
    period: '2021-03',
    inputs: [{ file: 'PCMD-01_2021-03_00007.xlsx', sha256: sha256Hex(ward) }],
    outputs: files.map((f) => ({ file: f.name, bytes: f.bytes })),
    configHash: sha256Hex('config'),
    version: '0.1.0',
  });
  return { files, manifest, result: () => publishReports({ dir, files, manifest, now }) };
}

const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
const AN_OLD_TIME = new Date('2021-03-16T10:30:00Z');
const ageAll = () => {
  for (const name of readdirSync(dir)) utimesSync(path.join(dir, name), AN_OLD_TIME, AN_OLD_TIME);
};
const mtime = (name: string) => statSync(path.join(dir, name)).mtimeMs;

describe('publishReports', () => {
  it('writes every output, manifest.json last, and no history the first time', () => {
    const result = run('first').result();
    expect(result).toEqual({ written: [DOCX, XLSX, SUMMARY, 'manifest.json'], unchanged: [], archivedTo: null, cleaned: [], retired: [] });
    expect(read(DOCX)).toBe('docx of first');
    expect(ManifestSchema.parse(JSON.parse(read('manifest.json'))).outputs.map((o) => o.file)).toEqual([DOCX, XLSX, SUMMARY]);
    expect(existsSync(path.join(dir, 'history'))).toBe(false);
  });

  it('touches nothing when a rerun gives the same bytes (same content, same modification time)', () => {
    run('first').result();
    ageAll();
    const result = run('first', '2021-03-17T02:00:00.000Z').result();
    expect(result).toEqual({ written: [], unchanged: [DOCX, XLSX, SUMMARY, 'manifest.json'], archivedTo: null, cleaned: [], retired: [] });
    for (const name of [DOCX, XLSX, SUMMARY, 'manifest.json']) expect(mtime(name)).toBe(AN_OLD_TIME.getTime());
    expect(readdirSync(dir).sort()).toEqual([DOCX, XLSX, SUMMARY, 'manifest.json'].sort());
  });

  it('keeps the replaced versions and the previous manifest under history/<stamp>/ before writing the new ones', () => {
    run('first').result();
    const previousManifest = read('manifest.json');
    ageAll();
    const result = run('second', '2021-04-16T01:02:03.456Z').result();
    const history = path.join(dir, 'history', '2021-04-16T01-02-03Z');
    expect(result).toEqual({ written: [DOCX, SUMMARY, 'manifest.json'], unchanged: [XLSX], archivedTo: history, cleaned: [], retired: [] });
    expect(readdirSync(history).sort()).toEqual([DOCX, SUMMARY, 'manifest.json'].sort());
    expect(readFileSync(path.join(history, DOCX), 'utf8')).toBe('docx of first');
    expect(readFileSync(path.join(history, 'manifest.json'), 'utf8')).toBe(previousManifest);
    expect(read(DOCX)).toBe('docx of second');
    expect(mtime(XLSX)).toBe(AN_OLD_TIME.getTime());
    expect(JSON.parse(read('manifest.json')).inputs[0].sha256).toBe(sha256Hex('second'));
  });

  it('never reuses a history folder: a second change in the same second gets a suffix', () => {
    const now = '2021-04-16T01:02:03.000Z';
    run('first').result();
    expect(run('second', now).result().archivedTo).toBe(path.join(dir, 'history', '2021-04-16T01-02-03Z'));
    expect(run('third', now).result().archivedTo).toBe(path.join(dir, 'history', '2021-04-16T01-02-03Z-2'));
    expect(readFileSync(path.join(dir, 'history', '2021-04-16T01-02-03Z-2', DOCX), 'utf8')).toBe('docx of second');
  });

  it('removes temporary files and unfinished history folders of a dead run, and leaves other files alone', () => {
    run('first').result();
    const gone = deadPid();
    const leftover = `.${DOCX}.${gone}.0badc0de.tmp`;
    writeFileSync(path.join(dir, leftover), 'half a docx');
    mkdirSync(path.join(dir, 'history', `.2021-04-16T01-02-03Z.${gone}.partial`), { recursive: true });
    writeFileSync(path.join(dir, 'ghi-chu.txt'), 'a note someone left');
    const result = run('first').result();
    expect(result.cleaned.sort()).toEqual([leftover, `history/.2021-04-16T01-02-03Z.${gone}.partial`].sort());
    expect(readdirSync(dir).sort()).toEqual([DOCX, XLSX, 'ghi-chu.txt', 'history', 'manifest.json', SUMMARY].sort());
    expect(readdirSync(path.join(dir, 'history'))).toEqual([]);
  });

  it('gives a file the permissions asked for, and keeps them in history', () => {
    const secret = (text: string): PublishFile => ({ name: 'DanhSach_HoTro_2021-03.xlsx', bytes: Buffer.from(text), mode: 0o600 });
    const publish = (text: string, now: string) => {
      const files = [secret(text)];
      const manifest = buildManifest({ period: '2021-03', inputs: [], outputs: files.map((f) => ({ file: f.name, bytes: f.bytes })), configHash: sha256Hex('c'), version: '0.1.0' });
      return publishReports({ dir, files, manifest, now });
    };
    publish('v1', '2021-03-16T00:00:00Z');
    expect(statSync(path.join(dir, 'DanhSach_HoTro_2021-03.xlsx')).mode & 0o777).toBe(0o600);
    const { archivedTo } = publish('v2', '2021-03-17T00:00:00Z');
    expect(statSync(path.join(archivedTo!, 'DanhSach_HoTro_2021-03.xlsx')).mode & 0o777).toBe(0o600);
  });

  it('stops with OUTPUT_NOT_WRITABLE before replacing anything when the previous version cannot be kept', () => {
    run('first').result();
    writeFileSync(path.join(dir, 'history'), 'a file where the history folder should be');
    let error: unknown;
    try {
      run('second').result();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('OUTPUT_NOT_WRITABLE');
    expect((error as UsageError).message).toContain('Chưa tệp nào bị thay thế');
    expect(read(DOCX)).toBe('docx of first');
    expect(JSON.parse(read('manifest.json')).inputs[0].sha256).toBe(sha256Hex('first'));
  });

  it('refuses names outside the folder and a manifest that does not match the files (bugs in the caller)', () => {
    const { files, manifest } = run('first');
    const withName = (name: string) => [{ ...files[0]!, name }, ...files.slice(1)];
    for (const name of ['../x.docx', 'sub/x.docx', '.hidden', 'manifest.json', 'history', 'SUMMARY.JSON']) {
      expect(() => publishReports({ dir, files: withName(name), manifest, now: '2021-03-16T00:00:00Z' })).toThrow(/bad or duplicate/);
    }
    expect(() => publishReports({ dir, files: files.slice(1), manifest, now: '2021-03-16T00:00:00Z' })).toThrow(/manifest/);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('historyStamp', () => {
  it('is UTC without colons or milliseconds', () => {
    expect(historyStamp('2021-03-16T10:30:00.123Z')).toBe('2021-03-16T10-30-00Z');
    expect(historyStamp('2021-03-16T17:30:00+07:00')).toBe('2021-03-16T10-30-00Z');
    expect(() => historyStamp('yesterday')).toThrow();
  });
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not spawn node');
  return child.pid;
}

describe('publishReports, when a run no longer produces an earlier output', () => {
  it('archives the earlier output with the previous manifest, then removes it, so no stale report is left unlisted', () => {
    run('first').result();
    const { files: all } = run('first');
    const files = all.filter((f) => f.name !== DOCX);
    const manifest = buildManifest({
      period: '2021-03',
      inputs: [{ file: 'PCMD-01_2021-03_00007.xlsx', sha256: sha256Hex('first') }],
      outputs: files.map((f) => ({ file: f.name, bytes: f.bytes })),
      configHash: sha256Hex('config'),
      version: '0.1.0',
    });
    const result = publishReports({ dir, files, manifest, now: '2021-03-17T02:00:00.000Z' });
    expect(result.retired).toEqual([DOCX]);
    expect(existsSync(path.join(dir, DOCX))).toBe(false);
    expect(readFileSync(path.join(result.archivedTo!, DOCX), 'utf8')).toBe('docx of first');
    expect(ManifestSchema.parse(JSON.parse(readFileSync(path.join(result.archivedTo!, 'manifest.json'), 'utf8'))).outputs.map((o) => o.file)).toContain(DOCX);
    expect(ManifestSchema.parse(JSON.parse(read('manifest.json'))).outputs.map((o) => o.file)).toEqual([XLSX, SUMMARY]);
  });
});

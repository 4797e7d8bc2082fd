import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../common/usage-error.ts';
import { buildManifest, ManifestSchema, sha256Hex } from './build-manifest.ts';
import { serializeJson } from '../common/serialize-json.ts';
import { historyStamp, publishReports, type PublishFile } from './publish.ts';
import { recoverOutputFolder, recoverPublish, verifyPublished } from './publish-journal.ts';

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
    expect(result).toEqual({ written: [DOCX, XLSX, SUMMARY, 'manifest.json'], unchanged: [], archivedTo: null, cleaned: [], retired: [], recovered: null });
    expect(read(DOCX)).toBe('docx of first');
    expect(ManifestSchema.parse(JSON.parse(read('manifest.json'))).outputs.map((o) => o.file)).toEqual([DOCX, XLSX, SUMMARY]);
    expect(existsSync(path.join(dir, 'history'))).toBe(false);
  });

  it('touches nothing when a rerun gives the same bytes (same content, same modification time)', () => {
    run('first').result();
    ageAll();
    const result = run('first', '2021-03-17T02:00:00.000Z').result();
    expect(result).toEqual({ written: [], unchanged: [DOCX, XLSX, SUMMARY, 'manifest.json'], archivedTo: null, cleaned: [], retired: [], recovered: null });
    for (const name of [DOCX, XLSX, SUMMARY, 'manifest.json']) expect(mtime(name)).toBe(AN_OLD_TIME.getTime());
    expect(readdirSync(dir).sort()).toEqual([DOCX, XLSX, SUMMARY, 'manifest.json'].sort());
  });

  it('keeps the replaced versions and the previous manifest under history/<stamp>/ before writing the new ones', () => {
    run('first').result();
    const previousManifest = read('manifest.json');
    ageAll();
    const result = run('second', '2021-04-16T01:02:03.456Z').result();
    const history = path.join(dir, 'history', '2021-04-16T01-02-03Z');
    expect(result).toEqual({ written: [DOCX, SUMMARY, 'manifest.json'], unchanged: [XLSX], archivedTo: history, cleaned: [], retired: [], recovered: null });
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

describe('publishReports killed at every step of the switch (issue 13: never new and old side by side)', () => {
  const OLD_ONLY = 'BaoCao_PCMD_2021-03_old.docx';
  const NEW_ONLY = 'BaoCao_PCMD_2021-03_new.docx';
  /** v1: DOCX, XLSX, SUMMARY and an output v2 no longer makes; v2: DOCX and SUMMARY changed, XLSX the same, a new output. */
  const version = (v: 1 | 2, now: string, onStep?: (step: string) => void) => {
    const files: PublishFile[] = [
      { name: DOCX, bytes: Buffer.from(`docx v${v}`) },
      { name: XLSX, bytes: Buffer.from('xlsx, the same in both') },
      { name: SUMMARY, bytes: Buffer.from(`{ "v": ${v} }\n`) },
      v === 1 ? { name: OLD_ONLY, bytes: Buffer.from('only in v1') } : { name: NEW_ONLY, bytes: Buffer.from('only in v2') },
    ];
    const manifest = buildManifest({ period: '2021-03', inputs: [{ file: 'PCMD-01_2021-03_00007.xlsx', sha256: sha256Hex(`ward v${v}`) }], outputs: files.map((f) => ({ file: f.name, bytes: f.bytes })), configHash: sha256Hex('config'), version: '0.1.0' });
    return { files, manifest, publish: () => publishReports({ dir, files, manifest, now, ...(onStep ? { onStep } : {}) }) };
  };
  /** Every visible file of the period folder (not history/), name → bytes. */
  const visible = () => Object.fromEntries(readdirSync(dir).filter((n) => !n.startsWith('.') && n !== 'history').sort().map((n) => [n, readFileSync(path.join(dir, n))]));
  const setOf = (v: 1 | 2) => {
    const { files, manifest } = version(v, '2021-03-16T00:00:00Z');
    return Object.fromEntries([...files.map((f) => [f.name, Buffer.from(f.bytes)] as const), ['manifest.json', Buffer.from(serializeJson(manifest))] as const].sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  /** The folder holds exactly one set, and its manifest.json describes every file of it byte for byte. */
  const expectOneMatchingSet = (v: 1 | 2) => {
    expect(verifyPublished(dir)).toEqual([]);
    expect(visible()).toEqual(setOf(v));
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  };
  const v1Kept = () => {
    const h = path.join(dir, 'history');
    return (existsSync(h) ? readdirSync(h) : []).some(
      (d) => existsSync(path.join(h, d, 'manifest.json')) && readFileSync(path.join(h, d, 'manifest.json')).equals(setOf(1)['manifest.json']!) && readFileSync(path.join(h, d, DOCX), 'utf8') === 'docx v1' && readFileSync(path.join(h, d, OLD_ONLY), 'utf8') === 'only in v1',
    );
  };

  // The steps of one uninterrupted switch, as publishReports reports them.
  const steps: string[] = [];
  beforeAll(() => {
    const saved = dir;
    dir = mkdtempSync(path.join(os.tmpdir(), 'baocao-steps-'));
    version(1, '2021-03-16T00:00:00Z').publish();
    version(2, '2021-03-17T00:00:00Z', (s) => steps.push(s)).publish();
    rmSync(dir, { recursive: true, force: true });
    dir = saved;
  });

  it('goes through staging, history, the journal, each rename (manifest.json last), then removes the staging folder and the journal', () => {
    expect(steps).toEqual(['staged', 'archived', 'committed', 'retired', `renamed:${DOCX}`, `renamed:${SUMMARY}`, `renamed:${NEW_ONLY}`, 'renamed:manifest.json', 'staging-removed']);
  });

  const KILLED = new Error('killed here (test)');
  for (const next of ['a command that only recovers (status, close)', 'the next compile'] as const) {
    it.each(['staged', 'archived', 'committed', 'retired', `renamed:${DOCX}`, `renamed:${SUMMARY}`, `renamed:${NEW_ONLY}`, 'renamed:manifest.json', 'staging-removed'])(
      `killed after "%s", then ${next}: one set whose manifest matches every file, the previous version in history/`,
      (at) => {
        version(1, '2021-03-16T00:00:00Z').publish();
        expect(() => version(2, '2021-03-17T00:00:00Z', (s) => {
          if (s === at) throw KILLED;
        }).publish()).toThrow(KILLED);
        const committed = steps.indexOf(at) >= steps.indexOf('committed');
        // Before the commit point the previous set is untouched: what a reader sees still matches its manifest.
        if (!committed) expect(visible()).toEqual(setOf(1));
        if (next === 'the next compile') {
          const result = version(2, '2021-03-18T00:00:00Z').publish();
          expect(result.recovered?.kind).toBe(committed ? 'completed' : 'discarded');
          expectOneMatchingSet(2);
        } else {
          const recovered = recoverPublish(dir);
          expect(recovered).toEqual(committed ? expect.objectContaining({ kind: 'completed', mismatched: [] }) : expect.objectContaining({ kind: 'discarded' }));
          expectOneMatchingSet(committed ? 2 : 1);
          expect(recoverPublish(dir)).toBeNull();
        }
        if (steps.indexOf(at) >= steps.indexOf('archived') || next === 'the next compile') expect(v1Kept()).toBe(true);
      },
    );
  }

  it('a rename refused after the commit point (a report open in Excel on Windows) is finished by the next run', () => {
    version(1, '2021-03-16T00:00:00Z').publish();
    // A folder appears in the place of the new report once the set is committed: its rename fails the way a locked file does.
    let error: unknown;
    try {
      version(2, '2021-03-17T00:00:00Z', (s) => s === 'committed' && mkdirSync(path.join(dir, NEW_ONLY))).publish();
    } catch (e) {
      error = e;
    }
    expect((error as UsageError).code).toBe('OUTPUT_NOT_WRITABLE');
    expect((error as UsageError).message).toContain('sẽ được thay nốt ở lần chạy sau');
    expect((error as UsageError).message).toContain(`đã thay: ${DOCX}, ${SUMMARY}`);
    expect(existsSync(path.join(dir, '.publish-journal.json'))).toBe(true);
    rmSync(path.join(dir, NEW_ONLY), { recursive: true });
    expect(recoverPublish(dir)).toEqual({ kind: 'completed', dir, renamed: [NEW_ONLY, 'manifest.json'], mismatched: [] });
    expectOneMatchingSet(2);
    expect(v1Kept()).toBe(true);
  });
});

describe('recoverOutputFolder', () => {
  it('recovers every period folder of OUT, and turns a file system refusal into OUTPUT_NOT_WRITABLE that names the folder', () => {
    const { files, manifest } = run('first');
    expect(() => publishReports({ dir, files, manifest, now: '2021-03-16T00:00:00Z', onStep: (s) => { if (s === 'committed') throw new Error('killed'); } })).toThrow('killed');
    // A folder where the report should go, with something in it: the rename cannot replace it.
    mkdirSync(path.join(dir, DOCX, 'inside'), { recursive: true });
    let error: unknown;
    try {
      recoverOutputFolder(out);
    } catch (e) {
      error = e;
    }
    expect((error as UsageError).code).toBe('OUTPUT_NOT_WRITABLE');
    expect((error as UsageError).message).toContain(`Lần ghi báo cáo trước vào ${dir} bị ngắt giữa chừng và chưa hoàn tất được`);
    rmSync(path.join(dir, DOCX), { recursive: true });
    expect(recoverOutputFolder(out)).toEqual([{ kind: 'completed', dir, renamed: [DOCX, XLSX, SUMMARY, 'manifest.json'], mismatched: [] }]);
    expect(verifyPublished(dir)).toEqual([]);
    expect(recoverOutputFolder(out)).toEqual([]);
  });
});

describe('verifyPublished', () => {
  it('names each output that is not what manifest.json says, and a manifest that cannot be read', () => {
    run('first').result();
    expect(verifyPublished(dir)).toEqual([]);
    writeFileSync(path.join(dir, DOCX), 'edited by hand');
    rmSync(path.join(dir, SUMMARY));
    expect(verifyPublished(dir)).toEqual([
      { file: DOCX, problem: 'changed' },
      { file: SUMMARY, problem: 'missing' },
    ]);
    writeFileSync(path.join(dir, 'manifest.json'), '{ "half": ');
    expect(verifyPublished(dir)).toEqual([{ file: 'manifest.json', problem: 'manifest-unreadable' }]);
    rmSync(out, { recursive: true, force: true });
    expect(verifyPublished(dir)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildManifest, ManifestSchema, sha256Hex } from './build-manifest.ts';
import { serializeJson } from '../common/serialize-json.ts';

const CONFIG_HASH = sha256Hex('config');
const bytes = (text: string) => Buffer.from(text, 'utf8');

const input = () => ({
  period: '2021-Q1',
  configHash: CONFIG_HASH,
  version: '0.1.0',
  inputs: [
    { file: 'phuong\\PCMD-01_2021-03_00007.xlsx', sha256: sha256Hex('cong vi') },
    { file: 'CA/PCMD-02_2021-Q1_CA.xlsx', sha256: sha256Hex('cong an') },
  ],
  outputs: [
    { file: 'summary.json', bytes: bytes('{}\n') },
    { file: 'BaoCao_PCMD_2021-Q1_city.docx', bytes: bytes('docx') },
  ],
});

describe('buildManifest', () => {
  it('lists inputs and outputs by path with their sha256, and nothing else', () => {
    const manifest = buildManifest(input());
    expect(manifest).toEqual({
      schema: 'baocao.manifest/1',
      tool: { name: 'baocao', version: '0.1.0' },
      period: '2021-Q1',
      configHash: CONFIG_HASH,
      inputs: [
        { file: 'CA/PCMD-02_2021-Q1_CA.xlsx', sha256: sha256Hex('cong an') },
        { file: 'phuong/PCMD-01_2021-03_00007.xlsx', sha256: sha256Hex('cong vi') },
      ],
      outputs: [
        { file: 'BaoCao_PCMD_2021-Q1_city.docx', sha256: sha256Hex('docx') },
        { file: 'summary.json', sha256: sha256Hex('{}\n') },
      ],
    });
    expect(ManifestSchema.safeParse(manifest).success).toBe(true);
  });

  it('gives the same bytes whatever order the files come in (a rerun is byte-identical)', () => {
    const a = input();
    const b = { ...input(), inputs: [...a.inputs].reverse(), outputs: [...a.outputs].reverse() };
    expect(serializeJson(buildManifest(b))).toBe(serializeJson(buildManifest(a)));
    expect(serializeJson(buildManifest(a))).toMatch(/^\{\n {2}"schema": "baocao\.manifest\/1",\n {2}"tool": /);
    expect(serializeJson(buildManifest(a)).endsWith('}\n')).toBe(true);
  });

  it('writes file names in NFC, so a name from a Mac hashes the same', () => {
    const nfd = 'Phường Cống Vị.xlsx'.normalize('NFD');
    const manifest = buildManifest({ ...input(), inputs: [{ file: nfd, sha256: sha256Hex('x') }] });
    expect(manifest.inputs[0]!.file).toBe('Phường Cống Vị.xlsx'.normalize('NFC'));
  });

  it('refuses a path listed twice and a malformed hash (bugs in the caller)', () => {
    const twice = { ...input(), inputs: [...input().inputs, { file: 'CA/PCMD-02_2021-Q1_CA.xlsx', sha256: sha256Hex('again') }] };
    expect(() => buildManifest(twice)).toThrow(/twice/);
    expect(() => buildManifest({ ...input(), configHash: 'not-a-hash' })).toThrow();
  });

  it('rejects unknown keys when a manifest is read back', () => {
    const withTimestamp = { ...buildManifest(input()), writtenAt: '2021-03-16T10:30:00Z' };
    expect(ManifestSchema.safeParse(withTimestamp).success).toBe(false);
  });
});

import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/**
 * `manifest.json`: which input files (by sha256) and which configuration produced which outputs, with
 * the tool's version, so any report can be traced to the exact files behind it (spec/outputs.md).
 * It holds no timestamp, so a rerun on the same inputs is byte-identical, and no personal data: file
 * paths and hashes only.
 */

export const MANIFEST_SCHEMA_ID = 'baocao.manifest/1';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/).describe('sha256 của nội dung tệp, 64 ký tự hex thường');

const FileHashSchema = z.strictObject({
  file: z.string().min(1).describe('Đường dẫn tương đối, dấu "/" (đầu vào: so với thư mục nhận báo cáo; đầu ra: tên tệp trong thư mục của kỳ)'),
  sha256: Sha256,
});
export type FileHash = z.infer<typeof FileHashSchema>;

export const ManifestSchema = z.strictObject({
  schema: z.literal(MANIFEST_SCHEMA_ID),
  tool: z.strictObject({ name: z.literal('baocao'), version: z.string().min(1) }),
  period: z.string().min(1).describe('Mã kỳ, ví dụ 2021-Q1'),
  configHash: Sha256.describe('sha256 của cấu hình đã chuẩn hóa (Config.hash)'),
  inputs: z.array(FileHashSchema).describe('Mọi tệp đầu vào đã dùng, sắp theo đường dẫn'),
  outputs: z.array(FileHashSchema).describe('Mọi tệp đã ghi (trừ chính manifest.json), sắp theo tên'),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export interface BuildManifestInput {
  /** Period id, e.g. `2021-Q1`. */
  period: string;
  /** Input files used, with the sha256 of their bytes. Paths relative to the input folder. */
  inputs: readonly { file: string; sha256: string }[];
  /** Files about to be published (summary.json included; manifest.json itself excluded). */
  outputs: readonly { file: string; bytes: Uint8Array }[];
  /** `Config.hash`. */
  configHash: string;
  /** `VERSION` of src/version.ts. */
  version: string;
}

/**
 * Builds the manifest. Pure and deterministic: file paths are NFC with `/` separators and sorted by code
 * unit (not by locale), so the same run on another machine gives the same bytes. Two entries for one path
 * are a bug in the caller and throw.
 */
export function buildManifest(input: BuildManifestInput): Manifest {
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA_ID,
    tool: { name: 'baocao', version: input.version },
    period: input.period,
    configHash: input.configHash,
    inputs: sortedUnique(input.inputs.map((i) => ({ file: normalizePath(i.file), sha256: i.sha256 })), 'inputs'),
    outputs: sortedUnique(input.outputs.map((o) => ({ file: normalizePath(o.file), sha256: sha256Hex(o.bytes) })), 'outputs'),
  };
  // Catches a malformed hash or an empty version before it reaches a file the city may ask about.
  return ManifestSchema.parse(manifest);
}

/** manifest.json's text against ManifestSchema: text that is not JSON fails like JSON that is not a manifest. */
export function parseManifest(text: string): ReturnType<typeof ManifestSchema.safeParse> {
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: the schema refuses null below
  }
  return ManifestSchema.safeParse(value);
}

/** An output a manifest may name: a plain file name in the period folder, not one of the tool's dot-named files. */
export const isPlainOutputName = (name: string): boolean => name === path.basename(name) && !name.startsWith('.');

/** sha256 of bytes (or of a string's UTF-8), lowercase hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// --- internal ---

function normalizePath(file: string): string {
  return file.replaceAll('\\', '/').normalize('NFC');
}

function sortedUnique(entries: FileHash[], what: string): FileHash[] {
  const sorted = [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.file === sorted[i - 1]!.file) throw new Error(`buildManifest: ${what} lists ${sorted[i]!.file} twice`);
  }
  return sorted;
}

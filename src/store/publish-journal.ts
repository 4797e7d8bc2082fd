import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { serializeJson } from '../common/serialize-json.ts';
import { describeFsError } from '../common/fs-error-text.ts';
import { UsageError } from '../common/usage-error.ts';
import { fsyncDirectory, renameWithRetry, writeFileAtomic } from './atomic-write.ts';
import { isPlainOutputName, parseManifest, sha256Hex } from './build-manifest.ts';

/**
 * The commit point of a publish (issue 13: "publish as one switch"). A period's new set is first written in full into
 * a fresh staging folder `OUT/<period>/.dang-ghi.<pid>.<hex>/`; then `OUT/<period>/.publish-journal.json` is written
 * (atomically) listing every file to move into place, with its sha256, manifest.json last. Once the journal exists the
 * set is committed: the files are renamed into place, then the journal and the staging folder are removed. A run killed
 * at any point leaves either no journal (nothing was replaced; the staging folder is a leftover) or a journal that the
 * next run holding OUT's lock finishes (`recoverPublish`): the folder is never left with new and old reports side by
 * side under a manifest that describes neither.
 */

export const JOURNAL_FILE_NAME = '.publish-journal.json';
export const JOURNAL_SCHEMA_ID = 'baocao.publish-journal/1';
/** `.dang-ghi.<pid>.<hex>`: "being written"; dot-named, so a clerk browsing the folder does not take it for reports. */
export const STAGING_PREFIX = '.dang-ghi.';

const PlainName = z.string().min(1).refine((n) => n === path.basename(n) && !n.includes('\\') && n !== '.' && n !== '..');

const JournalSchema = z.strictObject({
  schema: z.literal(JOURNAL_SCHEMA_ID),
  /** The staging folder's name, inside the period folder. */
  staging: PlainName.refine((n) => n.startsWith(STAGING_PREFIX)),
  /** In renaming order, manifest.json last. */
  files: z.array(z.strictObject({ name: PlainName, sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  /** Outputs of the previous set that this one no longer has (archived already): removed before the renames. */
  retired: z.array(PlainName),
});
export type Journal = z.infer<typeof JournalSchema>;

/** What the next run found of an interrupted publish in a period folder, and did about it. */
export type Recovery =
  /** A journal: the set had been committed; the renames were finished. `mismatched`: targets whose bytes still differ. */
  | { readonly kind: 'completed'; readonly dir: string; readonly renamed: readonly string[]; readonly mismatched: readonly string[] }
  /** No journal: nothing had been replaced; the half-built staging folder(s) were removed. */
  | { readonly kind: 'discarded'; readonly dir: string; readonly removed: readonly string[] }
  /** A journal that cannot be read (not written by this tool: it is written atomically): removed, with the staging folders. */
  | { readonly kind: 'unreadable-journal'; readonly dir: string };

/** A step of a publish, for tests that inject a kill there: 'staged', 'archived', 'committed', 'retired', 'renamed:<name>', 'staging-removed'. */
export type PublishStep = string;

/** Writes the journal (the commit point): after this, the set is published even if the process dies. */
export function writeJournal(dir: string, journal: Journal): void {
  writeFileAtomic(path.join(dir, JOURNAL_FILE_NAME), serializeJson(JournalSchema.parse(journal)));
}

/**
 * Moves a committed set into place: the retired outputs removed, each staged file still there renamed over its target
 * (manifest.json last), the folder synced, then the journal and the staging folder removed. Idempotent: run again after
 * a kill, it finishes what is left. Returns the names renamed this time (pushed to `renamed` as they go, so a failure part-way
 * can say which).
 */
export function applyJournal(dir: string, journal: Journal, onStep: (step: PublishStep) => void = () => {}, renamed: string[] = []): string[] {
  const staging = path.join(dir, journal.staging);
  for (const name of journal.retired) rmSync(path.join(dir, name), { force: true });
  if (journal.retired.length > 0) onStep('retired');
  for (const f of journal.files) {
    const from = path.join(staging, f.name);
    if (!existsSync(from)) continue; // renamed before the kill
    // A staged file is complete (flushed before the journal was written); one that is not what the journal says
    // (a disk fault) is left alone rather than put in place, and the check below reports its target.
    if (sha256Hex(readFileSync(from)) !== f.sha256) continue;
    renameWithRetry(from, path.join(dir, f.name));
    renamed.push(f.name);
    onStep(`renamed:${f.name}`);
  }
  fsyncDirectory(dir);
  // The staging folder goes before the journal: a staging folder without a journal always means "nothing replaced".
  rmSync(staging, { recursive: true, force: true });
  onStep('staging-removed');
  rmSync(path.join(dir, JOURNAL_FILE_NAME), { force: true });
  fsyncDirectory(dir);
  return renamed;
}

/** True when a period folder holds a journal or a staging folder: a publish is under way or was interrupted. */
export function hasUnfinishedPublish(dir: string): boolean {
  return existsSync(path.join(dir, JOURNAL_FILE_NAME)) || stagingFolders(dir).length > 0;
}

/**
 * Finishes or undoes an interrupted publish in one period folder. Call it only while holding OUT's lock: then no
 * publish is under way, and every journal and staging folder there is a killed run's. Null when there was nothing.
 */
export function recoverPublish(dir: string): Recovery | null {
  if (!hasUnfinishedPublish(dir)) return null;
  const journalFile = path.join(dir, JOURNAL_FILE_NAME);
  const journal = existsSync(journalFile) ? readJournal(journalFile) : undefined;
  const staging = stagingFolders(dir);
  if (journal === undefined) {
    for (const name of staging) rmSync(path.join(dir, name), { recursive: true, force: true });
    return { kind: 'discarded', dir, removed: staging };
  }
  if (journal === null) {
    for (const name of staging) rmSync(path.join(dir, name), { recursive: true, force: true });
    rmSync(journalFile, { force: true });
    return { kind: 'unreadable-journal', dir };
  }
  for (const name of staging) if (name !== journal.staging) rmSync(path.join(dir, name), { recursive: true, force: true });
  const renamed = applyJournal(dir, journal);
  const mismatched = journal.files.filter((f) => fileSha256(path.join(dir, f.name)) !== f.sha256).map((f) => f.name);
  return { kind: 'completed', dir, renamed, mismatched };
}

/** `recoverPublish` for every period folder of OUT (call right after taking OUT's lock). */
export function recoverOutputFolder(outDir: string): Recovery[] {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const dir = path.join(outDir, name);
    if (name.startsWith('.') || !isDirectory(dir)) return [];
    try {
      const r = recoverPublish(dir);
      return r ? [r] : [];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (typeof code !== 'string' || !code.startsWith('E')) throw error; // not the file system's doing: a bug
      throw new UsageError(
        'OUTPUT_NOT_WRITABLE',
        `${describeFsError(error, { path: dir, action: 'write' })} Lần ghi báo cáo trước vào ${dir} bị ngắt giữa chừng và chưa hoàn tất được; sửa lỗi trên rồi chạy lại lệnh (các tệp đang có không bị xóa).`,
        { cause: error },
      );
    }
  });
}

/** A file of a published set that is not what its manifest.json says. */
export interface OutputMismatch {
  /** The file's name in the period folder (manifest.json itself when the manifest cannot be read). */
  readonly file: string;
  readonly problem: 'changed' | 'missing' | 'manifest-unreadable';
}

/**
 * Checks a period folder against its manifest.json: every output listed must be there with the sha256 listed.
 * Nothing to check (no manifest.json) gives []. Read-only.
 */
export function verifyPublished(dir: string): OutputMismatch[] {
  const manifestFile = path.join(dir, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(manifestFile, 'utf8');
  } catch {
    return [];
  }
  const parsed = parseManifest(text);
  if (!parsed.success) return [{ file: 'manifest.json', problem: 'manifest-unreadable' }];
  return parsed.data.outputs.flatMap((o): OutputMismatch[] => {
    const problem = isPlainOutputName(o.file) ? outputMismatch(dir, o) : 'missing';
    return problem === null ? [] : [{ file: o.file, problem }];
  });
}

/** Whether the file `output.file` in `dir` has the sha256 listed: null when it does, else what is wrong with it. */
export function outputMismatch(dir: string, output: { readonly file: string; readonly sha256: string }): 'changed' | 'missing' | null {
  const sha = fileSha256(path.join(dir, output.file));
  return sha === null ? 'missing' : sha === output.sha256 ? null : 'changed';
}

// --- internal ---

/** The journal, null when it cannot be parsed. */
function readJournal(file: string): Journal | null {
  try {
    const parsed = JournalSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function stagingFolders(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.startsWith(STAGING_PREFIX));
  } catch {
    return [];
  }
}

function fileSha256(file: string): string | null {
  try {
    return sha256Hex(readFileSync(file));
  } catch {
    return null;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

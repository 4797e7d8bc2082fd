import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Independent readers for the office checks: Debian's python3 with openpyxl / python-docx, LibreOffice
 * headless, poppler. `npm test` runs on a bare machine, so each check skips with a visible notice where a
 * tool is missing; `.ci/run` installs them all, and sets BAOCAO_REQUIRE_OFFICE=1 so that a missing tool fails there.
 */

export const SYSTEM_PYTHON = '/usr/bin/python3';

const cache = new Map<string, boolean>();

export function hasPythonModule(mod: 'openpyxl' | 'docx'): boolean {
  const key = `py:${mod}`;
  if (!cache.has(key)) {
    const r = existsSync(SYSTEM_PYTHON) ? spawnSync(SYSTEM_PYTHON, ['-c', `import ${mod}`], { stdio: 'ignore' }) : null;
    cache.set(key, r?.status === 0);
  }
  return cache.get(key)!;
}

export function hasCommand(cmd: 'soffice' | 'pdftoppm' | 'pdfinfo' | 'pdftotext' | 'pdffonts' | 'script' | 'pdfimages'): boolean {
  const key = `cmd:${cmd}`;
  if (!cache.has(key)) cache.set(key, spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0);
  return cache.get(key)!;
}

/**
 * Returns true when the tools are there. Otherwise prints a visible notice (once per check) and returns
 * false, so the caller can `it.skipIf(!officeAvailable(...))`; under BAOCAO_REQUIRE_OFFICE=1 it throws instead.
 */
export function officeAvailable(check: string, needs: { python?: ('openpyxl' | 'docx')[]; commands?: Parameters<typeof hasCommand>[0][] }): boolean {
  const missing = [
    ...(needs.python ?? []).filter((m) => !hasPythonModule(m)).map((m) => `python3-${m === 'docx' ? 'docx' : m}`),
    ...(needs.commands ?? []).filter((c) => !hasCommand(c)),
  ];
  if (missing.length === 0) return true;
  const text = `[bỏ qua] ${check}: thiếu ${missing.join(', ')} (cài bằng .ci/run hoặc apt-get install)`;
  if (process.env.BAOCAO_REQUIRE_OFFICE === '1') throw new Error(text);
  process.stderr.write(`\n*** ${text}\n`);
  return false;
}

/** Runs a python script with Debian's python3 and returns its stdout (throws with stderr on failure). */
export function runPython(script: string, args: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'baocao-py-'));
  try {
    const file = path.join(dir, 'check.py');
    writeFileSync(file, script);
    return execFileSync(SYSTEM_PYTHON, [file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Converts with LibreOffice headless in a throwaway profile and returns the output path. soffice exits 0
 * even when it fails, so the output file's existence is checked. `recalc: true` makes Calc recalculate every
 * formula on load instead of trusting cached results (libraries.md §6).
 */
export function sofficeConvert(input: string, format: string, outDir: string, options: { recalc?: boolean } = {}): string {
  const profile = mkdtempSync(path.join(tmpdir(), 'baocao-lo-'));
  try {
    if (options.recalc) {
      const user = path.join(profile, 'user');
      execFileSync('mkdir', ['-p', user]);
      writeFileSync(
        path.join(user, 'registrymodifications.xcu'),
        `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
      );
    }
    const before = new Set(existsSync(outDir) ? readdirSync(outDir) : []);
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, input], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const ext = format.split(':')[0]!;
    const expected = path.join(outDir, `${path.basename(input, path.extname(input))}.${ext}`);
    if (!existsSync(expected)) {
      const produced = readdirSync(outDir).filter((f) => !before.has(f));
      throw new Error(`soffice produced no ${expected} (new files: ${produced.join(', ') || 'none'})`);
    }
    return expected;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

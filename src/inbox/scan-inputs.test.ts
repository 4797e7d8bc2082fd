import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../common/usage-error.ts';
import { scanInputs } from './scan-inputs.ts';

describe('scanInputs', () => {
  it('finds every spreadsheet-like file recursively, skips lock files and hidden folders, in a stable order', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'scan-'));
    for (const f of ['b/PCMD-01.xlsx', 'a/x.XLS', 'a/y.ods', 'a/z.csv', 'a/~$PCMD-01.xlsx', 'a/.~lock.y.ods#', 'a/note.pdf', '.git/k.xlsx', 'history/old.xlsx', 'c.xlsm']) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), '');
    }
    expect(scanInputs([root], '/').map((f) => f.display)).toEqual(['a/x.XLS', 'a/y.ods', 'a/z.csv', 'b/PCMD-01.xlsx', 'c.xlsm']);
  });

  it('refuses a folder that does not exist with a usage error', () => {
    expect(() => scanInputs(['/nonexistent/inbox'], '/')).toThrow(UsageError);
  });
});

// The .xlsx files under a folder, recursively, in a stable order: what both read baselines loop over, so they time
// the same files in the same order.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function xlsxFilesUnder(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) xlsxFilesUnder(full, out);
    else if (e.name.endsWith('.xlsx')) out.push(full);
  }
  return out;
}

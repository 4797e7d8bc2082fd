// The floor for reading with exceljs: a bare `new ExcelJS.Workbook().xlsx.readFile` of every .xlsx under the
// given folder, one after another, in this one process. Prints {"files": n, "loopMs": ms} on stdout.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.name.endsWith('.xlsx')) files.push(full);
  }
};
walk(process.argv[2]);
const start = performance.now();
for (const f of files) await new ExcelJS.Workbook().xlsx.readFile(f);
process.stdout.write(`${JSON.stringify({ files: files.length, loopMs: performance.now() - start })}\n`);

// The floor for reading with exceljs: a bare `new ExcelJS.Workbook().xlsx.readFile` of every .xlsx under the
// given folder, one after another, in this one process. Prints {"files": n, "loopMs": ms} on stdout.
import ExcelJS from 'exceljs';
import { xlsxFilesUnder } from './_xlsx-files.mjs';

const files = xlsxFilesUnder(process.argv[2]);
const start = performance.now();
for (const f of files) await new ExcelJS.Workbook().xlsx.readFile(f);
process.stdout.write(`${JSON.stringify({ files: files.length, loopMs: performance.now() - start })}\n`);

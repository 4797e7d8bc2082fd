// Baseline (b), the floor under any reader: unzip every part of each .xlsx under the given folder with fflate
// (`unzipSync`, all entries) and scan every worksheet part for its cells with one regular expression (address,
// type and raw <v>), no XML parser, no shared strings, no styles, no values built. Nothing a real reader can skip
// is skipped except understanding. Prints {"files": n, "cells": n, "loopMs": ms} on stdout.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { xlsxFilesUnder } from './_xlsx-files.mjs';

const files = xlsxFilesUnder(process.argv[2]);
const CELL = /<c r="([A-Z]+[0-9]+)"[^>]*>(?:<f>[^<]*<\/f>)?<v>([^<]*)<\/v>/g;
const decoder = new TextDecoder();
const start = performance.now();
let cells = 0;
for (const f of files) {
  const parts = unzipSync(readFileSync(f));
  for (const [name, data] of Object.entries(parts)) {
    if (!name.startsWith('xl/worksheets/sheet')) continue;
    for (const m of decoder.decode(data).matchAll(CELL)) if (m[2] !== undefined) cells++;
  }
}
process.stdout.write(`${JSON.stringify({ files: files.length, cells, loopMs: performance.now() - start })}\n`);

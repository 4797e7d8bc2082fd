// Writes the bad-input corpus: fixtures/bad/<case>/<input files> + expected.json (the code, cell and exit code each
// case must produce). Runs on .build/ (`npm run bad-fixtures` compiles tools/ and src/ there first). Deterministic: a second run writes identical bytes.
// Every case starts from the generated 2021 year, whose police lists hold invented people only.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BAD_FIXTURES_DIR, EXPECTED_FILE, buildBadCases, expectationOf } from '../.build/tools/fixtures/bad-cases.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, BAD_FIXTURES_DIR);

const cases = await buildBadCases();
await rm(outDir, { recursive: true, force: true });
for (const c of cases) {
  const dir = path.join(outDir, c.name);
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(c.files)) await writeFile(path.join(dir, name), bytes);
  await writeFile(path.join(dir, EXPECTED_FILE), `${JSON.stringify(expectationOf(c), null, 2)}\n`);
}
process.stdout.write(`${cases.length} trường hợp đầu vào lỗi đã được ghi vào ${path.relative(root, outDir)}/\n`);

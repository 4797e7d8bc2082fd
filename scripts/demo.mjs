// `npm run demo`: the main job on the bundled 2021 fixtures, as a clerk would run it.
// Writes everything under demo-out/ (ignored by git); running it again changes nothing.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'demo-out');
// Each step with the exit code it must give: the bad workbooks show what a ward gets back (exit 1 is their expected outcome).
const steps = [
  [0, 'forms', '--period', '2021-03', '--out', path.join(out, 'bieu-mau-trang')],
  [0, 'validate', 'fixtures/2021', '--quiet'],
  [1, 'validate', 'fixtures/bad/rule-KT03-le-KT01', 'fixtures/bad/xls-format', 'fixtures/bad/rule-DanhSach-ward-known', '--annotate', path.join(out, 'tra-lai')],
  [0, 'status', '--period', '2021-03', '--input', 'fixtures/2021'],
  [0, 'compile', '--period', '2021-03', '--input', 'fixtures/2021', '--out', out],
  [0, 'compile', '--period', '2021-Q1', '--input', 'fixtures/2021', '--out', out],
  [0, 'compile', '--period', '2021', '--input', 'fixtures/2021', '--out', out],
];

let failed = 0;
for (const [expected, ...args] of steps) {
  process.stdout.write(`\n$ baocao ${args.map((a) => path.relative(root, a) || a).join(' ')}\n`);
  const r = spawnSync(process.execPath, [path.join(root, 'bin/baocao.js'), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== expected) {
    failed++;
    process.stdout.write(`!! mã thoát ${r.status}, cần ${expected}\n`);
  }
}

process.stdout.write('\nKết quả (demo-out/):\n');
for (const period of ['2021-03', '2021-Q1', '2021']) {
  const dir = path.join(out, period);
  const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  const targets = Object.entries(summary.targets).map(([id, t]) => `${id} ${t.status}`).join(', ');
  process.stdout.write(`  ${period}: ${readdirSync(dir).filter((f) => !f.startsWith('.') && f !== 'history').join(', ')}\n    chỉ tiêu: ${targets}\n`);
}
process.exitCode = failed ? 1 : 0;

// `npm run bench:charts` (builds dist/ first): the year's compile with the charts (issue 17) against the same
// compile without them, in the same run. "Before" is a build of another commit (BENCH_BEFORE_REF, default `main`;
// or BENCH_BEFORE_DIR, an already built checkout), extracted to bench/tmp/before/ and built there with this
// checkout's node_modules. Both are spawned round-robin (`node bin/baocao.js compile --period 2021`, every
// report: Word and Excel, district and city), so that other work on the machine slows both alike; medians.
// Goal (issue 17): the year within 1.2× of its time before the charts. Wall time and CPU time (user + system, from
// bench/_cputime.mjs) are both reported: on a shared machine CPU time is the steadier. BENCH_RUNS sets the rounds (default 9).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const TMP = path.join(BENCH, 'tmp');
const FIXTURES = path.join(REPO, 'fixtures', '2021');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const log = (s) => process.stderr.write(`${s}\n`);

const before = process.env.BENCH_BEFORE_DIR ? path.resolve(process.env.BENCH_BEFORE_DIR) : buildBefore(process.env.BENCH_BEFORE_REF ?? 'main');
const cases = { before: path.join(before, 'bin', 'baocao.js'), after: path.join(REPO, 'bin', 'baocao.js') };
const work = path.join(TMP, 'charts-run');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const loadAtStart = os.loadavg()[0];
const times = { before: [], after: [] };
const cpu = { before: [], after: [] };
const cpuFile = path.join(work, 'cpu.txt');
for (let i = 0; i < RUNS; i++) {
  for (const [name, bin] of Object.entries(cases)) {
    const out = path.join(work, name);
    rmSync(out, { recursive: true, force: true });
    const t = performance.now();
    const args = ['--import', path.join(BENCH, '_cputime.mjs'), bin, 'compile', '--period', '2021', '--input', FIXTURES, '--out', out];
    const r = spawnSync(process.execPath, args, { cwd: work, env: { ...process.env, NO_COLOR: '1', BENCH_CPU_FILE: cpuFile }, encoding: 'utf8' });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${name}: compile exited ${r.status}: ${r.stderr}`);
    times[name].push(ms);
    cpu[name].push(Number(readFileSync(cpuFile, 'utf8')));
  }
  log(`round ${i + 1}/${RUNS}: before ${Math.round(times.before.at(-1))} ms (CPU ${Math.round(cpu.before.at(-1))}), after ${Math.round(times.after.at(-1))} ms (CPU ${Math.round(cpu.after.at(-1))})`);
}
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const [b, a] = [median(times.before), median(times.after)];
const result = {
  runs: RUNS,
  before: { medianMs: Math.round(b), minMs: Math.round(Math.min(...times.before)) },
  after: { medianMs: Math.round(a), minMs: Math.round(Math.min(...times.after)) },
  ratio: Number((a / b).toFixed(3)),
  ratioOfMinima: Number((Math.min(...times.after) / Math.min(...times.before)).toFixed(3)),
  cpu: { beforeMedianMs: Math.round(median(cpu.before)), afterMedianMs: Math.round(median(cpu.after)), ratio: Number((median(cpu.after) / median(cpu.before)).toFixed(3)) },
  load: { start: Number(loadAtStart.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
  cores: os.cpus().length,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (result.ratio > 1.2) log(`the year's compile is ${result.ratio}× its time before the charts (goal ≤ 1.2×)`);

/** A built copy of `ref` in bench/tmp/before (git archive, this checkout's node_modules, tsc). */
function buildBefore(ref) {
  const dir = path.join(TMP, 'before');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`building ${ref} in ${path.relative(REPO, dir)}…`);
  const archive = execFileSync('git', ['archive', '--format=tar', ref], { cwd: REPO, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  if (!existsSync(path.join(dir, 'node_modules'))) symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, stdio: 'inherit' });
  return dir;
}

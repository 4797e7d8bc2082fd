// `npm run bench` (builds dist/ first). Every figure is a ratio to a baseline measured in this same run, raw
// figures beside it; cases run round-robin (one of each per round) and medians are shown, so that other work on
// the machine slows every case alike. Writes bench/RESULTS.md.
//
// The two baselines, both separate processes over the same files, one file after another:
//   (a) bench/_floor.mjs: imports exceljs and runs a bare `new ExcelJS.Workbook().xlsx.readFile` of every file —
//       what reading with exceljs costs before the tool does anything with it;
//   (b) bench/_unzip-scan.mjs: fflate `unzipSync` of every part and one regular expression over the worksheet
//       parts for the cells — no XML parser, no values built: a floor under any reader.
// Scratch files go to bench/tmp/ (git-ignored); the generated city inboxes are kept there between runs.
// BENCH_QUICK=1 runs fewer repetitions and BENCH_SCALE=0 skips the scale runs (for trying the script, not for RESULTS.md).
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeScaleInbox } from './_scale-inbox.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const TMP = path.join(BENCH, 'tmp');
const BIN = process.env.BENCH_BIN ?? path.join(REPO, 'bin', 'baocao.js');
const NODE = process.execPath;
const QUICK = process.env.BENCH_QUICK === '1';
/** BENCH_SCALE=0 skips the scale runs (for trying the script). */
const SCALE = process.env.BENCH_SCALE !== '0';
const STARTUP_RUNS = QUICK ? 5 : 21;
const YEAR_RUNS = QUICK ? 2 : 5;
const FIXTURES = path.join(REPO, 'fixtures', '2021');
const GNU_TIME = '/usr/bin/time';

const ms = (v) => `${Math.round(v)} ms`;
const x = (v) => `${v.toFixed(2)}×`;
const mb = (kb) => `${Math.round(kb / 1024)} MB`;
const load = () => os.loadavg()[0].toFixed(2);
const started = { at: new Date(), load: load() };
const work = path.join(TMP, 'run');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const log = (s) => process.stderr.write(`${s}\n`);

// --- start-up ---
log('start-up…');
const startup = roundRobin(
  { 'node -e 0': [NODE, ['-e', '0']], 'baocao --version': [NODE, [BIN, '--version']], 'baocao --help': [NODE, [BIN, '--help']] },
  STARTUP_RUNS,
  (cmd, args) => run(cmd, args, { cwd: work }),
);

// --- the year: 192 files ---
log('the year…');
const loops = { a: [], b: [] };
const baseline = (script, key) => () => {
  const r = run(NODE, [path.join(BENCH, script), FIXTURES], { cwd: work });
  if (r.code !== 0) throw new Error(`${script} exited ${r.code}: ${r.stderr}`);
  loops[key].push(JSON.parse(r.stdout).loopMs);
  return r;
};
const cli = (args, okCodes) => () => {
  rmSync(path.join(work, 'out'), { recursive: true, force: true });
  const r = run(NODE, [BIN, ...args], { cwd: work });
  if (!okCodes.includes(r.code)) throw new Error(`baocao ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
};
const year = roundRobin(
  {
    '(a) bare exceljs readFile loop': baseline('_floor.mjs', 'a'),
    '(b) fflate unzip + cell scan': baseline('_unzip-scan.mjs', 'b'),
    'baocao compile --period 2021': cli(['compile', '--period', '2021', '--input', FIXTURES, '--out', path.join(work, 'out')], [0]),
    'baocao validate fixtures/2021': cli(['validate', FIXTURES], [0, 1]),
  },
  YEAR_RUNS,
  (f) => f(),
);

// --- scale: peak memory of validate and compile at 1,000, 3,000 and 10,000 files ---
log('scale: generating the city inboxes (kept in bench/tmp between runs)…');
const genStart = performance.now();
const city250 = path.join(TMP, 'scale');
const city834 = path.join(TMP, 'scale-834');
if (SCALE) {
  makeScaleInbox({ repo: REPO, dir: city250, wards: 250, months: 12 });
  makeScaleInbox({ repo: REPO, dir: city834, wards: 834, months: 12 });
}
const genMs = performance.now() - genStart;
/** The first `months` months of a city, hard-linked into a fresh folder. */
const inboxOf = (city, months) => {
  const dir = path.join(TMP, `inbox-${path.basename(city)}-${months}`);
  rmSync(dir, { recursive: true, force: true });
  for (let m = 1; m <= months; m++) {
    const id = `2021-${String(m).padStart(2, '0')}`;
    mkdirSync(path.join(dir, id), { recursive: true });
    for (const f of readdirSync(path.join(city, 'inbox', id))) linkSync(path.join(city, 'inbox', id, f), path.join(dir, id, f));
  }
  return dir;
};
const sizes = !SCALE ? [] : [
  { label: '1,000', city: city250, wards: 250, months: 4 },
  { label: '3,000', city: city250, wards: 250, months: 12 },
  { label: '10,008', city: city834, wards: 834, months: 12 },
];
const scale = [];
for (const s of sizes) {
  const input = inboxOf(s.city, s.months);
  const config = path.join(s.city, 'baocao.config.json');
  log(`scale: ${s.label} files, validate…`);
  const v = run(NODE, [BIN, 'validate', input, '--config', config, '--json'], { cwd: work, rss: true });
  if (v.code > 1) throw new Error(`validate exited ${v.code}: ${v.stderr}`);
  const files = JSON.parse(v.stdout).files.length;
  log(`scale: ${s.label} files, compile…`);
  const out = path.join(work, 'scale-out');
  rmSync(out, { recursive: true, force: true });
  // Exit 1 is expected: the police and team 178 forms are not generated.
  const c = run(NODE, [BIN, 'compile', '--period', '2021', '--config', config, '--input', input, '--out', out], { cwd: work, rss: true });
  if (c.code !== 1 && c.code !== 0) throw new Error(`compile exited ${c.code}: ${c.stderr}`);
  log(`scale: ${s.label} files, compile --format xlsx…`);
  rmSync(out, { recursive: true, force: true });
  const cx = run(NODE, [BIN, 'compile', '--period', '2021', '--format', 'xlsx', '--config', config, '--input', input, '--out', out], { cwd: work, rss: true });
  if (cx.code !== 1 && cx.code !== 0) throw new Error(`compile --format xlsx exited ${cx.code}: ${cx.stderr}`);
  scale.push({ ...s, files, validate: v, compile: c, compileXlsx: cx });
  rmSync(input, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });

// --- RESULTS.md ---
const finished = { at: new Date(), load: load() };
const md = renderResults();
writeFileSync(path.join(BENCH, 'RESULTS.md'), md);
process.stdout.write(md);

// --- internal ---

/**
 * Runs a command; wall time in ms, CPU time in ms (user + system, all threads: GNU time's rusage of the child),
 * exit code, output, and peak RSS (KB) when `rss` is set. CPU time is what the process itself did: on a machine
 * shared with other work, wall-time ratios also measure how the scheduler treated each process.
 */
function run(cmd, args, o) {
  const rssFile = path.join(TMP, `rss-${process.pid}.txt`);
  const cpuFile = path.join(TMP, `cpu-${process.pid}.txt`);
  const nodeArgs = o.rss ? ['--import', path.join(BENCH, '_maxrss.mjs')] : [];
  const env = { ...process.env, NO_COLOR: '1', ...(o.env ?? {}), ...(o.rss ? { BENCH_RSS_FILE: rssFile } : {}) };
  const timed = existsSync(GNU_TIME) ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...nodeArgs, ...args]] : [cmd, [...nodeArgs, ...args]];
  const t = performance.now();
  const r = spawnSync(timed[0], timed[1], { cwd: o.cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  const rssKb = o.rss && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : null;
  const cpuMs = existsSync(cpuFile) ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((sum, v) => sum + Number(v) * 1000, 0) : NaN;
  rmSync(rssFile, { force: true });
  rmSync(cpuFile, { force: true });
  return { ms, cpuMs, code: r.status, stdout: r.stdout, stderr: r.stderr, rssKb };
}

/** Runs every case once per round, `rounds` times, so that a noisy neighbour slows every case alike; medians of wall and CPU time. */
function roundRobin(cases, rounds, call) {
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, { wall: [], cpu: [] }]));
  for (let i = 0; i < rounds; i++) {
    for (const [k, c] of Object.entries(cases)) {
      const r = Array.isArray(c) ? call(...c) : call(c);
      times[k].wall.push(r.ms);
      times[k].cpu.push(r.cpuMs);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median: median(v.wall), min: Math.min(...v.wall), cpu: median(v.cpu), runs: v.wall.length }]));
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function renderResults() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const base = startup['node -e 0'].median;
  const a = year['(a) bare exceljs readFile loop'].median;
  const b = year['(b) fflate unzip + cell scan'].median;
  const verdict = (value, goal) => (value <= goal ? `met (≤ ${x(goal)})` : `**not met** (goal ≤ ${x(goal)})`);
  const compileA = year['baocao compile --period 2021'].median / a;
  const validateA = year['baocao validate fixtures/2021'].median / a;
  const versionRatio = startup['baocao --version'].median / base;
  const cpuA = year['(a) bare exceljs readFile loop'].cpu;
  const cpuB = year['(b) fflate unzip + cell scan'].cpu;
  const cpuBase = startup['node -e 0'].cpu;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.mjs) on ${started.at.toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? ' — QUICK run, fewer repetitions' : ''}.`,
    '',
    `Machine: ${cpu}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}.`,
    `Load average (1 min) at the start ${started.load}, at the end ${finished.load}; the run took ${Math.round((finished.at - started.at) / 1000)} s.`,
    'Every figure is a ratio to a baseline measured in this same run (raw figures beside it). Cases are run round-robin',
    '(one of each per round) and the median is shown, so that other work on the machine slows every case alike. Wall times',
    'of whole processes (`node …` spawned), start-up included.',
    '',
    '## The baselines (defined in bench/run.mjs)',
    '',
    '- **(a)** `bench/_floor.mjs`: a process that imports exceljs and runs a bare `new ExcelJS.Workbook().xlsx.readFile` of every file, one after',
    '  another: reading with exceljs and nothing else.',
    '- **(b)** `bench/_unzip-scan.mjs`: a process that unzips every part of every file with fflate (`unzipSync`) and scans the worksheet parts',
    '  for cells with one regular expression: no XML parser, no shared strings, no styles, no values. A floor under any reader.',
    '',
    '## Summary (the goals of issue 18)',
    '',
    'Wall time is what the goals name; CPU time (user + system of the process and its threads) is less bent by the other work on',
    'the machine and is given beside it.',
    '',
    '| figure | wall, this run | CPU, this run | goal (wall) |',
    '|---|---|---|---|',
    `| year compile ÷ (a) | ${x(compileA)} | ${x(year['baocao compile --period 2021'].cpu / cpuA)} | ${verdict(compileA, 0.8)} (aim 0.5×) |`,
    `| year compile ÷ (b) | ${x(year['baocao compile --period 2021'].median / b)} | ${x(year['baocao compile --period 2021'].cpu / cpuB)} | — |`,
    `| validate of the year ÷ (a) | ${x(validateA)} | ${x(year['baocao validate fixtures/2021'].cpu / cpuA)} | ${verdict(validateA, 0.4)} |`,
    `| validate of the year ÷ (b) | ${x(year['baocao validate fixtures/2021'].median / b)} | ${x(year['baocao validate fixtures/2021'].cpu / cpuB)} | — |`,
    `| (a) ÷ (b) | ${x(a / b)} | ${x(cpuA / cpuB)} | — |`,
    `| \`--version\` ÷ \`node -e 0\` | ${x(versionRatio)} | ${x(startup['baocao --version'].cpu / cpuBase)} | ${verdict(versionRatio, 1.5)} |`,
    ...scale.flatMap((s) => [
      `| peak RSS, validate, ${s.label} files | ${mb(s.validate.rssKb)} | | ${s.validate.rssKb <= 300 * 1024 ? 'met' : '**not met**'} (≤ 300 MB) |`,
      `| peak RSS, compile, ${s.label} files | ${mb(s.compile.rssKb)} | | ${s.compile.rssKb <= 300 * 1024 ? 'met' : '**not met**'} (≤ 300 MB) |`,
      `| peak RSS, compile --format xlsx, ${s.label} files | ${mb(s.compileXlsx.rssKb)} | | ${s.compileXlsx.rssKb <= 300 * 1024 ? 'met' : '**not met**'} (≤ 300 MB) |`,
    ]),
    '',
    `## Start-up (median of ${startup['node -e 0'].runs} runs each)`,
    '',
    '| command | median | fastest | ratio to `node -e 0` | CPU | CPU ratio |',
    '|---|---|---|---|---|---|',
    ...Object.entries(startup).map(([k, v]) => `| \`${k}\` | ${ms(v.median)} | ${ms(v.min)} | ${x(v.median / base)} | ${ms(v.cpu)} | ${x(v.cpu / cpuBase)} |`),
    '',
    `## The year: 192 files (fixtures/2021), median of ${year['(a) bare exceljs readFile loop'].runs} runs each`,
    '',
    `The read loops alone (inside the baseline processes, without start-up): (a) ${ms(median(loops.a))}, ${(median(loops.a) / 192).toFixed(1)} ms a file;`,
    `(b) ${ms(median(loops.b))}, ${(median(loops.b) / 192).toFixed(1)} ms a file. \`compile\` writes both reports for both audiences in Word`,
    'and Excel, summary.json and manifest.json into a fresh folder; `validate` reads, parses and checks the 192 files and prints the result.',
    '',
    '| case | median | fastest | ÷ (a) | ÷ (b) | CPU | CPU ÷ (a) | CPU ÷ (b) |',
    '|---|---|---|---|---|---|---|---|',
    ...Object.entries(year).map(([k, v]) => `| ${k} | ${ms(v.median)} | ${ms(v.min)} | ${x(v.median / a)} | ${x(v.median / b)} | ${ms(v.cpu)} | ${x(v.cpu / cpuA)} | ${x(v.cpu / cpuB)} |`),
    '',
    '## Scale: peak memory from 1,000 to 10,000 files (one run each)',
    '',
    'bench/_scale-inbox.mjs copies the bundled ward forms under generated unit names and codes (a registry and a configuration go',
    `beside them): a city of 250 wards (its first 4 months: 1,000 files; 12 months: 3,000) and one of 834 wards (12 months: 10,008 files).`,
    `Generated once into bench/tmp (${(genMs / 1000).toFixed(1)} s this run). \`validate <inbox> --json\` and \`compile --period 2021\` (Word and Excel,`,
    'both audiences; then Excel only; exit 1 is expected: no police or team 178 forms are generated). Peak RSS is the whole process, worker threads',
    'included, from `process.resourceUsage().maxRSS` at exit (bench/_maxrss.mjs). Read pool as by default.',
    '',
    '| files | validate | validate peak RSS | compile | compile peak RSS | compile --format xlsx | its peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...scale.map(
      (s) =>
        `| ${s.files} | ${(s.validate.ms / 1000).toFixed(1)} s (CPU ${(s.validate.cpuMs / 1000).toFixed(1)} s) | ${mb(s.validate.rssKb)} | ${(s.compile.ms / 1000).toFixed(1)} s (CPU ${(s.compile.cpuMs / 1000).toFixed(1)} s) | ${mb(s.compile.rssKb)} | ${(s.compileXlsx.ms / 1000).toFixed(1)} s | ${mb(s.compileXlsx.rssKb)} |`,
    ),
    '',
    'The Excel-only compile shows where the memory of a compile goes: reading, checking and aggregating stay within the validate',
    'figures; the Word report (its annex holds one table row per ward) is what grows with the number of wards.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

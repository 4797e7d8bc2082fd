// `npm run bench` (builds dist/ first): start-up, compile speed against the exceljs floor with the read pool on
// and off, scale to 3,000 ward-month files, validate of 1,000 workbooks. Every figure is a ratio to a baseline
// measured in this same run; raw figures are given beside it. Writes bench/RESULTS.md.
// Scratch files go to bench/tmp/ (git-ignored); the generated city inbox is kept there between runs.
// BENCH_QUICK=1 runs fewer repetitions (for trying the script, not for RESULTS.md).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeScaleInbox } from './_scale-inbox.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(BENCH);
const TMP = path.join(BENCH, 'tmp');
const BIN = process.env.BENCH_BIN ?? path.join(REPO, 'bin', 'baocao.js');
const NODE = process.execPath;
const QUICK = process.env.BENCH_QUICK === '1';
const STARTUP_RUNS = QUICK ? 5 : 21;
const COMPILE_RUNS = QUICK ? 2 : 7;
const FIXTURES = path.join(REPO, 'fixtures', '2021');
const SCALE_WARDS = 250;

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
const oneFile = path.join(FIXTURES, '2021-03', 'PCMD-01_2021-03_00007.xlsx');
const startupCases = {
  'node -e 0': [NODE, ['-e', '0']],
  'baocao --version': [NODE, [BIN, '--version']],
  'baocao --help': [NODE, [BIN, '--help']],
  'baocao validate (1 file)': [NODE, [BIN, 'validate', oneFile]],
};
const startup = roundRobin(startupCases, STARTUP_RUNS, (cmd, args) => run(cmd, args, { cwd: work }).ms);

// --- a month and the year against the floor ---
log('month and year…');
const monthInbox = path.join(TMP, 'month');
rmSync(monthInbox, { recursive: true, force: true });
cpSync(path.join(FIXTURES, '2021-03'), monthInbox, { recursive: true });
const compileCase = (input, period, workers) => () => {
  const out = path.join(work, 'out');
  rmSync(out, { recursive: true, force: true });
  const r = run(NODE, [BIN, 'compile', '--period', period, '--input', input, '--out', out], { cwd: work, env: workers === null ? {} : { BAOCAO_READ_WORKERS: String(workers) } });
  if (r.code !== 0) throw new Error(`compile ${period} exited ${r.code}: ${r.stderr}`);
  return r.ms;
};
const floorLoop = {};
const floorCase = (input, key) => () => {
  const r = run(NODE, [path.join(BENCH, '_floor.mjs'), input], { cwd: work });
  (floorLoop[key] ??= []).push(JSON.parse(r.stdout).loopMs);
  return r.ms;
};
const distReadInputs = path.join(path.dirname(BIN), '..', 'dist', 'inbox', 'read-inputs.js');
const { chooseReadWorkers, MIN_FILES_FOR_POOL } = await import(pathToFileURL(distReadInputs).href);
/** Worker threads the CLI chooses by itself here for the year and for 3,000 files (0: pool off). */
const defaultWorkers = { year: chooseReadWorkers(192, { setting: undefined }), scale: chooseReadWorkers(3000, { setting: undefined }) };
/** The pool forced on: one worker per core besides the main thread (which reads too). */
const forcedWorkers = Math.max(1, os.availableParallelism() - 1);
const poolOn = `pool on (${forcedWorkers} worker${forcedWorkers > 1 ? 's' : ''} + main thread)`;
const withDefault = (label, workers, key) => (workers === defaultWorkers[key] ? `${label} — the default here` : label);
const month = roundRobin(
  { floor: floorCase(monthInbox, 'month'), 'pool off': compileCase(monthInbox, '2021-03', 0), [`${poolOn}, forced`]: compileCase(monthInbox, '2021-03', forcedWorkers) },
  COMPILE_RUNS,
  (f) => f(),
);
const year = roundRobin(
  {
    floor: floorCase(FIXTURES, 'year'),
    [withDefault('pool off', 0, 'year')]: compileCase(FIXTURES, '2021', 0),
    [withDefault(poolOn, forcedWorkers, 'year')]: compileCase(FIXTURES, '2021', forcedWorkers),
  },
  COMPILE_RUNS,
  (f) => f(),
);

// --- scale: a city of 250 wards ---
log('scale: generating the city inbox (kept in bench/tmp/scale between runs)…');
const scaleDir = path.join(TMP, 'scale');
const genStart = performance.now();
makeScaleInbox({ repo: REPO, dir: scaleDir, wards: SCALE_WARDS, months: 12 });
const genMs = performance.now() - genStart;
const scaleConfig = path.join(scaleDir, 'baocao.config.json');
const inboxOf = (months) => {
  const dir = path.join(TMP, `scale-inbox-${months}`);
  rmSync(dir, { recursive: true, force: true });
  for (let m = 1; m <= months; m++) {
    const id = `2021-${String(m).padStart(2, '0')}`;
    mkdirSync(path.join(dir, id), { recursive: true });
    for (const f of readdirSync(path.join(scaleDir, 'inbox', id))) linkSync(path.join(scaleDir, 'inbox', id, f), path.join(dir, id, f));
  }
  return dir;
};
const scale = [];
const otherSetting = defaultWorkers.scale === 0 ? forcedWorkers : 0;
for (const [months, workers] of [[4, null], [8, null], [12, null], [12, otherSetting]]) {
  const pool = (workers ?? defaultWorkers.scale) > 0;
  log(`scale: ${months * SCALE_WARDS} files, ${pool ? 'pool on' : 'pool off'}…`);
  const input = inboxOf(months);
  const out = path.join(work, 'scale-out');
  rmSync(out, { recursive: true, force: true });
  // Excel reports only: the Word annex of 250 wards is tried once below.
  const r = run(NODE, [BIN, 'compile', '--period', '2021', '--format', 'xlsx', '--config', scaleConfig, '--input', input, '--out', out], {
    cwd: work,
    rss: true,
    env: workers === null ? {} : { BAOCAO_READ_WORKERS: String(workers) },
  });
  if (r.code !== 1) throw new Error(`scale compile exited ${r.code} (expected 1: the police and team 178 forms are not generated): ${r.stderr}`);
  scale.push({ files: months * SCALE_WARDS, pool, isDefault: workers === null, ms: r.ms, rssKb: r.rssKb });
}
// The Word report of a 250-ward city: tried once, to say whether it can be laid out at all.
const wordAtScale = run(NODE, [BIN, 'compile', '--period', '2021', '--format', 'docx', '--to', 'district', '--config', scaleConfig, '--input', path.join(TMP, 'scale-inbox-4'), '--out', path.join(work, 'docx-out')], { cwd: work });
log('validate of 1,000 workbooks…');
const validate = run(NODE, [BIN, 'validate', path.join(TMP, 'scale-inbox-4'), '--config', scaleConfig, '--json'], { cwd: work, rss: true });
if (validate.code > 1) throw new Error(`validate exited ${validate.code}: ${validate.stderr}`);
const validated = JSON.parse(validate.stdout).files.length;
for (const m of [4, 8, 12]) rmSync(path.join(TMP, `scale-inbox-${m}`), { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });

// --- RESULTS.md ---
const finished = { at: new Date(), load: load() };
const md = renderResults();
writeFileSync(path.join(BENCH, 'RESULTS.md'), md);
process.stdout.write(md);

// --- internal ---

/** Runs a command; wall time in ms, exit code, output, and peak RSS (KB) when `rss` is set. */
function run(cmd, args, o) {
  const rssFile = path.join(TMP, `rss-${process.pid}.txt`);
  const nodeArgs = o.rss ? ['--import', path.join(BENCH, '_maxrss.mjs')] : [];
  const env = { ...process.env, NO_COLOR: '1', ...(o.env ?? {}), ...(o.rss ? { BENCH_RSS_FILE: rssFile } : {}) };
  const t = performance.now();
  const r = spawnSync(cmd, [...nodeArgs, ...args], { cwd: o.cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  const rssKb = o.rss && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : null;
  if (o.rss) rmSync(rssFile, { force: true });
  return { ms, code: r.status, stdout: r.stdout, stderr: r.stderr, rssKb };
}

/** Runs every case once per round, `rounds` times, so that a noisy neighbour slows every case alike; medians. */
function roundRobin(cases, rounds, call) {
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) for (const [k, c] of Object.entries(cases)) times[k].push(Array.isArray(c) ? call(...c) : call(c));
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median: median(v), min: Math.min(...v), runs: v.length }]));
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function renderResults() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const base = startup['node -e 0'].median;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.mjs) on ${started.at.toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? ' — QUICK run, fewer repetitions' : ''}.`,
    '',
    `Machine: ${cpu}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}.`,
    `Load average (1 min) at the start ${started.load}, at the end ${finished.load}; the run took ${Math.round((finished.at - started.at) / 1000)} s.`,
    'Every figure is a ratio to a baseline measured in this same run (raw figures beside it). Cases are run round-robin',
    '(one of each per round) and the median is shown, so that other work on the machine slows every case alike.',
    '',
    `## Start-up (median of ${startup['node -e 0'].runs} runs each; goal: --version and --help within 2× of \`node -e 0\`)`,
    '',
    '| command | median | fastest | ratio to `node -e 0` |',
    '|---|---|---|---|',
    ...Object.entries(startup).map(([k, v]) => `| \`${k}\` | ${ms(v.median)} | ${ms(v.min)} | ${x(v.median / base)} |`),
    '',
    'Commands are imported lazily (src/cli/run-cli.ts), so --version and --help import neither exceljs nor docx; `baocao validate` of one',
    'file does import exceljs, and shows what that costs.',
    '',
    ...compileSection('A month: 16 files (fixtures/2021/2021-03), `baocao compile --period 2021-03`', month, 16, 'month'),
    ...compileSection('The year: 192 files (fixtures/2021), `baocao compile --period 2021` (goal ≤ 1.5× the floor)', year, 192, 'year'),
    ...poolNote(),
    ...scaleSection(),
  ];
  return `${lines.join('\n')}\n`;
}

function compileSection(title, results, files, key) {
  const floor = results.floor.median;
  const loop = median(floorLoop[key]);
  return [
    `## ${title}`,
    '',
    `The floor: a separate process that imports exceljs and runs a bare \`new ExcelJS.Workbook().xlsx.readFile\` of the same ${files} files, one`,
    `after another (its read loop alone: median ${ms(loop)}, ${(loop / files).toFixed(1)} ms a file). The compiles are the built CLI, spawned`,
    '(`node bin/baocao.js`): start-up, reading, validation, aggregation, both reports for both audiences in Word and Excel, summary.json,',
    `manifest.json, written to a fresh folder. Median of ${results.floor.runs} runs each.`,
    '',
    '| case | median | fastest | ratio to the floor |',
    '|---|---|---|---|',
    ...Object.entries(results).map(([k, v]) => `| ${k} | ${ms(v.median)} | ${ms(v.min)} | ${x(v.median / floor)} |`),
    '',
  ];
}

/** Both cores: the read pool against reading in the main thread alone, for the year and for 3,000 files. */
function poolNote() {
  const byPool = (results, on) => Object.entries(results).find(([k]) => k !== 'floor' && k.startsWith(on ? 'pool on' : 'pool off'))?.[1].median;
  const y = byPool(year, true) / byPool(year, false);
  const at3000 = scale.filter((s) => s.files === 3000);
  const big = (at3000.find((s) => s.pool)?.ms ?? NaN) / (at3000.find((s) => !s.pool)?.ms ?? NaN);
  return [
    '### Both cores: the read pool',
    '',
    `With many files the CLI can read in worker threads beside the main thread (BAOCAO_READ_WORKERS=n forces n workers, 0 none).`,
    `Pool on ÷ pool off, this run: the year ${x(y)}, 3,000 files ${x(big)} (below 1 is a gain). Default on this machine:`,
    `${defaultWorkers.year === 0 ? 'off' : `${defaultWorkers.year} worker(s)`} for the year, ${defaultWorkers.scale === 0 ? 'off' : `${defaultWorkers.scale} worker(s)`} for 3,000 files`,
    `(\`chooseReadWorkers\`: a pool from ${MIN_FILES_FOR_POOL} files on a machine with more than one core).`,
    '',
  ];
}

function scaleSection() {
  const yearFloorPerFile = median(floorLoop.year) / 192;
  const first = scale[0];
  return [
    `## Scale: a city of ${SCALE_WARDS} wards (generated ward-month forms; goal: peak memory under 300 MB and flat as the files grow)`,
    '',
    `bench/_scale-inbox.mjs copies the bundled ward forms under ${SCALE_WARDS} new unit names and codes (ward i gets the months of fixture ward i mod 14;`,
    `a units registry of ${SCALE_WARDS} wards and a configuration go beside them). Generated once into bench/tmp/scale (${(genMs / 1000).toFixed(1)} s this run).`,
    '`baocao compile --period 2021 --format xlsx` on the first 4, 8 and 12 months; exit code 1 is expected (no police or team 178 forms).',
    'Peak RSS is the whole process (worker threads included), from `process.resourceUsage().maxRSS` at exit.',
    `Ratios: time per file against the floor's per-file read time of the year (${yearFloorPerFile.toFixed(1)} ms), peak RSS against the 1,000-file run.`,
    '',
    '| files | read pool | total | per file | per file ÷ floor per file | peak RSS | RSS ÷ RSS at 1,000 |',
    '|---|---|---|---|---|---|---|',
    ...scale.map((s) => `| ${s.files} | ${s.pool ? 'on' : 'off'}${s.isDefault ? ' (default)' : ''} | ${(s.ms / 1000).toFixed(1)} s | ${(s.ms / s.files).toFixed(1)} ms | ${x(s.ms / s.files / yearFloorPerFile)} | ${mb(s.rssKb)} | ${x(s.rssKb / first.rssKb)} |`),
    '',
    wordAtScale.code === 3
      ? `The Word report cannot be made for ${SCALE_WARDS} wards (\`--format docx\`: exit 3, "${wordAtScale.stderr.split('\n')[0]}"), so the scale runs write the Excel reports only.`
      : `The Word report of ${SCALE_WARDS} wards alone (\`--format docx --to district\`, 1,000 files) exited ${wordAtScale.code} in ${(wordAtScale.ms / 1000).toFixed(1)} s; the scale runs above write the Excel reports only.`,
    '',
    `Validate of ${validated} workbooks (\`baocao validate <the 1,000-file inbox> --json\`, read pool ${defaultWorkers.scale > 0 ? 'on' : 'off'} as by default): ${(validate.ms / 1000).toFixed(1)} s,`,
    `${(validate.ms / validated).toFixed(1)} ms a file (${x(validate.ms / validated / yearFloorPerFile)} the floor per file), peak RSS ${mb(validate.rssKb)} (${x(validate.rssKb / first.rssKb)} the 1,000-file compile).`,
    '',
  ];
}

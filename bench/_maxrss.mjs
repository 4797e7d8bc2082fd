// Preload (`node --import`) that writes the process's peak resident memory (KB, worker threads included:
// they share the process) to $BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_RSS_FILE;
if (file && isMainThread) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));

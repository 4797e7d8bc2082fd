// Preload (`node --import`) that writes the process's CPU time (user + system, ms, worker threads included) to
// $BENCH_CPU_FILE when it exits: on a shared machine, far steadier than the wall clock.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_CPU_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, String((u.userCPUTime + u.systemCPUTime) / 1000));
  });
}

import { runCli } from './cli/run-cli.ts';

// `baocao status … | head` (or `| more` on Windows): the reader may close the pipe before we finish. Nothing more
// can be shown then, so stop quietly instead of crashing with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

// The entry point of bin/baocao.js: only wiring. Exit codes are set, never forced with process.exit,
// so piped stdout (--json | jq, cron mail) is flushed.
process.exitCode = await runCli(process.argv.slice(2));

import { VERSION } from './common/version.ts';

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
// `baocao --version` alone is answered here, with what commander prints for it, without loading commander and the
// command table (start-up is benchmarked: issue 18 wants it within 1.5× of a bare `node`). Anything else goes to runCli.
const argv = process.argv.slice(2);
if (isVersionQuery(argv)) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runCli } = await import('./cli/run-cli.ts');
  process.exitCode = await runCli(argv);
}

/** `--version` or `-V` and nothing else (run-cli.ts declares them: `.version(VERSION, '-V, --version')`). */
function isVersionQuery(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V');
}

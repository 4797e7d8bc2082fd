import { runCli } from './cli/run-cli.ts';

// The entry point of bin/baocao.js: only wiring. Exit codes are set, never forced with process.exit,
// so piped stdout (--json | jq, cron mail) is flushed.
process.exitCode = await runCli(process.argv.slice(2));

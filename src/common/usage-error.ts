/**
 * The two exceptions of the tool. Data problems are never thrown: they are `Issue` values.
 * `UsageError`: nothing can be done and the user can fix it (bad option, bad configuration,
 * unreadable input folder, unknown period, lock held) → exit code 2.
 * Anything else that escapes a command is a bug → exit code 3 (cli.ts).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message.normalize('NFC'), options);
    this.code = code;
  }
}

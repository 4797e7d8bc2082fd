/**
 * Every reason the tool may stop before doing anything (exit 2), with what it means. The one list of usage-error
 * codes: `--json` consumers and tests match these, and the compiler refuses a code that is not here. The Vietnamese
 * message is written where the error is raised, since it quotes what was typed or found there.
 */
export const USAGE_CODES = {
  BAD_PERIOD: 'a --period that is not a period',
  BAD_TODAY: 'a --today that is not a calendar day',
  BAD_FORMAT: 'a --format other than docx, xlsx',
  BAD_LIMIT: 'a --max-unpacked-mb that is not a positive number',
  UNKNOWN_UNIT: 'a --unit code that no unit of the period has',
  UNKNOWN_CODE: 'explain: an indicator, target or criterion that does not exist',
  NOT_ON_UNIT_FORM: "explain --unit: the indicator is not on that unit's form",
  CRITERION_YEAR_ONLY: 'explain: the wards are assessed for a whole year only',
  RANGE_NOT_SUPPORTED: 'a month range where the command needs a single period (forms)',
  CONFIG_NOT_FOUND: 'the --config file does not exist',
  CONFIG_UNREADABLE: 'the configuration file cannot be read',
  CONFIG_INVALID: 'the configuration file is not valid JSON or breaks its schema',
  CONFIG_EXISTS: 'init: a configuration is already there (use --force)',
  UNITS_INVALID: 'the unit registry cannot be read or breaks its schema',
  PLAN_INVALID: 'the plan cannot be read or breaks its schema',
  CRITERIA_INVALID: 'the assessment criteria cannot be read or break their schema',
  TEMPLATE_INVALID: 'a wording template of the Word report (templates/report/*.hbs) does not parse, or names what the report does not have',
  INPUT_UNREADABLE: 'an input folder or file given cannot be read',
  INPUT_CHANGED: 'an input changed while it was being read',
  ANNOTATE_NOT_DIR: '--annotate names a file, not a folder',
  ANNOTATE_INSIDE_INPUT: '--annotate lies inside a folder being checked',
  OUTPUT_INSIDE_INPUT: 'an output folder lies inside the inbox',
  OUTPUT_EXISTS: 'forms: a file with other content is in the way',
  OUTPUT_NOT_WRITABLE: 'an output cannot be written (nothing was left half-written)',
  LOCK_HELD: 'another run is writing to the same output folder',
  CONFIRMATION_REQUIRED: 'outreach without a terminal needs --yes',
  NOT_COMPILED: 'close: the period has no compiled reports',
  NOT_CLOSED: 'compile --reopen on a period that is not closed',
  REOPEN_NEEDS_REASON: '--reopen without --reason',
  MANIFEST_UNREADABLE: "a period's manifest.json is missing or damaged",
  SENT_SUMMARY_UNREADABLE: 'the summary.json of a sent version is missing or damaged',
  SENT_FILES_CHANGED: 'a file that was sent no longer matches the register',
  REGISTER_CORRUPT: 'a line of register.jsonl is damaged',
  REGISTER_MISSING: 'register.jsonl is gone while correction folders exist',
  REGISTER_UNREADABLE: 'register.jsonl cannot be read',
  REGISTER_CHANGED: 'register.jsonl changed while this run was adding to it',
} as const;
export type UsageCode = keyof typeof USAGE_CODES;

/**
 * The two exceptions of the tool. Data problems are never thrown: they are `Issue` values.
 * `UsageError`: nothing can be done and the user can fix it (bad option, bad configuration,
 * unreadable input folder, unknown period, lock held) → exit code 2.
 * Anything else that escapes a command is a bug → exit code 3 (cli.ts).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  code: UsageCode;
  constructor(code: UsageCode, message: string, options?: ErrorOptions) {
    super(message.normalize('NFC'), options);
    this.code = code;
  }
}

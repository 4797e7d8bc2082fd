import { Command, CommanderError } from 'commander';
import type { Config } from '../domain/config-schema.ts';
import { UsageError } from '../common/usage-error.ts';
import { VERSION } from '../common/version.ts';
import { EXIT, type CommandContext, type CommonOptions } from '../commands/context.ts';
import { processIo, type Io } from '../commands/io.ts';
import { addCommonOptions, examples, HELP_VI, listOption, type CommonOptionSet } from './help-vi.ts';
import { AUDIENCES } from '../domain/audiences.ts';

export interface CliDeps {
  io?: Io;
  cwd?: string;
  /** The clock; tests pin it. */
  now?: () => Date;
}

/**
 * Parses the command line, runs one command and returns its exit code. Commands are imported lazily,
 * so `--version` and `--help` never load exceljs or docx.
 */
export async function runCli(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const cwd = deps.cwd ?? process.cwd();
  const now = deps.now ?? (() => new Date());
  let exitCode: number = EXIT.ok;
  let ioForErrors: Io | undefined = deps.io;

  const program = new Command('baocao')
    .description('Tổng hợp báo cáo công tác phòng, chống tệ nạn mại dâm: biểu mẫu, kiểm tra, tổng hợp, báo cáo Word và Excel.')
    .version(VERSION, '-V, --version', 'in số phiên bản')
    .usage('[tùy chọn] [lệnh]')
    .helpOption('-h, --help', 'hiển thị trợ giúp')
    .helpCommand('help [lệnh]', 'hiển thị trợ giúp của một lệnh, ví dụ: baocao help compile')
    .configureHelp(HELP_VI)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (deps.io ? deps.io.out(s) : process.stdout.write(s)),
      writeErr: (s) => (deps.io ? deps.io.err(s) : process.stderr.write(s)),
      outputError: () => {},
    })
    .addHelpText('after', examples(COMMAND_EXAMPLES.general));

  /** A command: its own options are declared by the caller, then `done()` adds the common ones after them. */
  const command = (name: keyof typeof COMMAND_EXAMPLES, description: string) => {
    const cmd = program.command(name).description(description).usage('[tùy chọn]').addHelpText('after', examples(COMMAND_EXAMPLES[name]));
    return { cmd, done: (set: CommonOptionSet) => addCommonOptions(cmd, set) };
  };
  const READS_WORKBOOKS: CommonOptionSet = { today: true, maxUnpackedMb: true };

  /** Builds the context from the common options and runs the lazily imported command. */
  const run =
    <O extends CommonOptions>(load: () => Promise<(opts: O, ctx: CommandContext) => Promise<number>>, allowBrokenConfig = false) =>
    async (opts: O) => {
      const io = deps.io ?? processIo({ noColor: opts.color === false });
      ioForErrors = io;
      const today = opts.today ?? localIsoDate(now());
      if (opts.today !== undefined && !isCalendarDay(opts.today)) {
        throw new UsageError('BAD_TODAY', `--today cần ngày dạng YYYY-MM-DD, (ví dụ 2021-03-20), nhận được "${opts.today}".`);
      }
      // `init` writes a fresh configuration, so a broken one must not stop it.
      // Loaded here, not at the top: the configuration pulls in zod, which --version and --help never need.
      const loaded = await loadConfiguration(opts.config, cwd, allowBrokenConfig);
      const maxMb = (opts as { maxUnpackedMb?: number }).maxUnpackedMb;
      if (maxMb !== undefined && !(maxMb > 0)) throw new UsageError('BAD_LIMIT', '--max-unpacked-mb cần một số MB lớn hơn 0.');
      const config = maxMb === undefined ? loaded : { ...loaded, maxUnpackedMb: maxMb };
      const ctx: CommandContext = { io, config, today, now: now().toISOString(), json: Boolean(opts.json), quiet: Boolean(opts.quiet), cwd };
      const fn = await load();
      exitCode = await fn(opts, ctx);
    };

  const forms = command('forms', 'ghi các biểu mẫu trắng của một kỳ, mỗi đơn vị một tệp, phần đầu biểu điền sẵn');
  forms.cmd
    .requiredOption('--period <kỳ>', 'kỳ báo cáo: 2021-03, 2021-Q1, 2021-H1, 2021 hoặc last-month…')
    .option('--out <thư-mục>', 'thư mục ghi biểu mẫu (mặc định: thư mục bieu-mau, khóa "blankForms" trong cấu hình)')
    .addOption(listOption('--unit <mã...>', 'chỉ ghi biểu của các đơn vị này (mã đơn vị, cách nhau dấu phẩy hoặc dấu cách, ví dụ 00007,CA,D178)'))
    .action(run(async () => (await import('../commands/forms.ts')).runForms));
  forms.done({ today: true, maxUnpackedMb: false });

  const validate = command('validate', 'kiểm tra các tệp báo cáo theo biểu mẫu và quy tắc; không ghi gì ngoài bản chú thích');
  validate.cmd
    .argument('<đường-dẫn...>', 'các tệp hoặc thư mục cần kiểm tra (cả thư mục con)')
    .usage('[tùy chọn] <đường-dẫn...>')
    .option('--period <kỳ>', 'kỳ cần kiểm tra: cảnh báo tệp của kỳ khác')
    .option('--annotate <thư-mục>', 'ghi bản sao có đánh dấu ô lỗi và trang tính "Lỗi cần sửa" để gửi lại đơn vị')
    .action(async (paths: string[], opts: CommonOptions) =>
      run(async () => {
        const { runValidate } = await import('../commands/validate.ts');
        return (o: CommonOptions, ctx: CommandContext) => runValidate({ ...o, paths }, ctx);
      })(opts),
    );
  validate.done(READS_WORKBOOKS);

  const status = command('status', 'tình hình báo cáo của kỳ: đơn vị đã tiếp nhận, nộp muộn, chưa báo cáo, bị trả lại');
  status.cmd
    .requiredOption('--period <kỳ>', 'kỳ báo cáo')
    .option('--input <thư-mục>', 'thư mục nhận báo cáo (mặc định: theo cấu hình)')
    .option('--out <thư-mục>', 'thư mục báo cáo, nơi có sổ register.jsonl của các kỳ đã chốt (mặc định: theo cấu hình)')
    .option('--files', 'in đầy đủ đường dẫn các tệp của từng đơn vị')
    .action(run(async () => (await import('../commands/status.ts')).runStatus));
  status.done(READS_WORKBOOKS);

  const compile = command('compile', 'kiểm tra, tổng hợp và ghi báo cáo Word, Excel, summary.json của kỳ');
  compile.cmd
    .requiredOption('--period <kỳ>', 'kỳ báo cáo: 2021-03, 2021-Q1, 2021-H1, 2021, 2021-02..2021-04 (khoảng tháng), last-month, last-quarter, last-half, last-year')
    .option('--input <thư-mục>', 'thư mục nhận báo cáo (mặc định: theo cấu hình)')
    .option('--out <thư-mục>', 'thư mục ghi báo cáo (mặc định: theo cấu hình)')
    .addOption(listOption('--to <nơi-nhận...>', 'báo cáo gửi quận (district), thành phố (city), hoặc cả hai', { choices: AUDIENCES, defaultText: 'district, city' }))
    .addOption(listOption('--format <định-dạng...>', 'định dạng báo cáo: docx (Word), xlsx (Excel), hoặc cả hai', { choices: FORMATS, defaultText: 'docx, xlsx' }))
    .option('--plan <tệp>', 'tệp kế hoạch, chỉ tiêu (JSON) thay cho kế hoạch năm 2021')
    .option('--require-complete', 'không ghi báo cáo khi còn đơn vị chưa báo cáo hoặc bị trả lại')
    .option('--accept-corrections', 'kỳ đã chốt mà số liệu thay đổi: ghi báo cáo điều chỉnh và kết thúc với mã 0')
    .option('--reopen', 'mở lại kỳ đã chốt để ghi đè báo cáo (bản cũ lưu vào history/); cần --reason')
    .option('--reason <lý-do>', 'lý do mở lại kỳ đã chốt (ghi vào sổ register.jsonl)')
    .action(run(async () => (await import('../commands/compile.ts')).runCompile));
  compile.done(READS_WORKBOOKS);

  const close = command('close', 'chốt kỳ đã gửi: ghi vào sổ register.jsonl; từ đó báo cáo của kỳ không bị ghi đè');
  close.cmd
    .requiredOption('--period <kỳ>', 'kỳ báo cáo')
    .option('--out <thư-mục>', 'thư mục báo cáo (mặc định: theo cấu hình)')
    .action(run(async () => (await import('../commands/close.ts')).runClose));
  close.done({ today: true, maxUnpackedMb: false });

  const explain = command('explain', 'giải thích một số liệu: từng giá trị cộng vào, với đơn vị, kỳ, tệp, trang tính và ô');
  explain.cmd
    .argument('<mã>', 'mã chỉ tiêu của biểu mẫu (TT01, CA01…) hoặc của kế hoạch (CT8…)')
    .usage('[tùy chọn] <mã>')
    .requiredOption('--period <kỳ>', 'kỳ báo cáo')
    .option('--unit <mã-đơn-vị>', 'chỉ một đơn vị (ví dụ 00007, CA, D178)')
    .option('--input <thư-mục>', 'thư mục nhận báo cáo (mặc định: theo cấu hình)')
    .option('--plan <tệp>', 'tệp kế hoạch, chỉ tiêu (JSON) thay cho kế hoạch năm 2021')
    .action(async (code: string, opts: CommonOptions & { period: string }) =>
      run(async () => {
        const { runExplain } = await import('../commands/explain.ts');
        return (o: CommonOptions & { period: string }, ctx: CommandContext) => runExplain({ ...o, code }, ctx);
      })(opts),
    );
  explain.done(READS_WORKBOOKS);

  const outreach = command('outreach', 'danh sách hỗ trợ người bán dâm (dữ liệu cá nhân nhạy cảm, chỉ dùng nội bộ)');
  outreach.cmd
    .requiredOption('--period <kỳ>', 'kỳ báo cáo')
    .option('--input <thư-mục>', 'thư mục nhận báo cáo (mặc định: theo cấu hình)')
    .option('--out <thư-mục>', 'thư mục ghi danh sách (mặc định: theo cấu hình)')
    .option('--yes', 'xác nhận ghi danh sách khi chạy không có cửa sổ lệnh (tệp lệnh, lịch chạy tự động)')
    .action(run(async () => (await import('../commands/outreach.ts')).runOutreach));
  outreach.done(READS_WORKBOOKS);

  const init = command('init', 'bắt đầu ở thư mục mới: ghi tệp cấu hình, tạo thư mục nhận báo cáo và thư mục đầu ra');
  init.cmd.option('--force', 'ghi đè tệp cấu hình đã có').action(run(async () => (await import('../commands/init.ts')).runInit, true));
  init.done({ today: false, maxUnpackedMb: false });

  const unknownHelp = await unknownHelpTopic(argv, program);
  if (unknownHelp !== null) {
    (deps.io ?? processIo({ noColor: false })).err(unknownHelp);
    return EXIT.nothingDone;
  }

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    return await reportFailure(error, ioForErrors ?? processIo({ noColor: false }));
  }
}

/** `YYYY-MM-DD` naming a day that exists (not 2021-02-31, not 2021-13-45): anything else never reaches date arithmetic. */
function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d);
  return mo >= 1 && mo <= 12 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** Local calendar date (the machine's TZ; cron sets TZ=Asia/Ho_Chi_Minh). */
export function localIsoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// --- internal ---

async function loadConfiguration(file: string | undefined, cwd: string, allowBroken: boolean): Promise<Config> {
  const { loadConfig, resolveConfig } = await import('../load/load-config.ts');
  try {
    return loadConfig({ file, cwd });
  } catch (error) {
    if (allowBroken && error instanceof UsageError) return resolveConfig({}, null, cwd);
    throw error;
  }
}

/** The closest known word (suggest.ts), loaded only when something went wrong: start-up is benchmarked. */
type Closest = (typed: string, known: readonly string[]) => string | null;

/** Commander's own (English) errors, in Vietnamese; the option or value it names is kept as it was typed. */
const COMMANDER_MESSAGES: Record<string, (e: CommanderError, closest: Closest) => string> = {
  'commander.unknownCommand': (e, closest) => unknownCommandText(named(e), closest),
  'commander.unknownOption': (e) => `Không có tùy chọn ${named(e)}${didYouMean(e) || '.'} Xem "baocao <lệnh> --help".`,
  'commander.missingArgument': (e) => `Thiếu tham số ${named(e)}. Xem "baocao <lệnh> --help".`,
  'commander.missingMandatoryOptionValue': (e) => `Thiếu tùy chọn bắt buộc ${named(e).replace(/ <.*$/, '')}. Xem "baocao <lệnh> --help".`,
  'commander.optionMissingArgument': (e) => `Tùy chọn ${named(e).replace(/ <.*$/, '')} cần một giá trị.`,
  'commander.invalidArgument': (e) => invalidArgumentText(e),
  'commander.excessArguments': () => 'Thừa tham số. Xem "baocao <lệnh> --help".',
};

/** `help xyz` for a command that does not exist: commander would print the general help and say nothing. */
async function unknownHelpTopic(argv: readonly string[], program: Command): Promise<string | null> {
  if (argv[0] !== 'help' || argv[1] === undefined || argv[1].startsWith('-')) return null;
  if (program.commands.some((c) => c.name() === argv[1])) return null;
  const { closestWord } = await import('./suggest.ts');
  return `Lỗi: ${unknownCommandText(argv[1], closestWord)}\n`;
}

function unknownCommandText(typed: string, closest: Closest): string {
  const guess = closest(typed, COMMAND_NAMES);
  return `Không có lệnh "${typed}"${guess ? `; có phải ý bạn là \`${guess}\`?` : '.'} Các lệnh: ${COMMAND_NAMES.join(', ')}. Xem "baocao --help".`;
}

/** The first thing commander quoted ('--x', 'nope', '--to <nơi-nhận...>'), or the whole message. */
function named(e: CommanderError): string {
  const m = /'([^']+)'/.exec(e.message);
  return m?.[1] ?? e.message.replace(/^error: /, '');
}

/** Commander's own guess for a mistyped option (`(Did you mean --period?)`), in Vietnamese. */
function didYouMean(e: CommanderError): string {
  const m = /Did you mean (\S+?)\?/.exec(e.message);
  return m?.[1] ? `; có phải ý bạn là \`${m[1]}\`?` : '';
}

/** `option '--to <nơi-nhận...>' argument 'nowhere' is invalid. <why>`: the why is ours (listOption), already Vietnamese. */
function invalidArgumentText(e: CommanderError): string {
  const m = /option '([^' ]+)[^']*' argument '([^']*)' is invalid\.\s*(.*)$/s.exec(e.message);
  if (!m) return `Giá trị không hợp lệ: ${named(e)}.`;
  const choices = /Allowed choices are (.+?)\.?$/.exec(m[3] ?? '');
  const why = choices ? `chỉ nhận: ${choices[1]}.` : m[3] || 'không hợp lệ.';
  return `Giá trị "${m[2]}" không dùng được cho ${m[1]}: ${why}`;
}

async function reportFailure(error: unknown, io: Io): Promise<number> {
  const [{ closestWord }, { describeFsError, fsErrorInfo }] = await Promise.all([import('./suggest.ts'), import('../common/fs-error-text.ts')]);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    // `baocao help compile` shows the help and exits 0; `baocao` alone shows it because a command is missing (exit 2).
    if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.nothingDone;
    if (error.code === 'commander.executeSubCommandAsync') return EXIT.nothingDone;
    const text = COMMANDER_MESSAGES[error.code]?.(error, closestWord) ?? 'Cách dùng không đúng. Xem "baocao --help".';
    io.err(`${io.color.red('Lỗi:')} ${text}\n`);
    return EXIT.nothingDone;
  }
  if (error instanceof UsageError) {
    io.err(`${io.color.red('Lỗi:')} ${error.message}\n`);
    return EXIT.nothingDone;
  }
  // A file-system error no edge explained (a folder made read-only, a disk full, a file held open by Excel):
  // the user can fix it, so exit 2 with the sentence of the one table (common/fs-error-text.ts), never a raw EACCES.
  if (fsErrorInfo(error) !== null) {
    io.err(`${io.color.red('Lỗi:')} ${describeFsError(error)}\n`);
    return EXIT.nothingDone;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // One line, so that cron mails one line.
  io.err(
    `${io.color.red('Lỗi nội bộ của baocao')} (lỗi của chương trình, không phải của số liệu): ${detail.replace(/\s*\n\s*/g, ' ')}. ` +
      'Không có báo cáo nào bị ghi dở. Hãy báo lỗi cho nhóm phát triển (xem README, mục "Báo lỗi"), kèm lệnh đã chạy và dòng thông báo này.\n' +
      (process.env.BAOCAO_DEBUG && error instanceof Error ? `${error.stack ?? ''}\n` : ''),
  );
  return EXIT.internal;
}

const FORMATS = ['docx', 'xlsx'] as const;

/** Examples shown after each command's help: real command lines, each with what it does. */
const COMMAND_EXAMPLES = {
  general: [
    ['baocao init', 'bắt đầu: tạo cấu hình, thư mục nhận báo cáo, thư mục đầu ra'],
    ['baocao status --period 2021-03', 'đơn vị nào đã gửi báo cáo tháng 3/2021'],
    ['baocao compile --period 2021-Q1', 'lập báo cáo quý I/2021'],
    ['baocao help compile', 'trợ giúp của lệnh compile'],
  ],
  forms: [
    ['baocao forms --period 2021-03', 'ghi biểu mẫu trắng tháng 3/2021 vào thư mục bieu-mau'],
    ['baocao forms --period 2021-Q1 --unit 00007,CA', 'chỉ biểu của phường mã 00007 và Công an quận'],
  ],
  validate: [
    ['baocao validate inbox/2021-03', 'kiểm tra mọi tệp trong thư mục'],
    ['baocao validate inbox --period 2021-03 --annotate tra-lai', 'ghi bản chú thích lỗi để gửi lại đơn vị'],
  ],
  status: [
    ['baocao status --period 2021-03', 'tình hình báo cáo tháng 3/2021'],
    ['baocao status --period last-month --files', 'kỳ vừa chốt, kèm đường dẫn đầy đủ các tệp'],
  ],
  compile: [
    ['baocao compile --period 2021-03', 'báo cáo tháng 3/2021 gửi quận và thành phố, Word và Excel'],
    ['baocao compile --period 2021-Q1 --to district --format xlsx', 'chỉ bản Excel gửi UBND quận'],
    ['baocao compile --period last-month --quiet', 'dùng cho lịch chạy tự động (cron)'],
  ],
  close: [['baocao close --period 2021-03', 'chốt tháng 3/2021 sau khi đã gửi báo cáo; lần compile sau không ghi đè']],
  explain: [
    ['baocao explain TT01 --period 2021-Q1', 'chỉ tiêu TT01 quý I/2021 gồm những giá trị nào, từ tệp, ô nào'],
    ['baocao explain CT8 --period 2021 --unit 00007', 'tỷ lệ CT8 của phường mã 00007 năm 2021'],
  ],
  outreach: [['baocao outreach --period 2021-03', 'danh sách hỗ trợ tháng 3/2021 (hỏi xác nhận trước khi ghi)']],
  init: [
    ['baocao init', 'trong một thư mục trống: tạo cấu hình, inbox, out'],
    ['baocao init --force', 'ghi lại tệp cấu hình mặc định (tệp cũ bị thay thế)'],
  ],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

const COMMAND_NAMES = Object.keys(COMMAND_EXAMPLES).filter((k) => k !== 'general');

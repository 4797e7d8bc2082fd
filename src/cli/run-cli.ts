import { Command, CommanderError, Option } from 'commander';
import type { Config } from '../domain/config-schema.ts';
import { UsageError } from '../common/usage-error.ts';
import { VERSION } from '../common/version.ts';
import { EXIT, type CommandContext, type CommonOptions } from '../commands/context.ts';
import { processIo, type Io } from '../commands/io.ts';
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
    .helpCommand('help [lệnh]', 'hiển thị trợ giúp của một lệnh')
    .configureHelp({ styleTitle: (t) => HELP_TITLES[t] ?? t, sortSubcommands: false })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (deps.io ? deps.io.out(s) : process.stdout.write(s)),
      writeErr: (s) => (deps.io ? deps.io.err(s) : process.stderr.write(s)),
      outputError: () => {},
    });

  const command = (name: string, description: string) =>
    withCommonOptions(program.command(name).description(description).usage('[tùy chọn]').helpOption('-h, --help', 'hiển thị trợ giúp'));

  /** Builds the context from the common options and runs the lazily imported command. */
  const run =
    <O extends CommonOptions>(load: () => Promise<(opts: O, ctx: CommandContext) => Promise<number>>, allowBrokenConfig = false) =>
    async (opts: O) => {
      const io = deps.io ?? processIo({ noColor: opts.color === false });
      ioForErrors = io;
      const today = opts.today ?? localIsoDate(now());
      if (opts.today !== undefined && !isCalendarDay(opts.today)) {
        throw new UsageError('BAD_TODAY', `--today cần ngày dạng YYYY-MM-DD, nhận được "${opts.today}".`);
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

  command('forms', 'ghi các biểu mẫu trắng của một kỳ, mỗi đơn vị một tệp, phần đầu biểu điền sẵn')
    .requiredOption('--period <kỳ>', 'kỳ báo cáo: 2021-03, 2021-Q1, 2021-H1, 2021 hoặc last-month…')
    .option('--out <thư mục>', 'thư mục ghi biểu mẫu (mặc định: thư mục đầu ra trong cấu hình)')
    .option('--unit <code...>', 'chỉ ghi biểu của các đơn vị này (mã đơn vị, ví dụ 00007 CA D178)')
    .action(run(async () => (await import('../commands/forms.ts')).runForms));

  command('validate', 'kiểm tra các tệp báo cáo theo biểu mẫu và quy tắc; không ghi gì ngoài bản chú thích')
    .argument('<path...>', 'tệp hoặc thư mục cần kiểm tra')
    .usage('[tùy chọn] <tệp hoặc thư mục...>')
    .option('--period <kỳ>', 'kỳ cần kiểm tra: cảnh báo tệp của kỳ khác')
    .option('--annotate <thư mục>', 'ghi bản sao có đánh dấu ô lỗi và sheet "Lỗi cần sửa" để gửi lại đơn vị')
    .action(async (paths: string[], opts: CommonOptions) =>
      run(async () => {
        const { runValidate } = await import('../commands/validate.ts');
        return (o: CommonOptions, ctx: CommandContext) => runValidate({ ...o, paths }, ctx);
      })(opts),
    );

  command('status', 'tình hình gửi báo cáo của kỳ: đơn vị đã gửi, gửi muộn, chưa gửi, bị trả lại')
    .requiredOption('--period <kỳ>', 'kỳ báo cáo')
    .option('--input <thư mục>', 'thư mục nhận báo cáo (mặc định: theo cấu hình)')
    .option('--out <thư mục>', 'thư mục báo cáo, nơi có sổ register.jsonl của các kỳ đã chốt (mặc định: theo cấu hình)')
    .action(run(async () => (await import('../commands/status.ts')).runStatus));

  command('compile', 'kiểm tra, tổng hợp và ghi báo cáo Word, Excel, summary.json của kỳ')
    .requiredOption('--period <kỳ>', 'kỳ báo cáo: 2021-03, 2021-Q1, 2021-H1, 2021, 2021-02..2021-04 (khoảng tháng), last-month, last-quarter, last-half, last-year')
    .option('--input <thư mục>', 'thư mục nhận báo cáo (mặc định: theo cấu hình)')
    .option('--out <thư mục>', 'thư mục ghi báo cáo (mặc định: theo cấu hình)')
    .addOption(new Option('--to <audience...>', 'báo cáo gửi quận (district) và/hoặc thành phố (city)').choices([...AUDIENCES]).default([...AUDIENCES]))
    .option('--format <định dạng>', 'định dạng báo cáo, cách nhau dấu phẩy: docx,xlsx', 'docx,xlsx')
    .option('--plan <tệp>', 'tệp kế hoạch, chỉ tiêu (JSON) thay cho kế hoạch năm 2021')
    .option('--require-complete', 'không ghi báo cáo khi còn đơn vị chưa gửi hoặc bị trả lại')
    .option('--accept-corrections', 'kỳ đã chốt mà số liệu thay đổi: ghi báo cáo điều chỉnh và kết thúc với mã 0')
    .option('--reopen', 'mở lại kỳ đã chốt để ghi đè báo cáo (bản cũ lưu vào history/); cần --reason')
    .option('--reason <lý do>', 'lý do mở lại kỳ đã chốt (ghi vào sổ register.jsonl)')
    .action(run(async () => (await import('../commands/compile.ts')).runCompile));

  command('close', 'chốt kỳ đã gửi: ghi vào sổ register.jsonl; từ đó báo cáo của kỳ không bị ghi đè')
    .requiredOption('--period <kỳ>', 'kỳ báo cáo')
    .option('--out <thư mục>', 'thư mục báo cáo (mặc định: theo cấu hình)')
    .action(run(async () => (await import('../commands/close.ts')).runClose));

  command('explain', 'giải thích một số liệu: từng giá trị cộng vào, với đơn vị, kỳ, tệp, sheet và ô')
    .argument('<mã>', 'mã chỉ tiêu của biểu mẫu (TT01, CA01…) hoặc của kế hoạch (CT8…)')
    .usage('[tùy chọn] <mã>')
    .requiredOption('--period <kỳ>', 'kỳ báo cáo')
    .option('--unit <mã đơn vị>', 'chỉ một đơn vị (ví dụ 00007, CA, D178)')
    .option('--input <thư mục>', 'thư mục nhận báo cáo (mặc định: theo cấu hình)')
    .option('--plan <tệp>', 'tệp kế hoạch, chỉ tiêu (JSON) thay cho kế hoạch năm 2021')
    .action(async (code: string, opts: CommonOptions & { period: string }) =>
      run(async () => {
        const { runExplain } = await import('../commands/explain.ts');
        return (o: CommonOptions & { period: string }, ctx: CommandContext) => runExplain({ ...o, code }, ctx);
      })(opts),
    );

  command('outreach', 'danh sách hỗ trợ người bán dâm (dữ liệu cá nhân nhạy cảm, chỉ dùng nội bộ phòng LĐ-TBXH)')
    .requiredOption('--period <kỳ>', 'kỳ báo cáo')
    .option('--input <thư mục>', 'thư mục nhận báo cáo (mặc định: theo cấu hình)')
    .option('--out <thư mục>', 'thư mục ghi danh sách (mặc định: theo cấu hình)')
    .option('--yes', 'xác nhận ghi danh sách khi không chạy trên terminal')
    .action(run(async () => (await import('../commands/outreach.ts')).runOutreach));

  command('init', 'ghi tệp cấu hình mẫu baocao.config.json vào thư mục hiện tại')
    .option('--force', 'ghi đè tệp cấu hình đã có')
    .action(run(async () => (await import('../commands/init.ts')).runInit, true));

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportFailure(error, ioForErrors ?? processIo({ noColor: false }));
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

const HELP_TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
  'Global Options:': 'Tùy chọn chung:',
};

function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'in kết quả dạng JSON ra stdout (không in gì khác ra stdout)')
    .option('--config <tệp>', 'tệp cấu hình (mặc định: baocao.config.json trong thư mục hiện tại, nếu có)')
    .option('--quiet', 'chỉ in khi có lỗi')
    .option('--no-color', 'không tô màu (cũng tắt khi đặt biến môi trường NO_COLOR)')
    .option('--today <YYYY-MM-DD>', 'ngày hôm nay, để tính kỳ tương đối (last-month…) hoặc chạy bù')
    .option('--max-unpacked-mb <MB>', 'giới hạn dung lượng giải nén của một tệp .xlsx', (v) => Number(v));
}

/** Commander's own (English) errors, in Vietnamese; the option or value it names is kept as it was typed. */
const COMMANDER_MESSAGES: Record<string, (e: CommanderError) => string> = {
  'commander.unknownCommand': (e) => `Không có lệnh ${named(e)}. Xem "baocao --help".`,
  'commander.unknownOption': (e) => `Không có tùy chọn ${named(e)}. Xem "baocao <lệnh> --help".`,
  'commander.missingArgument': (e) => `Thiếu tham số ${named(e)}. Xem "baocao <lệnh> --help".`,
  'commander.missingMandatoryOptionValue': (e) => `Thiếu tùy chọn bắt buộc ${named(e)}.`,
  'commander.optionMissingArgument': (e) => `Tùy chọn ${named(e)} cần một giá trị.`,
  'commander.invalidArgument': (e) => `Giá trị không hợp lệ cho ${named(e)}${choicesOf(e)}.`,
  'commander.excessArguments': () => 'Thừa tham số. Xem "baocao <lệnh> --help".',
};

/** The first thing commander quoted ('--x', 'nope', '--to <audience...>'), or the whole message. */
function named(e: CommanderError): string {
  const m = /'([^']+)'/.exec(e.message);
  return m?.[1] ?? e.message.replace(/^error: /, '');
}

function choicesOf(e: CommanderError): string {
  const m = /Allowed choices are (.+?)\.?$/.exec(e.message);
  return m?.[1] ? ` (chỉ nhận: ${m[1]})` : '';
}

function reportFailure(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') return EXIT.nothingDone;
    const text = COMMANDER_MESSAGES[error.code]?.(error) ?? `Cách dùng không đúng: ${error.message.replace(/^error: /, '')}`;
    io.err(`${io.color.red('Lỗi:')} ${text}\n`);
    return EXIT.nothingDone;
  }
  if (error instanceof UsageError) {
    io.err(`${io.color.red('Lỗi:')} ${error.message}\n`);
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

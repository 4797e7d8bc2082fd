import { InvalidArgumentError, Option, type Argument, type Command, type HelpConfiguration } from 'commander';

/**
 * Commander's help in Vietnamese. Commander writes a few English words of its own into the help (`[options]`,
 * `Usage:`, `(choices: …, default: …)`); these overrides replace each of them, so no English reaches the clerk.
 * A test walks every command's help and fails on any English word (src/cli/help-vi.test.ts).
 */
export const HELP_VI: HelpConfiguration = {
  sortSubcommands: false,
  styleTitle: (title) => TITLES[title] ?? title,
  subcommandTerm: (cmd: Command) =>
    [cmd.name(), cmd.options.length > 0 ? '[tùy chọn]' : '', ...cmd.registeredArguments.map(argumentUsage)].filter(Boolean).join(' '),
  optionDescription: (option: Option) => withExtras(option.description, { choices: option.argChoices, defaultValue: shownDefault(option) }),
  argumentDescription: (argument: Argument) => withExtras(argument.description, { choices: argument.argChoices, defaultValue: argument.defaultValue }),
};

/** The group heading of the options every command shares; a command's own options come first. */
export const COMMON_GROUP = 'Tùy chọn chung:';

/** Which common options a command takes: `--today` only where a period is resolved, `--max-unpacked-mb` only where workbooks are read. */
export interface CommonOptionSet {
  today: boolean;
  maxUnpackedMb: boolean;
}

export function addCommonOptions(cmd: Command, set: CommonOptionSet): Command {
  const add = (o: Option) => cmd.addOption(o.helpGroup(COMMON_GROUP));
  add(new Option('--json', 'in kết quả dạng JSON ra stdout (không in gì khác ra stdout)'));
  add(new Option('--config <tệp>', 'tệp cấu hình (mặc định: baocao.config.json trong thư mục hiện tại, nếu có)'));
  add(new Option('--quiet', 'chỉ in khi có lỗi'));
  add(new Option('--no-color', 'không tô màu (cũng tắt khi đặt biến môi trường NO_COLOR)'));
  if (set.today) add(new Option('--today <ngày>', 'thay ngày hôm nay (dạng 2021-03-20) để tính kỳ last-month… hoặc để chạy bù'));
  if (set.maxUnpackedMb) {
    add(new Option('--max-unpacked-mb <số-MB>', 'giới hạn dung lượng giải nén của một tệp .xlsx, tính bằng MB').argParser((v) => Number(v)));
  }
  // The help option is not in cmd.options: it joins the common group when created after optionsGroup().
  cmd.optionsGroup(COMMON_GROUP);
  cmd.helpOption('-h, --help', 'hiển thị trợ giúp của lệnh');
  return cmd;
}

/**
 * An option that takes a list, written either way: `--to district,city` or `--to district city` (and both mixed).
 * Values are split on commas, semicolons and spaces, checked against `choices` when given, and collected
 * without duplicates. The default is applied by the command, not here, so that a typed value replaces it.
 */
export function listOption(flags: string, description: string, o: { choices?: readonly string[]; defaultText?: string } = {}): Option {
  const option = new Option(flags, description + (o.defaultText ? ` (mặc định: ${o.defaultText})` : ''));
  // Commander recognises `<x...>` only after an ASCII letter (`\w`); `<mã...>` is a list too.
  option.variadic = /\.\.\.[>\]]$/.test(flags);
  option.argParser((value: string, previous: unknown) => {
    const items = value.split(/[\s,;]+/).map((s) => s.trim()).filter((s) => s.length > 0);
    if (items.length === 0) throw new InvalidArgumentError('cần ít nhất một giá trị.');
    if (o.choices) {
      const bad = items.filter((i) => !o.choices!.includes(i.toLowerCase()));
      if (bad.length > 0) throw new InvalidArgumentError(`không nhận "${bad.join(', ')}"; chỉ nhận: ${o.choices.join(', ')} (viết cách nhau dấu phẩy hoặc dấu cách).`);
    }
    const before = Array.isArray(previous) ? (previous as string[]) : [];
    return [...new Set([...before, ...items.map((i) => (o.choices ? i.toLowerCase() : i))])];
  });
  return option;
}

/** `Ví dụ:` after a command's help: each command on its own line (to copy), what it does under it; fits 80 columns. */
export function examples(lines: readonly (readonly [string, string])[]): string {
  return `\nVí dụ:\n${lines.map(([cmd, what]) => `  ${cmd}\n      ${what}`).join('\n')}\n`;
}

// --- internal ---

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
  'Global Options:': 'Tùy chọn chung:',
};

function argumentUsage(a: Argument): string {
  const name = a.name() + (a.variadic ? '...' : '');
  return a.required ? `<${name}>` : `[${name}]`;
}

/** Commander shows a default only for options that take a value; booleans and negations have none worth showing. */
function shownDefault(option: Option): unknown {
  return option.required || option.optional ? option.defaultValue : undefined;
}

function withExtras(description: string, extra: { choices: readonly string[] | undefined; defaultValue: unknown }): string {
  const parts: string[] = [];
  if (extra.choices) parts.push(`chỉ nhận: ${extra.choices.join(', ')}`);
  if (extra.defaultValue !== undefined) parts.push(`mặc định: ${[extra.defaultValue].flat().join(', ')}`);
  return parts.length > 0 ? `${description} (${parts.join('; ')})` : description;
}

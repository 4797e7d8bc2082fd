import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../commands/io.ts';
import { listOption } from './help-vi.ts';
import { runCli } from './run-cli.ts';
import { closestWord } from './suggest.ts';

const run = async (argv: string[]) => {
  const io = memoryIo();
  const code = await runCli(argv, { io, cwd: process.cwd() });
  return { code, out: io.stdout, err: io.stderr };
};

const COMMANDS = ['forms', 'validate', 'status', 'compile', 'close', 'explain', 'outreach', 'init'] as const;

/**
 * Words that may appear in the help although they are not Vietnamese: what a clerk types (command names, option
 * values, period ids, file kinds), product and format names. Option flags (`--period`, `-h`) are dropped before the
 * check; every other ASCII-only word must be a Vietnamese syllable written without diacritics.
 */
const ALLOWED = new Set([
  'baocao', 'help', ...COMMANDS,
  'district', 'city', 'docx', 'xlsx', 'json', 'JSON', 'stdout', 'NO_COLOR', 'MB', 'cron',
  'last-month', 'last-quarter', 'last-half', 'last-year', 'Word', 'Excel', 'summary.json', 'baocao.config.json',
  'inbox', 'out', 'bieu-mau', 'blankForms', 'tra-lai', 'register.jsonl', 'history',
  // Vietnamese abbreviations: Ủy ban nhân dân, (Lao động -) Thương binh và Xã hội.
  'UBND', 'TBXH',
]);

/** Vietnamese syllables without their marks: onset, vowel nucleus, optional final. English words do not fit. */
const VIETNAMESE_SYLLABLE = /^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?(uye|uya|ieu|yeu|uoi|uou|oai|oay|oeo|uay|uai|[aeiouy]{1,2})(ch|ng|nh|[cmnpt]|[iyou])?$/i;

/** The English words of a help text (empty when there are none). */
function englishWords(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/[\s()[\]<>{},;:"'`=|/…]+/)
    .map((t) => t.replace(/^[.]+|[.]+$/g, '').replace(/\.\.\.$/, ''))
    .filter((t) => t.length > 0 && !t.startsWith('-') && !ALLOWED.has(t))
    // Codes and numbers (2021-03, 2021-Q1, PCMD-01, CT1, .xlsx, 00007, D178) are what a clerk types, not English.
    .filter((t) => !/\d/.test(t) && !t.startsWith('.'))
    .flatMap((t) => t.split('-'))
    .filter((w) => /^[A-Za-z]+$/.test(w) && !ALLOWED.has(w) && !VIETNAMESE_SYLLABLE.test(w));
}

describe('the help', () => {
  it('has no English word, for the tool and for every command, whichever way it is asked for', async () => {
    const texts: { asked: string; text: string }[] = [];
    for (const argv of [['--help'], ['help'], ...COMMANDS.flatMap((c) => [[c, '--help'], ['help', c], [c, '-h']])]) {
      const r = await run(argv);
      texts.push({ asked: argv.join(' '), text: r.out + r.err });
    }
    expect(texts.filter((t) => t.text.length < 200)).toEqual([]);
    expect(texts.map((t) => ({ asked: t.asked, english: englishWords(t.text) }))).toEqual(texts.map((t) => ({ asked: t.asked, english: [] })));
  });

  it('would catch what commander writes by itself', () => {
    expect(englishWords('Usage: baocao compile [options]\nArguments:\n  path  (choices: "district", "city", default: ["district"])\n  --unit <code...>')).toEqual([
      'Usage', 'options', 'Arguments', 'path', 'choices', 'default', 'code',
    ]);
    expect(englishWords('Cách dùng: baocao compile [tùy chọn] (chỉ nhận: district, city; mặc định: docx, xlsx) ví dụ tháng 3/2021')).toEqual([]);
  });

  it('exits 0 for "help CMD" and "CMD --help", and shows examples and the command\'s own options first', async () => {
    for (const c of COMMANDS) {
      const viaHelp = await run(['help', c]);
      expect(viaHelp.code, `help ${c}`).toBe(0);
      expect(viaHelp.out).toContain(`Cách dùng: baocao ${c} [tùy chọn]`);
      expect(viaHelp.out).toContain('Ví dụ:\n  baocao ');
      const own = viaHelp.out.indexOf('Tùy chọn:');
      const common = viaHelp.out.indexOf('Tùy chọn chung:');
      expect(own, c).toBeGreaterThan(0);
      expect(common, c).toBeGreaterThan(own);
      expect((await run([c, '--help'])).code).toBe(0);
    }
  });

  it('shows --today and --max-unpacked-mb only on the commands they apply to', async () => {
    const init = (await run(['help', 'init'])).out;
    expect(init).not.toContain('--today');
    expect(init).not.toContain('--max-unpacked-mb');
    expect((await run(['help', 'forms'])).out).not.toContain('--max-unpacked-mb');
    expect((await run(['help', 'close'])).out).not.toContain('--max-unpacked-mb');
    for (const c of ['validate', 'status', 'compile', 'explain', 'outreach']) {
      const text = (await run(['help', c])).out;
      expect(text, c).toContain('--today <ngày>');
      expect(text, c).toContain('--max-unpacked-mb <số-MB>');
    }
  });

  it('fits 80 columns in the general help (a console window)', async () => {
    const lines = (await run(['--help'])).out.split('\n');
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
  });
});

describe('a mistyped command', () => {
  it('gets the closest command suggested, exit 2', async () => {
    const r = await run(['compil', '--period', '2021-03']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Không có lệnh "compil"; có phải ý bạn là `compile`?');
    expect((await run(['stauts'])).err).toContain('có phải ý bạn là `status`?');
    expect((await run(['valdiate', 'x'])).err).toContain('có phải ý bạn là `validate`?');
  });

  it('"help xyz" says the command is unknown (exit 2) instead of printing the general help', async () => {
    const r = await run(['help', 'xyz']);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toContain('Không có lệnh "xyz".');
    expect(r.err).toContain('Các lệnh: forms, validate, status, compile, close, explain, outreach, init');
    expect((await run(['help', 'compiel'])).err).toContain('có phải ý bạn là `compile`?');
  });

  it('a mistyped option gets its suggestion in Vietnamese', async () => {
    const r = await run(['status', '--period', '2021-03', '--peroid', '2021-04']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Không có tùy chọn --peroid; có phải ý bạn là `--period`?');
    expect(r.err).not.toMatch(/Did you mean|unknown/i);
  });

  it('is matched by edit distance, a swap of two letters counting once, and nothing far is suggested', () => {
    expect(closestWord('compil', COMMANDS)).toBe('compile');
    expect(closestWord('stauts', COMMANDS)).toBe('status');
    expect(closestWord('FORMS', COMMANDS)).toBe('forms');
    expect(closestWord('xyz', COMMANDS)).toBeNull();
    expect(closestWord('report', COMMANDS)).toBeNull();
  });
});

describe('list options', () => {
  const parse = (argv: string[]) => {
    const cmd = new Command('x').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    cmd.addOption(listOption('--to <nơi-nhận...>', 'nơi nhận', { choices: ['district', 'city'] }));
    cmd.addOption(listOption('--unit <mã...>', 'đơn vị'));
    cmd.parse(argv, { from: 'user' });
    return cmd.opts<{ to?: string[]; unit?: string[] }>();
  };

  it('take commas, spaces, or both, and drop repeats', () => {
    expect(parse(['--to', 'district,city']).to).toEqual(['district', 'city']);
    expect(parse(['--to', 'district', 'city']).to).toEqual(['district', 'city']);
    expect(parse(['--to', 'district, city']).to).toEqual(['district', 'city']);
    expect(parse(['--to', 'City', '--to', 'district,city']).to).toEqual(['city', 'district']);
    expect(parse(['--unit', '00007,CA', 'D178']).unit).toEqual(['00007', 'CA', 'D178']);
  });

  it('refuse a value outside the choices, saying which and what is allowed', () => {
    const error: unknown = (() => {
      try {
        parse(['--to', 'district,nowhere']);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).message).toContain('không nhận "nowhere"; chỉ nhận: district, city');
  });

  it('reach the command the same either way (compile refuses both spellings of a bad value alike, exit 2)', async () => {
    for (const to of [['district,nowhere'], ['district', 'nowhere']]) {
      const r = await run(['compile', '--period', '2021-03', '--to', ...to]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('không dùng được cho --to: không nhận "nowhere"; chỉ nhận: district, city');
    }
  });
});

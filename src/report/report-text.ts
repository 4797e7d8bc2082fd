import { createHash } from 'node:crypto';
import { UsageError } from '../common/usage-error.ts';
import Handlebars from 'handlebars';
import { formatDateLongVi, formatDateVi, formatMoneyVi, formatNumberVi, formatPercentVi } from '../common/vi-format.ts';
import { clauseVi, joinVi } from '../narrative/phrasing.ts';
import type { PrecompiledTemplate, PrecompiledTemplates } from '../domain/precompiled-templates.ts';

/**
 * The wording of the Word report: Handlebars templates (templates/report/*.hbs) that a clerk can edit without
 * touching code. Compiled in strict mode, so a value a template names but the report does not have fails loudly
 * instead of printing an empty string; never HTML-escaped (the output is text for Word, not HTML).
 */

export interface ReportText {
  /** Renders `<name>.hbs` with the context; the result is NFC. Throws on an unknown template or a missing value. */
  render(name: string, context: object): string;
}

/**
 * Compiles templates given as text (name → source). Syntax errors are reported here, with the template's name. A
 * template whose source matches one of `precompiled` is taken from there: parsing and compiling the year report's
 * templates took ~0.1 s of every compile (issue 18), and the shipped templates rarely change.
 */
export function compileReportText(sources: ReadonlyMap<string, string>, precompiled: PrecompiledTemplates | null = null): ReportText {
  const hb = Handlebars.create();
  registerReportHelpers(hb);
  const built = precompiled?.handlebars === Handlebars.VERSION ? precompiled.templates : {};
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  for (const [name, raw] of sources) {
    const source = raw.normalize('NFC');
    const ready = built[name];
    if (ready && ready.sha256 === sourceHash(source)) {
      compiled.set(name, hb.template(specOf(ready.spec)));
      continue;
    }
    let ast: hbs.AST.Program;
    try {
      ast = hb.parse(source);
    } catch (error) {
      throw syntaxError(name, error);
    }
    compiled.set(name, hb.compile(ast, COMPILE_OPTIONS));
  }
  return {
    render(name, context) {
      const template = compiled.get(name);
      if (!template) throw new Error(`Thiếu mẫu ${name}.hbs trong thư mục mẫu báo cáo`);
      try {
        return template(context).normalize('NFC');
      } catch (error) {
        throw templateError(name, wordedFailure(error), { cause: error });
      }
    },
  };
}

/**
 * The templates compiled for `compileReportText`'s `precompiled` (the build runs it on templates/report). A template
 * that does not parse is left out, not an error here: the build (`npm ci && npm run demo`, perhaps after a clerk's
 * edit) goes on, and the compile that uses it names it in Vietnamese, as for any edited template.
 */
export function precompileReportText(sources: ReadonlyMap<string, string>): PrecompiledTemplates {
  const templates: Record<string, PrecompiledTemplate> = {};
  for (const [name, raw] of sources) {
    const source = raw.normalize('NFC');
    let spec: string;
    try {
      spec = String(Handlebars.precompile(source, COMPILE_OPTIONS));
    } catch {
      continue;
    }
    templates[name] = { sha256: sourceHash(source), spec };
  }
  return { handlebars: Handlebars.VERSION, templates };
}

/**
 * A template that does not parse is a file the clerk edited (the shipped ones parse: report-text.test.ts): a usage
 * error (exit 2) that names the file and the line, in Vietnamese, not a fault of the tool (exit 3).
 */
function syntaxError(name: string, error: unknown): UsageError {
  const message = messageOf(error);
  // Handlebars: "Parse error on line 4:\n...{#if ok}}không đóng\n----^\nExpecting …".
  const line = /line (\d+)/.exec(message)?.[1];
  const near = message.split('\n')[1]?.trim();
  const where = `${line ? ` ở dòng ${line}` : ''}${near ? ` (gần «${near}»)` : ''}`;
  return new UsageError(
    'TEMPLATE_INVALID',
    `Mẫu ${name}.hbs bị lỗi cú pháp${where}: kiểm tra các cặp ngoặc {{ }} và các khối {{#…}} … {{/…}}, sửa tệp ${templateFile(name)} (hoặc chép lại bản gốc) rồi chạy lại.`,
    { cause: error },
  );
}

/**
 * A template that names what the report does not have (a misspelt value, a table not placed there): a usage error
 * (exit 2) naming the file, not a fault of the tool (exit 3). It is most likely the clerk's own edit, and the message
 * says what to do either way.
 */
export function templateError(name: string, detail: string, options?: ErrorOptions): UsageError {
  return new UsageError(
    'TEMPLATE_INVALID',
    `Mẫu ${name}.hbs: ${detail}. Nếu vừa sửa mẫu này, hãy sửa lại tệp ${templateFile(name)} (hoặc chép lại bản gốc) rồi chạy lại; nếu chưa sửa, hãy báo lỗi cho nhóm phát triển.`,
    options,
  );
}

/** What went wrong in a render, in Vietnamese: our helpers say it already; Handlebars's own messages are reworded. */
function wordedFailure(error: unknown): string {
  const message = messageOf(error);
  // Strict mode, a value or a helper alike: "\"TT99\" not defined in [object Object] - 3:12".
  const unknown = /^"(.+)" not defined in .* - (\d+):\d+$/s.exec(message);
  if (unknown) return `dòng ${unknown[2]}: không biết tên «${unknown[1]}» (viết sai, hoặc không có trong dữ liệu báo cáo)`;
  const partial = /^The partial (.+) could not be found$/.exec(message);
  if (partial) return `không có mẫu con «${partial[1]}» ({{> …}} không dùng được trong mẫu báo cáo)`;
  return message;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Where a clerk finds a template to mend. */
const templateFile = (name: string): string => `templates/report/${name}.hbs`;

/** Strict (a value a template names but the report lacks fails loudly) and never HTML-escaped (text for Word). */
const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

const sourceHash = (source: string): string => createHash('sha256').update(source).digest('hex');

/** A precompiled spec (JavaScript source written by our own build) as the object `Handlebars.template` takes. */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const specOf = (spec: string): TemplateSpecification => new Function(`return (${spec});`)() as TemplateSpecification;

export interface CompareOptions {
  /** Unit printed after an absolute difference ("vụ"); '' for none. */
  readonly unit: string;
  /** What is compared against: "tháng 2 năm 2021", "cùng kỳ". */
  readonly label: string;
  /** Say the change as a percentage of the earlier value ("tăng 12,5%"); falls back to the difference when that value is 0. */
  readonly percent?: boolean;
}

/**
 * A comparison as a sentence fragment: "tăng 3 vụ so với tháng 2 năm 2021", "giảm 12,5% so với cùng kỳ",
 * "bằng cùng kỳ". Empty when either value is unknown (null): nothing is said rather than a guess.
 */
export function compareVi(current: number | null, previous: number | null, options: CompareOptions): string {
  if (current === null || previous === null) return '';
  if (current === previous) return `bằng ${options.label}`;
  const diff = current - previous;
  const word = diff > 0 ? 'tăng' : 'giảm';
  if (options.percent && previous !== 0) return `${word} ${formatPercentVi((Math.abs(diff) / Math.abs(previous)) * 100)} so với ${options.label}`;
  const unit = options.unit ? ` ${options.unit}` : '';
  return `${word} ${formatNumberVi(Math.abs(diff))}${unit} so với ${options.label}`;
}

/**
 * An indicator as the report view gives it to the templates: `{{so TT01}}` prints its value, `{{sosanh TT01}}`
 * its comparisons with the previous period (difference) and the same period a year earlier (percentage).
 */
export interface IndicatorText {
  readonly value: number | null;
  readonly unit: string;
  readonly previous: number | null;
  readonly previousLabel: string | null;
  readonly sameLastYear: number | null;
}

/** " (tăng 7 buổi so với tháng 2 năm 2021; tăng 12,5% so với cùng kỳ)", or '' when nothing is known. */
export function comparePhraseVi(ind: IndicatorText): string {
  const parts = [
    ind.previousLabel === null ? '' : compareVi(ind.value, ind.previous, { unit: ind.unit, label: ind.previousLabel }),
    compareVi(ind.value, ind.sameLastYear, { unit: ind.unit, label: 'cùng kỳ', percent: true }),
  ].filter((p) => p !== '');
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** Registers the helpers on a Handlebars environment (exported for the tests). */
export function registerReportHelpers(hb: typeof Handlebars): void {
  // Strict mode checks `{{name}}` but not the arguments of helpers: `{{#each textss}}` would silently print nothing.
  // The view always has every key (null or [] when unknown), so an undefined argument is a mistake in the template.
  for (const name of ['if', 'unless', 'each', 'with']) {
    const builtin = hb.helpers[name];
    if (!builtin) continue;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      if (args.length < 2 || args[0] === undefined) throw new Error(`{{#${name}}}: thiếu giá trị${lineOf(args.at(-1))}`);
      const result: unknown = Reflect.apply(builtin, this, args);
      return result;
    });
  }
  hb.registerHelper('so', (value: unknown, ...rest: unknown[]) => formatNumberVi(numberOf(value, 'so'), decimalsOf(rest)));
  hb.registerHelper('pct', (value: unknown) => formatPercentVi(numberOf(value, 'pct')));
  hb.registerHelper('money', (value: unknown) => formatMoneyVi(numberOf(value, 'money')));
  hb.registerHelper('ngay', (iso: unknown) => formatDateLongVi(isoOf(iso, 'ngay')));
  hb.registerHelper('ngay-so', (iso: unknown) => formatDateVi(isoOf(iso, 'ngay-so')));
  hb.registerHelper('compare', (current: unknown, previous: unknown, unit: unknown, label: unknown, options: unknown) =>
    compareVi(numberOf(current, 'compare'), numberOf(previous, 'compare'), {
      unit: typeof unit === 'string' ? unit : '',
      label: typeof label === 'string' ? label : '',
      percent: hashOf(options).percent === true,
    }),
  );
  hb.registerHelper('sosanh', (ind: unknown) => {
    if (!isIndicatorText(ind)) throw new Error('sosanh: cần một chỉ tiêu, ví dụ {{sosanh TT01}}');
    return comparePhraseVi(ind);
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => {
    if (a === undefined || b === undefined) throw new Error('eq: thiếu giá trị (tên không có trong dữ liệu báo cáo)');
    return a === b;
  });
  hb.registerHelper('join', (list: unknown, sep: unknown) => {
    if (!Array.isArray(list)) throw new Error('join: cần một danh sách');
    return list.map(String).join(typeof sep === 'string' ? sep : ', ');
  });
  // Zero-aware wording (spec/report-writing.md, "Numbers in sentences"): a clause whose number is 0 or unknown
  // disappears, so that no sentence says "0 vụ" or "số tiền 0 đồng".
  hb.registerHelper('co', (value: unknown) => positive(numberOf(value, 'co')));
  hb.registerHelper('bat-ky', (...args: unknown[]) => args.slice(0, -1).some((v) => positive(numberOf(v, 'bat-ky'))));
  hb.registerHelper('menh', (value: unknown, pattern: unknown, options: unknown) => {
    const clause = clauseVi(stringOf(pattern, 'menh'), numberOf(value, 'menh'));
    return clause && hashOf(options).sosanh === true && isIndicatorText(value) ? `${clause}${comparePhraseVi(value)}` : clause;
  });
  hb.registerHelper('tien', (value: unknown, pattern: unknown) => clauseVi(stringOf(pattern, 'tien'), numberOf(value, 'tien'), { money: true }));
  hb.registerHelper('neu-khong', (value: unknown, text: unknown, options: unknown) => {
    const when = hashOf(options).khi;
    if (when !== undefined && !positive(numberOf(when, 'neu-khong'))) return '';
    return numberOf(value, 'neu-khong') === 0 ? stringOf(text, 'neu-khong') : '';
  });
  // A list among the arguments joins as its items: (noi "13 phường cũ" others) → "13 phường cũ, A và B".
  hb.registerHelper('noi', (...args: unknown[]) => joinVi(args.slice(0, -1).flatMap((a) => (Array.isArray(a) ? a : [a])).map((a) => stringOf(a, 'noi'))));
  hb.registerHelper('ghep', (...args: unknown[]) => {
    const parts = args.slice(0, -1).map((a) => stringOf(a, 'ghep'));
    return parts[0] ? parts.join('') : '';
  });
  hb.registerHelper('dau', (...args: unknown[]) => {
    const parts = args.slice(0, -1).map((a) => (typeof a === 'number' ? String(a) : stringOf(a, 'dau')));
    return parts.at(-1) ? parts.join('') : '';
  });
  hb.registerHelper('cau', (...args: unknown[]) => {
    const text = args.slice(0, -1).map((a) => stringOf(a, 'cau')).filter((p) => p !== '').join('; ');
    return text ? `${text.charAt(0).toLocaleUpperCase('vi')}${text.slice(1)}.` : '';
  });
  hb.registerHelper('upper', (text: unknown) => {
    if (typeof text !== 'string') throw new Error('upper: cần một chuỗi chữ');
    return text.toLocaleUpperCase('vi');
  });
}

// --- internal ---

function numberOf(value: unknown, helper: string): number | null {
  if (value === null || typeof value === 'number') return value;
  if (value === undefined) throw new Error(`${helper}: thiếu giá trị (tên không có trong dữ liệu báo cáo)`);
  if (isIndicatorText(value)) return value.value;
  throw new Error(`${helper}: cần một số hoặc một chỉ tiêu, nhận được ${JSON.stringify(value)}`);
}

const positive = (n: number | null): boolean => n !== null && n > 0;

function stringOf(value: unknown, helper: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined) throw new Error(`${helper}: thiếu giá trị (tên không có trong dữ liệu báo cáo)`);
  throw new Error(`${helper}: cần một đoạn chữ, nhận được ${JSON.stringify(value)}`);
}

function isIndicatorText(value: unknown): value is IndicatorText {
  return typeof value === 'object' && value !== null && 'value' in value && 'unit' in value && 'previous' in value;
}

function isoOf(value: unknown, helper: string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  throw new Error(`${helper}: cần một ngày dạng YYYY-MM-DD, nhận được ${JSON.stringify(value)}`);
}

/** `{{so x 1}}`: the optional second argument is the number of decimals (the last argument is Handlebars' options). */
function decimalsOf(rest: unknown[]): number {
  const first = rest.length > 1 ? rest[0] : undefined;
  return typeof first === 'number' ? first : 0;
}

/** " (dòng 3)" from Handlebars' options.loc, to point the clerk at the line. */
function lineOf(options: unknown): string {
  if (typeof options === 'object' && options !== null && 'loc' in options) {
    const loc: unknown = options.loc;
    if (typeof loc === 'object' && loc !== null && 'start' in loc && typeof loc.start === 'object' && loc.start !== null && 'line' in loc.start) {
      return ` (dòng ${String(loc.start.line)})`;
    }
  }
  return '';
}

function hashOf(options: unknown): Record<string, unknown> {
  if (typeof options === 'object' && options !== null && 'hash' in options) {
    const hash: unknown = options.hash;
    if (typeof hash === 'object' && hash !== null) return Object.fromEntries(Object.entries(hash));
  }
  return {};
}

import { describe, expect, it } from 'vitest';
import { BODY_TEMPLATES } from './docx/_compose.ts';
import { compareVi, comparePhraseVi, compileReportText, precompileReportText } from './report-text.ts';
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../common/usage-error.ts';
import { loadReportTemplates } from '../load/templates.ts';

const render = (source: string, context: object): string => compileReportText(new Map([['t', source]])).render('t', context);

describe('compareVi: a comparison as a sentence fragment', () => {
  it('says the difference with its unit against the earlier period', () => {
    expect(compareVi(15, 12, { unit: 'vụ', label: 'tháng 2 năm 2021' })).toBe('tăng 3 vụ so với tháng 2 năm 2021');
    expect(compareVi(9, 12, { unit: 'vụ', label: 'tháng trước' })).toBe('giảm 3 vụ so với tháng trước');
    expect(compareVi(1_500_000, 1_200_000, { unit: 'đồng', label: 'kỳ trước' })).toBe('tăng 300.000 đồng so với kỳ trước');
    expect(compareVi(5, 4, { unit: '', label: 'kỳ trước' })).toBe('tăng 1 so với kỳ trước');
  });

  it('says the change in percent when asked, one decimal, and falls back to the difference from 0', () => {
    expect(compareVi(45, 40, { unit: 'vụ', label: 'cùng kỳ', percent: true })).toBe('tăng 12,5% so với cùng kỳ');
    expect(compareVi(30, 40, { unit: 'vụ', label: 'cùng kỳ', percent: true })).toBe('giảm 25% so với cùng kỳ');
    expect(compareVi(4, 3, { unit: 'vụ', label: 'cùng kỳ', percent: true })).toBe('tăng 33,3% so với cùng kỳ');
    expect(compareVi(3, 0, { unit: 'vụ', label: 'cùng kỳ', percent: true })).toBe('tăng 3 vụ so với cùng kỳ');
  });

  it('says "bằng" when equal and nothing when a value is unknown', () => {
    expect(compareVi(7, 7, { unit: 'vụ', label: 'cùng kỳ', percent: true })).toBe('bằng cùng kỳ');
    expect(compareVi(0, 0, { unit: 'vụ', label: 'tháng trước' })).toBe('bằng tháng trước');
    expect(compareVi(7, null, { unit: 'vụ', label: 'cùng kỳ' })).toBe('');
    expect(compareVi(null, 7, { unit: 'vụ', label: 'cùng kỳ' })).toBe('');
  });

  it('joins the known comparisons of an indicator in brackets', () => {
    const base = { value: 45, unit: 'buổi', previous: 40, previousLabel: 'tháng 2 năm 2021', sameLastYear: 36 };
    expect(comparePhraseVi(base)).toBe(' (tăng 5 buổi so với tháng 2 năm 2021; tăng 25% so với cùng kỳ)');
    expect(comparePhraseVi({ ...base, sameLastYear: null })).toBe(' (tăng 5 buổi so với tháng 2 năm 2021)');
    expect(comparePhraseVi({ ...base, previous: null, previousLabel: null, sameLastYear: 45 })).toBe(' (bằng cùng kỳ)');
    expect(comparePhraseVi({ ...base, previous: null, previousLabel: null, sameLastYear: null })).toBe('');
  });
});

describe('report templates', () => {
  it('format numbers, percentages, money and dates the Vietnamese way', () => {
    const out = render('{{so n}} | {{so r 1}} | {{pct p}} | {{money m}} | {{ngay d}} | {{ngay-so d}} | {{so missing}}', {
      n: 1_200_000,
      r: 12.5,
      p: 87.5,
      m: 1_200_000,
      d: '2021-03-14',
      missing: null,
    });
    expect(out).toBe('1.200.000 | 12,5 | 87,5% | 1.200.000 đồng | ngày 14 tháng 3 năm 2021 | 14/03/2021 | —');
  });

  it('compare as a helper, with an optional percent=true', () => {
    expect(render('{{compare a b "vụ" "tháng trước"}}', { a: 9, b: 12 })).toBe('giảm 3 vụ so với tháng trước');
    expect(render('{{compare a b "vụ" "cùng kỳ" percent=true}}', { a: 45, b: 40 })).toBe('tăng 12,5% so với cùng kỳ');
    expect(render('{{compare a b "vụ" "cùng kỳ"}}', { a: 4, b: 4 })).toBe('bằng cùng kỳ');
    expect(render('[{{compare a b "vụ" "cùng kỳ"}}]', { a: 4, b: null })).toBe('[]');
  });

  it('read an indicator object with so, money and sosanh', () => {
    const TT01 = { value: 37, unit: 'buổi', previous: 30, previousLabel: 'tháng 2 năm 2021', sameLastYear: null };
    expect(render('{{so TT01}} buổi{{sosanh TT01}}.', { TT01 })).toBe('37 buổi (tăng 7 buổi so với tháng 2 năm 2021).');
  });

  it('fail loudly on a missing value (strict mode), never print an empty string', () => {
    expect(() => render('Có {{units.late}} đơn vị', { units: {} })).toThrow(/Mẫu t\.hbs/);
    expect(() => render('{{so khongCo}}', {})).toThrow(/so: thiếu giá trị/);
    // Handlebars does not check helper arguments in strict mode; the report's helpers do.
    expect(() => render('a\n{{#each textss}}x{{/each}}', { texts: [] })).toThrow(/#each.*thiếu giá trị \(dòng 2\)/);
    expect(() => render('{{#if units.lateNames}}x{{/if}}', { units: {} })).toThrow(/#if/);
    expect(render('{{#if a}}x{{else}}y{{/if}}{{#each b}}{{this}}{{else}}z{{/each}}', { a: null, b: [] })).toBe('yz');
  });

  it('say a misspelt name as a usage error (exit 2) in Vietnamese, with its line, never as a fault of the tool', () => {
    const unknown = catchError(() => render('Một.\nHai {{TT99}}.', {}));
    expect(unknown).toBeInstanceOf(UsageError);
    expect((unknown as UsageError).code).toBe('TEMPLATE_INVALID');
    expect((unknown as Error).message).toBe(
      'Mẫu t.hbs: dòng 2: không biết tên «TT99» (viết sai, hoặc không có trong dữ liệu báo cáo). Nếu vừa sửa mẫu này, hãy sửa lại tệp templates/report/t.hbs (hoặc chép lại bản gốc) rồi chạy lại; nếu chưa sửa, hãy báo lỗi cho nhóm phát triển.',
    );
    // A misspelt helper reads the same; a partial is no part of the report's templates.
    expect((catchError(() => render('{{sooo TT01}}', { TT01: 1 })) as Error).message).toMatch(/^Mẫu t\.hbs: dòng 1: không biết tên «sooo»/);
    expect((catchError(() => render('{{> phan}}', {})) as Error).message).toMatch(/^Mẫu t\.hbs: không có mẫu con «phan»/);
    expect(catchError(() => render('{{so khongCo}}', {}))).toBeInstanceOf(UsageError);
  });

  it('do not HTML-escape, and give NFC text', () => {
    expect(render('{{a}}', { a: 'Tom & Jerry <b>' })).toBe('Tom & Jerry <b>');
    expect(render('Ho\u0302\u0300 {{a}}', { a: 'Tu\u031bo\u031b\u0300ng' })).toBe('Hồ Tường');
  });

  it('name the template when its syntax is broken or it does not exist', () => {
    expect(() => compileReportText(new Map([['muc-9', '{{#if x}}chưa đóng']]))).toThrow(/muc-9\.hbs/);
    // A clerk's broken edit is a usage error (exit 2), in Vietnamese, with the line: not a fault of the tool (exit 3).
    const broken = catchError(() => compileReportText(new Map([['muc-9', 'Dòng một.\nDòng hai {{so TT01}.']])));
    expect(broken).toBeInstanceOf(UsageError);
    expect((broken as UsageError).code).toBe('TEMPLATE_INVALID');
    expect((broken as UsageError).message).toMatch(/^Mẫu muc-9\.hbs bị lỗi cú pháp ở dòng 2 \(gần «.*TT01\}\.»\): kiểm tra các cặp ngoặc/);
    expect(() => compileReportText(new Map()).render('muc-1', {})).toThrow(/Thiếu mẫu muc-1\.hbs/);
  });

  it('ship every template the report needs', () => {
    const text = compileReportText(loadReportTemplates());
    for (const name of [...BODY_TEMPLATES, 'noi-nhan', 'phu-luc']) {
      // Rendering with an empty context must fail on a missing value, not on a missing template.
      expect(() => text.render(name, {}), name).toThrow(/^Mẫu /);
    }
  });
});

const catchError = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};
const catchMessage = (f: () => unknown): string => (catchError(f) as Error).message;

describe('templates precompiled by the build (issue 18)', () => {
  const sources = new Map([['t', '{{so n}} vụ, {{#if ok}}đạt{{else}}chưa đạt{{/if}} ({{ngay-so d}})']]);
  const context = { n: 1234, ok: false, d: '2021-12-16' };

  it('render as the templates compiled at run time do, helpers and strict mode included', () => {
    const precompiled = precompileReportText(sources);
    expect(precompiled.templates.t?.spec).toContain('function(container,depth0,helpers');
    const built = compileReportText(sources, precompiled);
    expect(built.render('t', context)).toBe(compileReportText(sources).render('t', context));
    expect(built.render('t', context)).toBe('1.234 vụ, chưa đạt (16/12/2021)');
    const missing = { n: 1, d: '2021-12-16' };
    expect(() => built.render('t', missing)).toThrow(/^Mẫu t\.hbs: \{\{#if\}\}: thiếu giá trị/);
    expect(() => built.render('t', missing)).toThrow(catchMessage(() => compileReportText(sources).render('t', missing)));
  });

  it('are not used for a template edited since the build, nor by another Handlebars version', () => {
    const precompiled = precompileReportText(sources);
    const edited = new Map([['t', 'Đã sửa: {{so n}}']]);
    expect(compileReportText(edited, precompiled).render('t', context)).toBe('Đã sửa: 1.234');
    expect(() => compileReportText(new Map([['t', '{{#if}}']]), precompiled)).toThrow(/Mẫu t\.hbs bị lỗi cú pháp/);
    // A broken template is not precompiled (the build goes on); the compile that uses it names it.
    const broken = new Map([...sources, ['hong', '{{#if ok}}không đóng']]);
    expect(Object.keys(precompileReportText(broken).templates)).toEqual(['t']);
    expect(() => compileReportText(broken, precompileReportText(broken))).toThrow(/^Mẫu hong\.hbs bị lỗi cú pháp/);
    const stale = { ...precompiled, templates: { t: { ...precompiled.templates.t!, spec: precompileReportText(edited).templates.t!.spec } } };
    expect(compileReportText(sources, stale).render('t', context)).toBe('Đã sửa: 1.234'); // same hash: the build's spec is trusted
    expect(compileReportText(sources, { ...stale, handlebars: '0.0.0' }).render('t', context)).toBe('1.234 vụ, chưa đạt (16/12/2021)');
  });

  it('the build wrote one for every shipped template, for its current source (dist/templates.precompiled.json)', () => {
    const file = new URL('../../dist/templates.precompiled.json', import.meta.url);
    if (!existsSync(file)) return void console.warn('(bỏ qua: chưa build, không có dist/templates.precompiled.json)');
    const built = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof precompileReportText>;
    const now = precompileReportText(loadReportTemplates());
    expect(Object.keys(built.templates).sort()).toEqual(Object.keys(now.templates).sort());
    for (const [name, t] of Object.entries(now.templates)) expect(built.templates[name]?.sha256, name).toBe(t.sha256);
  });
});

import { describe, expect, it } from 'vitest';
import { EXCEL_CELL_MAX, excelCellText } from './xlsx-style.ts';
import { stripXmlForbidden, terminalSafe, visible } from './safe-text.ts';

describe('text from outside, on its way to XML or a terminal (issue 13)', () => {
  it('strips what XML 1.0 forbids and keeps everything else, surrogate pairs included', () => {
    expect(stripXmlForbidden('a\uFFFEb\uFFFFc\u0000d\u001Be\tf\ng\rh\uD800i\uDC00j😀k')).toBe('abcde\tf\ng\rhij😀k');
  });

  it('shows control and invisible characters as escapes; keeps line breaks and colour codes only in whole output', () => {
    expect(visible('x\u001b[2J\u0007\n✓ y\u200b\u202e')).toBe('x\\x1b[2J\\x07\\x0a✓ y\\u200b\\u202e');
    expect(terminalSafe('\u001b[31mLỗi:\u001b[39m tệp \u001b]0;t\u0007\n')).toBe('\u001b[31mLỗi:\u001b[39m tệp \\x1b]0;t\\x07\n');
    expect(JSON.parse(terminalSafe(JSON.stringify({ f: 'a\u0085b\u200bc' }), { json: true }))).toEqual({ f: 'a\u0085b\u200bc' });
    expect(terminalSafe(JSON.stringify({ f: 'a\u0085b' }), { json: true })).not.toMatch(/\u0085/);
  });

  it('a report cell never holds more than Excel allows', () => {
    const cell = excelCellText('Khó khăn. '.repeat(10_000));
    expect(cell.length).toBe(EXCEL_CELL_MAX);
    expect(cell.endsWith('…')).toBe(true);
    expect(excelCellText('ngắn\uFFFE')).toBe('ngắn');
  });
});

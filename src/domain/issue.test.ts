import { describe, expect, it } from 'vitest';
import { actionable, countBySeverity, hasErrors, makeIssue, summarizeInfo } from './issue.ts';

const stamp = (file: string) => makeIssue('info', 'header.stamp-missing', { unit: '00007', file }, 'Tệp không dùng biểu mẫu của công cụ.');

describe('summarizeInfo', () => {
  it('merges the infos of one kind over many files into one line without a location, counting the files', () => {
    const warning = makeIssue('warning', 'cell.text-number', { file: 'b.xlsx', sheet: 'BaoCao', cell: 'E11' }, 'TT02: số gõ dạng chữ.');
    const out = summarizeInfo([stamp('a.xlsx'), warning, stamp('b.xlsx'), stamp('c.xlsx')]);
    expect(out).toEqual([
      { severity: 'info', code: 'header.stamp-missing', message: '3 tệp không dùng biểu mẫu của công cụ.' },
      warning,
    ]);
  });

  it('keeps a kind that concerns one file as it is, and merges by message (different facts stay apart)', () => {
    const ytd = (file: string, months: string) =>
      makeIssue('info', 'scope.ytd-unchecked', { file, sheet: 'BaoCao' }, `Tệp không được kiểm tra lũy kế (cột F): thiếu báo cáo tháng ${months}.`);
    const out = summarizeInfo([ytd('a.xlsx', '1–2'), ytd('b.xlsx', '1–2'), ytd('c.xlsx', '1')]);
    expect(out.map((i) => [i.file, i.message])).toEqual([
      [undefined, '2 tệp không được kiểm tra lũy kế (cột F): thiếu báo cáo tháng 1–2.'],
      ['c.xlsx', 'Tệp không được kiểm tra lũy kế (cột F): thiếu báo cáo tháng 1.'],
    ]);
  });

  it('an info never counts as an error or a warning, and is not actionable', () => {
    const issues = [stamp('a.xlsx'), stamp('b.xlsx')];
    expect(hasErrors(issues)).toBe(false);
    expect(countBySeverity(issues)).toEqual({ errors: 0, warnings: 0, infos: 2 });
    expect(actionable(issues)).toEqual([]);
  });
});

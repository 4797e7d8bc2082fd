import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { runCli } from '../cli/run-cli.ts';
import { PLANTED_OUTLIER } from '../../tools/fixtures/_ward-profiles.ts';
import { ValidateJsonSchema } from './validate-json.ts';

/**
 * `baocao validate` through the real command line, in-process: the bundled year, a small inbox mixing an accepted,
 * a rejected, an unreadable and a warned file, and the annotated copies.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (p: string) => path.join(root, 'fixtures', p);

async function validate(args: readonly string[], cwd = root) {
  const io = memoryIo();
  const code = await runCli(['validate', ...args], { io, cwd, now: () => new Date('2021-12-20T08:00:00Z') });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

let work = '';
let inbox = '';
const INBOX = {
  'a-dat.xlsx': '2021/2021-03/PCMD-01_2021-03_00004.xlsx',
  'b-tra-lai.xlsx': 'bad/negative-number/PCMD-01_2021-03_00007.xlsx',
  'c-rong.xlsx': 'bad/empty-file/PCMD-01_2021-03_00007.xlsx',
  'd-canh-bao.xlsx': 'bad/rule-ytd-mismatch/PCMD-01_2021-01_00007.xlsx',
} as const;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'baocao-validate-'));
  inbox = path.join(work, 'inbox');
  mkdirSync(inbox);
  for (const [name, from] of Object.entries(INBOX)) copyFileSync(fixture(from), path.join(inbox, name));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('baocao validate on the bundled year', () => {
  it('--json: 192 files accepted, no error, only the outlier the fixture author planted', async () => {
    const { code, stdout, stderr } = await validate(['fixtures/2021', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const json = ValidateJsonSchema.parse(JSON.parse(stdout));
    expect(json.files).toHaveLength(192);
    expect(json.files.every((f) => f.status === 'accepted')).toBe(true);
    const month = `2021-${String(PLANTED_OUTLIER.month).padStart(2, '0')}`;
    expect(json.issues.map((i) => [i.severity, i.code, i.unit, i.file, i.sheet, i.cell])).toEqual([
      ['warning', 'rule.outlier', PLANTED_OUTLIER.unitCode, `${month}/PCMD-01_${month}_${PLANTED_OUTLIER.unitCode}.xlsx`, 'BaoCao', 'E11'],
    ]);
    expect(json.files[0]).toEqual({ file: '2021-01/PCMD-01_2021-01_00001.xlsx', form: 'PCMD-01', unit: '00001', period: '2021-01', status: 'accepted' });
  });

  it('--quiet on a clean year prints the count line only', async () => {
    const { code, stdout } = await validate(['fixtures/2021', '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toBe('Tổng cộng: 192 tệp (192 đạt, 0 bị trả lại, 0 không đọc được); 0 lỗi, 1 cảnh báo.\n');
  });
});

/** Issue 12: checks a clerk can trust. Counts by severity of a `validate --json` run. */
async function counts(args: readonly string[]) {
  const { code, stdout } = await validate([...args, '--json']);
  const json = ValidateJsonSchema.parse(JSON.parse(stdout));
  const n = (s: string) => json.issues.filter((i) => i.severity === s).length;
  return { code, json, errors: n('error'), warnings: n('warning'), infos: json.issues.filter((i) => i.severity === 'info') };
}

describe('no false warnings on the bundled (correct) year', () => {
  it('the whole year: at most 12 warnings', async () => {
    const r = await counts(['fixtures/2021']);
    expect([r.code, r.errors]).toEqual([0, 0]);
    expect(r.warnings).toBeLessThanOrEqual(12);
  });

  const months = Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`);
  it.each(months)('the folder of %s alone: no error, at most 1 warning, the unchecked year to date in one info line', async (month) => {
    const r = await counts([`fixtures/2021/${month}`]);
    expect([r.code, r.errors]).toEqual([0, 0]);
    expect(r.warnings).toBeLessThanOrEqual(1);
    expect(r.json.issues.filter((i) => i.code === 'rule.ytd-mismatch')).toEqual([]);
    const unchecked = r.infos.filter((i) => i.code === 'scope.ytd-unchecked');
    if (month === '2021-01') expect(unchecked).toEqual([]);
    else {
      const last = Number(month.slice(5)) - 1;
      expect(unchecked).toHaveLength(1);
      expect(unchecked[0]?.file).toBeUndefined();
      expect(unchecked[0]?.message).toMatch(new RegExp(`^\\d+ tệp không được kiểm tra lũy kế \\(cột F\\): thiếu báo cáo tháng ${last === 1 ? '1' : `1–${last}`} của cùng đơn vị`));
    }
  });

  it('--period 2021-03 on the year: at most 2 warnings; the 176 files of other months counted in one line', async () => {
    const r = await counts(['fixtures/2021', '--period', '2021-03']);
    expect([r.code, r.errors]).toEqual([0, 0]);
    expect(r.warnings).toBeLessThanOrEqual(2);
    expect(r.json.issues.filter((i) => i.code === 'cross.other-period')).toEqual([
      { severity: 'info', code: 'cross.other-period', message: '176 tệp không thuộc kỳ 2021-03 đang kiểm tra (ô B4): bỏ qua, chỉ dùng để đối chiếu số liệu giữa các kỳ.' },
    ]);
    const { stdout } = await validate(['fixtures/2021', '--period', '2021-03']);
    expect(stdout.match(/^[✓!✗] /gm)).toHaveLength(16);
    expect(stdout).toContain('Ghi chú\n  i 176 tệp không thuộc kỳ 2021-03');
  });

  it('--annotate on a month of correct forms writes no copy', async () => {
    const out = path.join(work, 'tra-lai-thang-3');
    const { code, stdout } = await validate(['fixtures/2021/2021-03', '--annotate', out]);
    expect(code).toBe(0);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    expect(stdout).toContain('Không có tệp nào cần ghi bản chú thích.');
  });
});

describe('baocao validate on a mixed inbox', () => {
  it('prints one line per file, then the details by file, then the counts; exit 1 for the errors', async () => {
    const { code, stdout, stderr } = await validate([inbox], work);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      `Kiểm tra 4 tệp bảng tính trong ${inbox}`,
      '✓ a-dat.xlsx  (Phường Trúc Bạch, 2021-03)  đạt',
      '✗ b-tra-lai.xlsx  (Phường Cống Vị, 2021-03)  bị trả lại: 1 lỗi',
      '✗ c-rong.xlsx  không đọc được: 1 lỗi',
      '! d-canh-bao.xlsx  (Phường Cống Vị, 2021-01)  đạt: 1 cảnh báo',
    ]);
    expect(stdout).toContain('\n\nChi tiết\nb-tra-lai.xlsx (Phường Cống Vị, 2021-03)\n  ✗ BaoCao!E16  [cell.negative] KT02: ô ghi số âm (-3), cần số ≥ 0. Sửa lại số liệu.\n\nc-rong.xlsx\n  ✗ (cả tệp)  [file.empty] Tệp rỗng (0 byte)');
    expect(stdout).toMatch(/\nd-canh-bao\.xlsx \(Phường Cống Vị, 2021-01\)\n {2}! BaoCao!F10 {2}\[rule\.ytd-mismatch\] Lũy kế từ đầu năm của TT01/);
    expect(lines.at(-2)).toBe('Tổng cộng: 4 tệp (2 đạt, 1 bị trả lại, 1 không đọc được); 2 lỗi, 1 cảnh báo.');
    expect(stdout).not.toMatch(/\x1b\[/);
  });

  it('--quiet keeps only the errors of the files that have some, and the count line', async () => {
    const { code, stdout } = await validate([inbox, '--quiet'], work);
    expect(code).toBe(1);
    expect(stdout.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      expect.stringMatching(/^ {2}✗ BaoCao!E16 {2}\[cell\.negative\]/),
      expect.stringMatching(/^ {2}✗ \(cả tệp\) {2}\[file\.empty\]/),
    ]);
    expect(stdout).not.toContain('a-dat.xlsx');
    expect(stdout).not.toContain('ytd-mismatch');
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^Tổng cộng: 4 tệp/);
  });

  it('--json gives the statuses of outputs.md and nothing else on stdout', async () => {
    const { code, stdout } = await validate([inbox, '--json'], work);
    expect(code).toBe(1);
    const json = ValidateJsonSchema.parse(JSON.parse(stdout));
    expect(json.files.map((f) => [f.file, f.status])).toEqual([
      ['a-dat.xlsx', 'accepted'],
      ['b-tra-lai.xlsx', 'rejected'],
      ['c-rong.xlsx', 'unreadable'],
      ['d-canh-bao.xlsx', 'accepted'],
    ]);
    expect(json.files[2]).toEqual({ file: 'c-rong.xlsx', form: null, unit: null, period: null, status: 'unreadable' });
    expect(Object.keys(json.issues[0] ?? {})).toEqual(['severity', 'code', 'unit', 'file', 'sheet', 'cell', 'message']);
  });

  it('--period: a workbook of another period is out of scope, one info at B4 instead of its own issues', async () => {
    const { stdout } = await validate([inbox, '--json', '--period', '2021-03'], work);
    const json = ValidateJsonSchema.parse(JSON.parse(stdout));
    expect(json.issues.filter((i) => i.file === 'd-canh-bao.xlsx').map((i) => [i.severity, i.code, i.cell])).toEqual([['info', 'cross.other-period', 'B4']]);
    // Without --period, its own warning (the year to date of January) is reported.
    const all = ValidateJsonSchema.parse(JSON.parse((await validate([inbox, '--json'], work)).stdout));
    expect(all.issues.filter((i) => i.file === 'd-canh-bao.xlsx').map((i) => i.code)).toEqual(['rule.ytd-mismatch']);
  });

  it('exits 2 with a message, and prints nothing on stdout, for a path that does not exist or a bad period', async () => {
    const missing = await validate([path.join(work, 'khong-co'), '--json'], work);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^Lỗi: Không đọc được .*khong-co: không tồn tại\.\n$/);
    expect((await validate([inbox, '--period', 'thang-ba'], work)).code).toBe(2);
  });

  it('names files by their path from the working folder when two folders hold the same name', async () => {
    const other = path.join(work, 'other');
    mkdirSync(other, { recursive: true });
    copyFileSync(fixture(INBOX['a-dat.xlsx']), path.join(other, 'a-dat.xlsx'));
    const { stdout } = await validate(['inbox', 'other', '--json'], work);
    const json = ValidateJsonSchema.parse(JSON.parse(stdout));
    expect(json.files.map((f) => f.file)).toEqual(['inbox/a-dat.xlsx', 'inbox/b-tra-lai.xlsx', 'inbox/c-rong.xlsx', 'inbox/d-canh-bao.xlsx', 'other/a-dat.xlsx']);
    expect(json.issues.filter((i) => i.code === 'cross.duplicate-unit').map((i) => i.file)).toEqual(['inbox/a-dat.xlsx', 'other/a-dat.xlsx']);
    rmSync(other, { recursive: true });
  });
});

describe('baocao validate --annotate', () => {
  it('writes a copy of each readable workbook with issues, never touching the originals', async () => {
    const before = Object.fromEntries(readdirSync(inbox).map((f) => [f, { bytes: readFileSync(path.join(inbox, f)), mtime: statSync(path.join(inbox, f)).mtimeMs }]));
    const out = path.join(work, 'tra-lai');
    const { code, stdout } = await validate([inbox, '--annotate', out], work);
    expect(code).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['b-tra-lai.xlsx', 'd-canh-bao.xlsx']);
    expect(stdout).toContain('Đã ghi 2 bản chú thích (ô lỗi tô màu, ghi chú từng ô, sheet "Lỗi cần sửa") để gửi lại đơn vị:\n  tra-lai/b-tra-lai.xlsx\n  tra-lai/d-canh-bao.xlsx\n');
    for (const [f, b] of Object.entries(before)) {
      expect(readFileSync(path.join(inbox, f)).equals(b.bytes), f).toBe(true);
      expect(statSync(path.join(inbox, f)).mtimeMs, f).toBe(b.mtime);
    }
    expect(readdirSync(inbox).sort()).toEqual(Object.keys(INBOX).sort());
  });

  it('keeps stdout for the JSON alone, and says on stderr what it wrote', async () => {
    const out = path.join(work, 'tra-lai-json');
    const { stdout, stderr } = await validate([inbox, '--json', '--annotate', out], work);
    expect(ValidateJsonSchema.safeParse(JSON.parse(stdout)).success).toBe(true);
    expect(stderr).toContain('Đã ghi 2 bản chú thích');
  });

  it('refuses a folder inside an input folder (exit 2, nothing written), and writes an .xlsm copy as .xlsx', async () => {
    const inside = path.join(inbox, 'chu-thich');
    const refused = await validate([inbox, '--annotate', inside], work);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('nằm trong thư mục đang kiểm tra');
    expect(existsSync(inside)).toBe(false);

    const macro = path.join(work, 'macro');
    mkdirSync(macro);
    copyFileSync(path.join(inbox, 'b-tra-lai.xlsx'), path.join(macro, 'b.xlsm'));
    writeFileSync(path.join(macro, '~$b.xlsm'), 'lock');
    await validate([macro, '--annotate', path.join(work, 'macro-out')], work);
    expect(readdirSync(path.join(work, 'macro-out'))).toEqual(['b.xlsx']);
  });
});

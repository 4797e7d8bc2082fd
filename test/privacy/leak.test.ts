import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/commands/io.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { generateYear, personalStrings } from '../../tools/fixtures/generate-year.ts';
import { loadForms } from '../../src/load/load-forms.ts';
import { readInputs } from '../../src/inbox/read-inputs.ts';
import { scanInputs } from '../../src/inbox/scan-inputs.ts';
import { docxReportFileName } from '../../src/report/docx/docx-report.ts';
import { outreachFileName } from '../../src/outreach/outreach-list.ts';
import { xlsxReportFileName } from '../../src/report/xlsx/xlsx-report.ts';
import { fileHaystacks, findLeaks, listFiles, treeHaystacks, type Haystack, type PersonalNeedles } from '../support/leak-search.ts';
import { loadDefaultUnits } from '../../src/load/load-units.ts';
import { editWorkbook } from '../support/edit-workbook.ts';

/**
 * spec/security.md, "Personal data": every command of a full run on the fixtures (plus errors planted in a police
 * list), and every byte it wrote, searched for every name, address and "name birth-year" of the fixtures. Names may
 * appear in one file only: the outreach list. One shared run (beforeAll); the searches are the assertions.
 */
const FIXTURES = fileURLToPath(new URL('../../fixtures/2021/', import.meta.url));
const year = generateYear({ year: 2021, seed: 2021, forms: loadForms(), units: loadDefaultUnits(), window: 'decree-09' });
const needles: PersonalNeedles = personalStrings(year);
const danhSach = (period: string) => year.find((f) => f.formId === 'PCMD-02' && f.period === period)?.lists?.DanhSach ?? [];
const PLANTED_FILE = '2021-02/PCMD-02_2021-02_CA.xlsx';
const OUTREACH = `out/2021-03/${outreachFileName('2021-03')}`;
const PERIODS = ['2021-03', '2021-Q1', '2021'] as const;

interface Run {
  readonly label: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let tmp: string;
const dirs = { inbox: '', out: '', annotateText: '', annotateJson: '', annotateOut: '', cwd: '', tmpdir: '' };
const runs: Run[] = [];
let haystacks: Haystack[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'baocao-leak-'));
  for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) dirs[k] = path.join(tmp, k);
  cpSync(FIXTURES, dirs.inbox, { recursive: true });
  await plantDanhSachErrors(path.join(dirs.inbox, PLANTED_FILE));
  mkdirSync(dirs.cwd);
  mkdirSync(dirs.tmpdir);
  // Anything that writes a temporary file through os.tmpdir() writes it here, where it is searched too.
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = dirs.tmpdir;
  try {
    const { inbox, out } = dirs;
    await run('validate', ['validate', inbox, '--annotate', dirs.annotateText], true);
    await run('validate --json', ['validate', inbox, '--json', '--annotate', dirs.annotateJson], false);
    await run('status 2021-02', ['status', '--period', '2021-02', '--input', inbox], true);
    await run('status 2021-03 --json', ['status', '--period', '2021-03', '--input', inbox, '--json'], false);
    for (const p of PERIODS) {
      await run(`compile ${p}`, ['compile', '--period', p, '--input', inbox, '--out', out, '--to', 'district', 'city', '--format', 'docx,xlsx'], true);
    }
    await run('compile 2021-03 --json', ['compile', '--period', '2021-03', '--input', inbox, '--out', out, '--json'], false);
    await run('outreach', ['outreach', '--period', '2021-03', '--input', inbox, '--out', out, '--yes'], true);
    await run('outreach --json', ['outreach', '--period', '2021-03', '--input', inbox, '--out', out, '--yes', '--json'], false);
    // A folder holding the list, checked by mistake (`baocao validate .` from the working folder): no copy of it may be made.
    await run('validate OUT', ['validate', out, '--annotate', dirs.annotateOut], true);
    // Issue 15: close March, then the police change a figure of their March workbook (whose DanhSach names people):
    // the register, the correction folder (errata, reports, summary) and explain's output are searched too.
    await run('close 2021-03', ['close', '--period', '2021-03', '--out', out], true);
    await editWorkbook(path.join(inbox, '2021-03', 'PCMD-02_2021-03_CA.xlsx'), { CA01: 999 });
    await run('compile 2021-03 (correction)', ['compile', '--period', '2021-03', '--input', inbox, '--out', out], true);
    await run('explain CA01', ['explain', '--period', '2021-03', 'CA01', '--input', inbox], true);
    await run('explain CT8 --json', ['explain', '--period', '2021-03', 'CT8', '--input', inbox, '--json'], false);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  haystacks = [
    ...runs.flatMap((r) => [
      { where: `stdout of ${r.label}`, text: r.stdout },
      { where: `stderr of ${r.label}`, text: r.stderr },
    ]),
    ...treeHaystacks(dirs.out, 'out'),
    ...treeHaystacks(dirs.annotateText, 'annotateText'),
    ...treeHaystacks(dirs.annotateJson, 'annotateJson'),
    ...treeHaystacks(dirs.annotateOut, 'annotateOut'),
    ...treeHaystacks(dirs.cwd, 'cwd'),
    ...treeHaystacks(dirs.tmpdir, 'tmpdir'),
  ];
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(label: string, argv: readonly string[], terminal: boolean): Promise<void> {
  // A terminal gets the long, interactive output (unit names, files, progress): more text that could leak.
  const io = memoryIo({ isErrTTY: terminal });
  const code = await runCli([...argv, '--today', '2021-03-20'], { io, cwd: dirs.cwd, now: () => new Date('2021-03-20T03:00:00Z') });
  runs.push({ label, code, stdout: io.stdout, stderr: io.stderr });
}

/**
 * A copy of February's police workbook with the mistakes a clerk makes in DanhSach: an unknown ward, a decision
 * number typed twice, a date outside the data window, and a person's name typed into the wrong column (Giới tính).
 */
async function plantDanhSachErrors(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('DanhSach');
  if (!ws) throw new Error('no DanhSach sheet');
  ws.getCell('D2').value = 'Phường Không Tồn Tại';
  ws.getCell('C3').value = ws.getCell('C2').value;
  ws.getCell('B4').value = new Date(Date.UTC(2020, 5, 1));
  ws.getCell('G5').value = ws.getCell('E5').value;
  await wb.xlsx.writeFile(file);
}

const isOutreach = (h: Haystack): boolean => h.where === OUTREACH || h.where.startsWith(`${OUTREACH}!`) || h.where.startsWith(`${OUTREACH} `);

describe('personal data never leaves the tool except in the outreach list', () => {
  it('ran every command to its end (no internal fault, nothing refused)', () => {
    const summary = runs.map((r) => ({ label: r.label, code: r.code, tail: r.code > 1 ? r.stderr.slice(-400) : '' }));
    expect(summary.filter((r) => r.code > 1)).toEqual([]);
    expect(runs.find((r) => r.label === 'validate')?.code).toBe(1); // the planted errors
    expect(runs.find((r) => r.label === 'outreach')?.code).toBe(0);
    expect(runs.find((r) => r.label === 'compile 2021-03 (correction)')?.code).toBe(1);
    expect(runs.find((r) => r.label === 'explain CA01')?.stdout).toContain('2021-03/PCMD-02_2021-03_CA.xlsx');
  });

  it('the planted DanhSach errors were reported, by cell', () => {
    const json = JSON.parse(runs.find((r) => r.label === 'validate --json')?.stdout ?? '{}') as { issues: { file?: string; sheet?: string; cell?: string }[] };
    const cells = json.issues.filter((i) => i.file === PLANTED_FILE && i.sheet === 'DanhSach').map((i) => i.cell);
    expect(cells).toEqual(expect.arrayContaining(['D2', 'C3', 'B4', 'G5']));
  });

  it('searched every output: the reports of three periods for both audiences, the annotated copies, the list', () => {
    const outFiles = listFiles(dirs.out);
    for (const p of PERIODS) {
      for (const to of ['district', 'city'] as const) {
        expect(outFiles).toContain(`${p}/${docxReportFileName(p, to)}`);
        expect(outFiles).toContain(`${p}/${xlsxReportFileName(p, to)}`);
      }
      expect(outFiles).toEqual(expect.arrayContaining([`${p}/summary.json`, `${p}/manifest.json`]));
    }
    expect(outFiles).toContain(OUTREACH.replace(/^out\//, ''));
    expect(outFiles).toContain('processing-log.jsonl');
    expect(outFiles).toEqual(expect.arrayContaining(['register.jsonl', '2021-03/dieu-chinh-1/BaoCao_DieuChinh_PCMD_2021-03_city.docx', '2021-03/dieu-chinh-1/summary.json']));
    for (const dir of [dirs.annotateText, dirs.annotateJson]) expect(listFiles(dir).some((f) => f.includes('PCMD-02_2021-02_CA'))).toBe(true);
    expect(haystacks.some((h) => h.where.includes('.docx!word/document.xml'))).toBe(true);
    expect(haystacks.some((h) => h.where.includes('.xlsx!xl/sharedStrings.xml'))).toBe(true);
  });

  it('no name, address or name with birth year anywhere else: terminal output, reports, summaries, logs, annotated copies, temporary files', () => {
    expect(findLeaks(haystacks.filter((h) => !isOutreach(h)), needles)).toEqual([]);
  });

  it('wrote no temporary file (os.tmpdir()) and nothing in the working folder or the inbox', () => {
    expect(listFiles(dirs.tmpdir)).toEqual([]);
    expect(listFiles(dirs.cwd)).toEqual([]);
    expect(listFiles(dirs.inbox)).toEqual(listFiles(FIXTURES));
  });

  it('the records handed to validation and aggregation carry no personal column and no name', async () => {
    const files = scanInputs([dirs.inbox], dirs.cwd).filter((f) => f.display.includes('PCMD-02'));
    expect(files).toHaveLength(12);
    const parsed = await readInputs(files, { forms: loadForms(), units: loadDefaultUnits(), maxUnpackedMb: 50, maxListRows: 5000, workers: 0 });
    const rows = parsed.flatMap((p) => p.record?.lists.DanhSach ?? []);
    expect(rows.length).toBe(year.filter((f) => f.formId === 'PCMD-02').reduce((n, f) => n + (f.lists?.DanhSach?.length ?? 0), 0));
    expect(rows.some((r) => 'birthYear' in r.values || 'residence' in r.values || 'fullName' in r.values)).toBe(false);
    expect(findLeaks([{ where: 'parsed police records and issues', text: JSON.stringify(parsed) }], needles)).toEqual([]);
  });

  it('the outreach list holds the 2021-03 people fined for Bán dâm, and nobody else', () => {
    const list = haystacks.filter(isOutreach);
    const sellers = danhSach('2021-03').filter((r) => r.behaviour === 'Bán dâm');
    expect(sellers.length).toBeGreaterThan(0);
    const wanted: PersonalNeedles = {
      names: sellers.map((r) => String(r.fullName)),
      addresses: sellers.map((r) => String(r.residence)),
      nameWithBirthYear: [],
    };
    const found = findLeaks(list, wanted);
    for (const n of [...wanted.names, ...wanted.addresses]) expect(found.some((l) => l.needle === n)).toBe(true);
    const wantedSet = new Set([...wanted.names, ...wanted.addresses]);
    const others: PersonalNeedles = {
      names: needles.names.filter((n) => !wantedSet.has(n)),
      addresses: needles.addresses.filter((n) => !wantedSet.has(n)),
      nameWithBirthYear: [],
    };
    const buyersAndBrokers = danhSach('2021-03').filter((r) => r.behaviour !== 'Bán dâm');
    expect(buyersAndBrokers.map((r) => r.behaviour)).toEqual(expect.arrayContaining(['Mua dâm', 'Môi giới mại dâm']));
    expect(findLeaks(list, others)).toEqual([]);
  });
});

describe('the leak search catches a planted leak', () => {
  const someone = () => danhSach('2021-03')[0] ?? { fullName: '', birthYear: 0, residence: '' };

  it('in a Word report: a name split across two runs, in NFD, with a character reference', () => {
    const name = String(someone().fullName);
    const docx = path.join(dirs.out, '2021-03', docxReportFileName('2021-03', 'city'));
    const files = unzipSync(new Uint8Array(readFileSync(docx)));
    const xml = new TextDecoder().decode(files['word/document.xml']);
    const [first = '', ...rest] = name.normalize('NFD').split(' ');
    const escaped = first.replace(/./u, (c) => `&#${c.codePointAt(0) ?? 0};`);
    const planted = `<w:p><w:r><w:t>${escaped}</w:t></w:r><w:r><w:t xml:space="preserve"> ${rest.join(' ')}</w:t></w:r></w:p>`;
    files['word/document.xml'] = strToU8(xml.replace('</w:body>', `${planted}</w:body>`));
    const leaks = findLeaks(fileHaystacks('planted.docx', Buffer.from(zipSync(files))), needles);
    expect(leaks).toContainEqual({ where: 'planted.docx!word/document.xml (text)', kind: 'names', needle: name });
    // The untouched report has none.
    expect(findLeaks(fileHaystacks('report.docx', readFileSync(docx)), needles)).toEqual([]);
  });

  it("in an Excel report's shared strings: an address", () => {
    const address = String(someone().residence);
    const xlsx = path.join(dirs.out, '2021-03', xlsxReportFileName('2021-03', 'district'));
    const files = unzipSync(new Uint8Array(readFileSync(xlsx)));
    const xml = new TextDecoder().decode(files['xl/sharedStrings.xml']);
    files['xl/sharedStrings.xml'] = strToU8(xml.replace('</sst>', `<si><t>${address.replace(/,/g, '&#44;')}</t></si></sst>`));
    const leaks = findLeaks(fileHaystacks('planted.xlsx', Buffer.from(zipSync(files))), needles);
    expect(leaks).toContainEqual({ where: 'planted.xlsx!xl/sharedStrings.xml', kind: 'addresses', needle: address });
  });

  it('in captured stderr: a name with its birth year, in capitals and broken over a line', () => {
    const p = someone();
    const stderr = `${runs[0]?.stderr ?? ''}\nLỗi: ${String(p.fullName).toUpperCase().replace(' ', '\n')} ${String(p.birthYear)}\n`;
    const leaks = findLeaks([{ where: 'stderr', text: stderr }], needles);
    expect(leaks).toContainEqual({ where: 'stderr', kind: 'nameWithBirthYear', needle: `${String(p.fullName)} ${String(p.birthYear)}` });
  });

  it('in the inputs themselves (where the names are), so the search reads workbooks as the outputs are read', () => {
    const leaks = findLeaks(fileHaystacks('inbox', readFileSync(path.join(FIXTURES, '2021-03', 'PCMD-02_2021-03_CA.xlsx'))), needles);
    const names = danhSach('2021-03').map((r) => String(r.fullName));
    expect(new Set(leaks.filter((l) => l.kind === 'names').map((l) => l.needle))).toEqual(new Set(names));
    expect(existsSync(dirs.inbox)).toBe(true);
  });
});

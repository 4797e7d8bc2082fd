import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COL } from '../domain/form-layout.ts';
import { memoryIo } from '../commands/io.ts';
import { runCli } from '../cli/run-cli.ts';
import { editWorkbook, sheetOf } from '../../tools/fixtures/_bad-base.ts';
import { locateTextRows } from '../../tools/fixtures/fill-form.ts';
import { officeAvailable, runPython, sofficeConvert } from '../../test/support/office.ts';
import { REPO_ROOT } from '../../test/support/transpiled-cli.ts';
import { readBookBytes } from './read-book.ts';

/**
 * Characters XML 1.0 forbids never reach a report (issue 13). OOXML writes them as `_xHHHH_` escapes, which exceljs
 * decodes into the raw character; one U+FFFE in a ward's note used to make every .docx and .xlsx report invalid.
 * A property over random Unicode notes at the read edge, then whole compiles whose reports python-docx, openpyxl
 * and LibreOffice must open.
 */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A small seeded generator (mulberry32): the same notes on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOLS: readonly (readonly [number, number])[] = [
  [0x20, 0x5e], // ASCII without "_" (an underscore could start an escape by chance)
  [0x61, 0x7e],
  [0x00, 0x1f], // C0 controls, tab/LF/CR among them
  [0x7f, 0x9f], // DEL and C1
  [0xc0, 0x1ef9], // Latin with Vietnamese letters
  [0x200b, 0x206f], // zero-width, direction marks
  [0xd800, 0xdfff], // lone surrogates
  [0xfffe, 0xffff],
  [0x1f300, 0x1f64f], // emoji (surrogate pairs)
];

/** A note as the ward's file stores it (escapes for what XML cannot hold) and what must be read from it. */
function randomNote(next: () => number, length: number): { stored: string; expected: string } {
  let stored = '';
  let raw = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = POOLS[Math.floor(next() * POOLS.length)]!;
    const cp = lo + Math.floor(next() * (hi - lo + 1));
    const ch = String.fromCodePoint(cp);
    // exceljs's writer drops DEL and turns CR into LF: those are stored escaped too, as Excel does.
    const forbidden = XML_FORBIDDEN.test(ch) || cp === 0x0d || cp === 0x7f;
    stored += forbidden ? `_x${cp.toString(16).toUpperCase().padStart(4, '0')}_` : ch;
    raw += ch;
  }
  // Two escaped halves of a surrogate pair decode into one valid character: judge the decoded whole.
  return { stored, expected: raw.replace(new RegExp(XML_FORBIDDEN.source, 'g'), '') };
}

const WARD_FILE = path.join(REPO_ROOT, 'fixtures/2021/2021-03/PCMD-01_2021-03_00007.xlsx');

describe('the read edge strips what XML 1.0 forbids (property over random Unicode notes)', () => {
  it('300 random notes: every character XML allows is kept, every other one dropped', async () => {
    const next = rng(13);
    const notes = Array.from({ length: 300 }, () => randomNote(next, 1 + Math.floor(next() * 60)));
    const bytes = await editWorkbook(readFileSync(WARD_FILE), (wb) => {
      const ws = wb.addWorksheet('Notes');
      notes.forEach((n, i) => void (ws.getCell(`A${i + 1}`).value = n.stored));
    });
    const r = await readBookBytes(bytes, { maxUnpackedMb: 50, displayPath: 'notes.xlsx' });
    if (!r.ok) throw new Error(r.issue.message);
    const sheet = r.book.sheets.find((s) => s.name === 'Notes')!;
    notes.forEach((n, i) => {
      const cell = sheet.cells.get(`A${i + 1}`);
      const text = cell?.kind === 'text' ? cell.value : '';
      expect(text).not.toMatch(XML_FORBIDDEN);
      expect(text, `note ${i}`).toBe(n.expected);
    });
  });
});

const hasPython = officeAvailable('báo cáo từ ghi chú có ký tự cấm: python-docx, openpyxl', { python: ['docx', 'openpyxl'] });
const hasOffice = officeAvailable('báo cáo từ ghi chú có ký tự cấm: LibreOffice', { commands: ['soffice'] });

describe('reports compiled from notes with random Unicode open everywhere', () => {
  it.skipIf(!hasPython)('python-docx and openpyxl open every report; LibreOffice converts the Word report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baocao-xmlsafe-'));
    try {
      const inbox = path.join(dir, 'inbox');
      mkdirSync(inbox);
      const next = rng(2021);
      const month = path.join(REPO_ROOT, 'fixtures/2021/2021-03');
      const tokens: string[] = [];
      for (const [i, name] of readdirSync(month).entries()) {
        const token = `MỐC${i}`;
        tokens.push(token);
        const notes = (['assessment', 'difficulties', 'proposals', 'nextSteps'] as const).map(() => randomNote(next, 80).stored);
        const bytes = name.startsWith('PCMD-01')
          ? await editWorkbook(readFileSync(path.join(month, name)), (wb) => {
              const ws = sheetOf(wb, 'BaoCao');
              const rows = locateTextRows(ws);
              (['assessment', 'difficulties', 'proposals', 'nextSteps'] as const).forEach((key, k) => {
                const row = rows.get(key);
                if (row !== undefined) ws.getCell(row, COL.code).value = `${token} ${notes[k]} _xFFFE__xFFFF__x001B__xD800_`;
              });
            })
          : readFileSync(path.join(month, name));
        writeFileSync(path.join(inbox, name), bytes);
      }
      writeFileSync(path.join(dir, 'baocao.config.json'), JSON.stringify({ inbox: 'inbox', output: 'out' }));
      const io = memoryIo();
      const code = await runCli(['compile', '--period', '2021-03', '--to', 'district'], { io, cwd: dir, now: () => new Date('2021-03-20T08:00:00Z') });
      expect(io.stderr).not.toContain('Lỗi nội bộ');
      expect([0, 1]).toContain(code);
      const out = path.join(dir, 'out', '2021-03');
      const docx = path.join(out, readdirSync(out).find((f) => f.endsWith('.docx'))!);
      const xlsx = path.join(out, readdirSync(out).find((f) => f.endsWith('.xlsx'))!);
      const text = runPython(
        `import sys, docx, openpyxl
d = docx.Document(sys.argv[1])
parts = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
wb = openpyxl.load_workbook(sys.argv[2])
cells = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)
print(cells)
print("\\n".join(parts))`,
        [docx, xlsx],
      );
      expect(Number(text.split('\n')[0])).toBeGreaterThan(100);
      // The wards' texts made it into the Word report (what was stripped was only what XML cannot hold).
      expect(tokens.filter((t) => text.includes(t)).length).toBeGreaterThan(0);
      if (hasOffice) expect(sofficeConvert(docx, 'pdf', dir)).toMatch(/\.pdf$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

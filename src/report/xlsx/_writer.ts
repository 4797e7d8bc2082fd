import type { Alignment, Borders, CellValue, Fill, Font, Style } from 'exceljs';
import type { ZipParts } from '../../common/zip-parts.ts';
import { strToU8 } from 'fflate';
import { columnName, type landscapeSheetOptions, type StyledCell } from '../../common/xlsx-style.ts';
import { THEME_XML } from './_theme.ts';
import { NS_PACKAGE_RELATIONSHIPS, NS_RELATIONSHIPS, XML_DECLARATION } from '../../common/ooxml.ts';

/**
 * The workbook writer of the Excel report (issue 18): the few things the report's sheets use (values, formulas with
 * their results, shared styles, merges, widths and heights, a frozen pane, A4 page setup, print titles, page breaks)
 * held in plain arrays and written straight to the parts of an xlsx. exceljs took some 0.3 s to load and 0.15 s a
 * report for the same; it is still what writes the blank forms, the annotated copies and the outreach list.
 *
 * The parts are the ones exceljs wrote for the same calls, byte for byte (writer.test.ts compares them), so the reports
 * look and read exactly as before in Excel, LibreOffice and openpyxl. That includes exceljs's habits that do no harm:
 * a merged range's cells all carry its first cell's style, a row lists every cell ever touched in its `spans`, and the
 * zip has an entry for each folder. The sheets talk to it through `ReportBook`/`ReportSheet`, which exceljs's own
 * workbook also fits: that is how the test drives both with the same code.
 */

export interface ReportRow {
  height: number;
  addPageBreak(): void;
  eachCell(callback: (cell: StyledCell, col: number) => void): void;
}

/** Page setup as the report's sheets give it, the only one the writer writes. */
export type ReportSheetOptions = ReturnType<typeof landscapeSheetOptions>;

export interface ReportSheet {
  readonly name: string;
  readonly rowCount: number;
  readonly pageSetup: { fitToWidth?: number; printTitlesColumn?: string };
  getCell(row: number, col: number): StyledCell;
  getRow(row: number): ReportRow;
  getColumn(col: number): { width?: number | undefined };
  mergeCells(top: number, left: number, bottom: number, right: number): void;
}

export interface ReportBook {
  addWorksheet(name: string, options: ReportSheetOptions): ReportSheet;
  getWorksheet(name: string): ReportSheet | undefined;
}

/** A new workbook, its document properties dated `dated` (ISO day, UTC midnight) so that the same model gives the same bytes. */
export function newReportBook(o: { dated: string; title: string }): Book {
  return new Book(o.title, `${o.dated}T00:00:00Z`);
}

/** The parts of the workbook, in the order and with the folder entries exceljs zips them with. */
export function reportBookParts(book: Book): ZipParts {
  const styles = new StyleTable();
  const strings = new StringTable();
  const sheets = book.sheets.map((s) => sheetXml(s, styles, strings));
  const parts: ZipParts = {};
  const add = (path: string, text: string): void => {
    // exceljs's zip has an entry for each folder, before the first file in it.
    const dirs = path.split('/').slice(0, -1);
    dirs.forEach((_, i) => {
      const dir = `${dirs.slice(0, i + 1).join('/')}/`;
      if (!(dir in parts)) parts[dir] = new Uint8Array(0);
    });
    parts[path] = strToU8(text);
  };
  add('[Content_Types].xml', contentTypes(book, strings.count > 0));
  add('_rels/.rels', relationships([`${NS_RELATIONSHIPS}/officeDocument`, 'xl/workbook.xml'], [`${NS_PACKAGE_RELATIONSHIPS}/metadata/core-properties`, 'docProps/core.xml'], [`${NS_RELATIONSHIPS}/extended-properties`, 'docProps/app.xml']));
  add('xl/_rels/workbook.xml.rels', workbookRels(book, strings.count > 0));
  book.sheets.forEach((s, i) => add(`xl/worksheets/sheet${i + 1}.xml`, sheets[i] ?? ''));
  if (strings.count > 0) add('xl/sharedStrings.xml', strings.xml());
  add('xl/theme/theme1.xml', THEME_XML);
  add('xl/styles.xml', styles.xml());
  add('docProps/app.xml', appXml(book));
  add('docProps/core.xml', coreXml(book));
  add('xl/workbook.xml', workbookXml(book, strings.count > 0));
  return parts;
}

// --- internal ---

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

class Book implements ReportBook {
  readonly sheets: Sheet[] = [];
  readonly title: string;
  readonly stamp: string;
  constructor(title: string, stamp: string) {
    this.title = title;
    this.stamp = stamp;
  }

  addWorksheet(name: string, options: ReportSheetOptions): Sheet {
    const sheet = new Sheet(name, options);
    this.sheets.push(sheet);
    return sheet;
  }

  getWorksheet(name: string): Sheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }
}

/** A cell; a merged range's other cells point to its first (`master`), as in exceljs: their value is the master's. */
class Cell implements StyledCell {
  master: Cell | null = null;
  style: Partial<Style> = {};
  private own: CellValue = null;
  readonly row: number;
  readonly col: number;
  constructor(row: number, col: number) {
    this.row = row;
    this.col = col;
  }

  get value(): CellValue {
    return this.master ? this.master.value : this.own;
  }

  set value(v: CellValue) {
    if (this.master) this.master.value = v;
    else this.own = v ?? null;
  }

  get address(): string {
    return `${columnName(this.col)}${this.row}`;
  }
}

class Row implements ReportRow {
  height = 0;
  readonly cells: (Cell | undefined)[] = [];
  private readonly sheet: Sheet;
  readonly number: number;
  constructor(sheet: Sheet, number: number) {
    this.sheet = sheet;
    this.number = number;
  }

  cell(col: number): Cell {
    let cell = this.cells[col - 1];
    if (cell === undefined) {
      cell = new Cell(this.number, col);
      this.cells[col - 1] = cell;
    }
    return cell;
  }

  addPageBreak(): void {
    this.sheet.rowBreaks.push(this.number);
  }

  /** The cells that hold something (a value, or a place in a merged range), as exceljs's `eachCell`. */
  eachCell(callback: (cell: StyledCell, col: number) => void): void {
    this.cells.forEach((c, i) => {
      if (c && (c.master !== null || c.value !== null)) callback(c, i + 1);
    });
  }
}

class Sheet implements ReportSheet {
  readonly rows: (Row | undefined)[] = [];
  readonly columns: { width?: number | undefined }[] = [];
  /** Each merged range ("A2:I2") by its first cell. */
  readonly merges = new Map<Cell, string>();
  readonly rowBreaks: number[] = [];
  readonly pageSetup: { fitToWidth?: number; printTitlesColumn?: string } & ReportSheetOptions['pageSetup'];
  readonly name: string;
  readonly options: ReportSheetOptions;
  constructor(name: string, options: ReportSheetOptions) {
    this.name = name;
    this.options = options;
    this.pageSetup = { ...options.pageSetup };
  }

  get rowCount(): number {
    return this.rows.length;
  }

  getRow(row: number): Row {
    let r = this.rows[row - 1];
    if (r === undefined) {
      r = new Row(this, row);
      this.rows[row - 1] = r;
    }
    return r;
  }

  getCell(row: number, col: number): Cell {
    return this.getRow(row).cell(col);
  }

  getColumn(col: number): { width?: number | undefined } {
    for (let i = this.columns.length; i < col; i++) this.columns.push({});
    return this.columns[col - 1] ?? {};
  }

  mergeCells(top: number, left: number, bottom: number, right: number): void {
    const master = this.getCell(top, left);
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        if (r === top && c === left) continue;
        const cell = this.getCell(r, c);
        cell.master = master;
        cell.style = master.style;
      }
    }
    this.merges.set(master, `${master.address}:${columnName(right)}${bottom}`);
  }
}

const attr = (name: string, value: string | number | undefined): string => (value === undefined ? '' : ` ${name}="${xmlText(String(value))}"`);

/** XML text as exceljs writes it: the five entities, and the control characters XML forbids dropped. */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/.test(text) ? text.replace(/[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/g, (ch) => ENTITIES[ch] ?? '') : text;
}
const ENTITIES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

function sheetXml(sheet: Sheet, styles: StyleTable, strings: StringTable): string {
  const out: string[] = [];
  const merges: string[] = [];
  const listed = new Set<Cell>();
  // The used range as exceljs counts it: every row it writes, over every cell ever touched, a row without cells
  // counting as column 0, which (0 being "not set yet") lets the next row set the left edge again; an edge still 0
  // at the end is written as 1.
  const dims = { top: 0, left: 0, bottom: 0, right: 0 };
  for (const row of sheet.rows) {
    if (row === undefined) continue;
    const cells = row.cells.filter((c): c is Cell => c !== undefined);
    if (!row.height && cells.length === 0) continue;
    const [min, max] = [cells[0]?.col ?? 0, cells.at(-1)?.col ?? 0];
    if (!dims.top || row.number < dims.top) dims.top = row.number;
    if (!dims.left || min < dims.left) dims.left = min;
    if (!dims.bottom || row.number > dims.bottom) dims.bottom = row.number;
    if (!dims.right || max > dims.right) dims.right = max;
    let xml = `<row r="${row.number}"${row.height ? ` ht="${row.height}" customHeight="1"` : ''}`;
    if (min > 0) xml += ` spans="${min}:${max}"`;
    xml += ' x14ac:dyDescent="0.25"';
    let body = '';
    for (const cell of cells) {
      const value = cell.master ? null : cell.value;
      if (cell.master !== null && !listed.has(cell.master)) {
        listed.add(cell.master);
        merges.push(sheet.merges.get(cell.master) ?? '');
      }
      body += cellXml(cell, value, styles, strings);
    }
    out.push(body === '' ? `${xml}/>` : `${xml}>${body}</row>`);
  }
  const o = sheet.options;
  const p = sheet.pageSetup;
  const view = o.views?.[0];
  const pane = view ? (view.xSplit && view.ySplit ? 'bottomRight' : view.xSplit ? 'topRight' : 'bottomLeft') : '';
  const m = p.margins;
  return (
    `${XML_DECLARATION}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_RELATIONSHIPS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
    (p.fitToPage ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
    `<dimension ref="${columnName(dims.left || 1)}${dims.top || 1}:${columnName(dims.right || 1)}${dims.bottom || 1}"/>` +
    (view
      ? `<sheetViews><sheetView workbookViewId="0"><pane${attr('xSplit', view.xSplit || undefined)}${attr('ySplit', view.ySplit || undefined)} topLeftCell="${view.topLeftCell}" activePane="${pane}" state="frozen"/><selection pane="${pane}" activeCell="${view.activeCell}" sqref="${view.activeCell}"/></sheetView></sheetViews>`
      : '') +
    '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>' +
    colsXml(sheet.columns) +
    (out.length > 0 ? `<sheetData>${out.join('')}</sheetData>` : '<sheetData/>') +
    (merges.length > 0 ? `<mergeCells count="${merges.length}">${merges.map((r) => `<mergeCell ref="${r}"/>`).join('')}</mergeCells>` : '') +
    (p.horizontalCentered ? '<printOptions horizontalCentered="1"/>' : '') +
    (m ? `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` : '') +
    `<pageSetup${attr('paperSize', p.paperSize)}${attr('orientation', p.orientation ?? 'portrait')} horizontalDpi="4294967295" verticalDpi="4294967295" scale="100"${attr('fitToWidth', p.fitToWidth ?? 1)}${attr('fitToHeight', p.fitToHeight ?? 1)}/>` +
    headerFooterXml(o.headerFooter) +
    (sheet.rowBreaks.length > 0 ? `<rowBreaks count="${sheet.rowBreaks.length}" manualBreakCount="${sheet.rowBreaks.length}">${sheet.rowBreaks.map((id) => `<brk id="${id}" max="16838" man="1"/>`).join('')}</rowBreaks>` : '') +
    '</worksheet>'
  );
}

function cellXml(cell: Cell, value: CellValue, styles: StyleTable, strings: StringTable): string {
  const s = styles.id(cell.style, value);
  if (value === null && s === 0) return '';
  const head = `<c r="${cell.address}"${s ? ` s="${s}"` : ''}`;
  if (value === null) return `${head}/>`;
  if (typeof value === 'number') return `${head}><v>${value}</v></c>`;
  if (typeof value === 'string') return `${head} t="s"><v>${strings.id(value)}</v></c>`;
  if (typeof value === 'boolean') return `${head} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) return `${head}><v>${excelDate(value)}</v></c>`;
  if (typeof value === 'object' && 'formula' in value && typeof value.formula === 'string') {
    const f = `<f>${xmlText(value.formula)}</f>`;
    const r: unknown = value.result;
    if (r === undefined || r === null) return `${head}>${f}</c>`;
    if (typeof r === 'string') return `${head} t="str">${f}<v>${xmlText(r)}</v></c>`;
    if (typeof r === 'number') return `${head}>${f}<v>${r}</v></c>`;
  }
  throw new Error(`Excel report: a value of a kind the writer does not know, in cell ${cell.address}`);
}

/** Days since 1899-12-30, as Excel counts them (the 1900 date system). */
const excelDate = (d: Date): number => 25569 + d.getTime() / 86_400_000;

function colsXml(columns: readonly { width?: number | undefined }[]): string {
  const runs: { min: number; max: number; width: number }[] = [];
  columns.forEach((c, i) => {
    const last = runs.at(-1);
    // exceljs leaves out a column of its default width (9), as it does a column never given one.
    if (c.width === undefined || c.width === 9) return;
    if (last && last.max === i && last.width === c.width) last.max = i + 1;
    else runs.push({ min: i + 1, max: i + 1, width: c.width });
  });
  return runs.length > 0 ? `<cols>${runs.map((r) => `<col min="${r.min}" max="${r.max}" width="${r.width}" customWidth="1"/>`).join('')}</cols>` : '';
}

function headerFooterXml(hf: ReportSheetOptions['headerFooter']): string {
  const parts = [hf.oddHeader === undefined ? '' : `<oddHeader>${xmlText(hf.oddHeader)}</oddHeader>`, hf.oddFooter === undefined ? '' : `<oddFooter>${xmlText(hf.oddFooter)}</oddFooter>`].join('');
  return parts === '' ? '' : `<headerFooter>${parts}</headerFooter>`;
}

/** The shared strings, numbered in the order the cells are written; `count` is every use of one. */
class StringTable {
  count = 0;
  private readonly texts = new Table();

  id(text: string): number {
    this.count++;
    return this.texts.id(text);
  }

  xml(): string {
    const items = this.texts.entries().map((t) => `<si><t${/^\s|\n|\s$/.test(t) ? ' xml:space="preserve"' : ''}>${xmlText(t)}</t></si>`);
    return `${XML_DECLARATION}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.texts.size}">${items.join('')}</sst>`;
  }
}

/** Number formats Excel knows by number (ECMA-376 18.8.30): not listed in styles.xml. */
const BUILT_IN_FORMATS: Readonly<Record<string, number>> = {
  General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '0.00E+00': 11, '# ?/?': 12, '# ??/??': 13, 'mm-dd-yy': 14, 'd-mmm-yy': 15, 'd-mmm': 16,
  'mmm-yy': 17, 'h:mm AM/PM': 18, 'h:mm:ss AM/PM': 19, 'h:mm': 20, 'h:mm:ss': 21, 'm/d/yy "h":mm': 22, '#,##0 ;(#,##0)': 37, '#,##0 ;[Red](#,##0)': 38, '#,##0.00 ;(#,##0.00)': 39,
  '#,##0.00 ;[Red](#,##0.00)': 40, 'mm:ss': 45, '[h]:mm:ss': 46, 'mmss.0': 47, '##0.0E+0': 48, '@': 49,
};

const FIRST_CUSTOM_FORMAT = 164;

/**
 * The cell formats (`cellXfs`) and the fonts, fills, borders and number formats they use, each listed once in the
 * order the cells first use it. A style object shared by many cells (xlsx-style.ts `put`) is looked up once.
 */
class StyleTable {
  private readonly fonts = new Table(FONT_DEFAULT);
  private readonly fills = new Table('<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>');
  private readonly borders = new Table('<border><left/><right/><top/><bottom/><diagonal/></border>');
  private readonly xfs = new Table('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>');
  /** The number formats not built in, numbered from 164 (the first id not built in). */
  private readonly formats = new Table();
  private readonly known = new WeakMap<Partial<Style>, number>();

  id(style: Partial<Style>, value: CellValue): number {
    const seen = this.known.get(style);
    if (seen !== undefined) return seen;
    const numFmt = style.numFmt ? this.format(style.numFmt) : value instanceof Date ? 14 : 0;
    const fontId = style.font ? this.fonts.id(fontXml(style.font)) : 0;
    const borderId = style.border ? this.borders.id(borderXml(style.border)) : 0;
    const fillId = style.fill ? this.fills.id(fillXml(style.fill)) : 0;
    const applies = `${numFmt ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}${fillId ? ' applyFill="1"' : ''}${borderId ? ' applyBorder="1"' : ''}${style.alignment ? ' applyAlignment="1"' : ''}`;
    const align = style.alignment ? alignmentXml(style.alignment) : '';
    const head = `<xf numFmtId="${numFmt}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applies}`;
    const id = this.xfs.id(align === '' ? `${head}/>` : `${head}>${align}</xf>`);
    this.known.set(style, id);
    return id;
  }

  xml(): string {
    const formats = this.formats.entries().map((code, i) => `<numFmt numFmtId="${FIRST_CUSTOM_FORMAT + i}" formatCode="${xmlText(code)}"/>`);
    return (
      `${XML_DECLARATION}<styleSheet xmlns="${NS_MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">` +
      (formats.length > 0 ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '') +
      `<fonts count="${this.fonts.size}" x14ac:knownFonts="1">${this.fonts.xml()}</fonts>` +
      `<fills count="${this.fills.size}">${this.fills.xml()}</fills>` +
      `<borders count="${this.borders.size}">${this.borders.xml()}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.size}">${this.xfs.xml()}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext><ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>'
    );
  }

  private format(code: string): number {
    return BUILT_IN_FORMATS[code] ?? FIRST_CUSTOM_FORMAT + this.formats.id(code);
  }
}

/** A list of XML entries, each once, numbered in the order first added. */
class Table {
  private readonly ids = new Map<string, number>();
  constructor(...initial: string[]) {
    initial.forEach((x) => this.id(x));
  }

  get size(): number {
    return this.ids.size;
  }

  id(xml: string): number {
    let id = this.ids.get(xml);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(xml, id);
    }
    return id;
  }

  entries(): string[] {
    return [...this.ids.keys()];
  }

  xml(): string {
    return this.entries().join('');
  }
}

const FONT_DEFAULT = '<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font>';

function fontXml(f: Partial<Font>): string {
  const color = f.color?.argb ? `<color rgb="${f.color.argb}"/>` : '';
  return `<font>${f.bold ? '<b/>' : ''}${f.italic ? '<i/>' : ''}${color}${f.size === undefined ? '' : `<sz val="${f.size}"/>`}${f.name === undefined ? '' : `<name val="${xmlText(f.name)}"/>`}</font>`;
}

function fillXml(f: Fill): string {
  if (f.type !== 'pattern') throw new Error('Excel report: only pattern fills are written');
  const fg = f.fgColor?.argb ? `<fgColor rgb="${f.fgColor.argb}"/>` : '';
  const bg = f.bgColor?.argb ? `<bgColor rgb="${f.bgColor.argb}"/>` : '';
  return `<fill><patternFill patternType="${f.pattern}">${fg}${bg}</patternFill></fill>`;
}

function borderXml(b: Partial<Borders>): string {
  const side = (name: 'left' | 'right' | 'top' | 'bottom'): string => {
    const s = b[name];
    if (!s?.style) return `<${name}/>`;
    return `<${name} style="${s.style}">${s.color?.argb ? `<color rgb="${s.color.argb}"/>` : ''}</${name}>`;
  };
  return `<border>${side('left')}${side('right')}${side('top')}${side('bottom')}<diagonal/></border>`;
}

/** exceljs's names for the vertical alignments, as the file spells them. */
const VERTICAL: Readonly<Record<string, string>> = { top: 'top', middle: 'center', bottom: 'bottom', distributed: 'distributed', justify: 'justify' };

function alignmentXml(a: Partial<Alignment>): string {
  const attrs = `${attr('horizontal', a.horizontal)}${attr('vertical', a.vertical === undefined ? undefined : VERTICAL[a.vertical])}${a.wrapText ? ' wrapText="1"' : ''}`;
  return attrs === '' ? '' : `<alignment${attrs}/>`;
}

/** A relationships part: each [type, target] numbered rId1, rId2… in order. */
const relationships = (...rels: readonly (readonly [string, string])[]): string =>
  `${XML_DECLARATION}<Relationships xmlns="${NS_PACKAGE_RELATIONSHIPS}">${rels.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`;

/** Styles, theme and shared strings first, then the sheets: workbookXml numbers the sheets' ids the same way (`firstSheetRel`). */
function workbookRels(book: Book, strings: boolean): string {
  const fixed: [string, string][] = [[`${NS_RELATIONSHIPS}/styles`, 'styles.xml'], [`${NS_RELATIONSHIPS}/theme`, 'theme/theme1.xml'], ...(strings ? [[`${NS_RELATIONSHIPS}/sharedStrings`, 'sharedStrings.xml'] as [string, string]] : [])];
  return relationships(...fixed, ...book.sheets.map((_, i): [string, string] => [`${NS_RELATIONSHIPS}/worksheet`, `worksheets/sheet${i + 1}.xml`]));
}

/** The relationship number of the first sheet: after styles, theme and (when there are any) the shared strings. */
const firstSheetRel = (strings: boolean): number => (strings ? 4 : 3);

function contentTypes(book: Book, strings: boolean): string {
  const ct = 'application/vnd.openxmlformats-officedocument.';
  const override = (part: string, type: string): string => `<Override PartName="${part}" ContentType="${type}"/>`;
  return (
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    override('/xl/workbook.xml', `${ct}spreadsheetml.sheet.main+xml`) +
    book.sheets.map((_, i) => override(`/xl/worksheets/sheet${i + 1}.xml`, `${ct}spreadsheetml.worksheet+xml`)).join('') +
    override('/xl/theme/theme1.xml', `${ct}theme+xml`) +
    override('/xl/styles.xml', `${ct}spreadsheetml.styles+xml`) +
    (strings ? override('/xl/sharedStrings.xml', `${ct}spreadsheetml.sharedStrings+xml`) : '') +
    `<Default Extension="vml" ContentType="${ct}vmlDrawing"/>` +
    override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
    override('/docProps/app.xml', `${ct}extended-properties+xml`) +
    '</Types>'
  );
}

function workbookXml(book: Book, strings: boolean): string {
  const sheets = book.sheets.map((s, i) => `<sheet sheetId="${i + 1}" name="${xmlText(s.name)}" state="visible" r:id="rId${firstSheetRel(strings) + i}"/>`).join('');
  const titles = book.sheets.flatMap((s, i) => {
    const ranges: string[] = [];
    const cols = s.pageSetup.printTitlesColumn?.split(':');
    const rows = s.pageSetup.printTitlesRow?.split(':');
    if (cols) ranges.push(`'${s.name}'!$${cols[0]}:$${cols[1]}`);
    if (rows) ranges.push(`'${s.name}'!$${rows[0]}:$${rows[1]}`);
    return ranges.length > 0 ? [`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(ranges.join(','))}</definedName>`] : [];
  });
  return (
    `${XML_DECLARATION}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_RELATIONSHIPS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">` +
    '<fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/>' +
    `<sheets>${sheets}</sheets>` +
    (titles.length > 0 ? `<definedNames>${titles.join('')}</definedNames>` : '') +
    '<calcPr calcId="171027"/></workbook>'
  );
}

function appXml(book: Book): string {
  const n = book.sheets.length;
  return (
    `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${book.sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    '<Company></Company><Manager></Manager><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>'
  );
}

function coreXml(book: Book): string {
  return (
    `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:creator>baocao</dc:creator><dc:title>${xmlText(book.title)}</dc:title><dc:subject></dc:subject><dc:description></dc:description><cp:keywords></cp:keywords><cp:category></cp:category><cp:lastModifiedBy>baocao</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${book.stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${book.stamp}</dcterms:modified></cp:coreProperties>`
  );
}

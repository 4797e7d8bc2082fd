import { readPart, writePart, type ZipParts } from '../../common/zip-parts.ts';
import { drawingXml, escapeXml, type CellCorner } from './drawingml.ts';
import { NS_PACKAGE_RELATIONSHIPS, NS_RELATIONSHIPS, XML_DECLARATION } from '../../common/ooxml.ts';

/** A chart to place on a sheet: its `c:chartSpace` part and where it sits (zero-based cell corners). */
export interface PlacedChart {
  readonly name: string;
  readonly xml: string;
  readonly from: CellCorner;
  readonly to: CellCorner;
}

const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const RELS_HEAD = `${XML_DECLARATION}<Relationships xmlns="${NS_PACKAGE_RELATIONSHIPS}">`;

/**
 * Adds native charts to one sheet of a workbook's parts, before they are zipped: the chart parts
 * (`xl/charts/chartN.xml`), a drawing for the sheet (`xl/drawings/drawingN.xml`) with its relationships, the sheet's
 * `<drawing r:id>` and relationship, and the content types. Numbers are taken after any drawing or chart already
 * there. The report's writer (report/xlsx/_writer.ts), like exceljs, writes no charts. Throws on a workbook without
 * that sheet, or whose sheet already has a drawing (a bug of ours, not bad input).
 */
export function addChartsToParts(parts: ZipParts, sheetName: string, charts: readonly PlacedChart[]): void {
  if (charts.length === 0) return;
  const sheetPath = sheetPartOf(parts, sheetName);
  const drawingNo = nextNumber(parts, /^xl\/drawings\/drawing(\d+)\.xml$/);
  const firstChart = nextNumber(parts, /^xl\/charts\/chart(\d+)\.xml$/);
  const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
  const chartPaths = charts.map((_, i) => `xl/charts/chart${firstChart + i}.xml`);

  charts.forEach((c, i) => writePart(parts, chartPaths[i] ?? '', c.xml));
  writePart(parts, drawingPath, drawingXml(charts.map((c, i) => ({ from: c.from, to: c.to, name: c.name, relId: `rId${i + 1}` }))));
  writePart(
    parts,
    `xl/drawings/_rels/drawing${drawingNo}.xml.rels`,
    `${RELS_HEAD}${chartPaths.map((p, i) => `<Relationship Id="rId${i + 1}" Type="${REL_CHART}" Target="../charts/${p.slice('xl/charts/'.length)}"/>`).join('')}</Relationships>`,
  );

  const relsPath = sheetPath.replace(/^(.*\/)([^/]+)$/, '$1_rels/$2.rels');
  const rels = readPart(parts, relsPath) ?? `${RELS_HEAD}</Relationships>`;
  const used = [...rels.matchAll(/\sId="rId(\d+)"/g)].map((m) => Number(m[1]));
  const relId = `rId${Math.max(0, ...used) + 1}`;
  writePart(parts, relsPath, rels.replace('</Relationships>', `<Relationship Id="${relId}" Type="${REL_DRAWING}" Target="../drawings/drawing${drawingNo}.xml"/></Relationships>`));

  const sheet = readPart(parts, sheetPath) ?? '';
  if (/<drawing\b/.test(sheet)) throw new Error(`addChartsToParts: sheet ${sheetName} already has a drawing`);
  writePart(parts, sheetPath, insertDrawing(sheet, `<drawing xmlns:r="${NS_RELATIONSHIPS}" r:id="${relId}"/>`));

  const types = readPart(parts, '[Content_Types].xml') ?? '';
  const overrides = [`<Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/>`, ...chartPaths.map((p) => `<Override PartName="/${p}" ContentType="${CT_CHART}"/>`)];
  writePart(parts, '[Content_Types].xml', types.replace('</Types>', `${overrides.join('')}</Types>`));
}

// --- internal ---

/** The worksheet part of a sheet, through xl/workbook.xml and its relationships. */
function sheetPartOf(parts: ZipParts, sheetName: string): string {
  const workbook = readPart(parts, 'xl/workbook.xml') ?? '';
  const sheetTag = [...workbook.matchAll(/<sheet\b[^>]*\/>/g)].map((m) => m[0]).find((tag) => tag.includes(`name="${escapeXml(sheetName)}"`));
  const relId = sheetTag ? /\sr:id="([^"]+)"/.exec(sheetTag)?.[1] : undefined;
  const rels = readPart(parts, 'xl/_rels/workbook.xml.rels') ?? '';
  const rel = [...rels.matchAll(/<Relationship\b[^>]*\/>/g)].map((m) => m[0]).find((tag) => tag.includes(`Id="${relId}"`));
  const target = rel ? /\sTarget="([^"]+)"/.exec(rel)?.[1] : undefined;
  if (relId === undefined || target === undefined) throw new Error(`addChartsToParts: no sheet named ${sheetName}`);
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  if (!(path in parts)) throw new Error(`addChartsToParts: sheet part ${path} is missing`);
  return path;
}

function nextNumber(parts: ZipParts, pattern: RegExp): number {
  const used = Object.keys(parts).flatMap((name) => {
    const m = pattern.exec(name);
    return m ? [Number(m[1])] : [];
  });
  return Math.max(0, ...used) + 1;
}

/** CT_Worksheet: `drawing` comes after the page setup, header/footer and breaks, and before these. */
const AFTER_DRAWING = ['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

function insertDrawing(sheet: string, tag: string): string {
  let at = sheet.lastIndexOf('</worksheet>');
  for (const name of AFTER_DRAWING) {
    const i = sheet.search(new RegExp(`<${name}[\\s/>]`));
    if (i >= 0 && i < at) at = i;
  }
  if (at < 0) throw new Error('addChartsToParts: not a worksheet');
  return sheet.slice(0, at) + tag + sheet.slice(at);
}

import type { ChartModel } from './chart-model.ts';
import { NS_RELATIONSHIPS, XML_DECLARATION } from '../../common/ooxml.ts';

/**
 * DrawingML for a native Excel chart (ECMA-376 Part 1, §21.2: `c:chartSpace`), written as text: exceljs writes
 * no charts. Every series takes its name, categories and values from cells (`c:f`), and carries the values as
 * a cache (`c:strCache`, `c:numCache`) for viewers that do not recalculate. Elements follow the schema's order
 * (CT_ChartSpace, CT_PlotArea, CT_BarSer, CT_LineSer, CT_CatAx, CT_ValAx), which Excel insists on.
 * Fonts are Times New Roman, texts Vietnamese.
 */

/** Where a chart's data lives: absolute references with the sheet name ('Bieu do'!$B$30:$B$41). */
export interface ChartRefs {
  readonly categories: string;
  readonly seriesNames: readonly string[];
  readonly seriesValues: readonly string[];
}

/** Colours of the series in order (bars and lines), and of the reference lines: shared with the pictures of the Word report. */
export const SERIES_COLOURS = ['2E75B6', 'C55A11', '548235', '7030A0', 'BF9000'] as const;
export const REFERENCE_COLOUR = 'C00000';
export const CHART_FONT = 'Times New Roman';

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const CAT_AX = 500100;
const VAL_AX = 500200;

export function chartSpaceXml(chart: ChartModel, refs: ChartRefs): string {
  const bars = chart.series.flatMap((s, i) => (s.type === 'bar' ? [serXml(chart, refs, i)] : []));
  const lines = chart.series.flatMap((s, i) => (s.type === 'line' ? [serXml(chart, refs, i)] : []));
  const axes = `<c:axId val="${CAT_AX}"/><c:axId val="${VAL_AX}"/>`;
  const barChart =
    bars.length === 0 ? ''
    : `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${bars.join('')}<c:gapWidth val="60"/>${bars.length > 1 ? '<c:overlap val="-10"/>' : ''}${axes}</c:barChart>`;
  const lineChart = lines.length === 0 ? '' : `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${lines.join('')}<c:marker val="1"/>${axes}</c:lineChart>`;
  const valueFormat = chart.format === 'percent' ? '0"%"' : '#,##0';
  const scaling = chart.format === 'percent' ? '<c:scaling><c:orientation val="minMax"/><c:max val="100"/><c:min val="0"/></c:scaling>' : '<c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>';
  return (
    XML_DECLARATION +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_RELATIONSHIPS}">` +
    '<c:date1904 val="0"/><c:lang val="vi-VN"/><c:roundedCorners val="0"/>' +
    '<c:chart>' +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>${para(chart.title, { size: 1300, bold: true })}${para(chart.subtitle, { size: 1100, italic: true })}</c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/>' +
    `<c:plotArea><c:layout/>${barChart}${lineChart}` +
    `<c:catAx><c:axId val="${CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>` +
    `${axisTitle(chart.categoryAxis, false)}<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${LINE_GREY}${textProps(1000, false, chart.categories.length > 12 ? -2700000 : 0)}<c:crossAx val="${VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${VAL_AX}"/>${scaling}<c:delete val="0"/><c:axPos val="l"/>` +
    `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>` +
    `${axisTitle(chart.valueAxis, true)}<c:numFmt formatCode="${escapeXml(valueFormat)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `${LINE_GREY}${textProps(1000, false)}<c:crossAx val="${CAT_AX}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea>' +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/>${textProps(1000, false)}</c:legend>` +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart>' +
    '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>' +
    textProps(1000, false) +
    '<c:printSettings><c:headerFooter/><c:pageMargins b="0.75" l="0.7" r="0.7" t="0.75" header="0.3" footer="0.3"/><c:pageSetup paperSize="9" orientation="landscape"/></c:printSettings>' +
    '</c:chartSpace>'
  );
}

/** The drawing part of a sheet: one two-cell anchor per chart (zero-based columns and rows), each pointing at its chart by relationship id. */
export function drawingXml(anchors: readonly { readonly from: CellCorner; readonly to: CellCorner; readonly relId: string; readonly name: string }[]): string {
  const body = anchors
    .map(
      (a, i) =>
        '<xdr:twoCellAnchor editAs="oneCell">' +
        `<xdr:from>${corner(a.from)}</xdr:from><xdr:to>${corner(a.to)}</xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeXml(a.name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
        `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${a.relId}"/></a:graphicData></a:graphic>` +
        '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>',
    )
    .join('');
  return (
    XML_DECLARATION +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="${NS_A}" xmlns:r="${NS_RELATIONSHIPS}">${body}</xdr:wsDr>`
  );
}

/** A zero-based cell corner of an anchor. */
export interface CellCorner {
  readonly col: number;
  readonly row: number;
}

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// --- internal ---

const LINE_GREY = '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="808080"/></a:solidFill></a:ln></c:spPr>';

const corner = (c: CellCorner): string => `<xdr:col>${c.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${c.row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;

const font = `<a:latin typeface="${CHART_FONT}"/><a:ea typeface="${CHART_FONT}"/><a:cs typeface="${CHART_FONT}"/>`;

function runProps(tag: 'a:defRPr' | 'a:rPr', o: { size: number; bold?: boolean; italic?: boolean }): string {
  const lang = tag === 'a:rPr' ? ' lang="vi-VN"' : '';
  return `<${tag}${lang} sz="${o.size}" b="${o.bold ? 1 : 0}" i="${o.italic ? 1 : 0}"><a:solidFill><a:srgbClr val="262626"/></a:solidFill>${font}</${tag}>`;
}

function para(text: string, o: { size: number; bold?: boolean; italic?: boolean }): string {
  return `<a:p><a:pPr>${runProps('a:defRPr', o)}</a:pPr><a:r>${runProps('a:rPr', o)}<a:t>${escapeXml(text)}</a:t></a:r></a:p>`;
}

function textProps(size: number, bold: boolean, rot = 0): string {
  const rotation = rot === 0 ? '' : ` rot="${rot}" vert="horz"`;
  return `<c:txPr><a:bodyPr${rotation}/><a:lstStyle/><a:p><a:pPr>${runProps('a:defRPr', { size, bold })}</a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr>`;
}

function axisTitle(text: string, vertical: boolean): string {
  const body = vertical ? '<a:bodyPr rot="-5400000" vert="horz"/>' : '<a:bodyPr/>';
  return `<c:title><c:tx><c:rich>${body}<a:lstStyle/>${para(text, { size: 1000, bold: true })}</c:rich></c:tx><c:overlay val="0"/></c:title>`;
}

function serXml(chart: ChartModel, refs: ChartRefs, i: number): string {
  const s = chart.series[i];
  if (!s) return '';
  const colour = s.reference ? REFERENCE_COLOUR : (SERIES_COLOURS[i % SERIES_COLOURS.length] ?? '2E75B6');
  const name = `<c:tx><c:strRef><c:f>${escapeXml(refs.seriesNames[i] ?? '')}</c:f>${strCache([s.name])}</c:strRef></c:tx>`;
  const cat = `<c:cat><c:strRef><c:f>${escapeXml(refs.categories)}</c:f>${strCache(chart.categories)}</c:strRef></c:cat>`;
  const formatCode = chart.format === 'percent' ? '0.0' : '#,##0';
  const val = `<c:val><c:numRef><c:f>${escapeXml(refs.seriesValues[i] ?? '')}</c:f>${numCache(s.values, formatCode)}</c:numRef></c:val>`;
  const head = `<c:idx val="${i}"/><c:order val="${i}"/>${name}`;
  if (s.type === 'bar') {
    return `<c:ser>${head}<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>${cat}${val}</c:ser>`;
  }
  const dash = s.reference ? '<a:prstDash val="dash"/>' : '';
  const line = `<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill>${dash}<a:round/></a:ln></c:spPr>`;
  const marker = s.reference
    ? '<c:marker><c:symbol val="none"/></c:marker>'
    : `<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></a:ln></c:spPr></c:marker>`;
  return `<c:ser>${head}${line}${marker}${cat}${val}<c:smooth val="0"/></c:ser>`;
}

function strCache(values: readonly string[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, k) => `<c:pt idx="${k}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
}

function numCache(values: readonly (number | null)[], formatCode: string): string {
  const points = values.flatMap((v, k) => (v === null ? [] : [`<c:pt idx="${k}"><c:v>${v}</c:v></c:pt>`]));
  return `<c:numCache><c:formatCode>${escapeXml(formatCode)}</c:formatCode><c:ptCount val="${values.length}"/>${points.join('')}</c:numCache>`;
}

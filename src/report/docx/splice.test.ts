import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import * as d from 'docx';
import type { ReportModel } from '../../aggregate/report-model.ts';
import { DEFAULT_AUDIENCES } from '../../domain/config-schema.ts';
import { makePeriod } from '../../domain/period.ts';
import { analyseParsed } from '../../inbox/analyse-inbox.ts';
import { readInputs, type ParsedInput } from '../../inbox/read-inputs.ts';
import { scanInputs } from '../../inbox/scan-inputs.ts';
import { resolveConfig } from '../../load/load-config.ts';
import { loadCriteria } from '../../load/load-criteria.ts';
import { loadForms } from '../../load/load-forms.ts';
import { loadDefaultPlan } from '../../load/load-plan.ts';
import { loadDefaultUnits } from '../../load/load-units.ts';
import { loadReportTemplates } from '../../load/templates.ts';
import { loadChartSetup } from '../../load/load-charts.ts';
import { compileReportText, precompileReportText } from '../report-text.ts';
import { sampleReportModel } from '../../../test/support/sample-model.ts';
import type { ChartSetup } from '../../domain/chart-schema.ts';
import { inTree, spliced, xmlOf } from './_splice.ts';
import { line } from './_style.ts';
import { renderDocxReport, renderWith, reportDocument, type DocxReportOptions } from './docx-report.ts';
import { pinZipTimestamps } from '../../common/zip-directory.ts';
import { zipParts } from '../../common/zip-parts.ts';
import { docxParts } from './_pack.ts';

/**
 * The Word report writes its large parts (ward tables, the assessment) apart from docx's tree and splices their XML
 * in (memory, issue 18). The bytes must be exactly those docx writes with everything in its tree: for the bundled
 * year (with the charts and the assessment), a month, a district split into three ward tables with names that
 * need escaping (the cells written from a stand-in text must escape as docx does).
 */

const FIXTURES = fileURLToPath(new URL('../../../fixtures/2021/', import.meta.url));
const forms = loadForms();
const config = resolveConfig({}, null, process.cwd());
const text = compileReportText(loadReportTemplates());
const NO_CHARTS: ChartSetup = { definitions: [], fontFiles: [] };
const options = (to: 'district' | 'city', charts = NO_CHARTS): DocxReportOptions => ({ to, audience: DEFAULT_AUDIENCES[to], place: 'Ba Đình', text, charts });

let parsed: readonly ParsedInput[] = [];
beforeAll(async () => {
  parsed = await readInputs(scanInputs([FIXTURES], process.cwd()), { forms, units: loadDefaultUnits(), maxUnpackedMb: config.maxUnpackedMb, maxListRows: config.maxListRows, workers: 0 });
});
const modelOf = (period: ReturnType<typeof makePeriod>): ReportModel =>
  analyseParsed(parsed, { period, config, forms, units: loadDefaultUnits(), plan: loadDefaultPlan(), criteria: period.type === 'year' ? loadCriteria(null, forms) : null }).model;

const documentXml = (bytes: Buffer): string => strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!);

async function expectSameBytes(model: ReportModel, to: 'district' | 'city', charts = NO_CHARTS): Promise<string> {
  const reference = await renderWith(d, model, options(to, charts), inTree());
  const mine = await renderWith(d, model, options(to, charts), spliced(d));
  // The XML first (a readable difference), then every byte of the file.
  expect(documentXml(mine)).toBe(documentXml(reference));
  expect(mine.equals(reference)).toBe(true);
  return documentXml(mine);
}

describe('the spliced Word report is byte for byte the one docx writes from one tree', () => {
  it('the bundled year 2021, both audiences, with charts and the assessment (ranked table, points table, reasons)', async () => {
    const year = modelOf(makePeriod('year', 2021, 1));
    expect(year.assessment?.wards).toHaveLength(14);
    for (const to of ['district', 'city'] as const) {
      const xml = await expectSameBytes(year, to, loadChartSetup());
      // The parts are there (and no placeholder is left).
      expect(xml).toContain('Điểm đánh giá, xếp loại phường theo từng tiêu chí năm 2021');
      expect(xml).toContain('Toàn quận</w:t>');
      expect(xml).not.toContain('baocao-splice');
    }
    // What compile writes is the spliced one.
    expect((await renderDocxReport(year, options('city'))).equals(await renderWith(d, year, options('city'), inTree()))).toBe(true);
    // With the templates the build precompiles (report-text.ts), the same report.
    const precompiled = { ...options('district'), text: compileReportText(loadReportTemplates(), precompileReportText(loadReportTemplates())) };
    expect((await renderDocxReport(year, precompiled)).equals(await renderDocxReport(year, options('district')))).toBe(true);
  });

  it('zipped once from the parts docx\'s compiler gives, it is the file docx\'s Packer writes (charts included)', async () => {
    const year = modelOf(makePeriod('year', 2021, 1));
    const { doc, overrides } = await reportDocument(d, year, options('district', loadChartSetup()), inTree());
    const packer = pinZipTimestamps(await d.Packer.toBuffer(doc, false, overrides));
    const mine = await renderWith(d, year, options('district', loadChartSetup()), inTree());
    expect(Object.keys(unzipSync(new Uint8Array(mine)))).toContain('word/media/image1.png');
    expect(mine.equals(packer)).toBe(true);
    // A docx release without the compiler: the parts come from the Packer's own zip, and the report is the same.
    const noCompiler = { ...d, Packer: { toBuffer: d.Packer.toBuffer.bind(d.Packer) } } as unknown as typeof d;
    const viaPacker = await docxParts(noCompiler, doc, overrides);
    const viaCompiler = await docxParts(d, doc, overrides);
    expect(Object.keys(viaPacker)).toEqual(Object.keys(viaCompiler));
    expect(zipParts(viaPacker).equals(packer)).toBe(true);
  });

  it('a month of the bundled year (no assessment: only the ward table is spliced)', async () => {
    await expectSameBytes(modelOf(makePeriod('month', 2021, 3)), 'district');
  });

  it('a district of 40 wards (three annex tables) whose names need escaping', async () => {
    const base = sampleReportModel('2021-03');
    const ward = base.units.find((u) => u.kind === 'ward')!;
    const many = Array.from({ length: 40 }, (_, i) => ({ ...ward, code: `W${String(i).padStart(3, '0')}`, name: `Phường "Thử" <${i}> & 'co'\u0001` }));
    const model: ReportModel = { ...base, units: [...many, ...base.units.filter((u) => u.kind !== 'ward')] };
    const xml = await expectSameBytes(model, 'city');
    expect(xml.match(/Toàn quận<\/w:t>/g)).toHaveLength(1);
    expect(xml).toContain('&quot;Thử&quot; &lt;39&gt; &amp; &apos;co&apos;');
  });
});

describe('xmlOf', () => {
  it('writes a component as docx writes it inside a document', async () => {
    const p = line(d, 'Tỷ lệ < 80% & "đạt"', { bold: true, size: 24, align: 'left' });
    const doc = new d.Document({ sections: [{ children: [p] }] });
    const bytes = await d.Packer.toBuffer(doc);
    const body = documentXml(bytes);
    expect(body).toContain(xmlOf(p));
    expect(xmlOf(p)).toBe('<w:p><w:pPr><w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr><w:t xml:space="preserve">Tỷ lệ &lt; 80% &amp; &quot;đạt&quot;</w:t></w:r></w:p>');
  });
});

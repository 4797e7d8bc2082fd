import { strToU8, zipSync } from 'fflate';
import { makeCfb, makeDocx, makeEncrypted, makeOds, makeXls, makeZipBomb } from '../../tools/fixtures/_bad-bytes.ts';

/**
 * Files a clerk might send instead of an .xlsx, built in memory for the sniffer and read-edge tests:
 * CFB containers (.xls, password-protected .xlsx), other zips (.ods, .docx, .pptx), a zip bomb. The shapes
 * themselves live in tools/fixtures/_bad-bytes.ts, which the bad-input corpus generator also uses (from .build/).
 */
export { makeCfb, makeDocx, makeOds, makeZipBomb };

/** An Excel 97-2003 workbook's container. */
export const makeXlsCfb = makeXls;
/** A password-protected .xlsx (ECMA-376 encryption container). */
export const makeEncryptedCfb = makeEncrypted;

/** A zip of text entries (fflate, deflated). */
export const makeZip = (entries: Readonly<Record<string, string>>): Buffer =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([n, t]) => [n, strToU8(t)]))));

export const makePptx = (): Buffer => makeZip({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p:presentation/>' });

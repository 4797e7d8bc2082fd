import type { Config } from '../domain/config-schema.ts';
import { UsageError } from '../common/usage-error.ts';
import type { FormSet } from '../load/load-forms.ts';
import { readInput } from '../inbox/read-inputs.ts';
import type { InputFile } from '../inbox/scan-inputs.ts';
import type { FormRecord } from '../domain/form-record.ts';
import type { UnitRegistry } from '../domain/units.ts';

export interface ReadPoliceListsOptions {
  /** Every input scanned (display path → absolute path). */
  readonly files: readonly InputFile[];
  /** The police forms the period uses (summary.units[CA].files: display paths). */
  readonly used: readonly string[];
  /** What the analysis read (display path, sha256): a file changed since is not trusted. */
  readonly analysed: readonly { readonly file: string; readonly sha256: string }[];
  readonly forms: FormSet;
  readonly units: UnitRegistry;
  readonly config: Pick<Config, 'maxUnpackedMb' | 'maxListRows'>;
}

/**
 * Re-reads exactly the police forms a period uses, this time with the personal columns (the only caller of
 * readInput with `withPersonalData: true`). Nothing else is read with names, and the records live only as long
 * as the command. A file that changed since the analysis (its sha256 differs) stops the run: the list must
 * describe the forms that were validated. Issues are not kept: the analysis already judged these files.
 */
export async function readPoliceLists(o: ReadPoliceListsOptions): Promise<FormRecord[]> {
  const byDisplay = new Map(o.files.map((f) => [f.display, f]));
  const shaOf = new Map(o.analysed.map((a) => [a.file, a.sha256]));
  const records: FormRecord[] = [];
  for (const display of o.used) {
    const input = byDisplay.get(display);
    if (!input) throw new Error(`readPoliceLists: ${display} is not among the scanned inputs`);
    const parsed = await readInput(input, {
      forms: o.forms,
      units: o.units,
      maxUnpackedMb: o.config.maxUnpackedMb,
      maxListRows: o.config.maxListRows,
      withPersonalData: true,
    });
    if (parsed.sha256 === null || parsed.sha256 !== shaOf.get(display) || parsed.record === null) {
      throw new UsageError('INPUT_CHANGED', `Tệp ${display} vừa thay đổi trong lúc chạy lệnh. Không ghi danh sách; chạy lại lệnh khi tệp đã chép xong.`);
    }
    records.push(parsed.record);
  }
  return records;
}

/**
 * Test support for the office check of `baocao forms`: a python script that reads every blank form in a folder
 * with openpyxl (an independent reader) and prints the facts the test asserts, as JSON.
 */

/** What OPENPYXL_FACTS prints for each workbook of a folder (keyed by file name). */
export interface FileFacts {
  sheets: string[];
  states: string[];
  active: string;
  header: (string | null)[];
  headerLocked: boolean[];
  codes: string[];
  protected: Record<string, boolean>;
  lockedInputs: string[];
  stamp: string;
  names: Record<string, string>;
  validations: { sheet: string; type: string; formula1: string | null; sqref: string }[];
  listHeaders: Record<string, string[]>;
  listColumnsUnlocked: Record<string, boolean[]>;
}

/** Facts about every workbook in a folder, read by openpyxl (an independent reader), as JSON. */
export const OPENPYXL_FACTS = String.raw`
import json, os, re, sys
import openpyxl
from openpyxl.utils import get_column_letter
folder = sys.argv[1]
out = {}
for name in sorted(os.listdir(folder)):
    if not name.endswith('.xlsx'):
        continue
    wb = openpyxl.load_workbook(os.path.join(folder, name))
    ws = wb['BaoCao']
    codes, locked_inputs = [], []
    for r in range(9, ws.max_row + 1):
        b = ws.cell(r, 2).value
        if isinstance(b, str) and re.fullmatch(r'[A-Z]{2}\d{2}', b):
            codes.append(b)
            for c in 'EFG':
                if ws[c + str(r)].protection.locked:
                    locked_inputs.append(c + str(r))
    text_rows = [r for r in range(9, ws.max_row + 1) if ws.cell(r, 1).value in ('Đánh giá chung', 'Khó khăn, vướng mắc', 'Đề xuất, kiến nghị', 'Phương hướng kỳ tới')]
    locked_inputs += ['B' + str(r) for r in text_rows if ws.cell(r, 2).protection.locked]
    if len(text_rows) != 4:
        locked_inputs.append('text rows missing')
    validations, list_headers, list_unlocked, protected = [], {}, {}, {}
    for sheet in wb.worksheets:
        if sheet.title in ('HuongDan', 'DanhMuc'):
            continue
        protected[sheet.title] = bool(sheet.protection.sheet)
        for dv in sheet.data_validations.dataValidation:
            validations.append({'sheet': sheet.title, 'type': dv.type, 'formula1': dv.formula1, 'sqref': str(dv.sqref)})
        if sheet.title != 'BaoCao':
            headers = [c.value for c in sheet[1] if c.value is not None]
            list_headers[sheet.title] = headers
            list_unlocked[sheet.title] = [not sheet.column_dimensions[get_column_letter(i + 1)].protection.locked for i in range(len(headers))]
    out[name] = {
        'sheets': wb.sheetnames,
        'states': [s.sheet_state for s in wb.worksheets],
        'active': wb.active.title,
        'header': [ws.cell(r, 2).value for r in range(1, 7)],
        'headerLocked': [bool(ws.cell(r, 2).protection.locked) for r in range(1, 7)],
        'codes': codes,
        'protected': protected,
        'lockedInputs': locked_inputs,
        'stamp': wb['DanhMuc']['A1'].value,
        'names': {d.name: d.attr_text for d in wb.defined_names.definedName if not d.name.startswith('_xlnm')},
        'validations': validations,
        'listHeaders': list_headers,
        'listColumnsUnlocked': list_unlocked,
    }
print(json.dumps(out, ensure_ascii=False))
`;

import type { DataValidation, Workbook, Worksheet } from 'exceljs';
import type { Form, ListColumn, ListDef } from '../domain/form-schema.ts';
import { LIST_FIRST_ROW, LIST_HEADER_ROW, META_SHEET, STAMP_CELL, formatStamp } from '../domain/form-layout.ts';
import type { Unit } from '../domain/units.ts';
import {
  BOLD, BORDER, CENTER, DATE_FORMAT, FONT, HEADER_FILL, LINE_HEIGHT, NUMBER_FORMAT, TEXT_FORMAT,
  PAGE_FOOTER, a4Setup, addRangeValidation, styleCell,
} from './_sheet-style.ts';

/**
 * Last row of a list sheet that carries data validation. Rows below stay unlocked and are still read
 * (the whole column is unlocked); 1000 covers a district's month many times over.
 */
export const LIST_VALIDATED_ROWS = 1000;

/** Defined name of the wards' dropdown list. */
export const WARD_LIST_NAME = 'DM_Phuong';

/** Defined name of a `choice` column's dropdown list, e.g. `DM_DanhSach_behaviour`. */
export const choiceListName = (list: ListDef, column: ListColumn): string =>
  `DM_${list.sheet.replace(/[^A-Za-z0-9_]/g, '_')}_${column.key}`;

/**
 * Adds the very hidden `DanhMuc` sheet: the form's stamp in A1, then one dropdown list per column from B
 * (the wards first, then every `choice` column of every list), each behind a defined name. List validations
 * refer to these names, never to inline lists (Excel's 255-character limit, libraries.md §1.3).
 */
export function addMetaSheet(wb: Workbook, form: Form, wards: readonly Unit[]): void {
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  ws.getCell(STAMP_CELL).value = formatStamp(form.id, form.revision);
  const lists: { name: string; values: readonly string[] }[] = [
    { name: WARD_LIST_NAME, values: wards.map((w) => w.name) },
    ...form.lists.flatMap((list) =>
      list.columns.filter((c) => c.type === 'choice').map((c) => ({ name: choiceListName(list, c), values: c.choices ?? [] })),
    ),
  ];
  lists.forEach((entry, i) => {
    const col = i + 2;
    entry.values.forEach((v, r) => (ws.getCell(r + 1, col).value = v));
    const letter = ws.getColumn(col).letter;
    // An empty list still needs a valid range for its name.
    wb.definedNames.add(`${META_SHEET}!$${letter}$1:$${letter}$${Math.max(1, entry.values.length)}`, entry.name);
  });
}

/** Adds one list sheet (`DanhSach`, `CoSo`): header row from the definition, unlocked input columns, validations. */
export function addListSheet(wb: Workbook, list: ListDef): Worksheet {
  const ws = wb.addWorksheet(list.sheet, {
    views: [{ state: 'frozen', ySplit: LIST_HEADER_ROW, activeCell: `A${LIST_FIRST_ROW}` }],
    pageSetup: { ...a4Setup('landscape'), printTitlesRow: `${LIST_HEADER_ROW}:${LIST_HEADER_ROW}` },
    headerFooter: { oddHeader: `&C&"Times New Roman,Bold"&12${list.title.replace(/&/g, '&&')}`, oddFooter: PAGE_FOOTER },
  });
  list.columns.forEach((def, i) => {
    const column = ws.getColumn(i + 1);
    column.width = def.width;
    // Column style: every row of the column, however far the clerk types, is unlocked and formatted.
    column.font = FONT;
    column.protection = { locked: false };
    const fmt = FORMAT_OF[def.type];
    if (fmt) column.numFmt = fmt;
    const header = ws.getCell(LIST_HEADER_ROW, i + 1);
    header.value = def.header;
    styleCell(header, { font: BOLD, alignment: CENTER, border: BORDER, fill: HEADER_FILL });
    const validation = validationFor(list, def);
    if (validation) {
      const range = `${column.letter}${LIST_FIRST_ROW}:${column.letter}${LIST_VALIDATED_ROWS}`;
      // Excel caps an error title at 32 characters (and the message at 255; ours are far shorter).
      addRangeValidation(ws, range, { ...validation, allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: def.header.slice(0, 32) });
    }
  });
  ws.getRow(LIST_HEADER_ROW).height = 2 * LINE_HEIGHT;
  return ws;
}

// --- internal ---

const FORMAT_OF: Record<ListColumn['type'], string | null> = {
  integer: '0',
  year: '0',
  money: NUMBER_FORMAT,
  date: DATE_FORMAT,
  text: TEXT_FORMAT,
  ward: null,
  choice: null,
};

type Rule = Pick<DataValidation, 'type' | 'operator' | 'formulae' | 'error'>;

function validationFor(list: ListDef, def: ListColumn): Rule | null {
  switch (def.type) {
    case 'integer':
      return { type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], error: 'Ghi số nguyên không âm.' };
    case 'money':
      return { type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], error: 'Ghi số tiền bằng đồng, số nguyên không âm, không dùng dấu chấm, dấu phẩy.' };
    case 'year':
      return { type: 'whole', operator: 'between', formulae: [1900, 2100], error: 'Ghi năm gồm 4 chữ số, ví dụ 1990.' };
    case 'date':
      return { type: 'date', operator: 'greaterThanOrEqual', formulae: [new Date(Date.UTC(2000, 0, 1))], error: 'Ghi ngày dạng dd/mm/yyyy, ví dụ 05/03/2021.' };
    case 'ward':
      return { type: 'list', formulae: [WARD_LIST_NAME], error: 'Chọn tên phường từ danh sách thả xuống.' };
    case 'choice':
      return { type: 'list', formulae: [choiceListName(list, def)], error: 'Chọn một giá trị từ danh sách thả xuống.' };
    case 'text':
      return null;
  }
}

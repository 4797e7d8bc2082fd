/**
 * The cell layout shared by all three forms (spec/forms.md, "Layout shared by all three forms").
 * The blank-form writer and the reader both take positions from here, never from literals.
 */

/** Header block: label in column A, value in column B. */
export const HEADER = {
  form: { row: 1, label: 'Biểu mẫu' },
  unitName: { row: 2, label: 'Đơn vị báo cáo' },
  unitCode: { row: 3, label: 'Mã đơn vị' },
  period: { row: 4, label: 'Kỳ báo cáo' },
  signedOn: { row: 5, label: 'Ngày báo cáo' },
  preparer: { row: 6, label: 'Người lập biểu' },
} as const;
export type HeaderField = keyof typeof HEADER;

/** Row 8 holds the table header; indicator and section rows start at row 9. */
export const TABLE_HEADER_ROW = 8;
export const FIRST_TABLE_ROW = 9;
export const TABLE_COLUMNS = ['STT', 'Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Kỳ báo cáo', 'Lũy kế từ đầu năm', 'Ghi chú'] as const;

/** Columns of the indicator table (1-based, as exceljs counts). */
export const COL = { stt: 1, code: 2, label: 3, unit: 4, value: 5, yearToDate: 6, note: 7 } as const;
export const COL_LETTER = { stt: 'A', code: 'B', label: 'C', unit: 'D', value: 'E', yearToDate: 'F', note: 'G' } as const;

/** Free-text rows below the table: column A holds the label, column B (B:G may be merged) the text. */
export const TEXT_ROWS = {
  assessment: 'Đánh giá chung',
  difficulties: 'Khó khăn, vướng mắc',
  proposals: 'Đề xuất, kiến nghị',
  nextSteps: 'Phương hướng kỳ tới',
} as const;
export type TextKey = keyof typeof TEXT_ROWS;

/** List sheets: header in row 1, one record a row from row 2. */
export const LIST_HEADER_ROW = 1;
export const LIST_FIRST_ROW = 2;

/**
 * The very hidden sheet of every blank form: A1 holds the stamp, the dropdown lists stand in
 * the columns after it behind defined names.
 */
export const META_SHEET = 'DanhMuc';
export const STAMP_CELL = 'A1';
/** Stamp text: `baocao:<form id>:<revision>`, e.g. `baocao:PCMD-01:2021.1`. */
export const STAMP_PREFIX = 'baocao:';
export const formatStamp = (formId: string, revision: string): string => `${STAMP_PREFIX}${formId}:${revision}`;
export const parseStamp = (text: string): { formId: string; revision: string } | null => {
  const m = /^baocao:([A-Z0-9-]+):(\S+)$/.exec(text.trim());
  return m && m[1] && m[2] ? { formId: m[1], revision: m[2] } : null;
};

/** Sheet of instructions that stands before `BaoCao` in the blank forms. */
export const INSTRUCTIONS_SHEET = 'HuongDan';

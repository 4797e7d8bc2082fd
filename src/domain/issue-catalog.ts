import { makeIssue, type Issue, type IssueLocation, type IssueSeverity } from './issue.ts';

/**
 * Every issue code the tool emits (besides `rule.<id>`, whose wording is data in the form definitions),
 * with its severity and its Vietnamese message. The one place where issue wording lives.
 * Parameters are what the message needs; a message about a personal-data sheet (DanhSach) never
 * receives the cell's content, only its address.
 */
export const CATALOG = {
  // --- the file itself (read edge) ---
  'file.empty': entry('error', () =>
    'Tệp rỗng (0 byte): tệp chưa được lưu xong hoặc bị gửi nhầm. Mở tệp gốc trong Excel, lưu lại dưới dạng Sổ làm việc Excel (.xlsx) rồi gửi lại.'),
  // reason and fix come from the one file-error table (common/fs-error-text.ts): never a raw EACCES.
  'file.unreadable': entry('error', (p: { reason: string; fix: string }) => `Không đọc được tệp (${p.reason}). ${p.fix}`),
  'file.xls': entry('error', () =>
    'Tệp ở định dạng Excel 97-2003 (.xls); công cụ chỉ đọc .xlsx. Mở tệp trong Excel hoặc LibreOffice, chọn Lưu thành (Save As) → "Sổ làm việc Excel (*.xlsx)" rồi gửi lại.'),
  'file.encrypted': entry('error', () =>
    'Tệp được đặt mật khẩu mở nên không đọc được. Trong Excel: Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu, lưu lại dạng .xlsx rồi gửi lại.'),
  'file.ods': entry('error', () =>
    'Tệp ở định dạng OpenDocument (.ods); công cụ chỉ đọc .xlsx. Trong LibreOffice Calc chọn Tệp → Lưu thành → kiểu "Excel 2007-365 (.xlsx)", chọn "Dùng định dạng Excel 2007-365!", rồi gửi lại.'),
  'file.csv': entry('error', () =>
    'Tệp là văn bản CSV, không giữ được bố cục biểu mẫu (các ô đầu biểu, sheet BaoCao). Nhập số liệu vào biểu mẫu .xlsx do phòng LĐ-TBXH phát hành (lệnh baocao forms) rồi gửi lại.'),
  'file.not-workbook': entry('error', (p: { what: string }) =>
    `Tệp có đuôi bảng tính nhưng thực chất là ${p.what}, không phải sổ tính Excel. Có thể tệp bị đổi tên nhầm: gửi lại đúng tệp biểu mẫu .xlsx.`),
  'file.strict-ooxml': entry('error', () =>
    'Tệp được lưu ở dạng "Strict Open XML", công cụ không đọc được. Trong Excel chọn Lưu thành → "Sổ làm việc Excel (*.xlsx)" (không chọn Strict) rồi gửi lại.'),
  'file.corrupt': entry('error', (p: { reason: string }) =>
    `Tệp bị hỏng hoặc không đầy đủ (${p.reason}), có thể do tải về hoặc chép chưa xong. Mở thử tệp gốc trong Excel; nếu mở được thì lưu lại và gửi lại, nếu không thì đề nghị đơn vị gửi lại tệp.`),
  'file.unknown-type': entry('error', (p: { ext: string }) =>
    `Tệp "${p.ext}" không phải bảng tính Excel (.xlsx). Nhập số liệu vào biểu mẫu .xlsx do phòng LĐ-TBXH phát hành rồi gửi lại.`),
  'file.too-large': entry('error', (p: { unpackedMb: number; limitMb: number }) =>
    `Tệp khi giải nén chiếm ${p.unpackedMb} MB, vượt giới hạn ${p.limitMb} MB nên không được mở (phòng tránh tệp độc hại "zip bomb"). Một biểu mẫu bình thường chỉ vài trăm KB. Nếu chắc chắn tệp đúng, tăng giới hạn bằng tùy chọn --max-unpacked-mb hoặc khóa "limits.maxUnpackedMb" trong tệp cấu hình.`),
  'file.not-regular': entry('error', () =>
    'Đây không phải một tệp thông thường (có thể là thiết bị, đường ống FIFO hoặc liên kết tới thư mục) nên không được đọc. Chép tệp biểu mẫu .xlsx thật vào thư mục nhận báo cáo.'),
  'file.symlink-read': entry('warning', () =>
    'Tệp này là một liên kết (symlink) tới tệp ở nơi khác; công cụ đã đọc tệp đích. Nên chép hẳn tệp vào thư mục nhận báo cáo để bản lưu không phụ thuộc nơi khác.'),
  'file.name-not-utf8': entry('error', () =>
    'Tên tệp không ở dạng mã UTF-8 (thường do giải nén tệp .zip tạo trên Windows), nên không mở được theo tên. Đổi tên tệp (gõ lại tên có dấu) rồi chạy lại.'),
  'file.same-name': entry('error', (p: { other: string }) =>
    `Tệp này trùng tên với ${p.other} (hai tên chỉ khác nhau ở cách mã hóa chữ có dấu, NFC/NFD, hoặc dấu "\\" thay cho "/"), nên không được đọc: chỉ tệp ${p.other} được đọc. Xóa hoặc đổi tên một trong hai tệp.`),
  'input.folder-unreadable': entry('error', (p: { reason: string }) =>
    `Không đọc được thư mục con này (${p.reason}); các tệp trong đó chưa được kiểm tra, các thư mục khác vẫn được đọc. Kiểm tra quyền truy cập thư mục rồi chạy lại.`),
  'cell.bad-value': entry('error', (p: { found?: string }) =>
    `Ô lưu một giá trị số không hợp lệ${p.found === undefined ? '' : ` ("${p.found}")`}, thường do tệp được tạo bằng chương trình khác Excel. Công cụ không đoán số: mở tệp trong Excel hoặc LibreOffice, nhập lại số vào ô này, lưu rồi gửi lại.`),
  'cell.text-truncated': entry('warning', (p: { length: number; limit: number }) =>
    `Ô chứa đoạn chữ dài ${p.length} ký tự, vượt giới hạn ${p.limit} ký tự; chỉ ${p.limit} ký tự đầu được đọc. Rút gọn nội dung hoặc gửi phần chi tiết bằng văn bản riêng.`),

  // --- structure ---
  'sheet.missing': entry('error', (p: { sheet: string; found: string }) =>
    `Không tìm thấy sheet "${p.sheet}" (tệp có các sheet: ${p.found}). Dùng biểu mẫu trắng do phòng LĐ-TBXH phát hành, hoặc đổi tên sheet báo cáo thành "${p.sheet}".`),
  'header.form-missing': entry('error', () =>
    'Ô B1 (Biểu mẫu) để trống. Ghi mã biểu: PCMD-01 (UBND phường), PCMD-02 (Công an quận) hoặc PCMD-03 (Đội 178).'),
  'header.form-unknown': entry('error', (p: { found: string }) =>
    `Ô B1 ghi mã biểu "${p.found}", không phải PCMD-01, PCMD-02 hay PCMD-03. Dùng đúng biểu mẫu do phòng LĐ-TBXH phát hành.`),
  'header.form-mismatch': entry('error', (p: { found: string; stamped: string }) =>
    `Ô B1 ghi mã biểu ${p.found} nhưng tệp là biểu mẫu ${p.stamped}. Không sửa mã biểu trên biểu mẫu: dùng đúng biểu mẫu của đơn vị mình.`),
  // Info, one line for all such files (summarizeInfo): a form typed to the layout or written by another program is fine.
  'header.stamp-missing': entry('info', () =>
    'Tệp không dùng biểu mẫu của công cụ (không có dấu phiên bản: gõ lại theo bố cục hoặc do chương trình khác tạo). Số liệu vẫn được đọc theo bố cục; không cần sửa.'),
  'header.stamp-outdated': entry('warning', (p: { found: string; expected: string }) =>
    `Biểu mẫu thuộc phiên bản ${p.found}, phiên bản hiện hành là ${p.expected}. Số liệu vẫn được đọc; kỳ sau dùng biểu mẫu mới.`),
  'header.unit-missing': entry('error', () =>
    'Ô B2 (Đơn vị báo cáo) và B3 (Mã đơn vị) đều để trống. Ghi tên đơn vị, ví dụ "Phường Cống Vị", hoặc mã đơn vị, ví dụ 00007.'),
  'header.unit-unknown': entry('error', (p: { found: string; period: string }) =>
    `Không nhận ra đơn vị "${p.found}" trong danh sách đơn vị của kỳ ${p.period}. Ghi đúng tên phường (ví dụ "Phường Cống Vị") hoặc mã đơn vị (ví dụ 00007).`),
  'header.unit-mismatch': entry('error', (p: { byCode: string; code: string; byName: string }) =>
    `Mã đơn vị ${p.code} là của ${p.byCode}, nhưng tên đơn vị ghi ${p.byName}. Sửa ô B2 hoặc B3 cho khớp.`),
  'header.unit-name-differs': entry('warning', (p: { found: string; unit: string; code: string }) =>
    `Ô B2 ghi tên đơn vị "${p.found}", không phải tên của đơn vị mã ${p.code} (${p.unit}). Công cụ theo mã đơn vị ở ô B3; nếu mã sai, sửa ô B3, nếu không thì sửa tên ở ô B2.`),
  'header.unit-wrong-form': entry('error', (p: { unit: string; form: string; expected: string }) =>
    `${p.unit} báo cáo theo biểu ${p.expected}, không phải ${p.form}. Dùng đúng biểu mẫu của đơn vị.`),
  'header.period-missing': entry('error', () =>
    'Ô B4 (Kỳ báo cáo) để trống. Ghi kỳ báo cáo, ví dụ 2021-03 (tháng), 2021-Q1 (quý), 2021-H1 (6 tháng) hoặc 2021 (năm).'),
  'header.period-invalid': entry('error', (p: { found: string }) =>
    `Ô B4 ghi kỳ báo cáo "${p.found}", không đọc được. Ghi theo dạng 2021-03 (tháng), 2021-Q1 (quý), 2021-H1 (6 tháng) hoặc 2021 (năm).`),
  'header.signed-on-missing': entry('warning', () =>
    'Ô B5 (Ngày báo cáo) để trống, nên không xác định được báo cáo gửi đúng hạn hay muộn. Ghi ngày ký báo cáo, dạng dd/mm/yyyy.'),
  'header.signed-on-implausible': entry('warning', (p: { signedOn: string; period: string; why: string }) =>
    `Ô B5 (Ngày báo cáo) ghi ngày ${p.signedOn}, ${p.why} kỳ ${p.period}. Kiểm tra lại ngày ký và ô B4 (Kỳ báo cáo).`),
  'header.signed-on-invalid': entry('warning', (p: { found: string }) =>
    `Ô B5 (Ngày báo cáo) ghi "${p.found}", không đọc được là ngày. Ghi ngày ký báo cáo dạng dd/mm/yyyy, ví dụ 16/03/2021.`),
  'table.header-mismatch': entry('warning', (p: { found: string; expected: string }) =>
    `Dòng tiêu đề bảng (dòng 8) ghi "${p.found}" thay vì "${p.expected}". Số liệu vẫn được đọc theo mã chỉ tiêu ở cột B; không nên sửa dòng tiêu đề.`),
  'indicator.unknown': entry('warning', (p: { found: string }) =>
    `Mã chỉ tiêu "${p.found}" ở cột B không có trong biểu mẫu nên bị bỏ qua. Không tự thêm chỉ tiêu; ghi thông tin thêm vào cột Ghi chú.`),
  'indicator.duplicate': entry('error', (p: { code: string; otherCell: string }) =>
    `Mã chỉ tiêu ${p.code} xuất hiện hai lần (ô này và ô ${p.otherCell}), không biết dòng nào đúng. Xóa dòng thừa.`),
  'indicator.missing': entry('error', (p: { code: string; label: string }) =>
    `Thiếu dòng chỉ tiêu ${p.code} (${p.label}): có thể đã bị xóa. Dùng biểu mẫu trắng do phòng LĐ-TBXH phát hành; để trống ô nếu không có số liệu, không xóa dòng.`),

  // --- cells ---
  'cell.not-number': entry('error', (p: { code: string; found: string; expected: string }) =>
    `${p.code}: ô ghi "${p.found}", cần ${p.expected}. Nhập số (không kèm chữ, đơn vị tính) hoặc để trống nếu không có số liệu.`),
  'cell.negative': entry('error', (p: { code: string; found: string }) =>
    `${p.code}: ô ghi số âm (${p.found}), cần số ≥ 0. Sửa lại số liệu.`),
  'cell.fraction': entry('error', (p: { code: string; found: string; expected: string }) =>
    `${p.code}: ô ghi số lẻ (${p.found}), cần ${p.expected}. Nhập số nguyên.`),
  'cell.too-large': entry('error', (p: { code: string; found: string; max: string }) =>
    `${p.code}: ô ghi ${p.found}, lớn bất thường (quá ${p.max}). Có thể gõ thừa chữ số: kiểm tra lại.`),
  'cell.not-yesno': entry('error', (p: { code: string; found: string }) =>
    `${p.code}: ô ghi "${p.found}", cần 1 (có) hoặc 0 (không). Nhập 1 hoặc 0 (cũng nhận "Có"/"Không", "x").`),
  'cell.formula-no-result': entry('error', (p: { code: string }) =>
    `${p.code}: ô chứa công thức nhưng chưa có kết quả được lưu (tệp do chương trình khác tạo). Mở tệp trong Excel hoặc LibreOffice, lưu lại rồi gửi lại; hoặc nhập thẳng số liệu.`),
  'cell.error-value': entry('error', (p: { code: string; found: string }) =>
    `${p.code}: ô có giá trị lỗi ${p.found} (thường do công thức tham chiếu sai). Sửa công thức hoặc nhập thẳng số liệu.`),
  'cell.text-number': entry('warning', (p: { code: string; found: string; read: string }) =>
    `${p.code}: số được nhập dưới dạng chữ "${p.found}", công cụ đọc là ${p.read}. Nếu đúng thì không cần sửa; lần sau nên nhập số trực tiếp.`),
  'cell.ambiguous-number': entry('error', (p: { code: string; found: string }) =>
    `${p.code}: ô ghi "${p.found}", không rõ dấu phẩy là phân cách hàng nghìn hay số thập phân. Nhập số không có dấu phân cách, ví dụ 1200.`),

  // --- list sheets (DanhSach, CoSo) ---
  'list.missing': entry('error', (p: { sheet: string }) =>
    `Không tìm thấy sheet "${p.sheet}". Biểu mẫu này phải kèm danh sách ở sheet "${p.sheet}": dùng biểu mẫu trắng do phòng LĐ-TBXH phát hành.`),
  'list.header-mismatch': entry('error', (p: { sheet: string; expected: string; found: string }) =>
    `Dòng tiêu đề của sheet ${p.sheet} cần cột "${p.expected}" ở ô này nhưng đang ghi "${p.found}". Không thêm, bớt hay đổi tên cột: dùng biểu mẫu trắng.`),
  'list.required-empty': entry('error', (p: { header: string }) =>
    `Cột "${p.header}" để trống; cột này bắt buộc. Điền đủ thông tin cho dòng này.`),
  'list.choice-invalid': entry('error', (p: { header: string; choices: string; found?: string }) =>
    `Cột "${p.header}"${p.found === undefined ? '' : ` ghi "${p.found}"`} không thuộc danh sách được phép (${p.choices}). Chọn giá trị từ danh sách thả xuống.`),
  'list.date-invalid': entry('error', (p: { header: string; found?: string }) =>
    `Cột "${p.header}"${p.found === undefined ? '' : ` ghi "${p.found}"`} không đọc được là ngày. Nhập ngày dạng dd/mm/yyyy.`),
  'list.number-invalid': entry('error', (p: { header: string; found?: string }) =>
    `Cột "${p.header}"${p.found === undefined ? '' : ` ghi "${p.found}"`} phải là số nguyên ≥ 0. Sửa lại số liệu.`),
  'list.too-many-rows': entry('error', (p: { sheet: string; rows: number; limit: number }) =>
    `Sheet ${p.sheet} có ${p.rows} dòng, vượt giới hạn ${p.limit} dòng của một kỳ báo cáo. Kiểm tra các dòng thừa ở cuối sheet.`),

  // --- across workbooks ---
  'cross.duplicate-unit': entry('error', (p: { unit: string; period: string; files: string }) =>
    `Có nhiều tệp cho cùng ${p.unit}, kỳ ${p.period}: ${p.files}. Ngày báo cáo (ô B5) trùng nhau hoặc để trống nên không biết tệp nào đúng, và chưa tệp nào được dùng. Giữ lại một tệp trong thư mục nhận báo cáo, hoặc ghi đúng ngày báo cáo.`),
  'cross.superseded': entry('warning', (p: { unit: string; period: string; winner: string }) =>
    `Tệp này và ${p.winner} cùng là báo cáo của ${p.unit} kỳ ${p.period}; tệp ${p.winner} có ngày báo cáo muộn hơn nên được dùng. Xóa tệp cũ khỏi thư mục nhận báo cáo nếu không cần nữa.`),
  // Info, one line (summarizeInfo): `validate --period P` checks the forms of P; the others only feed the cross-period rules.
  'plan.other-year': entry('warning', (p: { planYear: number; year: number }) =>
    `Kế hoạch đang dùng là của năm ${p.planYear}, không phải năm ${p.year}: các chỉ tiêu không được đánh giá. Chỉ định kế hoạch của năm ${p.year} bằng --plan hoặc khóa "plan" trong cấu hình.`),
  'cross.other-period': entry('info', (p: { expected: string }) =>
    `Tệp không thuộc kỳ ${p.expected} đang kiểm tra (ô B4): bỏ qua, chỉ dùng để đối chiếu số liệu giữa các kỳ.`),
  'scope.ytd-unchecked': entry('info', (p: { missing: string }) =>
    `Tệp không được kiểm tra lũy kế (cột F): thiếu ${p.missing} của cùng đơn vị trong các tệp đã đọc. Kiểm tra cả thư mục của năm để đối chiếu lũy kế.`),
  'rollup.period-vs-monthly': entry('warning', (p: { code: string; period: string; periodValue: string; monthlyValue: string }) =>
    `${p.code}: báo cáo kỳ ${p.period} ghi ${p.periodValue}, cộng các báo cáo tháng được ${p.monthlyValue}. Công cụ dùng số của báo cáo kỳ; đơn vị cần đối chiếu lại.`),
  'unit.missing': entry('error', (p: { unit: string; period: string; months?: string }) =>
    `${p.unit} chưa báo cáo kỳ ${p.period}${p.months ? ` (còn thiếu: ${p.months})` : ''}. Đôn đốc đơn vị gửi báo cáo; số liệu của đơn vị không được tính vào tổng.`),
  'unit.partial-period': entry('info', (p: { unit: string; code: string; from: string; to: string; period: string }) =>
    `${p.unit} (mã ${p.code}) có từ ngày ${p.from}: trong ${p.period} đơn vị chỉ phải báo cáo các tháng từ ngày đó đến ${p.to}, và số liệu các tháng này được cộng vào tổng.`),
  'unit.ended-in-period': entry('info', (p: { unit: string; code: string; from: string; to: string; period: string }) =>
    `${p.unit} (mã ${p.code}) hoạt động đến ngày ${p.to}: trong ${p.period} đơn vị chỉ phải báo cáo các tháng từ ${p.from} đến ngày đó; số liệu các tháng này được cộng vào tổng, số liệu cuối kỳ (tồn tại cuối kỳ, có/không) chỉ tính các đơn vị còn hoạt động cuối kỳ.`),
  'unit.late': entry('warning', (p: { unit: string; signedOn: string; deadline: string }) =>
    `${p.unit} báo cáo ngày ${p.signedOn}, sau hạn ${p.deadline}.`),

  // --- the output folder (store edge): a published set checked against its manifest.json (issue 13) ---
  'output.manifest-mismatch': entry('warning', (p: { file: string; problem: 'changed' | 'missing' | 'manifest-unreadable'; period: string; fix: 'compile' | 'status' | 'closed' }) =>
    `${{
      changed: `Tệp ${p.file} trong thư mục báo cáo kỳ ${p.period} không còn đúng như manifest.json ghi (khác mã sha256): tệp đã bị sửa hoặc chép đè sau khi lập.`,
      missing: `Tệp ${p.file} có trong manifest.json của kỳ ${p.period} nhưng không còn trong thư mục báo cáo.`,
      'manifest-unreadable': `Tệp manifest.json của kỳ ${p.period} bị hỏng, không đọc được, nên không kiểm tra được các tệp báo cáo.`,
    }[p.problem]} ${{
      compile: 'Lần chạy này lập lại cả bộ báo cáo; bản đang có được lưu vào thư mục history/ trước khi bị thay.',
      status: `Chưa gửi các tệp này đi: chạy "baocao compile --period ${p.period}" để lập lại cả bộ (bản đang có được lưu vào history/ trước khi bị thay).`,
      closed: 'Kỳ đã chốt: khôi phục tệp đúng như khi gửi từ bản sao lưu hoặc thư mục history/.',
    }[p.fix]}`),
} as const;

export type IssueCode = keyof typeof CATALOG;
type ParamsOf<C extends IssueCode> = Parameters<(typeof CATALOG)[C]['message']>[0];

/** An issue from the catalog: `issue('cell.negative', at, { code: 'KT02', found: '-3' })`. */
export function issue<C extends IssueCode>(code: C, at: IssueLocation, ...params: ParamsOf<C> extends undefined ? [] : [ParamsOf<C>]): Issue {
  const def = CATALOG[code] as { severity: IssueSeverity; message: (p: unknown) => string };
  return makeIssue(def.severity, code, at, def.message(params[0]));
}

// --- internal ---

function entry<P = undefined>(severity: IssueSeverity, message: (p: P) => string): { severity: IssueSeverity; message: (p: P) => string } {
  return { severity, message };
}

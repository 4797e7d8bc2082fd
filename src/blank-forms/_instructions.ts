import type { Form, Indicator, ListDef, Term } from '../domain/form-schema.ts';
import { indicatorsOf } from '../load/load-forms.ts';
import { HEADER, TEXT_ROWS } from '../domain/form-layout.ts';
import { formatDateVi } from '../common/vi-format.ts';
import { periodLabelVi, type DateWindow, type Period } from '../domain/period.ts';
import type { Unit } from '../domain/units.ts';

export interface InstructionLine {
  readonly text: string;
  readonly kind: 'title' | 'fact' | 'heading' | 'step';
}

export interface InstructionFacts {
  readonly form: Form;
  readonly unit: Unit;
  readonly period: Period;
  readonly window?: DateWindow | undefined;
  readonly deadline?: string | undefined;
  readonly sendTo: string;
}

/**
 * The text of the `HuongDan` sheet. Everything about the form (sheets, columns, codes tied to a list)
 * comes from the definition, so the instructions follow the form when it changes.
 */
export function instructionLines(f: InstructionFacts): InstructionLine[] {
  const { form, unit, period } = f;
  const label = periodLabelVi(period);
  const facts: InstructionLine[] = [
    { kind: 'title', text: `HƯỚNG DẪN ĐIỀN BIỂU MẪU ${form.id}` },
    { kind: 'fact', text: `Biểu mẫu: ${form.id} – ${form.title}` },
    { kind: 'fact', text: `Đơn vị báo cáo: ${unit.name} (mã đơn vị ${unit.code})` },
    { kind: 'fact', text: `Kỳ báo cáo: ${label} (${period.id})` },
  ];
  if (f.window) {
    facts.push({ kind: 'fact', text: `Số liệu tính từ ngày ${formatDateVi(f.window.from)} đến ngày ${formatDateVi(f.window.to)}.` });
  }
  if (f.deadline) facts.push({ kind: 'fact', text: `Hạn gửi báo cáo: ngày ${formatDateVi(f.deadline)}.` });

  const b = (row: number) => `B${row}`;
  const has = (type: Indicator['type']) => indicatorsOf(form).some((i) => i.type === type);
  const steps = [
    `Điền số liệu vào sheet ${form.sheet}, chỉ vào các ô nền vàng: cột "Kỳ báo cáo" (số liệu phát sinh trong kỳ), cột "Lũy kế từ đầu năm" (nếu có) và cột "Ghi chú". Các ô khác đã được khóa.`,
    `Ghi ngày báo cáo vào ô ${b(HEADER.signedOn.row)} (dạng dd/mm/yyyy, ví dụ 16/03/2021) và họ tên người lập biểu vào ô ${b(HEADER.preparer.row)}. Không sửa biểu mẫu, tên đơn vị, mã đơn vị và kỳ báo cáo ở các ô ${b(HEADER.form.row)}–${b(HEADER.period.row)}.`,
    'Ô để trống nghĩa là "không báo cáo", khác với số 0. Chỉ tiêu không phát sinh trong kỳ thì ghi 0.',
    `Ghi số nguyên, không dùng dấu chấm, dấu phẩy hay khoảng trắng để phân cách hàng nghìn (ghi 1200000, không ghi 1.200.000).${has('money') ? ' Số tiền ghi bằng đồng.' : ''}`,
    ...(has('yesno') ? ['Chỉ tiêu có/không ghi 1 (có, đạt) hoặc 0 (không, chưa đạt).'] : []),
    'Không xóa, không chèn dòng, không sửa mã chỉ tiêu ở cột "Mã": số liệu được đọc theo mã chỉ tiêu. Không đổi tên, không xóa các sheet.',
    `Ghi nội dung vào các ô dưới bảng: ${Object.values(TEXT_ROWS).map((t) => `"${t}"`).join(', ')}.`,
    ...form.lists.flatMap((list) => listSteps(form, list)),
    `Lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp, và gửi về ${f.sendTo}${f.deadline ? ` chậm nhất ngày ${formatDateVi(f.deadline)}` : ''}.`,
  ];
  return [
    ...facts,
    { kind: 'heading', text: 'Cách điền' },
    ...steps.map((text, i) => ({ kind: 'step' as const, text: `${i + 1}. ${text}` })),
  ];
}

// --- internal ---

function listSteps(form: Form, list: ListDef): string[] {
  const picked = list.columns.filter((c) => c.type === 'ward' || c.type === 'choice').map((c) => `"${c.header}"`);
  const dates = list.columns.filter((c) => c.type === 'date').map((c) => `"${c.header}"`);
  const steps = [
    `Sheet ${list.sheet} (${list.title.charAt(0).toLowerCase()}${list.title.slice(1)}): ${list.personal ? 'mỗi người' : 'mỗi trường hợp'} ghi một dòng, bắt đầu từ dòng 2, không để dòng trống xen giữa.` +
      (dates.length ? ` Cột ${dates.join(', ')} ghi ngày dạng dd/mm/yyyy.` : '') +
      (picked.length ? ` Cột ${picked.join(', ')} chọn từ danh sách thả xuống.` : ''),
  ];
  const ties = tiesTo(form, list);
  if (ties.length) steps.push(`Số liệu ở sheet ${form.sheet} phải khớp với sheet ${list.sheet}: ${ties.join('; ')}.`);
  const sensitive = list.columns.filter((c) => c.sensitive).map((c) => c.header.toLowerCase());
  if (list.personal) {
    steps.push(
      `Sheet ${list.sheet} chứa dữ liệu cá nhân nhạy cảm${sensitive.length ? ` (${sensitive.join(', ')})` : ''}: chỉ gửi tệp qua kênh được giao, không gửi qua mạng xã hội, không chia sẻ cho người không có nhiệm vụ.`,
    );
  }
  return steps;
}

/** "CA07 = số dòng", "DK02 = số dòng có Kết quả là "Vi phạm"", from the form's equality rules. */
function tiesTo(form: Form, list: ListDef): string[] {
  const out: string[] = [];
  for (const rule of form.rules) {
    if (rule.check !== 'compare' || rule.op !== '=' || rule.left.length !== 1 || rule.right.length !== 1) continue;
    const [left, right] = [rule.left[0], rule.right[0]];
    if (!left || !right || !('code' in left)) continue;
    const side = describeListTerm(list, right);
    if (side) out.push(`${left.code} = ${side}`);
  }
  return out;
}

function describeListTerm(list: ListDef, t: Term): string | null {
  const header = (key: string) => list.columns.find((c) => c.key === key)?.header ?? key;
  if ('count' in t && t.count === list.sheet) {
    return t.where ? `số dòng có cột "${header(t.where.column)}" là "${t.where.equals}"` : 'số dòng';
  }
  if ('sum' in t && t.sum === list.sheet) return `tổng cột "${header(t.column)}"`;
  return null;
}

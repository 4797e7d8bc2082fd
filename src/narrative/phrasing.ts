import { formatMoneyVi, formatNumberVi } from '../common/vi-format.ts';
import type { StatementGroup } from './group-statements.ts';
import { lowerFirst } from './statements.ts';

/** "a", "a và b", "a, b và c"; empty parts are left out. */
export function joinVi(parts: readonly string[], last = 'và'): string {
  const p = parts.filter((x) => x !== '');
  if (p.length <= 1) return p[0] ?? '';
  return `${p.slice(0, -1).join(', ')} ${last} ${p.at(-1)}`;
}

/**
 * The wards named as a subject: "phường Phúc Xá", "các phường Phúc Xá, Trúc Bạch và Vĩnh Phúc" (lower case: the
 * caller capitalises at a sentence start). Names other than wards ("Công an quận") are kept whole.
 */
export function unitsVi(names: readonly string[], allWards: readonly string[] = []): string {
  const short = (n: string): string => n.replace(WARD, '');
  const wards = names.filter((n) => WARD.test(n)).map(short);
  const others = names.filter((n) => !WARD.test(n));
  const rest = allWards.map(short).filter((w) => !wards.includes(w));
  const wardPart =
    wards.length === 0 ? ''
    : allWards.length > 2 && rest.length === 0 ? `cả ${allWards.length} phường`
    // Nearly every ward: name the few that are not ("các phường (trừ phường Thành Công)").
    : allWards.length > 6 && rest.length <= 2 && wards.length > rest.length ? `các phường (trừ phường ${joinVi(rest)})`
    : wards.length === 1 ? `phường ${wards[0]}`
    : `các phường ${joinVi(wards)}`;
  return joinVi([wardPart, ...others]);
}

/**
 * One group of statements as a sentence of the district's report. A statement that opens with what the ward does
 * or asks ("Đề nghị…", "Tiếp tục…") takes the wards as its subject: "Các phường Vĩnh Phúc và Liễu Giai đề nghị quận
 * bổ sung kinh phí…". Any other statement keeps its wording and names the wards after it: "Kinh phí còn hạn chế
 * (phường Phúc Xá)." Every ward of the district reads "cả 14 phường", all but one or two "các phường (trừ phường
 * Thành Công)" (`allWards`: the district's ward names).
 * `withUnits: false` leaves the wards out (a statement the district makes its own).
 */
export function groupSentence(group: StatementGroup, options: { withUnits?: boolean; allWards?: readonly string[] } = {}): string {
  const text = group.statement.text;
  if (options.withUnits === false || group.units.length === 0) return `${text}.`;
  const who = unitsVi(group.units, options.allWards);
  if (VERB_FIRST.test(text)) return `${capitalFirst(who)} ${lowerFirst(text)}.`;
  return `${text} (${who}).`;
}

/**
 * Whether a ward's request is addressed to the district or one of its offices ("Đề nghị quận…", "Đề nghị Phòng
 * LĐ-TBXH quận…", "Đề nghị Công an quận…"), or to nobody named (a ward writes to the district). Only a request
 * naming the city or the central level ("Đề nghị Thành phố…", "Đề nghị Sở…") is not.
 */
export function isAddressedToDistrict(text: string): boolean {
  const t = text.normalize('NFC').toLocaleLowerCase('vi');
  return !TO_CITY.test(t);
}

/** "12 cơ sở" for a positive count; '' for 0, null or a negative value (no zero clauses). */
export function countVi(value: number | null, unit: string): string {
  return value !== null && value > 0 ? `${formatNumberVi(value)}${unit ? ` ${unit}` : ''}` : '';
}

/**
 * A clause pattern filled with a count, or '' when the count is zero or unknown: clause("xử phạt {} cơ sở", 3) →
 * "xử phạt 3 cơ sở"; clause("xử phạt {} cơ sở", 0) → ''. `{}` takes the number (money as "… đồng" when money).
 */
export function clauseVi(pattern: string, value: number | null, options: { money?: boolean } = {}): string {
  if (value === null || value <= 0) return '';
  return pattern.replace('{}', options.money ? formatMoneyVi(value) : formatNumberVi(value));
}

// --- internal ---

const WARD = /^phường\s+/iu;
/** Verbs a ward's statement may open with, making the ward its subject. */
const VERB_FIRST = /^(đề nghị|kiến nghị|đề xuất|tiếp tục|duy trì|phối hợp|tăng cường|tổ chức|đẩy mạnh|chuẩn bị|tổng kết|sơ kết|tiếp cận|triển khai|xây dựng|thực hiện|chỉ đạo|kiểm tra|rà soát|phấn đấu|nâng cao|củng cố|đôn đốc|mong muốn)(?=[\s,]|$)/iu;
const TO_CITY = /^(đề nghị|kiến nghị|đề xuất)\s+(ubnd\s+|ủy ban nhân dân\s+)?(thành phố|sở|bộ|trung ương|chính phủ|nhà nước|cấp trên|công an thành phố)/u;

const capitalFirst = (s: string): string => (s ? s.charAt(0).toLocaleUpperCase('vi') + s.slice(1) : s);

import { z } from 'zod';
import type { Audience } from './audiences.ts';

/**
 * `baocao.config.json`: every key optional; the embedded defaults are Ba Đình's 2021 values, so the
 * demo needs no file. Paths are relative to the configuration file's folder.
 */

const Signer = z.strictObject({
  lines: z.array(z.string()).min(1).describe('Thẩm quyền ký, in hoa, mỗi dòng một phần tử: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]'),
  name: z.string().describe('Họ tên người ký (để trống nếu văn thư điền tay)'),
});

/** Who a report goes to: the district People's Committee (UBND quận) or the city (Sở LĐ-TBXH / UBND thành phố); audiences.ts. */
export type { Audience } from './audiences.ts';

const AudienceSchema = z.strictObject({
  issuerParent: z.string().nullable().describe('Cơ quan chủ quản, in hoa, dòng trên tên cơ quan ban hành (null nếu không có)'),
  issuer: z.string().describe('Tên cơ quan ban hành, in hoa đậm'),
  numberPattern: z.string().describe('Dòng số, ký hiệu văn bản; {period} được thay bằng mã kỳ, ví dụ "Số:      /BC-LĐTBXH"'),
  recipient: z.string().describe('Kính gửi'),
  signer: Signer,
  copiesTo: z.array(z.string()).describe('Nơi nhận, mỗi dòng một nơi'),
  speaker: z.string().describe('Cơ quan báo cáo, như viết trong câu mở đầu: "Phòng Lao động - Thương binh và Xã hội", "UBND quận Ba Đình"'),
  proposals: z.array(z.string()).describe('Đề xuất, kiến nghị của chính cơ quan báo cáo gửi cấp trên (mục VI), mỗi phần tử một ý'),
});
export type AudienceConfig = z.infer<typeof AudienceSchema>;

export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  inbox: z.string().optional().describe('Thư mục nhận báo cáo của các đơn vị (mặc định ./inbox)'),
  output: z.string().optional().describe('Thư mục ghi báo cáo tổng hợp (mặc định ./out)'),
  units: z.string().optional().describe('Tệp danh sách đơn vị (JSON); mặc định danh sách 16 đơn vị của quận Ba Đình'),
  plan: z.string().optional().describe('Tệp kế hoạch, chỉ tiêu của năm (JSON); mặc định kế hoạch năm 2021'),
  criteria: z.string().optional().describe('Tệp tiêu chí đánh giá, xếp loại phường (JSON); mặc định templates/criteria/2021.json (100 điểm)'),
  window: z.enum(['decree-09', 'calendar']).optional().describe('Thời gian chốt số liệu: decree-09 (15 tháng trước – 14 tháng này, mặc định) hoặc calendar (tháng dương lịch)'),
  deadlineDays: z.number().int().min(0).max(60).optional().describe('Hạn gửi báo cáo: số ngày sau ngày cuối kỳ chốt số liệu (mặc định 3, tức ngày 17)'),
  reportDateDays: z.number().int().min(0).max(60).optional().describe('Ngày ghi trên báo cáo tổng hợp: số ngày sau ngày cuối kỳ chốt số liệu (mặc định 2, tức ngày 16)'),
  place: z.string().optional().describe('Địa danh ghi trước ngày tháng trên báo cáo (mặc định "Ba Đình")'),
  limits: z
    .strictObject({
      maxUnpackedMb: z.number().positive().optional().describe('Dung lượng giải nén tối đa của một tệp .xlsx, MB (mặc định 50)'),
      maxListRows: z.number().int().positive().optional().describe('Số dòng tối đa của một sheet danh sách (mặc định 5000)'),
    })
    .optional(),
  lockWaitSeconds: z.number().min(0).max(3600).optional().describe('Thời gian chờ khi một lần chạy khác đang giữ khóa (mặc định 10 giây)'),
  planReference: z
    .strictObject({
      number: z.string().optional().describe('Số, ký hiệu của Kế hoạch năm, ví dụ "45/KH-UBND"'),
      date: z.iso.date().optional().describe('Ngày ban hành Kế hoạch (YYYY-MM-DD)'),
      issuer: z.string().optional().describe('Cơ quan ban hành Kế hoạch (mặc định "UBND quận Ba Đình")'),
    })
    .optional()
    .describe('Kế hoạch được trích dẫn ở câu mở đầu báo cáo; chưa khai báo thì để dấu chấm'),
  district: AudienceSchema.partial().optional().describe('Báo cáo gửi UBND quận (--to district)'),
  city: AudienceSchema.partial().optional().describe('Báo cáo gửi thành phố (--to city)'),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** The configuration after defaults and path resolution: what commands receive. */
export interface Config {
  /** Absolute path of the file read, or null for the embedded defaults. */
  readonly source: string | null;
  /** sha256 of the normalised configuration (for manifest.json). */
  readonly hash: string;
  readonly inbox: string;
  readonly output: string;
  /** Absolute paths, or null for the embedded registry / plan. */
  readonly unitsFile: string | null;
  readonly planFile: string | null;
  /** Absolute path of the wards' assessment criteria, or null for the embedded default. */
  readonly criteriaFile: string | null;
  readonly window: 'decree-09' | 'calendar';
  readonly deadlineDays: number;
  readonly reportDateDays: number;
  readonly place: string;
  readonly maxUnpackedMb: number;
  readonly maxListRows: number;
  readonly lockWaitSeconds: number;
  readonly audiences: Readonly<Record<Audience, AudienceConfig>>;
  /** The plan the opening sentence cites; null where unknown (printed as dots). */
  readonly planReference: PlanReference;
}

export interface PlanReference {
  readonly number: string | null;
  /** ISO date. */
  readonly date: string | null;
  readonly issuer: string;
}

export const DEFAULT_PLAN_REFERENCE: PlanReference = { number: null, date: null, issuer: 'UBND quận Ba Đình' };

export const DEFAULT_AUDIENCES: Config['audiences'] = {
  district: {
    issuerParent: 'UBND QUẬN BA ĐÌNH',
    issuer: 'PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI',
    numberPattern: 'Số:        /BC-LĐTBXH',
    recipient: 'Ủy ban nhân dân quận Ba Đình',
    signer: { lines: ['TRƯỞNG PHÒNG'], name: '' },
    copiesTo: ['Như trên;', 'Thường trực Ban Chỉ đạo 138 quận;', 'Lưu: VT, LĐTBXH.'],
    speaker: 'Phòng Lao động - Thương binh và Xã hội',
    proposals: [],
  },
  city: {
    issuerParent: null,
    issuer: 'ỦY BAN NHÂN DÂN QUẬN BA ĐÌNH',
    numberPattern: 'Số:        /BC-UBND',
    recipient: 'Sở Lao động - Thương binh và Xã hội thành phố Hà Nội',
    signer: { lines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Phạm Thị Diễm' },
    copiesTo: ['Như trên;', 'UBND thành phố Hà Nội;', 'TT Quận ủy - TT HĐND quận;', 'Đ/c Chủ tịch UBND quận;', 'Phòng LĐ-TBXH quận;', 'Lưu: VT.'],
    speaker: 'UBND quận Ba Đình',
    proposals: [
      'Đề nghị Sở Lao động - Thương binh và Xã hội thành phố tiếp tục tổ chức tập huấn nghiệp vụ phòng, chống mại dâm cho cán bộ làm công tác phòng, chống tệ nạn xã hội của quận và các phường.',
      'Đề nghị Thành phố quan tâm bố trí kinh phí hỗ trợ hoạt động của Đội kiểm tra liên ngành 178 và các mô hình hỗ trợ người bán dâm tại cộng đồng.',
    ],
  },
};

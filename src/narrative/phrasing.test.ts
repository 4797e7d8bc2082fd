import { describe, expect, it } from 'vitest';
import { groupStatements } from './group-statements.ts';
import { clauseVi, countVi, groupSentence, isAddressedToDistrict, joinVi, unitsVi } from './phrasing.ts';
import { splitStatements } from './statements.ts';

const ward = (name: string, text: string) => ({ unitName: `Phường ${name}`, statements: splitStatements(text) });

describe('grouping the wards’ statements', () => {
  it('a request made by four wards is said once, with the four named', () => {
    const groups = groupStatements([
      ward('Vĩnh Phúc', 'Đề nghị quận bổ sung kinh phí cho hoạt động tuyên truyền.'),
      ward('Liễu Giai', 'Đề nghị Công an quận tăng cường tuần tra. Đề nghị quận bổ sung kinh phí cho hoạt động tuyên truyền'),
      ward('Điện Biên', 'đề nghị quận  bổ sung kinh phí cho hoạt động tuyên truyền.'),
      ward('Thành Công', 'Đề nghị quận bổ sung thêm kinh phí cho hoạt động tuyên truyền.'),
    ]);
    expect(groups.map((g) => groupSentence(g))).toEqual([
      'Các phường Vĩnh Phúc, Liễu Giai, Điện Biên và Thành Công đề nghị quận bổ sung kinh phí cho hoạt động tuyên truyền.',
      'Phường Liễu Giai đề nghị Công an quận tăng cường tuần tra.',
    ]);
  });

  it.each([
    [['Phúc Xá', 'Trúc Bạch'], 'Kinh phí còn hạn chế', 'Kinh phí còn hạn chế (các phường Phúc Xá và Trúc Bạch).'],
    [['Cống Vị'], 'Tiếp tục tuyên truyền trong sinh hoạt tổ dân phố', 'Phường Cống Vị tiếp tục tuyên truyền trong sinh hoạt tổ dân phố.'],
    [['Cống Vị'], 'UBND phường tiếp tục triển khai kế hoạch', 'UBND phường tiếp tục triển khai kế hoạch (phường Cống Vị).'],
  ])('%j: %s', (names, text, sentence) => {
    const [group] = groupStatements(names.map((n) => ward(n, text)));
    expect(groupSentence(group!)).toBe(sentence);
  });

  it('nearly equal statements naming different places stay apart', () => {
    const groups = groupStatements([
      ward('Phúc Xá', 'Công tác phòng, chống tệ nạn mại dâm trên địa bàn Phường Phúc Xá được duy trì thường xuyên.'),
      ward('Vĩnh Phúc', 'Công tác phòng, chống tệ nạn mại dâm trên địa bàn Phường Vĩnh Phúc được duy trì thường xuyên.'),
    ]);
    expect(groups.map((g) => g.units)).toEqual([['Phường Phúc Xá'], ['Phường Vĩnh Phúc']]);
  });

  it('a ward’s list stays a list of statements, one per item', () => {
    const groups = groupStatements([ward('Ngọc Hà', '- Tiếp tục tuyên truyền.\n- Duy trì kiểm tra.')]);
    expect(groups.map((g) => [g.statement.text, g.statement.listItem])).toEqual([['Tiếp tục tuyên truyền', true], ['Duy trì kiểm tra', true]]);
  });
});

describe('words', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', '', 'b'], 'a và b'],
    [['a', 'b', 'c'], 'a, b và c'],
  ])('joinVi %j', (parts, out) => expect(joinVi(parts)).toBe(out));

  it('names wards and other units', () => {
    expect(unitsVi(['Phường Phúc Xá'])).toBe('phường Phúc Xá');
    expect(unitsVi(['Phường Phúc Xá', 'Phường Kim Mã', 'Phường Ngọc Hà'])).toBe('các phường Phúc Xá, Kim Mã và Ngọc Hà');
    expect(unitsVi(['Công an quận'])).toBe('Công an quận');
    const three = ['Phường Phúc Xá', 'Phường Kim Mã', 'Phường Ngọc Hà'];
    expect(unitsVi(three, three)).toBe('cả 3 phường');
    const eight = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((x) => `Phường ${x}`);
    expect(unitsVi(eight.slice(0, 7), eight)).toBe('các phường (trừ phường H)');
    expect(unitsVi(eight.slice(0, 5), eight)).toBe('các phường A, B, C, D và E');
  });

  it.each([
    [3, 'cơ sở', '3 cơ sở'],
    [0, 'cơ sở', ''],
    [null, 'vụ', ''],
    [1200, 'lượt', '1.200 lượt'],
  ])('countVi(%j, %s) → %j', (n, unit, out) => expect(countVi(n, unit)).toBe(out));

  it('clauses with a zero disappear', () => {
    expect(clauseVi('xử phạt {} cơ sở', 3)).toBe('xử phạt 3 cơ sở');
    expect(clauseVi('xử phạt {} cơ sở', 0)).toBe('');
    expect(clauseVi('với số tiền {}', 1_500_000, { money: true })).toBe('với số tiền 1.500.000 đồng');
    expect(clauseVi('với số tiền {}', 0, { money: true })).toBe('');
  });

  it.each([
    ['Đề nghị quận bổ sung kinh phí', true],
    ['Đề nghị Phòng Lao động - Thương binh và Xã hội quận tổ chức tập huấn', true],
    ['Đề nghị Công an quận chỉ đạo Công an phường', true],
    ['Đề nghị cấp thêm tờ rơi', true],
    ['Đề nghị Thành phố bố trí kinh phí', false],
    ['Đề nghị Sở Lao động - Thương binh và Xã hội tổ chức tập huấn', false],
  ])('addressed to the district: %s → %s', (text, yes) => expect(isAddressedToDistrict(text)).toBe(yes));
});

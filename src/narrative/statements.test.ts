import { describe, expect, it } from 'vitest';
import { foldStatement, sameStatement, splitStatements } from './statements.ts';

describe('splitStatements', () => {
  it.each([
    ['Tình hình ổn định. Không phát sinh tụ điểm mới.', ['Tình hình ổn định', 'Không phát sinh tụ điểm mới'], [false, false]],
    ['- Tiếp tục tuyên truyền.\n- Duy trì kiểm tra; phấn đấu đạt 80%.', ['Tiếp tục tuyên truyền', 'Duy trì kiểm tra; phấn đấu đạt 80%'], [true, true]],
    ['Khó khăn:\n- thiếu cán bộ;\n- địa bàn rộng.', ['Thiếu cán bộ', 'Địa bàn rộng'], [true, true]],
    ['  Đề nghị  quận bổ sung kinh phí ;  ', ['Đề nghị quận bổ sung kinh phí'], [false]],
    ['Thực hiện Nghị định 167/2013/NĐ-CP. Kết quả tốt.', ['Thực hiện Nghị định 167/2013/NĐ-CP', 'Kết quả tốt'], [false, false]],
    ['...', [], []],
  ])('%j', (text, texts, items) => {
    const out = splitStatements(text);
    expect(out.map((s) => s.text)).toEqual(texts);
    expect(out.map((s) => s.listItem)).toEqual(items);
  });

  it('folds case, spaces, quotes and final punctuation; the key of a decomposed text is the NFC one', () => {
    expect(foldStatement('  Đề nghị  Quận "bổ sung" kinh phí. ')).toBe('đề nghị quận bổ sung kinh phí');
    expect(foldStatement('Đề nghị quận'.normalize('NFD'))).toBe('đề nghị quận');
  });
});

describe('sameStatement', () => {
  it.each([
    ['đề nghị quận bổ sung kinh phí cho hoạt động tuyên truyền', 'đề nghị quận bổ sung thêm kinh phí cho hoạt động tuyên truyền', true],
    ['phường đã tổ chức 2 buổi tuyên truyền với 40 lượt người tham dự', 'phường đã tổ chức 3 buổi tuyên truyền với 40 lượt người tham dự', false],
    ['thiếu cán bộ', 'thiếu kinh phí', false],
    ['kinh phí còn hạn chế', 'kinh phí còn hạn chế', true],
    ['đề nghị quận bổ sung kinh phí cho hoạt động tuyên truyền', 'đề nghị công an quận tăng cường tuần tra ban đêm tại các tuyến phố', false],
  ])('%s ~ %s → %s', (a, b, same) => expect(sameStatement(a, b)).toBe(same));
});

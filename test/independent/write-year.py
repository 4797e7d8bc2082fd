#!/usr/bin/python3
"""
An independent, correct year of the three forms, written with openpyxl (issue 12, test/independent/noise-year.test.ts),
for the checks that must not cry wolf on data another program wrote: no stamp, no styles, no data validation.

It shares no code and no data file with baocao: the codes, labels and rules below are transcribed from spec/forms.md.
The counts are noisy the way real ones are: each ward has its own level per indicator, each month a random factor
(gamma, coefficient of variation 0.35) times a Poisson draw, so small counts jump (1 -> 4) without any typing error.
Every rule of the spec holds (KT03 <= KT01, KT04 <= KT03, HT06 <= HT05, the suspect-point stock and flows, the year to
date in column F, the police and team lists against their totals, the police list against each ward's XL02/XL03).
Usage: /usr/bin/python3 write-year.py FOLDER YEAR SEED  ->  FOLDER/YYYY-MM/<unit>.xlsx, 16 workbooks a month.
"""
import datetime
import os
import random
import sys

import openpyxl

WARDS = {
    '00001': 'Phường Phúc Xá', '00004': 'Phường Trúc Bạch', '00006': 'Phường Vĩnh Phúc', '00007': 'Phường Cống Vị',
    '00008': 'Phường Liễu Giai', '00010': 'Phường Nguyễn Trung Trực', '00013': 'Phường Quán Thánh', '00016': 'Phường Ngọc Hà',
    '00019': 'Phường Điện Biên', '00022': 'Phường Đội Cấn', '00025': 'Phường Ngọc Khánh', '00028': 'Phường Kim Mã',
    '00031': 'Phường Giảng Võ', '00034': 'Phường Thành Công',
}
# spec/forms.md, PCMD-01: (code, label, unit, over time); None marks a section title.
PCMD01 = [
    (None, 'I. Công tác tuyên truyền'),
    ('TT01', 'Số buổi tuyên truyền, hội nghị, tọa đàm', 'buổi', 'sum'),
    ('TT02', 'Số lượt người tham dự', 'lượt người', 'sum'),
    ('TT03', 'Số tờ rơi, áp phích, băng rôn', 'tờ, cái', 'sum'),
    ('TT04', 'Số tin, bài trên hệ thống thông tin cơ sở, mạng xã hội', 'tin, bài', 'sum'),
    (None, 'II. Quản lý, kiểm tra cơ sở kinh doanh dịch vụ dễ bị lợi dụng'),
    ('KT01', 'Số cơ sở kinh doanh dịch vụ dễ bị lợi dụng hoạt động mại dâm trên địa bàn (cuối kỳ)', 'cơ sở', 'last'),
    ('KT02', 'Số lượt kiểm tra cơ sở kinh doanh dịch vụ', 'lượt', 'sum'),
    ('KT03', 'Số cơ sở đã được kiểm tra từ đầu năm (không tính trùng)', 'cơ sở', 'last'),
    ('KT04', 'Số cơ sở vi phạm bị xử lý', 'cơ sở', 'sum'),
    ('KT05', 'Số tiền xử phạt cơ sở vi phạm', 'đồng', 'sum'),
    (None, 'III. Tụ điểm, điểm nghi hoạt động mại dâm'),
    ('TD01', 'Số tụ điểm, điểm nghi còn tồn tại (cuối kỳ)', 'điểm', 'last'),
    ('TD02', 'Số tụ điểm, điểm nghi phát hiện mới', 'điểm', 'sum'),
    ('TD03', 'Số tụ điểm, điểm nghi đã triệt xóa', 'điểm', 'sum'),
    ('TD04', 'Số tụ điểm đã triệt xóa nhưng tái hoạt động', 'điểm', 'sum'),
    (None, 'IV. Xử lý vi phạm hành chính'),
    ('XL01', 'Số vụ vi phạm hành chính về mại dâm bị xử phạt', 'vụ', 'sum'),
    ('XL02', 'Số người bán dâm bị xử phạt', 'người', 'sum'),
    ('XL03', 'Số người mua dâm bị xử phạt', 'người', 'sum'),
    ('XL04', 'Số tiền phạt', 'đồng', 'sum'),
    (None, 'V. Tiếp cận, hỗ trợ người bán dâm'),
    ('HT01', 'Số lượt người bán dâm được tiếp cận, tư vấn', 'lượt người', 'sum'),
    ('HT02', 'Số người được hỗ trợ pháp lý', 'người', 'sum'),
    ('HT03', 'Số người được hỗ trợ học nghề', 'người', 'sum'),
    ('HT04', 'Số người được giới thiệu, giải quyết việc làm', 'người', 'sum'),
    ('HT05', 'Số người có nhu cầu vay vốn', 'người', 'sum'),
    ('HT06', 'Số người được vay vốn', 'người', 'sum'),
    ('HT07', 'Số người được tiếp cận dịch vụ y tế (xét nghiệm HIV, điều trị methadone…)', 'người', 'sum'),
    (None, 'VI. Nâng cao năng lực cán bộ'),
    ('NL01', 'Số lớp tập huấn cán bộ', 'lớp', 'sum'),
    ('NL02', 'Số lượt cán bộ được tập huấn', 'lượt người', 'sum'),
    (None, 'VII. Kinh phí'),
    ('KP01', 'Kinh phí được bố trí trong năm', 'đồng', 'last'),
    ('KP02', 'Kinh phí đã chi trong kỳ', 'đồng', 'sum'),
    (None, 'VIII. Đánh giá'),
    ('DG01', 'Đã triển khai Mô hình phòng, chống mại dâm (1: có, 0: không)', 'có/không', 'last'),
    ('DG02', 'Đạt tiêu chí phường không có tệ nạn mại dâm (1: đạt, 0: chưa đạt)', 'có/không', 'last'),
]
PCMD02 = [
    ('CA01', 'Số lượt kiểm tra hành chính cơ sở kinh doanh có điều kiện về an ninh, trật tự', 'lượt', 'sum'),
    ('CA02', 'Số vụ án hình sự liên quan đến mại dâm được phát hiện, khám phá', 'vụ', 'sum'),
    ('CA03', 'Số đối tượng bị khởi tố', 'đối tượng', 'sum'),
    ('CA04', 'Số vụ án liên quan đến mại dâm đã đưa ra xét xử', 'vụ', 'sum'),
    ('CA05', 'Số ổ nhóm, đường dây mại dâm bị triệt phá', 'ổ nhóm', 'sum'),
    ('CA06', 'Số vụ vi phạm hành chính bị xử phạt', 'vụ', 'sum'),
    ('CA07', 'Số người vi phạm bị xử phạt hành chính', 'người', 'sum'),
    ('CA08', 'Số tiền phạt', 'đồng', 'sum'),
    ('CA09', 'Số điểm mại dâm công cộng tái hoạt động (tuyến đường Liễu Giai, ven sông Tô Lịch)', 'điểm', 'sum'),
]
PCMD03 = [
    ('DK01', 'Số cơ sở kinh doanh dịch vụ được kiểm tra', 'cơ sở', 'sum'),
    ('DK02', 'Số cơ sở có vi phạm', 'cơ sở', 'sum'),
    ('DK03', 'Số cơ sở bị xử phạt', 'cơ sở', 'sum'),
    ('DK04', 'Số tiền phạt', 'đồng', 'sum'),
    ('DK05', 'Số cơ sở bị đình chỉ hoạt động, thu hồi giấy phép', 'cơ sở', 'sum'),
]
TABLE_HEADER = ['STT', 'Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Kỳ báo cáo', 'Lũy kế từ đầu năm', 'Ghi chú']
POLICE_HEADER = ['STT', 'Ngày xử phạt', 'Số quyết định', 'Phường', 'Họ và tên', 'Năm sinh', 'Giới tính', 'Nơi cư trú', 'Hành vi', 'Số tiền phạt']
TEAM_HEADER = ['STT', 'Ngày kiểm tra', 'Tên cơ sở', 'Loại hình', 'Địa chỉ', 'Phường', 'Kết quả', 'Số tiền phạt']
KINDS = ['Karaoke', 'Xoa bóp, massage', 'Nhà nghỉ, khách sạn', 'Vũ trường, quán bar', 'Cắt tóc, gội đầu', 'Khác']


def main():
    folder, year, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    levels = {w: {code: level(rng, code) for code in codes(PCMD01)} for w in WARDS}
    wards = {w: WardYear(rng, levels[w]) for w in WARDS}
    decisions = 0
    for month in range(1, 13):
        period = f'{year}-{month:02d}'
        day_from, day_to = window(year, month)
        out = os.path.join(folder, period)
        os.makedirs(out, exist_ok=True)
        signed = datetime.datetime(year, month, 16)
        police_rows = []
        for code, name in WARDS.items():
            values = wards[code].month(rng, month)
            for behaviour, key in (('Bán dâm', 'XL02'), ('Mua dâm', 'XL03')):
                for _ in range(values[key]):
                    decisions += 1
                    police_rows.append([between(rng, day_from, day_to), f'{decisions}/QĐ-XPHC', name, f'Người thứ {decisions}',
                                        rng.randint(1970, 2003), rng.choice(['Nam', 'Nữ']), f'Số {decisions} phố Thử', behaviour,
                                        rng.choice([500000, 1000000, 1500000])])
            write_form(os.path.join(out, f'{code}.xlsx'), 'PCMD-01', name, code, period, signed, PCMD01, values, wards[code].ytd)
        police_rows.sort(key=lambda r: r[0])
        police = police_values(rng, police_rows)
        write_form(os.path.join(out, 'CA.xlsx'), 'PCMD-02', 'Công an quận Ba Đình', 'CA', period, signed, PCMD02, police, None,
                   ('DanhSach', POLICE_HEADER, police_rows))
        team_rows = [[between(rng, day_from, day_to), f'Cơ sở thử {month}-{i}', rng.choice(KINDS), f'Số {i} phố Thử',
                      rng.choice(list(WARDS.values())), *rng.choice([['Không vi phạm', None]] * 3 + [['Vi phạm', 2000000]])]
                     for i in range(rng.randint(2, 9))]
        team_rows.sort(key=lambda r: r[0])
        violations = sum(1 for r in team_rows if r[5] == 'Vi phạm')
        team = {'DK01': len(team_rows), 'DK02': violations, 'DK03': violations, 'DK04': sum(r[6] or 0 for r in team_rows),
                'DK05': rng.randint(0, violations)}
        write_form(os.path.join(out, 'D178.xlsx'), 'PCMD-03', 'Đội kiểm tra liên ngành 178 quận Ba Đình', 'D178', period, signed,
                   PCMD03, team, None, ('CoSo', TEAM_HEADER, team_rows))


def codes(rows):
    return [r[0] for r in rows if r[0] is not None]


def level(rng, code):
    """A ward's typical monthly count of an indicator: small for most, larger for attendance and leaflets."""
    big = {'TT02': 120, 'TT03': 300, 'HT01': 12, 'KT02': 8, 'NL02': 15}
    return rng.uniform(0.3, 1.6) * big.get(code, 1.5)


def noisy(rng, mean):
    """A count with month-to-month variation beyond Poisson (a gamma-distributed rate)."""
    rate = rng.gammavariate(1 / 0.35 ** 2, mean * 0.35 ** 2) if mean > 0 else 0
    return poisson(rng, rate)


def poisson(rng, lam):
    # Knuth for small rates, a rounded normal above 30 (both plenty for test data).
    if lam > 30:
        return max(0, round(rng.gauss(lam, lam ** 0.5)))
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class WardYear:
    def __init__(self, rng, levels):
        self.levels = levels
        self.sites = rng.randint(8, 40)
        self.checked = 0
        self.points = rng.randint(0, 4)
        self.budget = rng.choice([20, 30, 50]) * 1000000
        self.model = rng.randint(0, 1)
        self.ytd = {}
        self.sums = {}

    def month(self, rng, month):
        lv = self.levels
        v = {c: noisy(rng, lv[c]) for c in ('TT01', 'TT02', 'TT03', 'TT04', 'KT02', 'HT01', 'HT02', 'HT03', 'HT04', 'HT07', 'NL01', 'NL02')}
        if v['TT01'] == 0:
            v['TT02'] = 0
        if v['NL01'] == 0:
            v['NL02'] = 0
        v['KT01'] = self.sites
        self.checked = min(self.sites, self.checked + rng.randint(0, min(v['KT02'], 5)))
        v['KT03'] = self.checked
        v['KT04'] = rng.randint(0, min(2, self.checked))
        v['KT05'] = v['KT04'] * rng.choice([1500000, 3000000, 5000000])
        new, closed, back = noisy(rng, 0.6), 0, 0
        closed = rng.randint(0, self.points + new)
        back = 1 if rng.random() < 0.1 else 0
        self.points = self.points + new - closed + back
        v['TD01'], v['TD02'], v['TD03'], v['TD04'] = self.points, new, closed, back
        v['XL02'] = noisy(rng, 0.5)
        v['XL03'] = noisy(rng, 0.4)
        v['XL01'] = v['XL02'] + v['XL03']
        v['XL04'] = (v['XL02'] + v['XL03']) * 1000000
        v['HT05'] = noisy(rng, 1.0)
        v['HT06'] = rng.randint(0, v['HT05'])
        v['KP01'] = self.budget
        v['KP02'] = rng.randint(0, 4) * 500000
        v['DG01'], v['DG02'] = self.model, 1 if self.points == 0 else 0
        self.ytd = {}
        for code, _label, _unit, over in [r for r in PCMD01 if r[0] is not None]:
            if over == 'sum':
                self.sums[code] = self.sums.get(code, 0) + v[code]
                self.ytd[code] = self.sums[code]
            else:
                self.ytd[code] = v[code]
        return v


def police_values(rng, rows):
    people = len(rows)
    cases = max(0, people - rng.randint(0, people // 3)) if people else 0
    return {'CA01': noisy(rng, 20), 'CA02': noisy(rng, 0.5), 'CA03': noisy(rng, 0.8), 'CA04': noisy(rng, 0.3), 'CA05': noisy(rng, 0.2),
            'CA06': cases, 'CA07': people, 'CA08': sum(r[8] for r in rows), 'CA09': noisy(rng, 0.7)}


def window(year, month):
    """Decree 09/2019/NĐ-CP: the 15th of the month before to the 14th of the month."""
    start = datetime.date(year - 1, 12, 15) if month == 1 else datetime.date(year, month - 1, 15)
    return start, datetime.date(year, month, 14)


def between(rng, a, b):
    d = a + datetime.timedelta(days=rng.randint(0, (b - a).days))
    return datetime.datetime(d.year, d.month, d.day)


def write_form(path, form, name, code, period, signed, table, values, ytd, lst=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'BaoCao'
    for row, (label, value) in enumerate([('Biểu mẫu', form), ('Đơn vị báo cáo', name), ('Mã đơn vị', code), ('Kỳ báo cáo', period),
                                          ('Ngày báo cáo', signed), ('Người lập biểu', 'Cán bộ thử')], start=1):
        ws.cell(row=row, column=1, value=label)
        ws.cell(row=row, column=2, value=value)
    ws['B5'].number_format = 'dd/mm/yyyy'
    for col, h in enumerate(TABLE_HEADER, start=1):
        ws.cell(row=8, column=col, value=h)
    row, n = 9, 0
    for entry in table:
        if entry[0] is None:
            ws.cell(row=row, column=1, value=entry[1].split('. ')[0])
            ws.cell(row=row, column=3, value=entry[1].split('. ', 1)[1])
        else:
            n += 1
            c, label, unit, _ = entry
            for col, v in enumerate([n, c, label, unit, values[c], ytd[c] if ytd else None], start=1):
                ws.cell(row=row, column=col, value=v)
        row += 1
    if lst:
        sheet, header, rows = lst
        ls = wb.create_sheet(sheet)
        ls.append(header)
        for i, r in enumerate(rows, start=1):
            ls.append([i, *r])
            ls.cell(row=i + 1, column=2).number_format = 'dd/mm/yyyy'
    wb.save(path)


if __name__ == '__main__':
    main()

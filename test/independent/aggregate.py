#!/usr/bin/python3
"""
An independent computation of the district figures (issue 4), for src/pipeline/independent-aggregate.test.ts.

It shares no code and no data file with baocao: the indicator tables below are transcribed from spec/forms.md,
the targets from spec/plan-2021.md, and the workbooks are read with openpyxl (cached values), not exceljs.
Usage: /usr/bin/python3 aggregate.py FOLDER YEAR  ->  JSON on stdout:
  { "files": n, "periods": { "2021-03": { "indicators": { code: { "total", "byUnit" } }, "targets": {...} }, ... },
    "assessment": { "wards": [{ "unit", "score", "rank", "class", "byCriterion": { "TC1": 25, ... } }] } }
Periods: every month, quarter, half and the year, and the range February..April ("2021-02..2021-04", spec/closing.md).
The assessment follows the table of spec/assessment.md (issue 16), not the criteria file the tool reads.
"""
import datetime
import decimal
import glob
import json
import os
import re
import sys
import unicodedata

import openpyxl

# spec/forms.md: code -> "sum" | "last" (the "over time" column). Yes/no indicators are the "có/không" ones.
OVER_TIME = {
    # PCMD-01
    'TT01': 'sum', 'TT02': 'sum', 'TT03': 'sum', 'TT04': 'sum',
    'KT01': 'last', 'KT02': 'sum', 'KT03': 'last', 'KT04': 'sum', 'KT05': 'sum',
    'TD01': 'last', 'TD02': 'sum', 'TD03': 'sum', 'TD04': 'sum',
    'XL01': 'sum', 'XL02': 'sum', 'XL03': 'sum', 'XL04': 'sum',
    'HT01': 'sum', 'HT02': 'sum', 'HT03': 'sum', 'HT04': 'sum', 'HT05': 'sum', 'HT06': 'sum', 'HT07': 'sum',
    'NL01': 'sum', 'NL02': 'sum',
    'KP01': 'last', 'KP02': 'sum',
    'DG01': 'last', 'DG02': 'last',
    # PCMD-02
    'CA01': 'sum', 'CA02': 'sum', 'CA03': 'sum', 'CA04': 'sum', 'CA05': 'sum', 'CA06': 'sum', 'CA07': 'sum', 'CA08': 'sum', 'CA09': 'sum',
    # PCMD-03
    'DK01': 'sum', 'DK02': 'sum', 'DK03': 'sum', 'DK04': 'sum', 'DK05': 'sum',
}
YES_NO = {'DG01', 'DG02'}

# spec/forms.md, "Reporting units": names, for a workbook whose B3 is blank.
UNIT_NAMES = {
    '00001': 'Phúc Xá', '00004': 'Trúc Bạch', '00006': 'Vĩnh Phúc', '00007': 'Cống Vị', '00008': 'Liễu Giai',
    '00010': 'Nguyễn Trung Trực', '00013': 'Quán Thánh', '00016': 'Ngọc Hà', '00019': 'Điện Biên', '00022': 'Đội Cấn',
    '00025': 'Ngọc Khánh', '00028': 'Kim Mã', '00031': 'Giảng Võ', '00034': 'Thành Công',
    'CA': 'Công an quận Ba Đình', 'D178': 'Đội kiểm tra liên ngành 178 quận Ba Đình',
}
WARDS = [c for c in UNIT_NAMES if c not in ('CA', 'D178')]


def main():
    folder, year = sys.argv[1], int(sys.argv[2])
    months = {}  # (unit, month) -> {code: value or None}
    signed = {}  # (unit, month) -> datetime.date or None
    files = sorted(glob.glob(os.path.join(folder, '**', '*.xlsx'), recursive=True))
    for path in files:
        unit, period, values, signed_on = read_form(path)
        m = re.fullmatch(r'(\d{4})-(\d{2})', period)
        if not m or int(m.group(1)) != year:
            continue
        key = (unit, int(m.group(2)))
        if key in months:
            raise SystemExit(f'two workbooks for {key}: {path}')
        months[key] = values
        signed[key] = signed_on
    periods = {}
    for pid, first, last in period_list(year):
        rolled = {}  # unit -> {code: value}
        for unit in sorted({u for (u, _) in months}):
            in_period = [months[(unit, mo)] for mo in range(first, last + 1) if (unit, mo) in months]
            if in_period:
                rolled[unit] = roll_up(in_period)
        periods[pid] = {'indicators': district(rolled), 'targets': targets(months, rolled, year, first, last)}
    out = {'files': len(files), 'units': sorted({u for (u, _) in months}), 'periods': periods, 'assessment': assessment(months, signed, year)}
    json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)


def read_form(path):
    wb = openpyxl.load_workbook(path, data_only=True, read_only=False)
    ws = wb['BaoCao']
    code = (ws['B3'].value or '').strip() if isinstance(ws['B3'].value, str) else ws['B3'].value
    if not code:
        name = fold(str(ws['B2'].value or ''))
        code = next(c for c, n in UNIT_NAMES.items() if fold(n) in name)
    period = str(ws['B4'].value).strip()
    signed_on = as_date(ws['B5'].value)
    values = {}
    for row in ws.iter_rows(min_row=9, max_col=5):
        b = row[1].value
        if isinstance(b, str) and b.strip() in OVER_TIME:
            values[b.strip()] = number(row[4].value, path, b)
    wb.close()
    return str(code), period, values, signed_on


def as_date(v):
    """`Ngày báo cáo`: a date cell, or text typed as dd/mm/yyyy or yyyy-mm-dd. None when empty or unreadable."""
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    if isinstance(v, str):
        m = re.fullmatch(r'\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*', v)
        if m:
            return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r'\s*(\d{4})-(\d{2})-(\d{2})\s*', v)
        if m:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def number(v, path, code):
    if v is None or (isinstance(v, str) and v.strip() == ''):
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    s = v.strip().replace(' ', '')
    if re.fullmatch(r'\d{1,3}(\.\d{3})+|\d+', s):
        return int(s.replace('.', ''))
    raise SystemExit(f'{path} {code}: unexpected value {v!r}')


def roll_up(in_period):
    """spec/forms.md: `sum` adds the months' values; `last` takes the latest month that reported one. None when none did."""
    out = {}
    for code, how in OVER_TIME.items():
        reported = [m[code] for m in in_period if code in m and m[code] is not None]
        present = any(code in m for m in in_period)
        if not present:
            continue
        if not reported:
            out[code] = None
        else:
            out[code] = sum(reported) if how == 'sum' else reported[-1]
    return out


def district(rolled):
    """Across units every indicator sums, except yes/no ones, which count the units saying 1. None when no unit gave a value."""
    out = {}
    for code in OVER_TIME:
        by_unit = {u: vals[code] for u, vals in rolled.items() if code in vals}
        if not by_unit:
            continue
        given = [v for v in by_unit.values() if v is not None]
        total = None if not given else (sum(1 for v in given if v == 1) if code in YES_NO else sum(given))
        out[code] = {'total': total, 'byUnit': by_unit}
    return out


def targets(months, rolled, year, first, last):
    """spec/plan-2021.md, for CT1 (CA09 = 0), CT4 (CA01 >= 400), CT5 (DK01 30-50) and CT8 (KT03/KT01 >= 80 % in every ward)."""
    share = elapsed_share(year, last)
    year_end = last == 12

    def summed(unit, code, upto_first):
        vals = [months[(unit, m)].get(code) for m in range(upto_first, last + 1) if (unit, m) in months]
        vals = [v for v in vals if v is not None]
        return sum(vals) if vals else None

    def status(value, lo, hi):
        if value is None:
            return 'Thiếu số liệu'
        if hi is not None and value > hi:
            return 'Không đạt'
        if lo is None or value >= lo:
            return 'Đạt'
        if year_end:
            return 'Không đạt'
        return 'Đúng tiến độ' if value >= lo * share else 'Chậm tiến độ'

    out = {}
    for tid, unit, code, lo, hi in (('CT1', 'CA', 'CA09', None, 0), ('CT4', 'CA', 'CA01', 400, None), ('CT5', 'D178', 'DK01', 30, 50)):
        ytd = summed(unit, code, 1)
        out[tid] = {'period': summed(unit, code, first), 'yearToDate': ytd, 'status': status(ytd, lo, hi),
                    'percent': None if lo is None or ytd is None else round1(ytd / lo * 100)}
    num = den = 0
    ward_status = {}
    for w in WARDS:
        k3, k1 = rolled.get(w, {}).get('KT03'), rolled.get(w, {}).get('KT01')
        if k3 is None or k1 is None:
            ward_status[w] = {'ratio': None, 'status': 'Thiếu số liệu'}
            continue
        num, den = num + k3, den + k1
        ratio = None if k1 == 0 else k3 / k1 * 100
        ward_status[w] = {'ratio': None if ratio is None else round1(ratio), 'status': 'Đạt' if ratio is None else status(ratio, 80, None)}
    statuses = [s['status'] for s in ward_status.values()]
    ranking = ['Thiếu số liệu', 'Không đạt', 'Chậm tiến độ', 'Đúng tiến độ', 'Đạt']
    out['CT8'] = {'ratio': round1(num / den * 100) if den else None, 'byUnit': ward_status, 'status': min(statuses, key=ranking.index)}
    return out


def elapsed_share(year, last_month):
    """Decree 09 windows: the year runs 15/12 of the year before to 14/12; a period ends on the 14th of its last month."""
    start = datetime.date(year - 1, 12, 15)
    end = datetime.date(year, 12, 14)
    to = datetime.date(year, last_month, 14)
    return ((to - start).days + 1) / ((end - start).days + 1)


def period_list(year):
    out = [(f'{year}-{m:02d}', m, m) for m in range(1, 13)]
    out += [(f'{year}-Q{q}', 3 * q - 2, 3 * q) for q in range(1, 5)]
    out += [(f'{year}-H1', 1, 6), (f'{year}-H2', 7, 12), (str(year), 1, 12)]
    out += [(f'{year}-02..{year}-04', 2, 4)]  # a range of months (spec/closing.md): rolled up like a quarter
    return out


def assessment(months, signed, year):
    """
    spec/assessment.md, the default 100-point criteria, from the monthly forms alone:
    TC1 25 x min(1, (KT03/KT01 at year end) / 0.8) (KT01 = 0: 25); TC2 15 if TD01 at year end = 0 and sum TD04 = 0;
    TC3 15 if DG02 = 1; TC4 10 if DG01 = 1; TC5 10 x months with TT01 >= 1 / 12; TC6 5 if sum NL01 >= 1;
    TC7 5 if sum HT01 >= 1 or no sex worker fined (sum XL02 = 0); TC8 15 x forms signed by the 17th of their month / 12
    (Decree 09: a month's data window ends on the 14th, forms are due 3 days later). Each criterion rounded to 2 decimals.
    Classes: Xuất sắc >= 90, Tốt >= 75, Khá >= 60, Trung bình >= 50, Yếu. Ties share a rank (1, 2, 2, 4).
    """
    if any((w, m) not in months for w in WARDS for m in range(1, 13)):
        return None  # the oracle assesses complete years only
    wards = []
    for w in WARDS:
        ms = [months[(w, m)] for m in range(1, 13)]

        def year_end(code):
            vals = [x.get(code) for x in ms if x.get(code) is not None]
            return vals[-1] if vals else None

        def total(code):
            return sum(x.get(code) or 0 for x in ms)

        k3, k1 = year_end('KT03'), year_end('KT01')
        tc1 = 0 if k3 is None or k1 is None else 25 if k1 == 0 or k3 / k1 >= 0.8 else round2(25 * (k3 / k1) / 0.8)
        by = {
            'TC1': tc1,
            'TC2': 15 if year_end('TD01') == 0 and total('TD04') == 0 else 0,
            'TC3': 15 if year_end('DG02') == 1 else 0,
            'TC4': 10 if year_end('DG01') == 1 else 0,
            'TC5': round2(10 * sum(1 for x in ms if (x.get('TT01') or 0) >= 1) / 12),
            'TC6': 5 if total('NL01') >= 1 else 0,
            'TC7': 5 if total('HT01') >= 1 or total('XL02') == 0 else 0,
            'TC8': round2(15 * sum(1 for m in range(1, 13) if signed.get((w, m)) and signed[(w, m)] <= datetime.date(year, m, 17)) / 12),
        }
        wards.append({'unit': w, 'score': round2(sum(by.values())), 'byCriterion': by})
    for x in wards:
        x['rank'] = 1 + sum(1 for o in wards if o['score'] > x['score'])
        s = x['score']
        x['class'] = 'Xuất sắc' if s >= 90 else 'Tốt' if s >= 75 else 'Khá' if s >= 60 else 'Trung bình' if s >= 50 else 'Yếu'
    return {'wards': sorted(wards, key=lambda x: x['rank'])}


def round2(x):
    """Two decimals, half up, free of binary noise."""
    return float(decimal.Decimal(repr(round(x, 9))).quantize(decimal.Decimal('0.01'), rounding=decimal.ROUND_HALF_UP))


def round1(x):
    """One decimal, half up (as a person rounds a percentage), free of binary noise."""
    return float(decimal.Decimal(repr(round(x, 9))).quantize(decimal.Decimal('0.1'), rounding=decimal.ROUND_HALF_UP))


def fold(s):
    s = unicodedata.normalize('NFD', s).replace('đ', 'd').replace('Đ', 'D')
    return ''.join(ch for ch in s if unicodedata.category(ch) != 'Mn').lower()


if __name__ == '__main__':
    main()

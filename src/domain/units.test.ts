import { describe, expect, it } from 'vitest';
import { loadDefaultUnits } from '../load/load-units.ts';
import { foldUnitName, matchUnit, normalizeCode, unitsValidOn } from './units.ts';

const registry = loadDefaultUnits();
const DAY = '2021-03-31';
const match = (code: string | null, name: string | null, day = DAY) => {
  const m = matchUnit(registry, { code, name }, day);
  return m.kind === 'matched' ? `${m.unit.code} by ${m.by}` : m.kind === 'mismatch' ? `mismatch ${m.byCode.code}/${m.byName.code}` : 'unknown';
};

describe('which unit a form speaks for (the registry of Ba Đình)', () => {
  it.each([
    // code, name, result
    ['00007', null, '00007 by code'],
    ['7', null, '00007 by code'], // Excel ate the leading zeros
    [' 00007 ', 'Phường Cống Vị', '00007 by code'],
    [null, 'Phường Cống Vị', '00007 by name'],
    [null, 'phuong cong vi', '00007 by name'],
    [null, 'Công Vị', '00007 by name'], // an alias
    [null, 'P. Kim Mã', '00028 by name'],
    [null, 'UBND phường Kim Mã', '00028 by name'],
    [null, 'UBND phường Kim Mã quận Ba Đình', '00028 by name'], // whole words inside longer text
    [null, 'Ủy ban nhân dân phường Điện Biên', '00019 by name'],
    [null, 'Phu\u031Bo\u031B\u0300ng Ngo\u0323c Ha\u0300', '00016 by name'], // NFD from a Mac
    [null, 'Công an quận Ba Đình', 'CA by name'], // the longer name beats "Ba Đình"
    [null, 'Đội 178', 'D178 by name'],
    [null, 'Đội Cấn, Phúc Xá', 'unknown'], // two wards named: a tie is refused, never a guess
    [null, 'Phúc Xá và Trúc Bạch', 'unknown'],
    [null, 'Phường Hàng Bông', 'unknown'], // not in Ba Đình
    [null, '', 'unknown'],
    ['00002', null, 'unknown'],
    ['00007', 'Phường Kim Mã', 'mismatch 00007/00028'],
    ['CA', 'Công an quận', 'CA by code'],
    ['ca', null, 'CA by code'],
  ])('code %j, name %j → %s', (code, name, expected) => {
    expect(match(code, name)).toBe(expected);
  });

  it('knows the units of the day: Nguyễn Trung Trực to 2024-12-31, the new wards from 2025-07-01', () => {
    const codes = (day: string) => unitsValidOn(registry, day).map((u) => `${u.code} ${u.name}`);
    expect(codes('2024-12-31')).toContain('00010 Phường Nguyễn Trung Trực');
    expect(codes('2025-01-01')).not.toContain('00010 Phường Nguyễn Trung Trực');
    expect(codes('2025-06-30')).toContain('00004 Phường Trúc Bạch');
    expect(codes('2025-07-01')).not.toContain('00004 Phường Trúc Bạch');
    expect(codes('2025-07-01')).toContain('00004 Phường Ba Đình');
    expect(codes('2025-07-01')).toHaveLength(3);
    expect(unitsValidOn(registry, DAY).filter((u) => u.kind === 'ward')).toHaveLength(14);
    expect(match('00004', null, '2025-07-01')).toBe('00004 by code');
    expect(match(null, 'Phường Trúc Bạch', '2025-07-01')).toBe('unknown');
  });

  it('folds names and normalises codes', () => {
    expect(foldUnitName('  UBND  Phường  Đội Cấn. ')).toBe('doi can');
    expect(foldUnitName('P.Kim Mã')).toBe('kim ma');
    expect(normalizeCode('22')).toBe('00022');
    expect(normalizeCode('d178')).toBe('D178');
    expect(normalizeCode('123456')).toBe('123456');
  });
});

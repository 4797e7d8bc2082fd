// A city of generated wards for the scale benchmark: each ward-month form is a bundled fixture of one of the
// 14 real wards (ward i copies ward i mod 14, month for month, so every year-to-date rule still holds) with
// the unit's name and code rewritten in the workbook's shared strings. Rewriting the XML directly (fflate)
// makes 3,000 files in seconds; the forms stay exactly what the tool's blank-form writer produced.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

/** Registry entries of the generated wards (codes 1xxxx, names "Phường Thử Nghiệm 001"…). */
export function scaleWards(count) {
  return Array.from({ length: count }, (_, i) => ({
    code: String(10001 + i),
    name: `Phường Thử Nghiệm ${String(i + 1).padStart(3, '0')}`,
    kind: 'ward',
    validFrom: null,
    validTo: null,
  }));
}

/**
 * Writes `dir/units.json` (the wards plus a police and a team 178 entry), `dir/baocao.config.json`, and
 * `dir/inbox/<YYYY-MM>/PCMD-01_<YYYY-MM>_<code>.xlsx` for `months` months of every ward. Skips the work when
 * `dir/.complete` says the same was made before.
 */
export function makeScaleInbox({ repo, dir, wards, months }) {
  const stamp = `${wards} wards × ${months} months, v1`;
  const done = path.join(dir, '.complete');
  if (existsSync(done) && readFileSync(done, 'utf8') === stamp) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const registry = JSON.parse(readFileSync(path.join(repo, 'templates', 'units', 'ba-dinh.json'), 'utf8'));
  const real = registry.units.filter((u) => u.kind === 'ward' && u.validTo >= '2021-12-31' && (u.validFrom ?? '') <= '2021-01-01');
  const others = registry.units.filter((u) => u.kind !== 'ward' && (u.validTo === null || u.validTo >= '2021-12-31'));
  const generated = scaleWards(wards);
  writeFileSync(path.join(dir, 'units.json'), JSON.stringify({ ...registry, district: 'Thành phố thử nghiệm', units: [...generated, ...others] }, null, 1));
  writeFileSync(path.join(dir, 'baocao.config.json'), JSON.stringify({ inbox: 'inbox', output: 'out', units: 'units.json', lockWaitSeconds: 0 }, null, 2));
  for (let m = 1; m <= months; m++) {
    const period = `2021-${String(m).padStart(2, '0')}`;
    const out = path.join(dir, 'inbox', period);
    mkdirSync(out, { recursive: true });
    const sources = real.map((u) => ({ unit: u, zip: unzipSync(readFileSync(path.join(repo, 'fixtures', '2021', period, `PCMD-01_${period}_${u.code}.xlsx`))) }));
    generated.forEach((ward, i) => {
      const src = sources[i % sources.length];
      const files = { ...src.zip, 'xl/sharedStrings.xml': strToU8(renameUnit(strFromU8(src.zip['xl/sharedStrings.xml']), src.unit, ward)) };
      writeFileSync(path.join(out, `PCMD-01_${period}_${ward.code}.xlsx`), zipSync(files, { level: 6, mtime: new Date('2021-01-01T00:00:00Z') }));
    });
  }
  if (readdirSync(path.join(dir, 'inbox')).length !== months) throw new Error('scale inbox: months missing');
  writeFileSync(done, stamp);
}

function renameUnit(xml, from, to) {
  const out = xml
    .replaceAll(`<t>${from.name}</t>`, `<t>${to.name}</t>`)
    .replaceAll(`<t>${from.code}</t>`, `<t>${to.code}</t>`)
    .replaceAll(`${from.name} (mã đơn vị ${from.code})`, `${to.name} (mã đơn vị ${to.code})`);
  if (!out.includes(`<t>${to.name}</t>`) || !out.includes(`<t>${to.code}</t>`)) throw new Error(`scale inbox: ${from.code} not found in the shared strings`);
  return out;
}

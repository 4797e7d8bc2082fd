/**
 * Numbers and dates the Vietnamese way: `1.200.000`, `87,5%`, `ngày 14 tháng 3 năm 2021`.
 * Hand-written rather than Intl: ICU data differs between Node builds (small-icu), and the output must be byte-stable.
 */

/** 1200000 → "1.200.000"; 12.5 → "12,5"; null → "—" (not reported). */
export function formatNumberVi(value: number | null, decimals = 0): string {
  if (value === null) return '—';
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(decimals);
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${frac && /[1-9]/.test(frac) ? `,${frac.replace(/0+$/, '')}` : ''}`;
}

/** 87.5 → "87,5%"; 100 → "100%"; null → "—". */
export const formatPercentVi = (value: number | null, decimals = 1): string => (value === null ? '—' : `${formatNumberVi(value, decimals)}%`);

/** "1.200.000 đồng". */
export const formatMoneyVi = (value: number | null): string => (value === null ? '—' : `${formatNumberVi(value)} đồng`);

/** "2021-03-14" → "ngày 14 tháng 3 năm 2021" (day and month without leading zeros, for running text; the date line of a
 * document follows Decree 30's own rule instead: see formatDocumentDateVi). */
export function formatDateLongVi(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `ngày ${d} tháng ${m} năm ${y}`;
}

/** "2021-03-14" → "14/03/2021". */
export function formatDateVi(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The date line of an official document (Decree 30/2020/NĐ-CP, Appendix I, II.5.b): days below 10 and the months
 * 1 and 2 take a leading zero. "2021-03-16" → "ngày 16 tháng 3 năm 2021"; "2021-02-05" → "ngày 05 tháng 02 năm 2021".
 */
export function formatDocumentDateVi(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const pad = (n: number | undefined, below: number): string => (n !== undefined && n < below ? `0${n}` : String(n));
  return `ngày ${pad(d, 10)} tháng ${pad(m, 3)} năm ${y}`;
}

/** How far from a whole number a value may be and still be that number: formula float noise, never a typed decimal. */
export const WHOLE_TOLERANCE = 1e-6;

/**
 * A number cell's value as the whole number it stands for, or the value unchanged when it is a real fraction.
 * A formula result carries float noise (`=1000000*1.1` is cached as 1100000.0000000002), which no clerk can see:
 * a value within 1e-6 of a whole number is that number. Money is rounded to the đồng whatever its fraction
 * (a share `=B5/3` leaves decimals that the đồng format never shows, and there is nothing smaller than a đồng).
 */
export function asWhole(value: number, type: 'count' | 'money'): number {
  if (!Number.isFinite(value)) return value;
  const nearest = Math.round(value);
  const whole = type === 'money' || Math.abs(value - nearest) <= WHOLE_TOLERANCE ? nearest : value;
  return whole === 0 ? 0 : whole; // never -0
}

import type { Indicator, ValueType } from './form-schema.ts';

/**
 * The largest value still believable when a definition gives no `max`: a ward does not hold a million
 * propaganda sessions in a month, and 100 billion đồng is far above any district's fines or budget for
 * this plan. Anything larger is almost surely a typing slip (an extra digit, a phone number). The blank
 * form's data validation and the reader's `cell.too-large` check use the same limit.
 */
export const DEFAULT_MAX: Readonly<Record<ValueType, number>> = { count: 1_000_000, money: 100_000_000_000, yesno: 1 };

export const maxOf = (indicator: Pick<Indicator, 'type' | 'max'>): number => indicator.max ?? DEFAULT_MAX[indicator.type];

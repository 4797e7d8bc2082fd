/**
 * Who a report goes to: the district People's Committee (UBND quận) or the city (Sở LĐ-TBXH / UBND thành phố).
 * Its own module, free of zod, so that the CLI can offer the choices without loading the configuration schema.
 */
export const AUDIENCES = ['district', 'city'] as const;
export type Audience = (typeof AUDIENCES)[number];

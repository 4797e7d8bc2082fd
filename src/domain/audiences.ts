/**
 * Who a report goes to. Kept apart from config-schema.ts (zod) so that the command line can offer the choices
 * without loading zod: `baocao --version` and `--help` load no schema library.
 */
export const AUDIENCES = ['district', 'city'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * How an issue cell is marked, so that it survives a black-and-white print and never looks like an input cell (whose
 * fill is a plain cream): a patterned fill (red diagonal hatching for an error, orange dots for a warning) over a light
 * background of the same hue, and a border (thick solid for an error, dashed for a warning).
 */
export const ISSUE_MARK = {
  error: { pattern: 'lightUp', fg: 'FFC00000', bg: 'FFFFC7CE', border: 'thick', borderColor: 'FFC00000' },
  warning: { pattern: 'gray125', fg: 'FFC65911', bg: 'FFFCE4D6', border: 'mediumDashed', borderColor: 'FFC65911' },
} as const;
/** The background colours of the marks (kept for tests and the sheet's legend). */
export const ISSUE_FILL = { error: ISSUE_MARK.error.bg, warning: ISSUE_MARK.warning.bg } as const;
export type IssueMark = (typeof ISSUE_MARK)[keyof typeof ISSUE_MARK];

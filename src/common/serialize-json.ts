/**
 * JSON as the tool writes it: two-space indent, a trailing newline, keys in the order the value was
 * built (builders construct objects in a fixed order, so the bytes are stable from run to run).
 */
export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

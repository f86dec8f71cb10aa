/** A plain JSON-like object: not `null`, not an array (whose keys would read as indices). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** DynamoDB rejects an item larger than this (attribute names and values together). */
export const DYNAMODB_MAX_ITEM_BYTES = 400 * 1024;

/**
 * The size DynamoDB bills and limits for a value, by its documented rules: strings and names in UTF-8 bytes,
 * numbers about one byte per two significant digits plus one, booleans and nulls one byte, lists and maps three
 * bytes plus one per element. Values that JSON drops (`undefined`) count nothing, as the marshaller drops them.
 */
export function dynamoValueBytes(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + dynamoValueBytes(v), 0);
  if (typeof value === 'object') {
    let sum = 3;
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      sum += 1 + Buffer.byteLength(name, 'utf8') + dynamoValueBytes(v);
    }
    return sum;
  }
  return Buffer.byteLength(String(value), 'utf8');
}

/** The size of an item: its attributes' names and values. */
export function dynamoItemBytes(item: Readonly<Record<string, unknown>>): number {
  let sum = 0;
  for (const [name, v] of Object.entries(item)) {
    if (v === undefined) continue;
    sum += Buffer.byteLength(name, 'utf8') + dynamoValueBytes(v);
  }
  return sum;
}

/** An item would break a size bound of the fleet's data model; refused before DynamoDB sees it. */
export class ItemTooLargeError extends Error {
  constructor(
    readonly what: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`${what} takes ${bytes} bytes, over its ${limit}-byte bound`);
    this.name = 'ItemTooLargeError';
  }
}

/** Throws `ItemTooLargeError` when `item` is larger than `limit` bytes. */
export function assertItemFits(item: Readonly<Record<string, unknown>>, limit: number, what: string): void {
  const bytes = dynamoItemBytes(item);
  if (bytes > limit) throw new ItemTooLargeError(what, bytes, limit);
}

import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from './api-error.js';

/** The largest request body the API accepts; a subscription needs a few hundred bytes. */
export const MAX_BODY_BYTES = 4096;

/** Hono's body limit, answering the API's 413 past `MAX_BODY_BYTES` (declared or counted while read). */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new PayloadTooLargeError(MAX_BODY_BYTES);
  },
});

/** The media type of `Content-Type`, lower case, without parameters. */
export function mediaTypeOf(c: Context): string | undefined {
  return c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
}

/** The body of a JSON request: 415 without a JSON content type, 400 when empty or unparsable. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const mediaType = mediaTypeOf(c);
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType ?? '')) {
    throw new UnsupportedMediaTypeError('application/json', c.req.header('content-type'));
  }
  const body = await c.req.text();
  // RFC 8259 §8.1 lets a parser ignore a byte-order mark, and some clients send one.
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  if (text.trim() === '') throw new InvalidJsonError('the body is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError((error as Error).message);
  }
}

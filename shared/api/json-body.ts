import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from './api-error.js';
import type { ApiRequest } from './api-request.js';

/** The largest request body the API accepts; a subscription needs a few hundred bytes. */
export const MAX_BODY_BYTES = 4096;

/** The body of a JSON request: 413 past `MAX_BODY_BYTES`, 415 without a JSON content type, 400 when unparsable. */
export function readJsonBody(request: ApiRequest): unknown {
  const body = request.body ?? '';
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const contentType = request.headers['content-type'];
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType ?? '')) {
    throw new UnsupportedMediaTypeError('application/json', contentType);
  }
  // RFC 8259 §8.1 lets a parser ignore a byte-order mark, and some clients send one.
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  if (text.trim() === '') throw new InvalidJsonError('the body is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidJsonError((error as Error).message);
  }
}

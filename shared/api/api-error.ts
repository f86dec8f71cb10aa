/** The closed list of error codes a client can receive in `{ "error": { "code", "message" } }`. */
export type ApiErrorCode =
  | 'bad_parameter'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'internal_error';

/** A failure the client caused or must know about; the HTTP layer turns it into a JSON error response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A query, path or body parameter that breaks a rule: the message names both. */
export class BadParameterError extends ApiError {
  constructor(
    readonly parameter: string,
    readonly rule: string,
  ) {
    super(400, 'bad_parameter', `${parameter}: ${rule}`);
    this.name = 'BadParameterError';
  }
}

export class InvalidJsonError extends ApiError {
  constructor(detail: string) {
    super(400, 'invalid_json', `body: is not valid JSON (${detail})`);
    this.name = 'InvalidJsonError';
  }
}

/** An operator route without valid credentials; `WWW-Authenticate` names the scheme. */
export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super(401, 'unauthorized', message, { 'www-authenticate': 'Bearer' });
    this.name = 'UnauthorizedError';
  }
}

/** An operator route this deployment does not allow the request to use. */
export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, 'forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(404, 'not_found', message);
    this.name = 'NotFoundError';
  }
}

export class MethodNotAllowedError extends ApiError {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allowed.join(', ')}`, {
      allow: allowed.join(', '),
    });
    this.name = 'MethodNotAllowedError';
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super(409, 'conflict', message);
    this.name = 'ConflictError';
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `body: must be at most ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(expected: string, got: string | undefined) {
    super(
      415,
      'unsupported_media_type',
      `content-type: must be ${expected}${got === undefined ? ' (none given)' : ` (got ${got})`}`,
    );
    this.name = 'UnsupportedMediaTypeError';
  }
}

/** Throttled; `retryAfterSeconds` also goes out as the `Retry-After` header. */
export class TooManyRequestsError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'too_many_requests', message, { 'retry-after': String(retryAfterSeconds) });
    this.name = 'TooManyRequestsError';
  }
}

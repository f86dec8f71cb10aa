import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnauthorizedError } from './api-error.js';
import type { RequestFacts } from './http-app.js';

/** What an operator check looks at: the `Authorization` header and the platform's facts. */
export interface OperatorRequest {
  readonly authorization: string | undefined;
  readonly facts: RequestFacts;
}

/** Decides whether a request may use the operator routes; throws `UnauthorizedError` or `ForbiddenError`. */
export interface OperatorAuthorizer {
  authorize(request: OperatorRequest): void;
}

/**
 * AWS: API Gateway's IAM authorizer verified the caller's signature before the request got here. The handler
 * still refuses a request without the authorizer's context, should the route ever be deployed without it.
 */
export const iamOperatorAuthorizer: OperatorAuthorizer = {
  authorize({ facts }) {
    if (facts.iamCaller === undefined || facts.iamCaller === '') {
      throw new ForbiddenError('operator routes need a request signed with AWS credentials (SigV4, IAM)');
    }
  },
};

/** Operator routes switched off: every request is refused with how to switch them on. */
export function disabledOperator(howToEnable: string): OperatorAuthorizer {
  return {
    authorize() {
      throw new ForbiddenError(`operator routes are off; ${howToEnable}`);
    },
  };
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Local mode: `Authorization: Bearer <token>`. Compared as SHA-256 digests in constant time, so neither the
 * token's length nor its content leaks through timing; the token is never logged or echoed.
 */
export function bearerTokenOperator(token: string): OperatorAuthorizer {
  const expected = digest(token);
  return {
    authorize({ authorization }) {
      const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
      if (match === null) throw new UnauthorizedError('operator routes need "Authorization: Bearer <token>"');
      if (!timingSafeEqual(digest(match[1]!), expected)) {
        throw new UnauthorizedError('the operator token is not valid');
      }
    },
  };
}

import { shorten } from './format.js';
import { type AnswerText, statusLine, type Verdict, verdict } from './verdict.js';

export interface HttpExpectations {
  /** Status codes that count as up. */
  readonly expectStatus: readonly number[];
  readonly mustContain?: string | undefined;
  readonly mustNotContain?: string | undefined;
}

/** `http`: up when the status is expected, the body holds `mustContain` and not `mustNotContain`. */
export function classifyHttp(answer: AnswerText, expect: HttpExpectations): Verdict {
  if (!expect.expectStatus.includes(answer.status)) {
    return verdict('http_status', `${statusLine(answer)} (expected ${expect.expectStatus.join(', ')})`);
  }
  if (expect.mustContain !== undefined && !answer.text.includes(expect.mustContain)) {
    return verdict('unexpected_body', `text "${shorten(expect.mustContain, 60)}" not found in the body`);
  }
  if (expect.mustNotContain !== undefined && answer.text.includes(expect.mustNotContain)) {
    return verdict('unexpected_body', `text "${shorten(expect.mustNotContain, 60)}" found in the body`);
  }
  return verdict('ok', statusLine(answer));
}

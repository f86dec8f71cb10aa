import type { CheckKind } from '../types.js';
import { decodeBody } from './body-text.js';
import { classifyDjpPortal } from './classify-djp-portal.js';
import { classifyEfakturWsdl } from './classify-efaktur-wsdl.js';
import { classifyHttp } from './classify-http.js';
import { classifyQrValidation } from './classify-qr-validation.js';
import { formatSeconds, shorten } from './format.js';
import type { HttpExchange } from './http-check.js';
import { findMaintenanceText } from './maintenance-text.js';
import { type AnswerText, isSuccess, statusLine, type Verdict, verdict } from './verdict.js';
import { ClassificationDeadlineError, WorkBudget } from './work-budget.js';

/** What classification needs to know about a target. */
export interface ClassifyOptions {
  readonly check: CheckKind;
  /** A valid answer slower than this is `degraded`. */
  readonly degradedAfterMs: number;
  readonly expectStatus?: readonly number[];
  readonly mustContain?: string | undefined;
  readonly mustNotContain?: string | undefined;
}

const expectations = (options: ClassifyOptions) => ({
  expectStatus: options.expectStatus ?? [200],
  mustContain: options.mustContain,
  mustNotContain: options.mustNotContain,
});

function classifyKind(answer: AnswerText, options: ClassifyOptions, budget: WorkBudget): Verdict {
  switch (options.check) {
    case 'efaktur-wsdl':
      return classifyEfakturWsdl(answer, budget);
    case 'efaktur-qr-validation':
      return classifyQrValidation(answer, budget);
    case 'http':
      return classifyHttp(answer, expectations(options));
    case 'djp-portal':
      return classifyDjpPortal(answer, expectations(options), budget);
  }
}

/** The host the answer came from when it is not the target's own (after a redirect), else `null`. */
function foreignHost(exchange: HttpExchange, answerUrl: string): string | null {
  try {
    const to = new URL(answerUrl).host;
    return to === new URL(exchange.url).host ? null : to;
  } catch {
    return 'another host';
  }
}

/** A transport failure first, then the maintenance page, then the check kind's rules (see classifyExchange). */
function classifyAnswer(exchange: HttpExchange, options: ClassifyOptions, budget: WorkBudget): Verdict {
  if (exchange.failure !== null) return verdict(exchange.failure.reason, exchange.failure.detail);
  if (exchange.answer === null) return verdict('network', 'no answer');
  const { answer } = exchange;
  const host = foreignHost(exchange, answer.url);
  const after = (kind: Verdict) =>
    host === null ? kind : verdict(kind.reason, `${kind.detail} after redirect to ${host}`);
  const text: AnswerText = {
    status: answer.status,
    statusText: answer.statusText,
    text: decodeBody(answer.body, answer.headers['content-type']),
    own: host === null,
  };
  budget.check();
  // A portal's page tells a maintenance notice from an announcement beside a working login form itself.
  const maintenance = options.check === 'djp-portal' ? null : findMaintenanceText(text.text);
  budget.check();
  if (maintenance !== null) {
    const status = isSuccess(answer.status) ? '' : ` (${statusLine(answer)})`;
    return after(
      verdict(
        'maintenance_page',
        text.own ? `maintenance page${status}: "${maintenance}"` : `maintenance page${status}`,
      ),
    );
  }
  const kind = classifyKind(text, options, budget);
  budget.check();
  if (kind.status !== 'up') return after(kind);
  if (exchange.timings.totalMs > options.degradedAfterMs) {
    return verdict(
      'slow',
      `${kind.detail}, slow: ${formatSeconds(exchange.timings.totalMs)} (over ${formatSeconds(options.degradedAfterMs)})`,
    );
  }
  return kind;
}

/**
 * Turns one exchange into a verdict: a transport failure first, then the maintenance page (whatever the status
 * code; `djp-portal` reads it with the page itself), then the check kind's own rules, then slowness of an otherwise
 * valid answer. The work is bounded by `budget` (what the check's hard deadline left): past it it is a `timeout`.
 */
export function classifyExchange(
  exchange: HttpExchange,
  options: ClassifyOptions,
  budget: WorkBudget = WorkBudget.unlimited(),
): Verdict {
  try {
    return classifyAnswer(exchange, options, budget);
  } catch (error) {
    if (error instanceof ClassificationDeadlineError) {
      return verdict(
        'timeout',
        `answer not classified within the ${formatSeconds(error.timeoutMs)} deadline`,
      );
    }
    return verdict('network', shorten(`answer could not be classified: ${(error as Error).message}`));
  }
}

import { type ProbeStatus, type ReasonCode, statusOfReason } from '../types.js';
import { shorten } from './format.js';

/** What a classifier concludes from one answer. */
export interface Verdict {
  readonly status: ProbeStatus;
  readonly reason: ReasonCode;
  /** One short human line. */
  readonly detail: string;
}

/** The verdict of a reason, its status implied. */
export function verdict(reason: ReasonCode, detail: string): Verdict {
  return { status: statusOfReason(reason), reason, detail: shorten(detail) };
}

/** An answer reduced to what classifiers read: the status line and the decoded body. */
export interface AnswerText {
  readonly status: number;
  readonly statusText: string;
  readonly text: string;
  /**
   * Whether the answer came from the target's own host. Another host's answer (after a redirect) is classified
   * all the same, but no text of it is ever quoted in a detail.
   */
  readonly own: boolean;
}

/** The longest quotation of an answer's text (a title, a fault string, an element name) in a detail. */
export const MAX_QUOTE_LENGTH = 80;

/** A short, cleaned quotation of the answer's text for a detail; `null` when the answer is another host's. */
export function quote(answer: Pick<AnswerText, 'own'>, text: string, max = MAX_QUOTE_LENGTH): string | null {
  return answer.own ? shorten(text, max) : null;
}

/** `HTTP 502 Bad Gateway`. */
export function statusLine(answer: Pick<AnswerText, 'status' | 'statusText'>): string {
  return `HTTP ${answer.status} ${answer.statusText}`.trim();
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

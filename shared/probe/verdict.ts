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
}

/** `HTTP 502 Bad Gateway`. */
export function statusLine(answer: Pick<AnswerText, 'status' | 'statusText'>): string {
  return `HTTP ${answer.status} ${answer.statusText}`.trim();
}

export const isSuccess = (status: number) => status >= 200 && status < 300;

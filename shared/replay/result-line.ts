import * as z from 'zod/mini';
import {
  PROBE_STATUSES,
  type ProbeResult,
  type ProbeStatus,
  REASON_CODES,
  type ReasonCode,
} from '../types.js';
import { formatIssues, requiredFieldMessage } from '../validation/zod.js';

/**
 * One probe result as a line of JSON: the replay tool's input and the API's NDJSON export.
 * `control` is whether the region's own network worked (absent: not checked).
 */
export interface ResultLine {
  readonly region: string;
  readonly checkedAt: string;
  readonly status: ProbeStatus;
  readonly reason: ReasonCode;
  readonly target?: string;
  readonly latencyMs?: number;
  readonly control?: boolean;
  readonly detail?: string;
}

const isoTime = z.string().check(
  z.refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s), {
    error: 'must be an ISO 8601 time',
  }),
);

export const resultLineSchema = z.looseObject({
  region: z.string().check(z.minLength(1, { error: 'must not be empty' })),
  checkedAt: isoTime,
  status: z.enum(PROBE_STATUSES, { error: `must be one of ${PROBE_STATUSES.join(', ')}` }),
  reason: z.enum(REASON_CODES, { error: `must be one of ${REASON_CODES.join(', ')}` }),
  target: z.optional(z.string().check(z.minLength(1, { error: 'must not be empty' }))),
  latencyMs: z.optional(z.number().check(z.gte(0, { error: 'must not be negative' }))),
  control: z.optional(z.boolean({ error: 'must be true or false' })),
  detail: z.optional(z.string()),
});

/** A line that is not a valid result; `line` is 1-based. */
export class ResultLineError extends Error {
  constructor(
    readonly line: number,
    readonly problems: readonly string[],
  ) {
    super(`line ${line}: ${problems.join('; ')}`);
    this.name = 'ResultLineError';
  }
}

/** Parses one line; throws `ResultLineError` naming every bad field. */
export function parseResultLine(text: string, lineNumber: number): ResultLine {
  let raw: unknown;
  try {
    // A byte-order mark, as editors and spreadsheet exports on Windows write, is not part of the JSON.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ResultLineError(lineNumber, ['is not JSON']);
  }
  const parsed = resultLineSchema.safeParse(raw, requiredFieldMessage);
  if (!parsed.success) throw new ResultLineError(lineNumber, formatIssues(parsed.error.issues, '(line)'));
  const { region, checkedAt, status, reason, target, latencyMs, control, detail } = parsed.data;
  return {
    region,
    checkedAt: new Date(checkedAt).toISOString(),
    status,
    reason,
    ...(target !== undefined && { target }),
    ...(latencyMs !== undefined && { latencyMs }),
    ...(control !== undefined && { control }),
    ...(detail !== undefined && { detail }),
  };
}

/** The line of a stored result, as the API exports it. */
export function toResultLine(result: ProbeResult): ResultLine {
  return {
    region: result.region,
    checkedAt: result.checkedAt,
    status: result.status,
    reason: result.reason,
    target: result.targetId,
    latencyMs: result.latencyMs,
    ...(result.control !== null && { control: result.control.ok }),
    detail: result.detail,
  };
}

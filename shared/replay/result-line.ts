import * as z from 'zod/mini';
import {
  PROBE_STATUSES,
  type ProbeResult,
  type ProbeStatus,
  REASON_CODES,
  type ReasonCode,
  statusOfReason,
} from '../types.js';
import { formatIssues, requiredFieldMessage } from '../validation/zod.js';
import { readRfc3339 } from './rfc3339.js';

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

const rfc3339Time = z.string().check(
  z.superRefine((text, ctx) => {
    const reading = readRfc3339(text);
    if ('problem' in reading) ctx.addIssue({ code: 'custom', message: reading.problem, input: text });
  }),
);

/** The rule of a closed list; a missing value is said to be missing. */
const oneOf =
  (values: readonly string[]) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `must be one of ${values.join(', ')}`;

export const resultLineSchema = z
  .looseObject({
    region: z.string().check(z.minLength(1, { error: 'must not be empty' })),
    checkedAt: rfc3339Time,
    status: z.enum(PROBE_STATUSES, { error: oneOf(PROBE_STATUSES) }),
    reason: z.enum(REASON_CODES, { error: oneOf(REASON_CODES) }),
    target: z.optional(z.string().check(z.minLength(1, { error: 'must not be empty' }))),
    latencyMs: z.optional(z.number().check(z.gte(0, { error: 'must not be negative' }))),
    control: z.optional(z.boolean({ error: 'must be true or false' })),
    detail: z.optional(z.string()),
  })
  .check(
    // The probe derives the status from the reason; a line where they disagree was not written by a probe.
    z.superRefine((line, ctx) => {
      const implied = statusOfReason(line.reason);
      if (line.status !== implied) {
        ctx.addIssue({
          code: 'custom',
          path: ['status'],
          message: `"${line.status}" does not match reason "${line.reason}", which means "${implied}"`,
          input: line.status,
        });
      }
    }),
  );

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
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ResultLineError(lineNumber, ['is not a JSON object']);
  }
  const parsed = resultLineSchema.safeParse(raw, requiredFieldMessage);
  if (!parsed.success) throw new ResultLineError(lineNumber, formatIssues(parsed.error.issues, '(line)'));
  const { region, checkedAt, status, reason, target, latencyMs, control, detail } = parsed.data;
  const time = readRfc3339(checkedAt);
  if ('problem' in time) throw new ResultLineError(lineNumber, [`checkedAt: ${time.problem}`]);
  return {
    region,
    // Normalised to UTC milliseconds, the form stored results have.
    checkedAt: new Date(time.ms).toISOString(),
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

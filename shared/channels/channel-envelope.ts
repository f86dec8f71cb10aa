import * as z from 'zod/mini';
import type { Transition } from '../types.js';
import { CONSENSUS_STATUSES } from '../types.js';
import type { ChannelEnvelope } from './channel-notifier.js';

/** The largest envelope read: an SNS message is at most 256 KB, and a transition with 30 votes is far less. */
export const MAX_ENVELOPE_BYTES = 256 * 1024;
/** Marks the notifier's messages among whatever else a queue might be sent. */
export const ENVELOPE_FORMAT = 'efaktur-fleet/transition@1';

/** A queue message the notifier cannot read: it is set aside, never retried. */
export class MalformedEnvelopeError extends Error {
  constructor(reason: string) {
    super(`not a channel delivery message: ${reason}`);
    this.name = 'MalformedEnvelopeError';
  }
}

const isoTime = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'must be a time'));
const status = z.enum(CONSENSUS_STATUSES);

// The transition is the aggregator's own record: checked for the fields delivery reads, the rest passes through.
const transitionSchema = z.looseObject({
  targetId: z.string().check(z.minLength(1), z.maxLength(40)),
  at: isoTime,
  from: status,
  to: status,
  fromSince: isoTime,
  rule: z.string(),
  votes: z
    .array(z.looseObject({ region: z.string(), status: z.string(), reason: z.string() }))
    .check(z.maxLength(100)),
});

const envelopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    format: z.literal(ENVELOPE_FORMAT),
    kind: z.literal('transition'),
    transition: transitionSchema,
  }),
  z.strictObject({
    format: z.literal(ENVELOPE_FORMAT),
    kind: z.literal('channel-retry'),
    transition: transitionSchema,
    channelId: z.string().check(z.minLength(1), z.maxLength(40)),
    recipient: z.optional(z.string().check(z.maxLength(40))),
    attempt: z.int().check(z.gte(2), z.lte(1000)),
  }),
]);

/** The queue message of an envelope. */
export function serializeEnvelope(envelope: ChannelEnvelope): string {
  return JSON.stringify({ format: ENVELOPE_FORMAT, ...envelope });
}

/** The message SNS hands the channel queue for a transition (the `sqs` body of the alert's JSON structure). */
export function transitionEnvelope(transition: Transition): string {
  return serializeEnvelope({ kind: 'transition', transition });
}

/** Reads a queue message; throws `MalformedEnvelopeError` for anything else. */
export function parseEnvelope(body: string): ChannelEnvelope {
  if (Buffer.byteLength(body, 'utf8') > MAX_ENVELOPE_BYTES) {
    throw new MalformedEnvelopeError(`larger than ${MAX_ENVELOPE_BYTES} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedEnvelopeError('not JSON');
  }
  const result = envelopeSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new MalformedEnvelopeError(`${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const { format: _format, ...envelope } = result.data;
  return envelope as unknown as ChannelEnvelope;
}

import * as z from 'zod/mini';
import '../validation/zod.js';

/**
 * Asks a probe to check now, outside its schedule (burst confirmation): the one target named, or every target.
 * This is the payload of the direct asynchronous invoke.
 */
export interface BurstRequest {
  readonly source: 'burst';
  readonly targetId?: string;
  /** Who asked, for the logs (e.g. the aggregator and the region that disagreed). */
  readonly requestedBy?: string;
}

export const burstRequestSchema = z.strictObject({
  source: z.literal('burst'),
  targetId: z.optional(
    z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'must be a target id' })),
  ),
  requestedBy: z.optional(z.string().check(z.maxLength(200, { error: 'must be at most 200 characters' }))),
});

/** A scheduled run's message (the SQS body the schedule sends); only `source` matters to the probe. */
export const scheduledRunSchema = z.looseObject({ source: z.literal('schedule') });

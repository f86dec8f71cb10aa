import { z } from 'zod';

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

export const burstRequestSchema = z
  .object({
    source: z.literal('burst'),
    targetId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'must be a target id' })
      .optional(),
    requestedBy: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  })
  .strict();

/** A scheduled run's message (the SQS body the schedule sends); only `source` matters to the probe. */
export const scheduledRunSchema = z.object({ source: z.literal('schedule') }).loose();

import { burstRequestSchema, scheduledRunSchema } from '../../shared/probe/probe-request.js';

/** An event the probe function does not accept; `problems` says why. */
export class InvalidProbeEventError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid probe event: ${problems.join('; ')}`);
    this.name = 'InvalidProbeEventError';
  }
}

/** What an invocation asks for: every target, or only some (burst confirmation). */
export interface ProbeRequest {
  readonly trigger: 'schedule' | 'burst';
  /** `null`: every configured target. */
  readonly targetIds: readonly string[] | null;
  readonly requestedBy: readonly string[];
}

type Single =
  | { readonly kind: 'schedule' }
  | { readonly kind: 'burst'; targetId?: string; requestedBy?: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsePayload(payload: unknown, where: string): Single {
  if (isObject(payload) && payload.source === 'burst') {
    const burst = burstRequestSchema.safeParse(payload);
    if (!burst.success) {
      throw new InvalidProbeEventError(
        burst.error.issues.map((i) => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`),
      );
    }
    return { kind: 'burst', ...burst.data };
  }
  if (scheduledRunSchema.safeParse(payload).success) return { kind: 'schedule' };
  // EventBridge rules and Scheduler's templated targets deliver events with a detail-type.
  if (isObject(payload) && typeof payload['detail-type'] === 'string') return { kind: 'schedule' };
  const shape = isObject(payload)
    ? `an object with keys ${Object.keys(payload).join(', ') || '(none)'}`
    : typeof payload;
  throw new InvalidProbeEventError([`${where}: neither a scheduled run nor a burst request (got ${shape})`]);
}

function combine(singles: readonly Single[]): ProbeRequest {
  const bursts = singles.filter((s) => s.kind === 'burst');
  const everything = bursts.length < singles.length || bursts.some((b) => b.targetId === undefined);
  return {
    trigger: bursts.length === singles.length ? 'burst' : 'schedule',
    targetIds: everything ? null : [...new Set(bursts.map((b) => b.targetId!))],
    requestedBy: bursts.flatMap((b) => (b.requestedBy ? [b.requestedBy] : [])),
  };
}

/**
 * Accepts the three ways a probe run starts: an SQS batch from the staggered schedule (each body a scheduled
 * run or a burst request), an EventBridge/Scheduler event, or a direct burst invoke. A batch runs once.
 */
export function parseProbeEvent(event: unknown): ProbeRequest {
  if (isObject(event) && Array.isArray(event.Records)) {
    const records = event.Records as unknown[];
    if (records.length === 0) throw new InvalidProbeEventError(['Records: empty batch']);
    return combine(
      records.map((record, i) => {
        const where = `Records[${i}]`;
        if (!isObject(record) || record.eventSource !== 'aws:sqs' || typeof record.body !== 'string') {
          throw new InvalidProbeEventError([`${where}: not an SQS message`]);
        }
        let body: unknown;
        try {
          body = JSON.parse(record.body);
        } catch {
          throw new InvalidProbeEventError([`${where}.body: not JSON`]);
        }
        return parsePayload(body, `${where}.body`);
      }),
    );
  }
  return combine([parsePayload(event, 'event')]);
}

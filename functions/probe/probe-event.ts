import { burstRequestSchema, scheduledRunSchema } from '../../shared/probe/probe-request.js';
import { runMessageSchema, type TickMessage, tickMessageSchema } from '../../shared/probe/probe-schedule.js';
import { isObject } from '../../shared/validation/is-object.js';

/** An event the probe function does not accept; `problems` says why. */
export class InvalidProbeEventError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid probe event: ${problems.join('; ')}`);
    this.name = 'InvalidProbeEventError';
  }
}

/** What an invocation asks for: enqueue a tick's runs, or probe every target or only some (burst confirmation). */
export type ProbeRequest =
  | { readonly trigger: 'tick'; readonly ticks: readonly TickMessage[] }
  | {
      readonly trigger: 'schedule' | 'burst';
      /** `null`: every configured target. */
      readonly targetIds: readonly string[] | null;
      readonly requestedBy: readonly string[];
      /** The planned start of a scheduled run (`null`: none, e.g. a burst), to measure its phase drift. */
      readonly runAt: string | null;
    };

type Single =
  | { readonly kind: 'tick'; readonly tick: TickMessage }
  | { readonly kind: 'schedule'; readonly runAt: string | null }
  | { readonly kind: 'burst'; targetId?: string; requestedBy?: string };

function problemsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[], where: string) {
  return issues.map(
    (i) => `${where}${i.path.length ? `.${i.path.map(String).join('.')}` : ''}: ${i.message}`,
  );
}

function parsePayload(payload: unknown, where: string): Single {
  if (isObject(payload) && payload.source === 'burst') {
    const burst = burstRequestSchema.safeParse(payload);
    if (!burst.success) throw new InvalidProbeEventError(problemsOf(burst.error.issues, where));
    return { kind: 'burst', ...burst.data };
  }
  if (isObject(payload) && payload.source === 'tick') {
    const tick = tickMessageSchema.safeParse(payload);
    if (!tick.success) throw new InvalidProbeEventError(problemsOf(tick.error.issues, where));
    return { kind: 'tick', tick: tick.data };
  }
  if (isObject(payload) && payload.source === 'run') {
    const run = runMessageSchema.safeParse(payload);
    if (!run.success) throw new InvalidProbeEventError(problemsOf(run.error.issues, where));
    return { kind: 'schedule', runAt: run.data.runAt };
  }
  // A run queued by an earlier release (fixed delay), still in flight during an update: it runs now.
  if (scheduledRunSchema.safeParse(payload).success) return { kind: 'schedule', runAt: null };
  // EventBridge rules and Scheduler's templated targets deliver events with a detail-type.
  if (isObject(payload) && typeof payload['detail-type'] === 'string')
    return { kind: 'schedule', runAt: null };
  const shape = isObject(payload)
    ? `an object with keys ${Object.keys(payload).join(', ') || '(none)'}`
    : typeof payload;
  throw new InvalidProbeEventError([
    `${where}: neither a tick, a scheduled run nor a burst request (got ${shape})`,
  ]);
}

function combine(singles: readonly Single[]): ProbeRequest {
  const ticks = singles.flatMap((s) => (s.kind === 'tick' ? [s.tick] : []));
  if (ticks.length === singles.length) return { trigger: 'tick', ticks };
  if (ticks.length > 0) {
    throw new InvalidProbeEventError([
      'Records: a tick and probe runs in one batch (the queue delivers one)',
    ]);
  }
  const bursts = singles.filter((s) => s.kind === 'burst');
  const scheduled = singles.flatMap((s) => (s.kind === 'schedule' && s.runAt !== null ? [s.runAt] : []));
  const everything = bursts.length < singles.length || bursts.some((b) => b.targetId === undefined);
  return {
    trigger: bursts.length === singles.length ? 'burst' : 'schedule',
    targetIds: everything ? null : [...new Set(bursts.map((b) => b.targetId!))],
    requestedBy: bursts.flatMap((b) => (b.requestedBy ? [b.requestedBy] : [])),
    runAt: scheduled.length > 0 ? scheduled.sort()[0]! : null,
  };
}

/**
 * Accepts the ways a probe invocation starts: an SQS batch from the schedule (a tick to plan runs, or a run at its
 * phase), an EventBridge/Scheduler event, or a direct burst invoke. A batch of runs probes once.
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

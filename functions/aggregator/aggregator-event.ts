import { isObject } from '../../shared/validation/is-object.js';

/** The event is neither a DynamoDB stream batch nor a sweep. */
export class InvalidAggregatorEventError extends Error {
  constructor(readonly problem: string) {
    super(`Invalid aggregator event: ${problem}`);
    this.name = 'InvalidAggregatorEventError';
  }
}

/** A stream batch: the targets whose results arrived, each with the sequence number of its first record. */
export interface StreamRequest {
  readonly kind: 'stream';
  /** Target id → the sequence number to report should its evaluation fail (Lambda retries from there). */
  readonly targets: ReadonlyMap<string, string>;
  /** Records that are not new probe results (state, transitions, removals): they start nothing. */
  readonly ignored: number;
}

/** The one-minute sweep (EventBridge Scheduler's input, or a classic scheduled rule). */
export interface SweepRequest {
  readonly kind: 'sweep';
  readonly scheduledTime: string | null;
}

export type AggregatorRequest = StreamRequest | SweepRequest;

const RESULT_KEY = /^TARGET#([^#]+)#REGION#([^#]+)$/;

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' ? current : undefined;
}

/**
 * Stream records of probe results (`TARGET#<id>#REGION#<region>` keys, inserted or modified) name a target to
 * evaluate; every other record (the aggregator's own state and transition writes, TTL removals) is ignored,
 * so the aggregator's writes never feed back into it.
 */
export function parseAggregatorEvent(event: unknown): AggregatorRequest {
  if (isObject(event) && Array.isArray(event.Records)) {
    const targets = new Map<string, string>();
    let ignored = 0;
    event.Records.forEach((record: unknown, i: number) => {
      if (!isObject(record) || record.eventSource !== 'aws:dynamodb') {
        throw new InvalidAggregatorEventError(`Records[${i}] is not a DynamoDB stream record`);
      }
      const pk = stringAt(record, 'dynamodb', 'Keys', 'pk', 'S');
      const sequence = stringAt(record, 'dynamodb', 'SequenceNumber');
      const match = pk === undefined ? null : RESULT_KEY.exec(pk);
      const isNew = record.eventName === 'INSERT' || record.eventName === 'MODIFY';
      if (!match || !isNew || sequence === undefined) {
        ignored++;
        return;
      }
      const targetId = match[1]!;
      if (!targets.has(targetId)) targets.set(targetId, sequence);
    });
    return { kind: 'stream', targets, ignored };
  }
  if (isObject(event) && (event.source === 'sweep' || event['detail-type'] === 'Scheduled Event')) {
    const scheduledTime = stringAt(event, 'scheduledTime') ?? stringAt(event, 'time') ?? null;
    return { kind: 'sweep', scheduledTime };
  }
  const shape = isObject(event)
    ? `an object with keys ${Object.keys(event).join(', ') || '(none)'}`
    : typeof event;
  throw new InvalidAggregatorEventError(`neither a DynamoDB stream batch nor a sweep (got ${shape})`);
}

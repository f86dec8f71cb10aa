import { describe, expect, it } from 'vitest';
import { InvalidProbeEventError, parseProbeEvent } from '../../../functions/probe/probe-event.js';

const sqs = (...bodies: unknown[]) => ({
  Records: bodies.map((body) => ({ eventSource: 'aws:sqs', body: JSON.stringify(body) })),
});

describe('parseProbeEvent', () => {
  it.each([
    [
      'a scheduled SQS message',
      sqs({ source: 'schedule', scheduledTime: 't', phaseSeconds: 0, delaySeconds: 0 }),
      { trigger: 'schedule', targetIds: null },
    ],
    [
      'an EventBridge scheduled event',
      { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
      { trigger: 'schedule', targetIds: null },
    ],
    ['a direct scheduled run', { source: 'schedule' }, { trigger: 'schedule', targetIds: null }],
    [
      'a burst for one target',
      { source: 'burst', targetId: 'svc-wsdl', requestedBy: 'ap-southeast-1' },
      { trigger: 'burst', targetIds: ['svc-wsdl'], requestedBy: ['ap-southeast-1'] },
    ],
    ['a burst for every target', { source: 'burst' }, { trigger: 'burst', targetIds: null, requestedBy: [] }],
    [
      'a burst through SQS',
      sqs({ source: 'burst', targetId: 'svc-qr' }),
      { trigger: 'burst', targetIds: ['svc-qr'] },
    ],
    [
      'a batch of bursts',
      sqs(
        { source: 'burst', targetId: 'a' },
        { source: 'burst', targetId: 'b' },
        { source: 'burst', targetId: 'a' },
      ),
      { trigger: 'burst', targetIds: ['a', 'b'] },
    ],
    [
      'a batch mixing a burst and a scheduled run',
      sqs({ source: 'burst', targetId: 'a' }, { source: 'schedule' }),
      { trigger: 'schedule', targetIds: null },
    ],
  ])('accepts %s', (_name, event, expected) => {
    expect(parseProbeEvent(event)).toMatchObject(expected);
  });

  it.each([
    ['null', null, 'event: neither a tick, a scheduled run nor a burst request (got object)'],
    ['a string', 'go', 'event: neither a tick, a scheduled run nor a burst request (got string)'],
    [
      'an unknown object',
      { foo: 1 },
      'event: neither a tick, a scheduled run nor a burst request (got an object with keys foo)',
    ],
    ['an empty batch', { Records: [] }, 'Records: empty batch'],
    [
      'a non-SQS record',
      { Records: [{ eventSource: 'aws:sns', Sns: {} }] },
      'Records[0]: not an SQS message',
    ],
    ['a burst with extra fields', { source: 'burst', target: 'x' }, 'event: unknown field target'],
    [
      'a burst with a bad target id',
      { source: 'burst', targetId: 'UPPER' },
      'event.targetId: must be a target id',
    ],
  ])('rejects %s', (_name, event, message) => {
    expect(() => parseProbeEvent(event)).toThrow(InvalidProbeEventError);
    expect(() => parseProbeEvent(event)).toThrow(message);
  });
});

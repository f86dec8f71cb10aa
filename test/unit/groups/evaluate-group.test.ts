import { describe, expect, it } from 'vitest';
import { UnknownGroupError } from '../../../shared/consensus/evaluate-group.js';
import { groupAggregator, groupWorld } from './group-fakes.js';

/** svc-wsdl and coretax up and evaluated, and the group with them (its first status, for operators only). */
async function upGroup() {
  const w = groupWorld();
  await w.settle('svc-wsdl', 'up', -300);
  await w.settle('coretax', 'up', -300);
  const first = await w.groupEvaluator().evaluate('faktur');
  expect(first).toMatchObject({
    status: 'up',
    transitions: [{ from: 'unknown', to: 'up', audience: 'ops' }],
  });
  return w;
}

describe('GroupEvaluator', () => {
  it('records a member outage as the group transition, publishes it once, and keeps quiet after', async () => {
    const w = await upGroup();
    await w.settle('coretax', 'down', 0);
    const report = await w.groupEvaluator().evaluate('faktur');

    expect(report.transitions).toHaveLength(1);
    const [t] = report.transitions;
    expect(t).toMatchObject({
      targetId: 'group:faktur',
      from: 'up',
      to: 'down',
      rule: 'group_worst_of',
      members: [
        { targetId: 'svc-wsdl', status: 'up' },
        { targetId: 'coretax', status: 'down', explains: true },
      ],
    });
    expect(report.delivery.published).toEqual([{ at: t!.at, messageId: 'msg-2' }]);
    expect((await w.transitions.get('group:faktur', t!.at))?.notification.state).toBe('sent');

    w.clock.seconds += 30;
    const again = await w.groupEvaluator('another').evaluate('faktur');
    expect(again).toMatchObject({ status: 'down', transitions: [] });
    expect(w.publisher.published.map((p) => `${p.transition.targetId} ${p.transition.to}`)).toEqual([
      'coretax down',
      'group:faktur down',
    ]);
    expect(await w.states.get('group:faktur')).toMatchObject({
      status: 'down',
      outbox: [],
      outboxLease: null,
    });
  });

  it('publishes a group transition that failed to publish at the next evaluation, once', async () => {
    const w = await upGroup();
    await w.settle('coretax', 'down', 0);
    w.publisher.failNext(1);
    const failed = await w.groupEvaluator().evaluate('faktur');
    expect(failed.delivery).toMatchObject({ published: [], pending: 1 });
    w.clock.seconds += 120;
    const retried = await w.groupEvaluator().evaluate('faktur');
    expect(retried.delivery.published.map((p) => p.at)).toEqual([failed.transitions[0]!.at]);
    w.clock.seconds += 120;
    await w.groupEvaluator().evaluate('faktur');
    expect(w.publisher.published.filter((p) => p.transition.targetId === 'group:faktur')).toHaveLength(1);
  });

  it('does not write the state again while nothing changed', async () => {
    const w = await upGroup();
    const before = await w.states.get('group:faktur');
    w.clock.seconds += 60;
    await w.groupEvaluator().evaluate('faktur');
    expect((await w.states.get('group:faktur'))?.version).toBe(before?.version);
  });

  it('names the groups of a target and refuses a group it was not given', async () => {
    const w = groupWorld();
    expect(w.groupEvaluator().groupsOf('coretax')).toEqual(['faktur']);
    expect(w.groupEvaluator().groupsOf('djponline')).toEqual([]);
    await expect(w.groupEvaluator().evaluate('nope')).rejects.toThrow(UnknownGroupError);
  });
});

const streamRecord = (targetId: string, sequence: string) => ({
  eventSource: 'aws:dynamodb',
  eventName: 'INSERT',
  dynamodb: { Keys: { pk: { S: `TARGET#${targetId}#REGION#ap-southeast-1` } }, SequenceNumber: sequence },
});

describe('the aggregator with groups', () => {
  it('evaluates the groups of the targets a stream batch names, after them', async () => {
    const w = await upGroup();
    const handler = groupAggregator(w, ['svc-wsdl', 'coretax', 'svc-qr', 'svc-qr-2']);
    await w.round(0, ['down', 'down', 'down'], 'coretax');
    await w.round(60, ['down', 'down', 'down'], 'coretax');
    w.clock.seconds = 61;
    const answer = await handler({ Records: [streamRecord('coretax', '7')] });

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(w.publisher.published.map((p) => `${p.transition.targetId} ${p.transition.to}`)).toEqual([
      'coretax down',
      'group:faktur down',
    ]);
    expect(await w.states.get('group:validasi')).toBeNull();
  });

  it('has the sweep evaluate every group from the states its targets just saved, not the batch read', async () => {
    const w = await upGroup();
    const handler = groupAggregator(w, ['svc-wsdl', 'coretax']);
    await w.round(0, ['down', 'down', 'down'], 'svc-wsdl');
    await w.round(60, ['down', 'down', 'down'], 'svc-wsdl');
    await w.round(60, ['up', 'up', 'up'], 'coretax');
    w.clock.seconds = 61;
    await expect(handler({ source: 'sweep' })).resolves.toEqual({ evaluated: ['svc-wsdl', 'coretax'] });

    expect(await w.states.get('group:faktur')).toMatchObject({ status: 'down' });
    // Without members evaluated, a group is unknown: told to operators only.
    expect(await w.states.get('group:validasi')).toMatchObject({ status: 'unknown', outbox: [] });
    expect(w.publisher.published.map((p) => `${p.transition.targetId} ${p.transition.to}`)).toEqual([
      'svc-wsdl down',
      'group:faktur down',
    ]);
  });

  it('retries the members of a group whose evaluation failed', async () => {
    const w = await upGroup();
    const handler = groupAggregator(w, ['svc-wsdl', 'coretax']);
    const get = w.states.get.bind(w.states);
    w.states.get = async (id: string) => {
      if (id === 'group:faktur') throw new Error('throttled');
      return get(id);
    };
    const answer = await handler({ Records: [streamRecord('coretax', '7'), streamRecord('svc-qr', '8')] });
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
    await expect(handler({ source: 'sweep' })).rejects.toThrow(/group:faktur \(Error: throttled\)/);
  });
});

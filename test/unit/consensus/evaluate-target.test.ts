import { describe, expect, it } from 'vitest';
import { EvaluationContendedError } from '../../../shared/consensus/evaluate-target.js';
import type { MemoryStateStore } from '../../../shared/store/memory-state-store.js';
import { MemoryTransitionStore } from '../../../shared/store/memory-transition-store.js';
import { type StateStore, VersionConflictError } from '../../../shared/store/state-store.js';
import type { ConsensusState } from '../../../shared/types.js';
import { world } from './evaluation-fakes.js';
import { iso, JKT, SIN, TYO } from './fleet-harness.js';

/** A world whose target has been up for two minutes (its initial transition recorded, not published). */
async function upWorld(stores: Parameters<typeof world>[0] = {}) {
  const w = world(stores);
  await w.round(-120, ['up', 'up', 'up']);
  await w.round(-60, ['up', 'up', 'up']);
  w.clock.seconds = -59;
  const report = await w.evaluator().evaluate('svc-wsdl');
  expect(report.status).toBe('up');
  return w;
}

/** Both down rounds in, not yet evaluated. */
async function outage(w: ReturnType<typeof world>) {
  await w.round(0, ['down', 'down', 'down']);
  await w.round(60, ['down', 'down', 'down']);
  w.clock.seconds = 61;
}

describe('TargetEvaluator', () => {
  it('saves the state, records the transition and publishes it once, then empties the outbox', async () => {
    const w = await upWorld();
    await outage(w);
    const report = await w.evaluator().evaluate('svc-wsdl');

    expect(report).toMatchObject({ status: 'down', superseded: false, staleRegions: [] });
    expect(report.transitions).toHaveLength(1);
    const [t] = report.transitions;
    expect(w.publisher.published.map((p) => [p.transition.at, p.transition.to])).toEqual([[t?.at, 'down']]);
    expect(report.delivery).toEqual({
      published: [{ at: t?.at, messageId: 'msg-1' }],
      summarised: 0,
      failures: [],
      busy: false,
      pending: 0,
      oldestPendingSeconds: 0,
    });
    expect((await w.transitions.get('svc-wsdl', t!.at))?.notification).toEqual({
      state: 'sent',
      messageId: 'msg-1',
      attempts: 1,
      lastError: null,
    });
    const state = await w.states.get('svc-wsdl');
    expect(state).toMatchObject({
      status: 'down',
      outbox: [],
      outboxLease: null,
      delivery: { since: null, newest: t?.at, failures: 0, retryAt: null },
    });
  });

  it('records transitions for operators without publishing them', async () => {
    const w = world();
    await w.round(0, ['up', 'up', 'up']);
    w.clock.seconds = 1;
    const report = await w.evaluator().evaluate('svc-wsdl');
    expect(report.transitions).toMatchObject([{ from: 'unknown', to: 'up', audience: 'ops' }]);
    expect(report.delivery).toMatchObject({ published: [], failures: [], pending: 0 });
    expect(w.publisher.published).toEqual([]);
    const [stored] = await w.transitions.list('svc-wsdl', { limit: 10 });
    expect(stored?.notification.state).toBe('skipped');
    expect(await w.states.get('svc-wsdl')).toMatchObject({ outbox: [], delivery: { since: null } });
  });

  it('reports stale regions and goes unknown on a sweep when results stop', async () => {
    const w = await upWorld();
    w.clock.seconds = 200;
    const report = await w.evaluator().evaluate('svc-wsdl');
    expect(report.status).toBe('unknown');
    expect(report.staleRegions).toEqual([JKT, SIN, TYO]);
    expect(w.publisher.published).toEqual([]);
  });

  it('stops without deciding when a later evaluation already saved the state', async () => {
    const w = await upWorld();
    await outage(w);
    const late = w.evaluator();
    w.clock.seconds = 62;
    await w.evaluator().evaluate('svc-wsdl');
    w.clock.seconds = 61;
    const report = await late.evaluate('svc-wsdl');
    expect(report).toMatchObject({ superseded: true, status: 'down', transitions: [] });
    expect(w.publisher.published).toHaveLength(1);
  });

  it('decides a change once however many evaluations run at once', async () => {
    const w = await upWorld();
    await outage(w);
    const reports = await Promise.all(Array.from({ length: 10 }, () => w.evaluator().evaluate('svc-wsdl')));
    expect(reports.flatMap((r) => r.transitions)).toHaveLength(1);
    expect(await w.transitions.list('svc-wsdl', { limit: 10, since: iso(0) })).toHaveLength(1);
    expect(w.publisher.published).toHaveLength(1);
  });

  it('gives up with a typed error when the state keeps changing under it', async () => {
    const w = await upWorld();
    const real = w.states;
    const conflicting: StateStore = {
      get: (id) => real.get(id),
      save: async (next: ConsensusState, expected: number | null) => {
        throw new VersionConflictError(next.targetId, expected);
      },
    };
    w.clock.seconds = 10;
    const evaluator = w.evaluator('x', { states: conflicting, maxAttempts: 3 });
    await expect(evaluator.evaluate('svc-wsdl')).rejects.toBeInstanceOf(EvaluationContendedError);
  });
});

describe('TargetEvaluator: outbox', () => {
  it('publishes exactly once when SNS fails and then recovers; the history has the change from the start', async () => {
    const w = await upWorld();
    await outage(w);
    w.publisher.failNext(2);
    const first = await w.evaluator().evaluate('svc-wsdl');
    const [t] = first.transitions;
    expect(first.delivery).toMatchObject({ published: [], pending: 1, busy: false });
    expect(first.delivery.failures).toEqual([
      { at: t?.at, error: 'InternalErrorException: SNS is unavailable' },
    ]);
    expect((await w.transitions.get('svc-wsdl', t!.at))?.notification.state).toBe('pending');
    expect(await w.states.get('svc-wsdl')).toMatchObject({
      outbox: [],
      delivery: { since: t?.at, newest: t?.at, failures: 1, retryAt: iso(61 + 30) },
    });

    w.clock.seconds = 120; // the next sweep: SNS still failing
    const second = await w.evaluator().evaluate('svc-wsdl');
    expect(second.delivery).toMatchObject({ pending: 1, oldestPendingSeconds: 59 });

    w.clock.seconds = 180; // SNS is back
    const third = await w.evaluator().evaluate('svc-wsdl');
    expect(third.delivery.published).toEqual([{ at: t?.at, messageId: 'msg-1' }]);
    w.clock.seconds = 240;
    await w.evaluator().evaluate('svc-wsdl');

    expect(w.publisher.published.map((p) => p.transition.at)).toEqual([t?.at]);
    expect((await w.transitions.get('svc-wsdl', t!.at))?.notification).toMatchObject({
      state: 'sent',
      messageId: 'msg-1',
      attempts: 3,
      lastError: 'InternalErrorException: SNS is unavailable',
    });
    expect(await w.states.get('svc-wsdl')).toMatchObject({
      outbox: [],
      delivery: { since: null, failures: 0, retryAt: null },
    });
  });

  it('publishes in order: a later transition waits behind one that could not be published', async () => {
    const w = await upWorld();
    await outage(w);
    w.publisher.failNext(1);
    await w.evaluator().evaluate('svc-wsdl');
    await w.round(120, ['up', 'up', 'up']);
    await w.round(240, ['up', 'up', 'up']);
    w.publisher.failNext(1);
    w.clock.seconds = 121;
    await w.evaluator().evaluate('svc-wsdl');
    w.clock.seconds = 241;
    const report = await w.evaluator().evaluate('svc-wsdl');
    expect(report.transitions.map((t) => t.to)).toEqual(['up']);
    expect(w.publisher.published.map((p) => p.transition.to)).toEqual(['down', 'up']);
  });

  it('publishes at most one duplicate, and loses nothing, when marking fails after a publish', async () => {
    const transitions = new MemoryTransitionStore();
    let crashes = 1;
    const markSent = transitions.markSent.bind(transitions);
    transitions.markSent = async (targetId, at, messageId) => {
      if (crashes-- > 0) throw new Error('connection reset while marking');
      return markSent(targetId, at, messageId);
    };
    const w = await upWorld({ transitions });
    await outage(w);
    const first = await w.evaluator().evaluate('svc-wsdl');
    expect(first.delivery.failures[0]?.error).toMatch(/^published as msg-1 but not marked sent/);
    w.clock.seconds = 120;
    await w.evaluator().evaluate('svc-wsdl');
    w.clock.seconds = 180;
    await w.evaluator().evaluate('svc-wsdl');
    const at = first.transitions[0]!.at;
    expect(w.publisher.published.map((p) => p.transition.at)).toEqual([at, at]);
    expect((await w.transitions.get('svc-wsdl', at))?.notification).toMatchObject({
      state: 'sent',
      messageId: 'msg-2',
    });
  });

  it('after a crash between publish and mark, waits for the lease and then publishes once more', async () => {
    const w = await upWorld();
    await outage(w);
    // The crashed invocation: state saved with its lease, transition recorded, published, never marked.
    const states = w.states as MemoryStateStore;
    const crashed = w.evaluator('crashed');
    const publish = w.publisher.publish.bind(w.publisher);
    w.publisher.publish = async (t) => {
      const id = await publish(t);
      throw Object.assign(new Error('Lambda timed out'), { name: 'CrashError', messageId: id });
    };
    await crashed.evaluate('svc-wsdl');
    w.publisher.publish = publish;
    const state = (await states.get('svc-wsdl'))!;
    // Put the lease back as the dead invocation left it (the test's crash did release it, with a back-off).
    await states.save(
      {
        ...state,
        version: state.version + 1,
        delivery: { ...state.delivery!, failures: 0, retryAt: null },
        outboxLease: { owner: 'crashed', until: iso(121) },
      },
      state.version,
    );
    expect(w.publisher.published).toHaveLength(1);

    w.clock.seconds = 90; // a sweep while the dead lease is live: hands off
    const busy = await w.evaluator().evaluate('svc-wsdl');
    expect(busy.delivery).toMatchObject({ busy: true, pending: 1, published: [] });

    w.clock.seconds = 121; // the lease has expired
    const retry = await w.evaluator().evaluate('svc-wsdl');
    expect(retry.delivery.published).toHaveLength(1);
    w.clock.seconds = 180;
    await w.evaluator().evaluate('svc-wsdl');
    expect(w.publisher.published).toHaveLength(2);
    expect(new Set(w.publisher.published.map((p) => p.transition.at)).size).toBe(1);
  });

  it('drops an outbox entry the transition store already knows as sent, without publishing again', async () => {
    const w = await upWorld();
    await outage(w);
    const report = await w.evaluator().evaluate('svc-wsdl');
    const t = report.transitions[0]!;
    // A release that never happened (e.g. the invocation ended right after marking): the entry is back.
    const state = (await w.states.get('svc-wsdl'))!;
    await w.states.save({ ...state, version: state.version + 1, outbox: [t] }, state.version);
    w.clock.seconds = 120;
    const sweep = await w.evaluator().evaluate('svc-wsdl');
    expect(sweep.delivery).toMatchObject({ published: [], failures: [], pending: 0 });
    expect((await w.states.get('svc-wsdl'))?.outbox).toEqual([]);
    expect(w.publisher.published).toHaveLength(1);
  });

  it('lets one of two concurrent flushers publish', async () => {
    const w = await upWorld();
    await outage(w);
    w.publisher.failNext(1);
    await w.evaluator().evaluate('svc-wsdl');
    w.clock.seconds = 120;
    const reports = await Promise.all([
      w.evaluator('a').evaluate('svc-wsdl'),
      w.evaluator('b').evaluate('svc-wsdl'),
    ]);
    expect(w.publisher.published).toHaveLength(1);
    expect(reports.map((r) => r.delivery.published.length).sort()).toEqual([0, 1]);
  });
});

describe('TargetEvaluator: burst confirmation', () => {
  it('asks for re-checks when a fresh result disagrees, and only the winner of the write asks', async () => {
    const w = await upWorld();
    await w.round(0, ['down', 'up', 'up']);
    w.clock.seconds = 1;
    const reports = await Promise.all([
      w.evaluator().evaluate('svc-wsdl'),
      w.evaluator().evaluate('svc-wsdl'),
    ]);
    expect(w.trigger.requests).toHaveLength(1);
    expect(reports.filter((r) => r.burst !== null)).toHaveLength(1);

    w.trigger.requests.length = 0;
    await w.round(60, ['down']);
    w.clock.seconds = 61;
    const report = await w.evaluator().evaluate('svc-wsdl');
    expect(w.trigger.requests).toEqual([
      { regions: [JKT, SIN, TYO], targetId: 'svc-wsdl', requestedBy: JKT },
    ]);
    expect(report.burst).toEqual({ regions: [JKT, SIN, TYO], requestedBy: JKT, error: null });
  });

  it('never fails the evaluation when the burst request fails', async () => {
    const w = await upWorld();
    await w.round(0, ['down']);
    w.clock.seconds = 1;
    w.trigger.failing = true;
    const report = await w.evaluator().evaluate('svc-wsdl');
    expect(report.burst).toEqual({
      regions: [JKT, SIN, TYO],
      requestedBy: JKT,
      error: 'Error: Lambda throttled',
    });
    expect(report.status).toBe('up');
  });

  it('does not burst without a trigger', async () => {
    const w = await upWorld();
    await w.round(0, ['down']);
    w.clock.seconds = 1;
    const report = await w.evaluator('x', { trigger: undefined }).evaluate('svc-wsdl');
    expect(report.burst).toBeNull();
  });
});

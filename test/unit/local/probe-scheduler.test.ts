import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DrivenTimeline } from '../../../local/fleet-timeline.js';
import { ProbeScheduler, type RoundReason } from '../../../local/probe-scheduler.js';

const REGIONS = ['r0', 'r1', 'r2'];

interface Call {
  readonly region: string;
  readonly reason: RoundReason;
  readonly at: number;
  readonly asks: readonly string[];
}

function scheduler(roundMs = 0, regions = REGIONS) {
  const calls: Call[] = [];
  const errors: string[] = [];
  const t0 = Date.now();
  const s = new ProbeScheduler({
    regions,
    intervalMs: 3000,
    runRound: async (region, reason, asks) => {
      calls.push({ region, reason, at: Date.now() - t0, asks: asks.map((a) => a.targetId) });
      if (roundMs > 0) await new Promise((resolve) => setTimeout(resolve, roundMs));
    },
    onError: (region, error) => errors.push(`${region}: ${(error as Error).message}`),
  });
  return { s, calls, errors };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-16T03:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ProbeScheduler', () => {
  it('probes every region at start, then each on its own phase i·interval/n', async () => {
    const { s, calls } = scheduler();
    s.start();
    await vi.advanceTimersByTimeAsync(6500);
    await s.stop(100);
    expect(calls.map((c) => `${c.region}@${c.at}:${c.reason}`)).toEqual([
      'r0@0:start',
      'r1@0:start',
      'r2@0:start',
      'r1@1000:schedule',
      'r2@2000:schedule',
      'r0@3000:schedule',
      'r1@4000:schedule',
      'r2@5000:schedule',
      'r0@6000:schedule',
    ]);
  });

  it('never overlaps rounds of one region: a slot that finds the previous round running is skipped', async () => {
    const { s, calls, errors } = scheduler(4000, ['r0', 'r1', 'r2']);
    s.start();
    await vi.advanceTimersByTimeAsync(5500);
    const stopping = s.stop(10_000);
    await vi.advanceTimersByTimeAsync(4000);
    await stopping;
    expect(calls.filter((c) => c.region === 'r0').map((c) => c.at)).toEqual([0]);
    expect(errors.filter((e) => e.startsWith('r0'))).toEqual([
      'r0: round still running after 3000 ms: this slot is skipped',
    ]);
  });

  it('runs a burst request now, or once right after the round in progress', async () => {
    const { s, calls } = scheduler(500);
    s.start();
    await vi.advanceTimersByTimeAsync(600);
    const ask = (targetId: string) => ({ targetId, requestedBy: 'test' });
    s.request('r2', ask('t1'));
    s.request('r2', ask('t2'));
    await vi.advanceTimersByTimeAsync(100);
    s.request('r0', ask('t1'));
    s.request('r0', ask('t3')); // still running: coalesced into one more round
    s.request('nowhere', ask('t1'));
    await vi.advanceTimersByTimeAsync(1000);
    const stopping = s.stop(1000);
    await vi.advanceTimersByTimeAsync(1000);
    await stopping;
    expect(calls.filter((c) => c.reason === 'burst').map((c) => `${c.region}@${c.at}`)).toEqual([
      'r2@600',
      'r0@700',
      'r2@1100',
      'r0@1200',
    ]);
    expect(
      calls.filter((c) => c.region === 'r2').map((c) => `${c.at}:${c.reason}:${c.asks.join('+')}`),
    ).toEqual(['0:start:', '600:burst:t1', '1100:burst:t2']);
    expect(calls.filter((c) => c.region === 'r0').map((c) => c.asks.join('+'))).toEqual(['', 't1', 't3']);
  });

  it('stops scheduling and waits for rounds in progress, within the grace period', async () => {
    const { s, calls } = scheduler(800);
    s.start();
    await vi.advanceTimersByTimeAsync(200);
    const stopping = s.stop(2000);
    await vi.advanceTimersByTimeAsync(700);
    await expect(stopping).resolves.toEqual({ abandoned: [] });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
    expect(s.inFlight()).toEqual([]);
  });

  it('abandons rounds that outlast the grace period', async () => {
    const { s } = scheduler(60_000);
    s.start();
    const stopping = s.stop(1000);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(stopping).resolves.toEqual({ abandoned: ['r0', 'r1', 'r2'] });
  });

  it('reports a failing round and keeps its schedule', async () => {
    const errors: string[] = [];
    let n = 0;
    const s = new ProbeScheduler({
      regions: ['r0', 'r1', 'r2'],
      intervalMs: 3000,
      runRound: async (region) => {
        if (region === 'r1') {
          n++;
          throw new Error(`boom ${n}`);
        }
      },
      onError: (region, error) => errors.push(`${region}: ${(error as Error).message}`),
    });
    s.start();
    await vi.advanceTimersByTimeAsync(4500);
    await s.stop(100);
    expect(errors).toEqual(['r1: boom 1', 'r1: boom 2', 'r1: boom 3']);
  });
});

describe('ProbeScheduler on a driven timeline', () => {
  const T0 = Date.parse('2026-03-16T03:00:00.000Z');
  // The timeline is the only clock here; the rounds' own asynchronous work runs on real timers.
  beforeEach(() => {
    vi.useRealTimers();
  });

  function driven() {
    const timeline = new DrivenTimeline({ startMs: T0 });
    const trace: string[] = [];
    let s: ProbeScheduler;
    s = new ProbeScheduler({
      regions: REGIONS,
      intervalMs: 3000,
      timeline,
      runRound: async (region, reason, asks) => {
        const asked = asks.map((a) => `:${a.targetId}`).join('');
        trace.push(`${region}@${timeline.now() - T0}:${reason}${asked}`);
        // Real asynchronous work (a probe, a store) is awaited before anything else runs.
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (region === 'r1' && reason === 'schedule') {
          s.request('r2', { targetId: 't2', requestedBy: 'r1' });
          s.request('r0', { targetId: 't1', requestedBy: 'r1' });
        }
        trace.push(`${region} done`);
      },
      onError: (region, error) => trace.push(`${region}: ${(error as Error).message}`),
    });
    return { s, timeline, trace };
  }

  it('runs nothing until advanced, then each round to its end before the next, on the phase grid', async () => {
    const { s, timeline, trace } = driven();
    s.start();
    expect(trace).toEqual([]);
    await timeline.advance(2500);
    expect(trace).toEqual([
      'r0@0:start',
      'r0 done',
      'r1@1:start',
      'r1 done',
      'r2@2:start',
      'r2 done',
      'r1@1000:schedule',
      'r1 done',
      // Requests made together run right after the round, in the same order whichever came first.
      'r0@1001:burst:t1',
      'r0 done',
      'r2@1002:burst:t2',
      'r2 done',
      'r2@2000:schedule',
      'r2 done',
    ]);
    await s.stop(100);
  });

  it('stops: nothing left on the timeline, and a request afterwards runs nothing', async () => {
    const { s, timeline, trace } = driven();
    s.start();
    await timeline.advance(10);
    expect(await s.stop(100)).toEqual({ abandoned: [] });
    s.request('r0', { targetId: 't1', requestedBy: 'test' });
    expect(timeline.pending()).toBe(0);
    await timeline.advance(10_000);
    expect(trace).toEqual(['r0@0:start', 'r0 done', 'r1@1:start', 'r1 done', 'r2@2:start', 'r2 done']);
  });

  it('drops start-up rounds still waiting on the timeline when stopped', async () => {
    const { s, timeline, trace } = driven();
    s.start();
    await s.stop(100);
    await timeline.advance(10_000);
    expect(trace).toEqual([]);
  });
});

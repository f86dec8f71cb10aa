import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

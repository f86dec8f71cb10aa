import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { QR_NOT_FOUND, WSDL } from '../../../bench/support/fixture-server/bodies.js';
import { createProbeHandler } from '../../../functions/probe/create-probe-handler.js';
import { useProbeDimensions } from '../../../functions/probe/probe-metrics.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { HttpCheckOptions, HttpExchange } from '../../../shared/probe/http-check.js';
import { runProbe } from '../../../shared/probe/run-probe.js';
import { MemoryResultStore } from '../../../shared/store/memory-result-store.js';
import type { ProbeResult } from '../../../shared/types.js';
import { exchange, failedExchange } from './exchanges.js';

const WSDL_URL = 'https://svc.example.test/wsdl';
const QR_URL = 'http://svc.example.test/qr';
const CONTROL_URL = 'https://control.example.test/';

const config = parseFleetConfig({
  controlUrl: CONTROL_URL,
  targets: [
    { id: 'svc-wsdl', name: 'SVC', url: WSDL_URL, check: 'efaktur-wsdl' },
    { id: 'svc-qr', name: 'QR', url: QR_URL, check: 'efaktur-qr-validation' },
  ],
});

const timedOut = (startedAt: string) =>
  ({
    ...failedExchange({ reason: 'timeout', detail: 'no response after 10.0 s' }, 10_000),
    startedAt,
  }) as HttpExchange;

/** A probe whose WSDL target hangs on its first attempt and answers on its retry, once the test lets it. */
function hangingThenBack() {
  let releaseRetry: () => void = () => {};
  const retryPause = new Promise<void>((resolve) => {
    releaseRetry = resolve;
  });
  let wsdlCalls = 0;
  const check = vi.fn(async (url: string) => {
    if (url === CONTROL_URL) return exchange('203.0.113.7');
    if (url === QR_URL) return exchange(QR_NOT_FOUND, { startedAt: '2026-03-15T03:00:00.000Z' });
    wsdlCalls++;
    return wsdlCalls === 1
      ? timedOut('2026-03-15T03:00:00.000Z')
      : exchange(WSDL, { startedAt: '2026-03-15T03:00:12.000Z' });
  });
  return { check, sleep: () => retryPause, clock: () => 0, releaseRetry: () => releaseRetry() };
}

describe('runProbe with suspect results', () => {
  it('stores a failed first attempt at once, with the control check, while the retry waits', async () => {
    const probe = hangingThenBack();
    const stored: ProbeResult[] = [];
    const running = runProbe(config, 'ap-southeast-1', probe, {
      suspects: { store: async (r) => void stored.push(r) },
    });
    await vi.waitFor(() => expect(stored).toHaveLength(1));
    expect(stored[0]).toMatchObject({
      targetId: 'svc-wsdl',
      region: 'ap-southeast-1',
      checkedAt: '2026-03-15T03:00:00.000Z',
      status: 'down',
      reason: 'timeout',
      control: { ok: true },
    });
    expect(stored[0]?.attempts).toHaveLength(1);
    probe.releaseRetry();
    const [wsdl, qr] = await running;
    // The final result has the suspect's key (its first attempt's start), so it replaces it.
    expect(wsdl).toMatchObject({ checkedAt: '2026-03-15T03:00:00.000Z', status: 'up', reason: 'ok' });
    expect(wsdl?.attempts.map((a) => a.startedAt)).toEqual([
      '2026-03-15T03:00:00.000Z',
      '2026-03-15T03:00:12.000Z',
    ]);
    expect(qr?.status).toBe('up');
    expect(stored).toHaveLength(1);
  });

  it('waits for a suspect to be stored before it resolves: the final result is never overtaken', async () => {
    const probe = hangingThenBack();
    let finishStore: () => void = () => {};
    const store = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          finishStore = resolve;
        }),
    );
    let done = false;
    const running = runProbe(config, 'ap-southeast-1', probe, { suspects: { store } }).then((r) => {
      done = true;
      return r;
    });
    await vi.waitFor(() => expect(store).toHaveBeenCalledTimes(1));
    probe.releaseRetry();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done).toBe(false);
    finishStore();
    expect((await running)[0]?.status).toBe('up');
  });

  it('stores no suspect for an up answer, nor when the retry has finished by the grace', async () => {
    const stored: ProbeResult[] = [];
    const answers: Record<string, () => HttpExchange> = {
      [WSDL_URL]: () => exchange(WSDL),
      [QR_URL]: () => exchange('<html>502</html>', { status: 502 }),
      [CONTROL_URL]: () => exchange('203.0.113.7'),
    };
    const results = await runProbe(
      config,
      'ap-southeast-1',
      { check: async (url) => answers[url]!(), sleep: async () => {}, clock: () => 0 },
      { suspects: { store: async (r) => void stored.push(r), grace: () => new Promise(() => {}) } },
    );
    expect(results.map((r) => r.status)).toEqual(['up', 'down']);
    expect(stored).toEqual([]);
  });

  it('goes on when a suspect cannot be stored', async () => {
    const probe = hangingThenBack();
    const running = runProbe(config, 'ap-southeast-1', probe, {
      suspects: { store: async () => Promise.reject(new Error('throttled')) },
    });
    setTimeout(probe.releaseRetry, 5);
    expect((await running).map((r) => r.status)).toEqual(['up', 'up']);
  });

  it('keys results by their first attempt only when it stores suspects', async () => {
    const probe = hangingThenBack();
    probe.releaseRetry();
    const [plain] = await runProbe(config, 'ap-southeast-1', probe);
    expect(plain?.checkedAt).toBe('2026-03-15T03:00:12.000Z');
  });
});

describe('probe handler with suspect results', () => {
  it('writes the suspect, then the final result under the same key', async () => {
    const probe = hangingThenBack();
    const store = new MemoryResultStore();
    const puts: ProbeResult[] = [];
    const put = store.put.bind(store);
    store.put = async (r) => {
      puts.push(r);
      return put(r);
    };
    const handler = createProbeHandler({
      config,
      region: 'ap-southeast-3',
      store,
      logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
      metrics: useProbeDimensions(
        new Metrics({ namespace: 'EfakturFleet', serviceName: 'test' }),
        'ap-southeast-3',
      ),
      probe,
    });
    const running = handler({ source: 'burst', targetId: 'svc-wsdl', requestedBy: 'aggregator' });
    await vi.waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]).toMatchObject({
      targetId: 'svc-wsdl',
      status: 'down',
      checkedAt: '2026-03-15T03:00:00.000Z',
    });
    expect(await store.list('svc-wsdl', 'ap-southeast-3', { limit: 5 })).toHaveLength(1);
    probe.releaseRetry();
    await running;
    expect(puts.map((r) => [r.checkedAt, r.status])).toEqual([
      ['2026-03-15T03:00:00.000Z', 'down'],
      ['2026-03-15T03:00:00.000Z', 'up'],
    ]);
    const kept = await store.list('svc-wsdl', 'ap-southeast-3', { limit: 5 });
    expect(kept.map((r) => r.status)).toEqual(['up']);
  });
});

/**
 * A WSDL target that hangs on its first attempt until the test lets it time out, then answers on its retry; the check
 * takes its start from the probe's clock, as `httpCheck` does. The slow timer fires when the test says so.
 */
function slowThenBack() {
  let timeOut: () => void = () => {};
  const firstHangs = new Promise<void>((resolve) => {
    timeOut = resolve;
  });
  let fireTimer: () => void = () => {};
  const timerFired = new Promise<void>((resolve) => {
    fireTimer = resolve;
  });
  let wsdlCalls = 0;
  const check = vi.fn(async (url: string, options: HttpCheckOptions) => {
    const startedAt = (options.now ?? (() => new Date()))().toISOString();
    if (url === CONTROL_URL) return exchange('203.0.113.7');
    if (url === QR_URL) return exchange(QR_NOT_FOUND, { startedAt });
    wsdlCalls++;
    if (wsdlCalls > 1) return exchange(WSDL, { startedAt });
    await firstHangs;
    return timedOut(startedAt);
  });
  const after = vi.fn(
    (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        void timerFired.then(resolve);
        signal.addEventListener('abort', () => reject(signal.reason));
      }),
  );
  let clock = Date.parse('2026-03-15T03:00:00.000Z');
  const now = () => {
    clock += 1000;
    return new Date(clock);
  };
  // A retry pause long enough for the failed attempt's suspect (stored after a 0 ms timer).
  const sleep = () => new Promise<void>((resolve) => setTimeout(resolve, 20));
  return {
    probe: { check, sleep, clock: () => 0, now },
    after,
    timeOut: () => timeOut(),
    fireTimer: () => fireTimer(),
  };
}

describe('a planned run’s slow suspect', () => {
  it('stores a first attempt still unanswered after degradedAfterMs, under the key its later versions replace', async () => {
    const slow = slowThenBack();
    const stored: ProbeResult[] = [];
    const running = runProbe(config, 'ap-southeast-1', slow.probe, {
      suspects: { store: async (r) => void stored.push(r), slow: true, after: slow.after },
    });
    await vi.waitFor(() => expect(slow.after).toHaveBeenCalledWith(3000, expect.any(AbortSignal)));
    slow.fireTimer();
    await vi.waitFor(() => expect(stored).toHaveLength(1));
    expect(stored[0]).toMatchObject({
      targetId: 'svc-wsdl',
      status: 'degraded',
      reason: 'no_answer_yet',
      detail: 'no answer yet after 3.0 s',
      control: { ok: true },
    });
    slow.timeOut();
    const [wsdl] = await running;
    expect(stored.map((r) => [r.status, r.reason])).toEqual([
      ['degraded', 'no_answer_yet'],
      ['down', 'timeout'],
    ]);
    // The same key throughout: the failed attempt replaces the slow suspect, the result replaces both.
    expect(new Set([...stored.map((r) => r.checkedAt), wsdl?.checkedAt]).size).toBe(1);
    expect(wsdl).toMatchObject({ status: 'up', attempts: [{ reason: 'timeout' }, { reason: 'ok' }] });
  });

  it('stores none when the attempt answers first, and none unless asked (bursts)', async () => {
    const stored: ProbeResult[] = [];
    const aborted: boolean[] = [];
    const after = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(true);
          reject(signal.reason);
        });
      });
    const answers: Record<string, () => HttpExchange> = {
      [WSDL_URL]: () => exchange(WSDL),
      [QR_URL]: () => exchange(QR_NOT_FOUND),
      [CONTROL_URL]: () => exchange('203.0.113.7'),
    };
    const probe = { check: async (url: string) => answers[url]!(), clock: () => 0 };
    await runProbe(config, 'ap-southeast-1', probe, {
      suspects: { store: async (r) => void stored.push(r), slow: true, after },
    });
    expect(aborted).toEqual([true, true]);
    const slow = slowThenBack();
    const running = runProbe(config, 'ap-southeast-1', slow.probe, {
      suspects: { store: async (r) => void stored.push(r), after: slow.after },
    });
    slow.fireTimer();
    slow.timeOut();
    await running;
    expect(slow.after).not.toHaveBeenCalled();
    expect(stored.map((r) => r.reason)).toEqual(['timeout']);
  });
});

describe('probe handler: slow suspects on planned runs only', () => {
  it.each([
    { event: { source: 'schedule' }, reasons: ['no_answer_yet', 'timeout', 'ok'] },
    {
      event: { source: 'burst', targetId: 'svc-wsdl', requestedBy: 'aggregator' },
      reasons: ['timeout', 'ok'],
    },
  ])('$event.source: writes $reasons for the hanging target', async ({ event, reasons }) => {
    const slow = slowThenBack();
    const store = new MemoryResultStore();
    const puts: ProbeResult[] = [];
    const put = store.put.bind(store);
    store.put = async (r) => {
      if (r.targetId === 'svc-wsdl') puts.push(r);
      return put(r);
    };
    const handler = createProbeHandler({
      config,
      region: 'ap-southeast-3',
      store,
      logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
      metrics: useProbeDimensions(
        new Metrics({ namespace: 'EfakturFleet', serviceName: 'test' }),
        'ap-southeast-3',
      ),
      probe: slow.probe,
      suspectTimer: slow.after,
    });
    const running = handler(event);
    await vi.waitFor(() => expect(slow.probe.check).toHaveBeenCalled());
    slow.fireTimer();
    if (reasons[0] === 'no_answer_yet') await vi.waitFor(() => expect(puts).toHaveLength(1));
    slow.timeOut();
    await running;
    expect(puts.map((r) => r.reason)).toEqual(reasons);
    expect(new Set(puts.map((r) => r.checkedAt)).size).toBe(1);
    expect(await store.list('svc-wsdl', 'ap-southeast-3', { limit: 5 })).toHaveLength(1);
  });
});

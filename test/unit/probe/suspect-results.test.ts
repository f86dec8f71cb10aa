import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { createProbeHandler } from '../../../functions/probe/create-probe-handler.js';
import { useProbeDimensions } from '../../../functions/probe/probe-metrics.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { HttpExchange } from '../../../shared/probe/http-check.js';
import { runProbe } from '../../../shared/probe/run-probe.js';
import { MemoryResultStore } from '../../../shared/store/memory-result-store.js';
import type { ProbeResult } from '../../../shared/types.js';
import { QR_NOT_FOUND, WSDL } from '../../support/fixture-server/bodies.js';
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

import { describe, expect, it } from 'vitest';
import { probeTimeoutSeconds, worstRunMs } from '../../../infra/function-sizing.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { HttpExchange, httpCheck } from '../../../shared/probe/http-check.js';
import { checkMemoryBytes, PROBE_CONCURRENCY, runProbeWithin } from '../../../shared/probe/run-probe.js';

const MiB = 1024 * 1024;
const targets = (n: number, maxBodyBytes = MiB) =>
  Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    name: `T${i}`,
    url: `http://127.0.0.1:9/t${i}`,
    check: 'http' as const,
    maxBodyBytes,
  }));

/** An HTTP check that answers 200 after `release()`, counting how many are under way at once. */
function gatedHttp() {
  let open = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  const http = (async (url: string) => {
    open++;
    most = Math.max(most, open);
    await new Promise<void>((resolve) => waiting.push(resolve));
    open--;
    const exchange: HttpExchange = {
      startedAt: new Date().toISOString(),
      url,
      redirects: [],
      timings: { dnsMs: 0, connectMs: 0, tlsMs: null, ttfbMs: 1, totalMs: 1 },
      remoteAddress: '127.0.0.1',
      tls: null,
      bytes: 2,
      answer: { url, status: 200, statusText: 'OK', headers: {}, body: Buffer.from('ok') },
      failure: null,
    };
    return exchange;
  }) as unknown as typeof httpCheck;
  const drain = async () => {
    while (waiting.length > 0 || open > 0) {
      for (const wake of waiting.splice(0)) wake();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { http, drain, most: () => most };
}

describe('a probe run with many targets', () => {
  it.each([
    [100, MiB, PROBE_CONCURRENCY],
    // 4 MiB bodies: each check reserves about 12 MiB of the 96 MiB, so 7 at once.
    [40, 4 * MiB, 7],
  ])('%i targets of %i-byte caps: at most %i checks at once, every target checked', async (n, cap, limit) => {
    const config = parseFleetConfig({ targets: targets(n, cap), controlUrl: 'http://127.0.0.1:9/control' });
    const gate = gatedHttp();
    const run = runProbeWithin(config, 'ap-southeast-1', { check: gate.http, sleep: async () => {} });
    await gate.drain();
    const { results, skipped } = await run;
    expect(results).toHaveLength(n);
    expect(skipped).toEqual([]);
    expect(gate.most()).toBeLessThanOrEqual(limit + 1); // + the control check
    expect(gate.most()).toBeGreaterThan(1);
  });

  it('does not start a target whose worst case would end after the deadline, and says so', async () => {
    const config = parseFleetConfig({ targets: targets(3), controlUrl: 'http://127.0.0.1:9/control' });
    const at = Date.parse('2026-03-15T03:00:00Z');
    const gate = gatedHttp();
    // 22 s worst case per target (10 s twice and a 2 s pause); 21 s left.
    const run = runProbeWithin(
      config,
      'ap-southeast-1',
      { check: gate.http, sleep: async () => {}, now: () => new Date(at) },
      { deadline: at + 21_000 },
    );
    await gate.drain();
    expect(await run).toEqual({ results: [], skipped: ['t0', 't1', 't2'] });
  });
});

describe('the probe timeout follows the run schedule', () => {
  it('fits 100 default targets: 7 rounds of 16 worst cases (22 s), within Lambda and far from its limit', () => {
    expect(checkMemoryBytes({ maxBodyBytes: MiB })).toBeLessThan((96 * MiB) / PROBE_CONCURRENCY);
    expect(worstRunMs(parseFleetConfig({ targets: targets(100) }).targets)).toBe(7 * 22_000);
    expect(probeTimeoutSeconds(parseFleetConfig({ targets: targets(100) }))).toBe(159);
    expect(probeTimeoutSeconds(parseFleetConfig({}))).toBe(27);
  });

  it('caps at Lambda’s 900 s', () => {
    const slow = targets(100, 4 * MiB).map((t) => ({ ...t, timeoutMs: 60_000, retryDelayMs: 30_000 }));
    expect(probeTimeoutSeconds(parseFleetConfig({ targets: slow }))).toBe(900);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { MAINTENANCE_TEXT, NGINX_502, WSDL } from '../../../bench/support/fixture-server/bodies.js';
import type { HttpCheckOptions, HttpExchange } from '../../../shared/probe/http-check.js';
import { type ProbeTargetSpec, probeTarget } from '../../../shared/probe/probe-target.js';
import { exchange, failedExchange } from './exchanges.js';

const target: ProbeTargetSpec = {
  url: 'https://svc.example.test/svc/MasterFakturService?wsdl',
  check: 'efaktur-wsdl',
  timeoutMs: 10_000,
  degradedAfterMs: 3000,
  retryDelayMs: 2000,
  maxBodyBytes: 1024 * 1024,
};

/** A check that plays the given exchanges in order and records how it was called. */
function scripted(...answers: HttpExchange[]) {
  const calls: { url: string; options: HttpCheckOptions }[] = [];
  const check = vi.fn(async (url: string, options: HttpCheckOptions) => {
    calls.push({ url, options });
    const next = answers.shift();
    if (!next) throw new Error('no more scripted answers');
    return next;
  });
  return { check, calls };
}

describe('probeTarget', () => {
  it('reports an up answer at once, without a retry', async () => {
    const { check } = scripted(exchange(WSDL));
    const sleep = vi.fn(async () => {});
    const { reported, attempts } = await probeTarget(target, { check, sleep });
    expect(reported.status).toBe('up');
    expect(attempts).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('confirms a failure with one retry after retryDelayMs and reports the second attempt', async () => {
    const order: string[] = [];
    const answers = [
      failedExchange({ reason: 'timeout', detail: 'connect timeout after 10.0 s' }),
      exchange(NGINX_502, { status: 502, startedAt: '2026-03-15T03:00:12.000Z' }),
    ];
    const check = async () => {
      order.push(`attempt ${3 - answers.length}`);
      return answers.shift()!;
    };
    const sleep = vi.fn(async (ms: number) => {
      order.push(`sleep ${ms}`);
    });
    const { reported, attempts } = await probeTarget(target, { check, sleep });
    expect(order).toEqual(['attempt 1', 'sleep 2000', 'attempt 2']);
    expect(attempts.map((a) => a.reason)).toEqual(['timeout', 'http_status']);
    expect(reported).toBe(attempts[1]);
    expect(reported).toMatchObject({
      status: 'down',
      reason: 'http_status',
      detail: 'HTTP 502 Bad Gateway',
      httpStatus: 502,
      startedAt: '2026-03-15T03:00:12.000Z',
    });
  });

  it('reports a recovery seen by the retry as up, keeping the failed first attempt', async () => {
    const { check } = scripted(exchange(MAINTENANCE_TEXT), exchange(WSDL));
    const { reported, attempts } = await probeTarget(target, { check, sleep: async () => {} });
    expect(reported.status).toBe('up');
    expect(attempts.map((a) => a.status)).toEqual(['maintenance', 'up']);
  });

  it('retries degraded answers too (only up is final at once)', async () => {
    const slow = { dnsMs: 1, connectMs: 1, tlsMs: 1, ttfbMs: 3500, totalMs: 3600 };
    const { check } = scripted(exchange(WSDL, { timings: slow }), exchange(WSDL, { timings: slow }));
    const { reported, attempts } = await probeTarget(target, { check, sleep: async () => {} });
    expect(attempts).toHaveLength(2);
    expect(reported).toMatchObject({ status: 'degraded', reason: 'slow' });
  });

  it('waits with real timers when no sleep is injected (fake clock)', async () => {
    vi.useFakeTimers();
    try {
      const { check } = scripted(
        failedExchange({ reason: 'refused', detail: 'connection refused' }),
        exchange(WSDL),
      );
      const probing = probeTarget(target, { check });
      await vi.advanceTimersByTimeAsync(1999);
      expect(check).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      const { reported } = await probing;
      expect(check).toHaveBeenCalledTimes(2);
      expect(reported.status).toBe('up');
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes the target bounds and the injected options to the HTTP check', async () => {
    const { check, calls } = scripted(exchange(WSDL));
    const lookup = vi.fn();
    const now = () => new Date('2026-03-15T03:00:00.000Z');
    await probeTarget(
      { ...target, timeoutMs: 7000, maxBodyBytes: 4096 },
      { check, insecure: true, lookup, now },
    );
    expect(calls[0]?.url).toBe(target.url);
    expect(calls[0]?.options).toMatchObject({
      timeoutMs: 7000,
      maxBodyBytes: 4096,
      insecure: true,
      lookup,
      now,
    });
  });

  it('copies what the exchange saw into the attempt', async () => {
    const { check } = scripted(
      exchange(WSDL, {
        tls: { validTo: '2027-01-01T00:00:00.000Z', daysLeft: 292 },
        redirects: ['https://svc.example.test/svc/MasterFakturService?wsdl=1'],
      }),
    );
    const { reported } = await probeTarget(target, { check, clock: () => 0 });
    expect(reported).toEqual({
      status: 'up',
      reason: 'ok',
      detail: 'WSDL of MasterFakturService',
      startedAt: '2026-03-15T03:00:00.000Z',
      httpStatus: 200,
      timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 40, totalMs: 50 },
      bytes: Buffer.byteLength(WSDL),
      remoteAddress: '192.0.2.10',
      tls: { validTo: '2027-01-01T00:00:00.000Z', daysLeft: 292 },
      redirects: ['https://svc.example.test/svc/MasterFakturService?wsdl=1'],
    });
  });

  it('counts classification in totalMs', async () => {
    const { check } = scripted(exchange(WSDL));
    // Classification starts at 1000 ms and every later reading says 1007 ms.
    const readings = [1000];
    const { reported } = await probeTarget(target, { check, clock: () => readings.shift() ?? 1007 });
    expect(reported.timings.totalMs).toBe(50 + 7);
  });

  it('gives classification only what the exchange left of the hard deadline', async () => {
    const late = { dnsMs: 1, connectMs: 1, tlsMs: 1, ttfbMs: 9000, totalMs: 9995 };
    const big = `<r>${'<b>x</b>'.repeat(20_000)}</r>`;
    const { check } = scripted(exchange(big, { timings: late }), exchange(big, { timings: late }));
    let now = 0;
    // 2 ms per look at the clock: the 5 ms left run out while the 160 kB body is read.
    const { reported } = await probeTarget(target, { check, sleep: async () => {}, clock: () => (now += 2) });
    expect(reported).toMatchObject({
      status: 'down',
      reason: 'timeout',
      detail: 'answer not classified within the 10.0 s deadline',
    });
    expect(reported.timings.totalMs).toBeGreaterThan(9995);
  });

  it('never records credentials of a followed URL, whatever check produced it', async () => {
    const { check } = scripted(
      exchange(WSDL, { redirects: ['https://user:secret@svc.example.test/svc?wsdl'] }),
    );
    const { reported } = await probeTarget(target, { check });
    expect(reported.redirects).toEqual(['https://***@svc.example.test/svc?wsdl']);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { NGINX_502, QR_NOT_FOUND, WSDL } from '../../../bench/support/fixture-server/bodies.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { controlCheck } from '../../../shared/probe/control-check.js';
import type { HttpCheckOptions, HttpExchange } from '../../../shared/probe/http-check.js';
import { runProbe, selectTargets, UnknownTargetError } from '../../../shared/probe/run-probe.js';
import { exchange, failedExchange } from './exchanges.js';

const config = parseFleetConfig({
  controlUrl: 'https://control.example.test/',
  targets: [
    { id: 'svc-wsdl', name: 'SVC', url: 'https://svc.example.test/wsdl', check: 'efaktur-wsdl' },
    { id: 'svc-qr', name: 'QR', url: 'http://svc.example.test/qr', check: 'efaktur-qr-validation' },
  ],
});

describe('runProbe', () => {
  it('checks every target and the control URL concurrently and returns one result per target', async () => {
    const started: string[] = [];
    const release: (() => void)[] = [];
    const answers: Record<string, HttpExchange> = {
      'https://svc.example.test/wsdl': exchange(WSDL),
      'http://svc.example.test/qr': exchange(QR_NOT_FOUND),
      'https://control.example.test/': exchange('203.0.113.7\n'),
    };
    const check = vi.fn(async (url: string, _options: HttpCheckOptions) => {
      started.push(url);
      await new Promise<void>((resolve) => release.push(resolve));
      return answers[url]!;
    });
    const running = runProbe(config, 'ap-southeast-3', { check });
    await vi.waitFor(() => expect(started).toHaveLength(3));
    for (const go of release) go();
    const results = await running;
    expect(results.map((r) => [r.targetId, r.region, r.status, r.reason])).toEqual([
      ['svc-wsdl', 'ap-southeast-3', 'up', 'ok'],
      ['svc-qr', 'ap-southeast-3', 'up', 'ok'],
    ]);
    expect(results[0]?.control).toEqual({
      ok: true,
      url: 'https://control.example.test/',
      latencyMs: 50,
      detail: 'HTTP 200 OK',
    });
    expect(results[1]?.control).toBe(results[0]?.control);
  });

  it('builds each result from the reported attempt and keeps every attempt', async () => {
    const answers: Record<string, HttpExchange[]> = {
      'https://svc.example.test/wsdl': [
        failedExchange({ reason: 'timeout', detail: 'no response after 10.0 s' }, 10_000),
        exchange(NGINX_502, {
          status: 502,
          startedAt: '2026-03-15T03:00:12.000Z',
          timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 7, totalMs: 13 },
        }),
      ],
      'http://svc.example.test/qr': [exchange(QR_NOT_FOUND)],
      'https://control.example.test/': [failedExchange({ reason: 'dns', detail: 'cannot resolve' })],
    };
    const check = async (url: string) => answers[url]!.shift()!;
    const sleep = vi.fn(async () => {});
    const [wsdl] = await runProbe(config, 'ap-southeast-1', { check, sleep, clock: () => 0 });
    expect(sleep).toHaveBeenCalledWith(2000);
    expect(wsdl).toMatchObject({
      targetId: 'svc-wsdl',
      checkedAt: '2026-03-15T03:00:12.000Z',
      status: 'down',
      reason: 'http_status',
      detail: 'HTTP 502 Bad Gateway',
      latencyMs: 13,
      httpStatus: 502,
      control: { ok: false, detail: 'cannot resolve' },
    });
    expect(wsdl?.attempts.map((a) => a.reason)).toEqual(['timeout', 'http_status']);
  });

  it('only probes the targets it is given (burst confirmation)', async () => {
    const seen: string[] = [];
    const check = async (url: string) => {
      seen.push(url);
      return exchange(url.includes('qr') ? QR_NOT_FOUND : 'ok');
    };
    const results = await runProbe(
      config,
      'ap-southeast-1',
      { check },
      { targets: selectTargets(config, 'svc-qr') },
    );
    expect(results.map((r) => r.targetId)).toEqual(['svc-qr']);
    expect(seen.sort()).toEqual(['http://svc.example.test/qr', 'https://control.example.test/']);
  });

  it('never rejects: a crashing check becomes a down result', async () => {
    const check = async (url: string) => {
      if (url.includes('wsdl')) throw new Error('boom');
      if (url.includes('control')) throw new Error('control boom');
      return exchange(QR_NOT_FOUND);
    };
    const results = await runProbe(config, 'ap-southeast-1', {
      check,
      sleep: async () => {},
      now: () => new Date('2026-03-15T03:00:00.000Z'),
    });
    expect(results[0]).toMatchObject({
      status: 'down',
      reason: 'network',
      detail: 'probe error: boom',
      checkedAt: '2026-03-15T03:00:00.000Z',
      control: { ok: false, detail: 'control check error: control boom' },
    });
    expect(results[1]?.status).toBe('up');
  });
});

describe('selectTargets', () => {
  it('selects all targets or the one named, and names the known ones for an unknown id', () => {
    expect(selectTargets(config).map((t) => t.id)).toEqual(['svc-wsdl', 'svc-qr']);
    expect(selectTargets(config, 'svc-wsdl').map((t) => t.id)).toEqual(['svc-wsdl']);
    expect(() => selectTargets(config, 'nope')).toThrow(UnknownTargetError);
    expect(() => selectTargets(config, 'nope')).toThrow(
      'unknown target "nope" (configured: svc-wsdl, svc-qr)',
    );
  });
});

describe('controlCheck', () => {
  const at = (e: HttpExchange) => async () => e;
  it.each([
    ['a 200', exchange('ip'), true, 'HTTP 200 OK'],
    ['a redirect answer', exchange('', { status: 302 }), true, 'HTTP 302 Found'],
    [
      'a body over the cap',
      exchange('x', { failure: { reason: 'too_large', detail: 'body larger than 64 KiB' } }),
      true,
      'HTTP 200 OK',
    ],
    ['a 503', exchange('', { status: 503 }), false, 'HTTP 503 Service Unavailable'],
    [
      'a timeout',
      failedExchange({ reason: 'timeout', detail: 'connect timeout after 5.0 s' }),
      false,
      'connect timeout after 5.0 s',
    ],
    [
      'a reset mid-body',
      exchange('x', { failure: { reason: 'reset', detail: 'connection reset' } }),
      false,
      'connection reset',
    ],
  ])('%s → ok %s', async (_name, answer, ok, detail) => {
    const result = await controlCheck('https://control.example.test/', { check: at(answer) });
    expect(result).toMatchObject({ ok, detail, url: 'https://control.example.test/' });
  });

  it('bounds the control fetch with its own short deadline and a small body cap', async () => {
    const check = vi.fn(async () => exchange('ip'));
    await controlCheck('https://control.example.test/', { check }, { timeoutMs: 3000 });
    expect(check).toHaveBeenCalledWith(
      'https://control.example.test/',
      expect.objectContaining({ timeoutMs: 3000, maxBodyBytes: 65_536 }),
    );
  });

  it('never records credentials of the control URL nor control characters of its answer', async () => {
    const check = vi.fn(async () => exchange('ip', { status: 599, statusText: 'Odd\u001b[2J\u0007 phrase' }));
    const result = await controlCheck('https://user:secret@control.example.test/', { check });
    expect(result).toMatchObject({ url: 'https://***@control.example.test/', detail: 'HTTP 599 Odd phrase' });
    expect(check).toHaveBeenCalledWith('https://user:secret@control.example.test/', expect.anything());
  });

  it('never records credentials of the control URL when the control check itself fails', async () => {
    const withCredentials = { ...config, controlUrl: 'https://user:secret@control.example.test/' };
    const check = async (url: string) => {
      if (url.includes('control')) throw new Error('boom');
      return exchange(WSDL);
    };
    const [result] = await runProbe(withCredentials, 'ap-southeast-1', { check });
    expect(result?.control).toMatchObject({ ok: false, url: 'https://***@control.example.test/' });
  });
});

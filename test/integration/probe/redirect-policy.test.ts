import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Behaviour,
  bodies,
  type FixtureServer,
  send,
  startFixtureServer,
} from '../../../bench/support/fixture-server/index.js';
import { type AddressClassifier, nonPublicRange } from '../../../shared/probe/address-range.js';
import { httpCheck } from '../../../shared/probe/http-check.js';
import { attemptTarget, type ProbeTargetSpec } from '../../../shared/probe/probe-target.js';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';

/** `/to?url=…` redirects wherever the test says; `/secret` is the answer a metadata service would give. */
const behaviours: Record<string, Behaviour> = {
  to: (_req, res, ctx) => {
    res.writeHead(302, { location: ctx.query.get('url') ?? '/', 'content-length': 0 });
    res.end();
  },
  secret: send(
    200,
    'text/xml',
    `<resValidateFakturPm><statusApproval>${SECRET}</statusApproval></resValidateFakturPm>`,
  ),
  wsdl: send(200, 'text/xml', bodies.WSDL),
  loop: (_req, res, ctx) => {
    res.writeHead(302, {
      location: `${ctx.origin.replace('//', '//user:secret@')}/loop`,
      'content-length': 0,
    });
    res.end();
  },
};

let server: FixtureServer;
let port: string;
beforeAll(async () => {
  server = await startFixtureServer({ behaviours });
  port = new URL(server.origin).port;
});
afterAll(async () => {
  await server?.close();
});

/**
 * The fixture plays a public server: this classifier calls the literal address 127.0.0.1 public, and judges
 * every other form (`::ffff:127.0.0.1`, `127.0.0.2`, `::1`, …) as production does. Names resolve locally.
 */
const publicLoopback: AddressClassifier = (address) =>
  address === '127.0.0.1' ? null : nonPublicRange(address);
const names: Record<string, string> = {
  'svc.public.test': '127.0.0.1',
  'mirror.public.test': '127.0.0.1',
  // The same fixture, through the IPv4-mapped form: reachable, and loopback to the classifier.
  'metadata.internal.test': '::ffff:127.0.0.1',
};
const localLookup: LookupFunction = (hostname, options, callback) => {
  const address = names[hostname] ?? '::ffff:127.0.0.1';
  const family = address.includes(':') ? 6 : 4;
  const cb = callback as unknown as (e: null, a: unknown, f?: number) => void;
  setImmediate(() => (options.all ? cb(null, [{ address, family }]) : cb(null, address, family)));
};
/** A name with a public and a loopback address: only the public one may be used. */
const mixedLookup: LookupFunction = (_hostname, options, callback) => {
  const cb = callback as unknown as (e: null, a: unknown, f?: number) => void;
  const all = [
    { address: '::ffff:127.0.0.1', family: 6 },
    { address: '127.0.0.1', family: 4 },
  ];
  setImmediate(() => (options.all ? cb(null, all) : cb(null, '::ffff:127.0.0.1', 6)));
};

const qr = (url: string): ProbeTargetSpec => ({
  url,
  check: 'efaktur-qr-validation',
  timeoutMs: 5000,
  degradedAfterMs: 3000,
  retryDelayMs: 0,
  maxBodyBytes: 1024 * 1024,
});
const fromPublic = (to: string) => `http://svc.public.test:${port}/to?url=${encodeURIComponent(to)}`;

describe('a redirect from a public address', () => {
  it.each([
    [
      'a name that resolves to loopback',
      () => `http://metadata.internal.test:${port}/secret`,
      'metadata.internal.test: ::ffff:127.0.0.1, loopback',
    ],
    [
      'an IPv4-mapped IPv6 literal',
      () => `http://[::ffff:127.0.0.1]:${port}/secret`,
      '::ffff:7f00:1, loopback',
    ],
    ['another loopback address', () => `http://127.0.0.2:${port}/secret`, '127.0.0.2, loopback'],
    [
      'a loopback address written as a number',
      () => `http://2130706434:${port}/secret`,
      '127.0.0.2, loopback',
    ],
    ['0.0.0.0 (this host)', () => `http://0.0.0.0:${port}/secret`, '0.0.0.0, unspecified'],
    ['IPv6 loopback', () => `http://[::1]:${port}/secret`, '::1, loopback'],
  ])('to %s is refused, and nothing of the other answer is published', async (_name, to, where) => {
    const outcome = await attemptTarget(qr(fromPublic(to())), {
      lookup: localLookup,
      addressRange: publicLoopback,
    });
    expect(outcome).toMatchObject({
      status: 'down',
      reason: 'redirect',
      detail: `redirect from a public address to a non-public one refused (${where})`,
    });
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
    expect(outcome.redirects).toHaveLength(1);
  });

  it('would otherwise have reached the secret: the same hop from a loopback origin is followed', async () => {
    // A target configured on a loopback address (local mode, tests) may redirect within such addresses.
    const outcome = await attemptTarget(
      qr(server.url('to', { url: `http://metadata.internal.test:${port}/secret` })),
      { lookup: localLookup },
    );
    expect(outcome).toMatchObject({ status: 'up', reason: 'ok' });
    // Another host answered: its text is not quoted.
    expect(outcome.detail).toBe('QR validation answered');
  });

  it('to another public name is followed', async () => {
    const outcome = await attemptTarget(
      { ...qr(fromPublic(`http://mirror.public.test:${port}/wsdl`)), check: 'efaktur-wsdl' },
      { lookup: localLookup, addressRange: publicLoopback },
    );
    expect(outcome).toMatchObject({ reason: 'ok', remoteAddress: '127.0.0.1' });
  });

  it('to a name with public and non-public addresses connects to a public one only', async () => {
    const exchange = await httpCheck(
      `http://svc.public.test:${port}/to?url=${encodeURIComponent(`http://both.test:${port}/wsdl`)}`,
      {
        timeoutMs: 5000,
        maxBodyBytes: 1024 * 1024,
        lookup: (hostname, options, callback) =>
          (hostname === 'both.test' ? mixedLookup : localLookup)(hostname, options, callback),
        addressRange: publicLoopback,
      },
    );
    expect(exchange.failure).toBeNull();
    expect(exchange.remoteAddress).toBe('127.0.0.1');
  });
});

describe('credentials in a redirect', () => {
  it('are never recorded nor shown', async () => {
    const location = `http://user:secret@127.0.0.1:${port}/wsdl`;
    const outcome = await attemptTarget(
      { ...qr(server.url('to', { url: location })), check: 'efaktur-wsdl' },
      {},
    );
    expect(outcome.reason).toBe('ok');
    expect(outcome.redirects).toEqual([`http://***@127.0.0.1:${port}/wsdl`]);
  });

  it('are redacted in the detail of a redirect loop', async () => {
    const outcome = await attemptTarget(qr(server.url('loop')), {});
    expect(outcome).toMatchObject({
      reason: 'redirect',
      detail: `redirect loop back to http://***@127.0.0.1:${port}/loop`,
      redirects: [`http://***@127.0.0.1:${port}/loop`],
    });
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });

  it('are redacted in the detail of a Location the URL parser refuses', async () => {
    const outcome = await attemptTarget(qr(server.url('to', { url: 'http://user:secret@[bad/x' })), {});
    expect(outcome).toMatchObject({
      reason: 'redirect',
      detail: 'invalid redirect Location "http://***@[bad/x"',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptTarget, type ProbeTargetSpec } from '../../../shared/probe/probe-target.js';
import {
  type Behaviour,
  bodies,
  type FixtureServer,
  send,
  startFixtureServer,
} from '../../support/fixture-server/index.js';

/** `/to?url=…` redirects wherever the test says; `/loop` redirects to itself with credentials. */
const behaviours: Record<string, Behaviour> = {
  to: (_req, res, ctx) => {
    res.writeHead(302, { location: ctx.query.get('url') ?? '/', 'content-length': 0 });
    res.end();
  },
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

const qr = (url: string): ProbeTargetSpec => ({
  url,
  check: 'efaktur-qr-validation',
  timeoutMs: 5000,
  degradedAfterMs: 3000,
  retryDelayMs: 0,
  maxBodyBytes: 1024 * 1024,
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

import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { disabledOperator, iamOperatorAuthorizer } from '../../../shared/api/operator-auth.js';
import { OPERATOR_RATE } from '../../../shared/api/routes/maintenance-routes.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import type { StatusApiDeps } from '../../../shared/api/status-api-deps.js';
import { MemoryRateLimiter } from '../../../shared/api/subscriptions/memory-rate-limiter.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { MAX_MAINTENANCE_WINDOWS } from '../../../shared/maintenance/maintenance-window.js';
import { MemoryMaintenanceWindowStore } from '../../../shared/maintenance/memory-maintenance-window-store.js';
import {
  configuredWindows,
  MergedMaintenanceWindowSource,
} from '../../../shared/maintenance/merged-window-source.js';
import { apiEvent, apiRequest, fetchApi, makeDeps, OPERATOR_TOKEN, type TestDeps } from './fixtures.js';

// NOW is 2026-03-15T03:10Z (10:10 WIB).
const WINDOW = {
  targets: ['svc-wsdl'],
  start: '2026-03-15T22:00:00+07:00',
  end: '2026-03-16T02:00:00+07:00',
  note: 'PENG-18/PJ.09/2024',
};
const CONFIGURED = configuredWindows([
  { targets: ['svc-qr'], start: '2026-03-20T22:00:00+07:00', end: '2026-03-21T02:00:00+07:00' },
]);
const AUTH = { authorization: `Bearer ${OPERATOR_TOKEN}` };
const JSON_TYPE = { 'content-type': 'application/json' };

let deps: TestDeps;
beforeEach(() => {
  deps = makeDeps({ configuredWindows: CONFIGURED });
});

function send(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; sourceIp?: string; on?: StatusApiDeps } = {},
) {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return fetchApi(
    createStatusApi(options.on ?? deps),
    apiRequest(method, path, {
      headers: { ...JSON_TYPE, ...AUTH, ...options.headers },
      ...(body !== undefined && { body }),
      ...(options.sourceIp !== undefined && { sourceIp: options.sourceIp }),
    }),
  );
}
const errorOf = (res: { body: string }) => JSON.parse(res.body).error as { code: string; message: string };

describe('GET /maintenance', () => {
  it('lists the configuration windows with the operator windows, soonest first, cached briefly', async () => {
    await send('POST', '/maintenance', { body: WINDOW });
    const res = await send('GET', '/maintenance', { headers: { authorization: '' } });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=15');
    expect(JSON.parse(res.body)).toStrictEqual({
      windows: [
        {
          id: 'op-1',
          targets: ['svc-wsdl'],
          start: '2026-03-15T15:00:00.000Z',
          end: '2026-03-15T19:00:00.000Z',
          note: 'PENG-18/PJ.09/2024',
          source: 'operator',
          status: 'scheduled',
        },
        {
          id: 'config-1',
          targets: ['svc-qr'],
          start: '2026-03-20T15:00:00.000Z',
          end: '2026-03-20T19:00:00.000Z',
          note: null,
          source: 'config',
          status: 'scheduled',
        },
      ],
    });
  });

  it('shows a window in progress as such, and no longer one that has ended', async () => {
    await send('POST', '/maintenance', { body: WINDOW });
    deps.clock = new Date('2026-03-15T16:00:00.000Z');
    expect(JSON.parse((await send('GET', '/maintenance')).body).windows[0].status).toBe('in_progress');
    deps.clock = new Date('2026-03-15T19:00:00.000Z');
    expect(
      JSON.parse((await send('GET', '/maintenance')).body).windows.map((w: { id: string }) => w.id),
    ).toStrictEqual(['config-1']);
  });
});

describe('an operator store that cannot be read', () => {
  it('leaves /status, summary.json, the page and GET /maintenance answering with the configuration windows', async () => {
    deps.maintenanceStore.list = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    for (const path of ['/status', '/summary.json', '/', '/maintenance']) {
      const res = await send('GET', path, { headers: { authorization: '', accept: 'text/html' } });
      expect(res.status, path).toBe(200);
    }
    const listed = JSON.parse((await send('GET', '/maintenance')).body) as { windows: { id: string }[] };
    expect(listed.windows.map((w) => w.id)).toStrictEqual(['config-1']);
  });
});

describe('POST /maintenance', () => {
  it('stores the window and answers 201 with it, its id and its address', async () => {
    const res = await send('POST', '/maintenance', { body: WINDOW });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe('/maintenance/op-1');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toMatchObject({ id: 'op-1', source: 'operator', status: 'scheduled' });
    expect((await deps.maintenanceStore.list(deps.clock)).map((w) => w.id)).toStrictEqual(['op-1']);
  });

  it('takes a service group for its members', async () => {
    const grouped = makeDeps({
      config: parseFleetConfig({
        groups: [{ id: 'faktur', name: 'Buat & unggah faktur', targets: ['svc-wsdl', 'svc-qr'] }],
      }),
    });
    const res = await send('POST', '/maintenance', { body: { ...WINDOW, targets: ['faktur'] }, on: grouped });
    expect(res.status).toBe(201);
    const [stored] = await grouped.maintenanceStore.list(grouped.clock);
    expect(stored?.targets).toStrictEqual(['svc-wsdl', 'svc-qr']);
  });

  it.each([
    [
      { ...WINDOW, targets: ['svc-wsdl', 'nope'] },
      'targets: no target or group "nope"; known: svc-wsdl, svc-qr',
    ],
    [{ ...WINDOW, targets: [] }, 'targets: must list at least one target'],
    [{ ...WINDOW, start: '2026-03-15T22:00:00' }, 'start: must be a date and time with an offset'],
    [{ ...WINDOW, end: WINDOW.start }, 'end must come after start'],
    [{ ...WINDOW, end: '2026-03-25T02:00:00+07:00' }, 'a window lasts at most 168 hours'],
    [{ ...WINDOW, note: 'x'.repeat(121) }, 'note: must be at most 120 characters'],
    [{ ...WINDOW, note: 'evil\u202etxt' }, 'note: must not contain'],
    [
      { ...WINDOW, start: '2026-03-14T22:00:00+07:00', end: '2026-03-15T02:00:00+07:00' },
      'end: is already past',
    ],
    [{ ...WINDOW, id: 'config-1' }, 'id: unknown field'],
    [{ ...WINDOW, source: 'config' }, 'source: unknown field'],
    [[WINDOW], 'must be a object'],
    [{ ...WINDOW, start: '2026-02-30T22:00:00+07:00' }, 'start and end must be real dates'],
    [{ ...WINDOW, end: '2026-03-15T24:00:00+07:00' }, 'start and end must be real dates'],
  ])('answers 400 to %j', async (body, message) => {
    const res = await send('POST', '/maintenance', { body });
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'bad_parameter' });
    expect(errorOf(res).message).toContain(message);
    expect(await deps.maintenanceStore.list(deps.clock)).toStrictEqual([]);
  });

  it.each([
    [{ 'content-type': 'text/plain' }, JSON.stringify(WINDOW), 415],
    [{}, 'x'.repeat(5000), 413],
    [{}, '{"targets": [', 400],
    [{}, '', 400],
  ])('answers like the other write routes: %j', async (headers, body, status) => {
    expect((await send('POST', '/maintenance', { headers, body })).status).toBe(status);
  });

  it('refuses a window past the bound with 409', async () => {
    const store = new MemoryMaintenanceWindowStore({ capacity: 1 });
    const on = {
      ...deps,
      maintenance: { ...deps.maintenance, windows: new MergedMaintenanceWindowSource([], store) },
    };
    expect((await send('POST', '/maintenance', { body: WINDOW, on })).status).toBe(201);
    const res = await send('POST', '/maintenance', { body: WINDOW, on });
    expect(res.status).toBe(409);
    expect(errorOf(res).message).toContain(`at most ${MAX_MAINTENANCE_WINDOWS} maintenance windows`);
  });
});

describe('DELETE /maintenance/{id}', () => {
  it('removes an operator window: 204, then 404', async () => {
    await send('POST', '/maintenance', { body: WINDOW });
    expect((await send('DELETE', '/maintenance/op-1')).status).toBe(204);
    const again = await send('DELETE', '/maintenance/op-1');
    expect(again.status).toBe(404);
    expect(errorOf(again).message).toBe('no operator maintenance window "op-1"');
  });

  it('refuses a configuration window with 409 and why', async () => {
    const res = await send('DELETE', '/maintenance/config-1');
    expect(res.status).toBe(409);
    expect(errorOf(res).message).toContain("remove it from the configuration's maintenance section");
  });

  it('answers 404 to an overlong id without echoing all of it', async () => {
    const res = await send('DELETE', `/maintenance/${'a'.repeat(2000)}`);
    expect(res.status).toBe(404);
    expect(res.body.length).toBeLessThan(300);
  });
});

describe('operator authorisation', () => {
  it.each([
    [{ authorization: '' }],
    [{ authorization: 'Basic dXNlcjpwYXNz' }],
    [{ authorization: 'Bearer wrong-token-wrong-token' }],
    [{ authorization: `Bearer ${OPERATOR_TOKEN}x` }],
  ])('answers 401 to %j, names the scheme, and echoes no token', async (headers) => {
    for (const [method, path] of [
      ['POST', '/maintenance'],
      ['DELETE', '/maintenance/config-1'],
    ] as const) {
      const res = await send(method, path, { headers, body: WINDOW });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).not.toContain('token-wrong');
      expect(res.body).not.toContain(OPERATOR_TOKEN);
    }
    expect(await deps.maintenanceStore.list(deps.clock)).toStrictEqual([]);
  });

  it('accepts the scheme in any case', async () => {
    const res = await send('POST', '/maintenance', {
      headers: { authorization: `bearer ${OPERATOR_TOKEN}` },
      body: WINDOW,
    });
    expect(res.status).toBe(201);
  });

  it('answers 403 with how to enable the routes when they are off', async () => {
    const on = {
      ...deps,
      maintenance: { ...deps.maintenance, operator: disabledOperator('start with --operator-token') },
    };
    const res = await send('POST', '/maintenance', { body: WINDOW, on });
    expect(res.status).toBe(403);
    expect(errorOf(res)).toStrictEqual({
      code: 'forbidden',
      message: 'operator routes are off; start with --operator-token',
    });
  });

  it('limits operator requests per source, authorised or not', async () => {
    for (let i = 0; i < OPERATOR_RATE.limit; i++) {
      await send('DELETE', '/maintenance/none', { headers: { authorization: '' } });
    }
    const res = await send('POST', '/maintenance', { body: WINDOW });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((await send('POST', '/maintenance', { body: WINDOW, sourceIp: '203.0.113.9' })).status).toBe(201);
  });
});

describe('in AWS, behind the IAM authorizer', () => {
  const iamDeps = () => ({
    ...deps,
    maintenance: { ...deps.maintenance, operator: iamOperatorAuthorizer, limiter: new MemoryRateLimiter() },
  });
  const post = (iamUserArn?: string) =>
    createApiHandler(iamDeps())(
      apiEvent('POST', '/maintenance', {
        headers: JSON_TYPE,
        body: JSON.stringify(WINDOW),
        ...(iamUserArn !== undefined && { iamUserArn }),
      }),
    );

  it('adds a window for a caller the authorizer verified', async () => {
    const res = await post('arn:aws:iam::123456789012:user/operator');
    expect(res.statusCode).toBe(201);
  });

  it('refuses a request without the authorizer context (a route deployed without it)', async () => {
    const res = await post();
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body!).error.message).toContain('signed with AWS credentials');
    expect(await deps.maintenanceStore.list(deps.clock)).toStrictEqual([]);
  });

  it('takes no caller from a header a client sets', async () => {
    const res = await createApiHandler(iamDeps())(
      apiEvent('POST', '/maintenance', {
        headers: {
          ...JSON_TYPE,
          'x-amzn-iam-caller': 'arn:aws:iam::1:root',
          authorization: 'AWS4-HMAC-SHA256 x',
        },
        body: JSON.stringify(WINDOW),
      }),
    );
    expect(res.statusCode).toBe(403);
  });
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { DynamoMaintenanceWindowStore } from '../../../shared/adapters/aws/dynamo-maintenance-window-store.js';
import { DynamoRateLimiter } from '../../../shared/adapters/aws/dynamo-rate-limiter.js';
import { DynamoResultStore } from '../../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoSubscriptionStore } from '../../../shared/adapters/aws/dynamo-subscription-store.js';
import { DynamoTransitionStore } from '../../../shared/adapters/aws/dynamo-transition-store.js';
import { iamOperatorAuthorizer } from '../../../shared/api/operator-auth.js';
import type { StatusApiDeps } from '../../../shared/api/status-api-deps.js';
import { MemoryEmailSubscriber } from '../../../shared/api/subscriptions/memory-email-subscriber.js';
import {
  DEFAULT_SUBSCRIPTION_LIMITS,
  SubscriptionService,
} from '../../../shared/api/subscriptions/subscription-service.js';
import { MergedMaintenanceWindowSource } from '../../../shared/maintenance/merged-window-source.js';
import { parseResultLine, toResultLine } from '../../../shared/replay/result-line.js';
import type { ProbeResult } from '../../../shared/types.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { apiEvent, config, NOW, REGIONS, state, transition, votesAll } from '../../unit/api/fixtures.js';

let dynamo: LocalDynamo;
let handle: ReturnType<typeof createApiHandler>;
const subscriber = new MemoryEmailSubscriber();
const stored: ProbeResult[] = [];
const errors: unknown[] = [];

async function call(event: APIGatewayProxyEventV2) {
  const res = await handle(event);
  const headers = (res.headers ?? {}) as Record<string, string>;
  const json = headers['content-type']?.startsWith('application/json') ? JSON.parse(res.body!) : undefined;
  return { status: res.statusCode, headers, body: res.body ?? '', json };
}
const get = (path: string, headers: Record<string, string> = {}) => call(apiEvent('GET', path, { headers }));

beforeAll(async () => {
  dynamo = await startDynalite();
  const client = dynamo.doc;
  const tableName = dynamo.tableName;
  const states = new DynamoStateStore({ client, tableName });
  const transitions = new DynamoTransitionStore({ client, tableName });
  const results = new DynamoResultStore({ client, tableName });

  // svc-wsdl: up two days, maintenance 01:00–01:15, down 02:00–02:30, up since; svc-qr: down now.
  for (const t of [
    transition('2026-03-13T00:00:00.000Z', 'unknown', 'up'),
    transition('2026-03-15T01:00:00.000Z', 'up', 'maintenance'),
    transition('2026-03-15T01:15:00.000Z', 'maintenance', 'up'),
    transition('2026-03-15T02:00:00.000Z', 'up', 'down'),
    transition('2026-03-15T02:30:00.000Z', 'down', 'up'),
  ]) {
    await transitions.record(t);
  }
  await transitions.record({ ...transition('2026-03-15T03:05:00.000Z', 'up', 'down'), targetId: 'svc-qr' });
  await states.save(state({ since: '2026-03-15T02:30:00.000Z' }), null);
  await states.save(
    state({ targetId: 'svc-qr', status: 'down', since: '2026-03-15T03:05:00.000Z', votes: votesAll('down') }),
    null,
  );
  for (let minute = 0; minute < 5; minute++) {
    for (const [i, region] of REGIONS.entries()) {
      const result = probeResult({
        region,
        checkedAt: `2026-03-15T03:0${minute}:${String(i * 15).padStart(2, '0')}.000Z`,
        ...(i === 2 && { status: 'down', reason: 'timeout', control: null }),
      });
      stored.push(result);
      await results.put(result);
    }
  }

  const deps: StatusApiDeps = {
    config,
    states,
    transitions,
    results,
    subscriptions: new SubscriptionService({
      subscriber,
      store: new DynamoSubscriptionStore({ client, tableName }),
      limiter: new DynamoRateLimiter({ client, tableName }),
      now: () => NOW,
      limits: { ...DEFAULT_SUBSCRIPTION_LIMITS, perSource: { limit: 3, windowSeconds: 3600 } },
    }),
    maintenance: {
      windows: new MergedMaintenanceWindowSource([], new DynamoMaintenanceWindowStore({ client, tableName })),
      operator: iamOperatorAuthorizer,
      limiter: new DynamoRateLimiter({ client, tableName }),
    },
    now: () => NOW,
    logger: { error: (_message, details) => errors.push(details) },
  };
  handle = createApiHandler(deps);
});

afterAll(async () => {
  await dynamo?.close();
});

describe('status API over DynamoDB-backed stores', () => {
  it('GET /status shows both targets with their stored votes, and 304 on the ETag', async () => {
    const res = await get('/status');
    expect(res.status).toBe(200);
    expect(
      res.json.targets.map((t: { id: string; status: string; since: string }) => [t.id, t.status, t.since]),
    ).toEqual([
      ['svc-wsdl', 'up', '2026-03-15T02:30:00.000Z'],
      ['svc-qr', 'down', '2026-03-15T03:05:00.000Z'],
    ]);
    expect(res.json.targets[1].votes).toHaveLength(3);
    expect((await get('/status', { 'if-none-match': res.headers.etag! })).status).toBe(304);
  });

  it('GET /targets/{id} and its 404', async () => {
    expect((await get('/targets/svc-qr')).json).toMatchObject({ id: 'svc-qr', status: 'down', stale: false });
    expect((await get('/targets/missing')).status).toBe(404);
  });

  it('GET /targets/{id}/history pages through the stored transitions', async () => {
    const first = await get('/targets/svc-wsdl/history?limit=2');
    expect(first.json.items.map((t: { at: string; to: string }) => [t.at, t.to])).toEqual([
      ['2026-03-15T02:30:00.000Z', 'up'],
      ['2026-03-15T02:00:00.000Z', 'down'],
    ]);
    const second = await get(`/targets/svc-wsdl/history?limit=2&before=${first.json.nextBefore}`);
    const third = await get(`/targets/svc-wsdl/history?limit=2&before=${second.json.nextBefore}`);
    expect(third.json.items.map((t: { at: string }) => t.at)).toEqual(['2026-03-13T00:00:00.000Z']);
    expect(third.json.nextBefore).toBeNull();
  });

  it('GET /targets/{id}/results merges the regions and exports NDJSON that parses back unchanged', async () => {
    const json = await get('/targets/svc-wsdl/results?limit=4');
    expect(json.json.items).toHaveLength(4);
    expect(json.json.items[0]).toEqual(stored.at(-1));

    const lines: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await get(
        `/targets/svc-wsdl/results?limit=4${before === undefined ? '' : `&before=${before}`}`,
        {
          accept: 'application/x-ndjson',
        },
      );
      lines.push(...res.body.split('\n').filter((l) => l !== ''));
      before = res.headers['x-next-before'];
      if (before === undefined) break;
    }
    const expected = [...stored].reverse().map(toResultLine);
    expect(lines.map((l, i) => parseResultLine(l, i + 1))).toEqual(expected);
    const one = await get('/targets/svc-wsdl/results?region=ap-northeast-1&since=2026-03-15T03:03:00Z');
    expect(one.json.items.map((r: ProbeResult) => [r.region, r.status, r.checkedAt])).toEqual([
      ['ap-northeast-1', 'down', '2026-03-15T03:04:30.000Z'],
      ['ap-northeast-1', 'down', '2026-03-15T03:03:30.000Z'],
    ]);
  });

  it('GET /targets/{id}/uptime integrates the stored transitions', async () => {
    const res = await get('/targets/svc-wsdl/uptime?window=24h');
    expect(res.json).toMatchObject({
      upSeconds: 86_400 - 900 - 1800,
      downtimeSeconds: 1800,
      maintenanceSeconds: 900,
      unknownSeconds: 0,
      incidents: 1,
      upPct: 97.895,
    });
    expect((await get('/targets/svc-qr/uptime?window=7d')).json).toMatchObject({
      downtimeSeconds: 300,
      incidents: 1,
    });
  });

  it('GET /badge/{id}.svg and GET /summary.json read the same states', async () => {
    const badge = await get('/badge/svc-qr.svg');
    expect(badge.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(badge.body).toContain('>down</text>');
    const summary = await get('/summary.json');
    expect(summary.json.components.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['svc-wsdl', 'operational'],
      ['svc-qr', 'major_outage'],
    ]);
    expect(summary.json.incidents).toHaveLength(1);
    expect(summary.json.incidents[0].incident_updates[0].affected_components[0].old_status).toBe(
      'operational',
    );
    expect(summary.json.status.indicator).toBe('major');
  });

  it('POST /subscriptions records the request and throttles each source with the table’s counters', async () => {
    const post = (email: string, sourceIp = '198.51.100.7') =>
      call(
        apiEvent('POST', '/subscriptions', {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, statuses: ['down', 'up'] }),
          sourceIp,
        }),
      );
    expect((await post('siti@example.co.id')).json).toEqual({ status: 'pending_confirmation' });
    subscriber.confirm('siti@example.co.id');
    expect((await post('siti@example.co.id')).json).toEqual({ status: 'subscribed' });
    expect((await post('siti@example.co.id')).status).toBe(202);
    const throttled = await post('siti@example.co.id');
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('3000');
    // Another network is not affected by this one's requests.
    expect((await post('siti@example.co.id', '2001:db8::1')).json).toEqual({ status: 'subscribed' });
    expect(subscriber.confirmationsSent).toEqual(['siti@example.co.id']);
    expect(errors).toEqual([]);
  });
});

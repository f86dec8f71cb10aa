import { beforeEach, describe, expect, it } from 'vitest';
import { createStatusApi } from '../../../shared/api/status-api.js';
import {
  MAX_SUBSCRIPTION_TARGETS,
  parseSubscriptionRequest,
  unknownTargets,
} from '../../../shared/api/subscriptions/subscription-request.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { config as baseConfig, makeDeps, type TestDeps } from './fixtures.js';

// Subscribing to a service group or some targets: docs/api.md#post-subscriptions, docs/service-groups.md.
const config = parseFleetConfig({
  probeRegions: [...baseConfig.probeRegions],
  probeIntervalSeconds: 60,
  statusUrl: 'https://status.example.test',
  targets: baseConfig.targets.map(({ id, name, url, check }) => ({ id, name, url, check })),
  groups: [{ id: 'buat-faktur', name: 'Buat & unggah <faktur>', targets: ['svc-wsdl', 'svc-qr'] }],
});

let deps: TestDeps;
beforeEach(() => {
  deps = makeDeps({ config });
});

const FACTS = { facts: { sourceIp: '198.51.100.7', requestId: 'sub-1', origin: null } };

async function post(body: unknown) {
  const res = await createStatusApi(deps).request(
    '/subscriptions',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    FACTS,
  );
  return { status: res.status, json: (await res.json()) as { status?: string; error?: { message: string } } };
}

async function submit(fields: [string, string][]) {
  const res = await createStatusApi(deps).request(
    '/subscriptions/form',
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    },
    FACTS,
  );
  return { status: res.status, location: res.headers.get('location') };
}

const policy = async () => (await deps.subscriber.describe('arn:memory:sns:alerts:1'))?.filterPolicy;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `t-${i}`);

describe('subscription request: targets', () => {
  it.each([
    [
      ['svc-wsdl', 'buat-faktur', 'svc-wsdl'],
      ['buat-faktur', 'svc-wsdl'],
    ],
    [ids(MAX_SUBSCRIPTION_TARGETS), [...ids(MAX_SUBSCRIPTION_TARGETS)].sort()],
    [
      [...ids(MAX_SUBSCRIPTION_TARGETS), ...ids(MAX_SUBSCRIPTION_TARGETS)],
      [...ids(MAX_SUBSCRIPTION_TARGETS)].sort(),
    ],
  ])('folds duplicates and sorts %j', (targets, expected) => {
    const parsed = parseSubscriptionRequest({ email: 'a@example.com', targets });
    expect(parsed).toEqual({
      ok: true,
      value: { email: 'a@example.com', locale: null, statuses: null, targets: expected },
    });
  });

  it.each([
    [[], 'targets: must list at least one target or group (leave it out for every one)'],
    [ids(MAX_SUBSCRIPTION_TARGETS + 1), 'targets: must list at most 20 targets and groups'],
    [ids(MAX_SUBSCRIPTION_TARGETS * 2 + 1), 'targets: must list at most 20 targets and groups'],
    [[''], 'targets[0]: must not be empty'],
    [['x'.repeat(65)], 'targets[0]: must be at most 64 characters'],
    [[42], 'targets[0]: must be target or group ids'],
    ['svc-wsdl', 'targets: must be a list of target or group ids'],
    [{ 0: 'svc-wsdl' }, 'targets: must be a list of target or group ids'],
    [null, 'targets: must be a list of target or group ids'],
  ])('refuses %j', (targets, problem) => {
    expect(parseSubscriptionRequest({ email: 'a@example.com', targets })).toEqual({
      ok: false,
      problems: [problem],
    });
  });

  it('names the ids that are neither a target nor a group', () => {
    expect(unknownTargets(['svc-wsdl', 'nope', 'buat-faktur', 'group:buat-faktur'], config)).toEqual([
      'nope',
      'group:buat-faktur',
    ]);
    expect(unknownTargets(null, config)).toEqual([]);
  });
});

describe('POST /subscriptions with targets', () => {
  it('subscribes to a group and a target with a policy on both keys', async () => {
    const res = await post({
      email: 'a@example.com',
      statuses: ['down'],
      targets: ['svc-qr', 'buat-faktur'],
    });
    expect(res).toEqual({ status: 202, json: { status: 'pending_confirmation' } });
    expect(await policy()).toBe('{"status":["down"],"target":["buat-faktur","svc-qr"]}');
  });

  it('answers 400 naming the unknown ids, and mails nothing', async () => {
    const res = await post({ email: 'a@example.com', targets: ['buat-faktur', 'nope', '"<x>"'] });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: {
        code: 'bad_parameter',
        message: 'targets: unknown target or group "\\"<x>\\"", "nope"; the ids are in GET /status',
      },
    });
    expect(deps.subscriber.confirmationsSent).toEqual([]);
  });

  it('answers 409 when a confirmed subscription has other targets, and 202 for the same ones', async () => {
    await post({ email: 'a@example.com', targets: ['buat-faktur'] });
    deps.subscriber.confirm('a@example.com');
    for (const body of [{ targets: ['svc-wsdl'] }, {}, { targets: ['buat-faktur', 'svc-wsdl'] }]) {
      const res = await post({ email: 'a@example.com', ...body });
      expect(res.status).toBe(409);
      expect(res.json.error?.message).toContain('other statuses or targets');
    }
    expect(await post({ email: 'a@example.com', targets: ['buat-faktur', 'buat-faktur'] })).toEqual({
      status: 202,
      json: { status: 'subscribed' },
    });
  });
});

describe('the page’s subscription form: all services or one group or target', () => {
  const fields = (targets: string[]): [string, string][] => [
    ['lang', 'en'],
    ['email', 'a@example.com'],
    ['statuses', 'down'],
    ...targets.map((t): [string, string] => ['targets', t]),
  ];

  it.each([
    [[], '{"status":["down"]}'],
    [[''], '{"status":["down"]}'],
    [['buat-faktur'], '{"status":["down"],"target":["buat-faktur"]}'],
    [['svc-qr'], '{"status":["down"],"target":["svc-qr"]}'],
  ])('subscribes with targets %j', async (targets, expected) => {
    const res = await submit(fields(targets));
    expect(res).toEqual({ status: 303, location: '../?lang=en&subscription=pending_confirmation#subscribe' });
    expect(await policy()).toBe(expected);
  });

  it.each([[['nope']], [['', 'svc-qr']], [['x'.repeat(1000)]], [ids(41)]])(
    'answers a tampered choice %j with "invalid", not an error',
    async (targets) => {
      const res = await submit(fields(targets));
      expect(res).toEqual({ status: 303, location: '../?lang=en&subscription=invalid#subscribe' });
      expect(deps.subscriber.confirmationsSent).toEqual([]);
    },
  );

  it.each([
    ['en', 'For', 'All services', 'Service groups', 'Services'],
    ['id', 'Untuk layanan', 'Semua layanan', 'Grup layanan', 'Layanan'],
  ])('offers, labelled, every service, then the groups, then the targets (%s)', async (lang, ...words) => {
    const res = await createStatusApi(deps).request(`/?lang=${lang}`, { headers: { accept: 'text/html' } });
    const html = await res.text();
    const [label, all, groups, targets] = words;
    const select = html.slice(html.indexOf('<label for="sub-targets">'), html.indexOf('</select>') + 9);
    expect(select).toBe(
      `<label for="sub-targets">${label}</label><select id="sub-targets" name="targets">` +
        `<option value="" selected="">${all}</option>` +
        `<optgroup label="${groups}"><option value="buat-faktur">Buat &amp; unggah &lt;faktur&gt;</option></optgroup>` +
        `<optgroup label="${targets}"><option value="svc-wsdl">e-Faktur SVC</option>` +
        '<option value="svc-qr">QR &lt;validation&gt; &amp; co</option></optgroup></select>',
    );
  });
});

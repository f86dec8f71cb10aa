import { beforeEach, describe, expect, it } from 'vitest';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { apiRequest, fetchApi, makeDeps, REGIONS, state, type TestDeps } from '../api/fixtures.js';

const config = parseFleetConfig({
  probeRegions: [...REGIONS],
  statusUrl: 'https://status.example.test',
  targets: [
    { id: 'svc-wsdl', name: 'e-Faktur SVC', url: 'https://svc.example.test/wsdl', check: 'efaktur-wsdl' },
    { id: 'coretax', name: 'Coretax', url: 'https://coretax.example.test/', check: 'http' },
    { id: 'svc-qr', name: 'QR', url: 'https://svc.example.test/qr', check: 'efaktur-qr-validation' },
    { id: 'djponline', name: 'DJP Online', url: 'https://djp.example.test/', check: 'http' },
  ],
  groups: [
    { id: 'faktur', name: 'Buat & unggah faktur', targets: ['svc-wsdl', 'coretax'] },
    { id: 'validasi', name: 'Validasi QR', targets: ['svc-wsdl', 'svc-qr'], rule: 'any-up' },
  ],
});

let deps: TestDeps;
const get = async (path: string) => {
  const res = await fetchApi(createStatusApi(deps), apiRequest('GET', path));
  return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> };
};

beforeEach(async () => {
  deps = makeDeps({ config });
  await deps.states.save(state({ targetId: 'svc-wsdl', status: 'up' }), null);
  await deps.states.save(
    state({ targetId: 'coretax', status: 'down', since: '2026-03-15T03:00:00.000Z', rule: 'quorum_down' }),
    null,
  );
  await deps.states.save(
    state({
      targetId: 'group:faktur',
      status: 'down',
      since: '2026-03-15T03:00:00.500Z',
      rule: 'group_worst_of',
      votes: [],
    }),
    null,
  );
});

const FAKTUR = {
  id: 'faktur',
  name: 'Buat & unggah faktur',
  rule: 'worst',
  status: 'down',
  since: '2026-03-15T03:00:00.500Z',
  members: [
    {
      id: 'svc-wsdl',
      name: 'e-Faktur SVC',
      status: 'up',
      since: '2026-03-15T01:00:00.000Z',
      explains: false,
    },
    { id: 'coretax', name: 'Coretax', status: 'down', since: '2026-03-15T03:00:00.000Z', explains: true },
  ],
  unknownMembers: [],
};

describe('groups in the status API (docs/service-groups.md#api)', () => {
  it('lists every group in /status after the targets, its status from the members shown', async () => {
    const res = await get('/status');
    expect(res.status).toBe(200);
    expect(res.json.groups).toEqual([
      FAKTUR,
      {
        id: 'validasi',
        name: 'Validasi QR',
        rule: 'any-up',
        status: 'up',
        // Not recorded by the aggregator yet.
        since: null,
        members: [
          {
            id: 'svc-wsdl',
            name: 'e-Faktur SVC',
            status: 'up',
            since: '2026-03-15T01:00:00.000Z',
            explains: true,
          },
          { id: 'svc-qr', name: 'QR', status: 'unknown', since: null, explains: false },
        ],
        unknownMembers: ['svc-qr'],
      },
    ]);
  });

  it('serves one group at /groups/{id}', async () => {
    expect(await get('/groups/faktur')).toEqual({ status: 200, json: FAKTUR });
  });

  it.each(
    ['nope', 'svc-wsdl', 'group%3Afaktur', '%00', 'constructor', '__proto__', 'a'.repeat(2000)].map((id) => [
      id.slice(0, 40),
      id,
    ]),
  )('answers 404 naming the groups for /groups/%s', async (_label, id) => {
    const res = await get(`/groups/${id}`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.json)).toContain('known groups: faktur, validasi');
  });

  it('gives no group a since from a recorded status other than the one shown', async () => {
    await deps.states.save(state({ targetId: 'coretax', status: 'up', version: 2 }), 1);
    expect((await get('/groups/faktur')).json).toMatchObject({ status: 'up', since: null });
  });
});

describe('groups in summary.json (docs/service-groups.md#summary-json)', () => {
  it('has each group as a component group above its members, a member in two groups under the first', async () => {
    const res = await get('/summary.json');
    const components = res.json.components as Record<string, unknown>[];
    expect(
      components.map((c) => [c.id, c.group, c.group_id ?? null, c.components ?? null, c.position]),
    ).toEqual([
      ['faktur', true, null, ['svc-wsdl', 'coretax'], 1],
      ['svc-wsdl', false, 'faktur', null, 2],
      ['coretax', false, 'faktur', null, 3],
      ['validasi', true, null, [], 4],
    ]);
    expect(components[0]).toMatchObject({ status: 'major_outage', name: 'Buat & unggah faktur' });
    expect(components[3]).toMatchObject({ status: 'operational' });
    // The indicator counts targets only: one of two known targets down.
    expect(res.json.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('leaves out a group nothing is known of, and shows its members ungrouped', async () => {
    deps = makeDeps({ config });
    await deps.states.save(state({ targetId: 'svc-qr', status: 'down' }), null);
    const components = (await get('/summary.json')).json.components as Record<string, unknown>[];
    expect(components.map((c) => [c.id, c.group_id ?? null])).toEqual([
      ['validasi', null],
      ['svc-qr', 'validasi'],
    ]);
  });
});

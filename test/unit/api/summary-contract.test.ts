import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { apiEvent, config, makeDeps, state, type TestDeps, transition, votesAll } from './fixtures.js';

/** Atlassian Statuspage v2 `summary.json`, field for field (strict: no field missing, none invented). */
const isoTime = z.iso.datetime({ offset: true });
const componentStatus = z.enum([
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
]);
const component = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  status: componentStatus,
  created_at: isoTime,
  updated_at: isoTime,
  position: z.number().int().positive(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string().min(1),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
});
const incidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
const incidentUpdate = z.strictObject({
  id: z.string().min(1),
  status: incidentStatus,
  body: z.string().min(1),
  incident_id: z.string().min(1),
  created_at: isoTime,
  updated_at: isoTime,
  display_at: isoTime,
  affected_components: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      old_status: componentStatus,
      new_status: componentStatus,
    }),
  ),
  deliver_notifications: z.boolean(),
  custom_tweet: z.null(),
  tweet_id: z.null(),
});
const incident = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  status: incidentStatus,
  created_at: isoTime,
  updated_at: isoTime,
  monitoring_at: isoTime.nullable(),
  resolved_at: isoTime.nullable(),
  impact: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
  shortlink: z.string(),
  started_at: isoTime,
  page_id: z.string().min(1),
  incident_updates: z.array(incidentUpdate).min(1),
  components: z.array(component),
});
const summarySchema = z.strictObject({
  page: z.strictObject({
    id: z.string().min(1),
    name: z.string().min(1),
    url: z.string(),
    time_zone: z.string().min(1),
    updated_at: isoTime,
  }),
  components: z.array(component),
  incidents: z.array(incident),
  scheduled_maintenances: z.array(z.unknown()),
  status: z.strictObject({
    indicator: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
    description: z.string().min(1),
  }),
});
type Summary = z.infer<typeof summarySchema>;

let deps: TestDeps;

async function summary(): Promise<Summary> {
  const res = await createApiHandler(deps)(apiEvent('GET', '/summary.json'));
  expect(res.statusCode).toBe(200);
  expect((res.headers as Record<string, string>)['cache-control']).toBe('public, max-age=15');
  return summarySchema.parse(JSON.parse(res.body!));
}

beforeEach(() => {
  deps = makeDeps();
});

describe('GET /summary.json (Statuspage v2 contract)', () => {
  it('shows operational components and no incident when every target is up', async () => {
    await deps.states.save(state(), null);
    await deps.states.save(state({ targetId: 'svc-qr' }), null);
    const s = await summary();
    expect(s.page).toEqual({
      id: 'efaktur-probe-fleet',
      name: 'e-Faktur probe fleet',
      url: 'https://status.example.test',
      time_zone: 'Asia/Jakarta',
      updated_at: '2026-03-15T03:09:45.000Z',
    });
    expect(s.components.map((c) => [c.id, c.name, c.status, c.position])).toEqual([
      ['svc-wsdl', 'e-Faktur SVC', 'operational', 1],
      ['svc-qr', 'QR <validation> & co', 'operational', 2],
    ]);
    expect(s.components[0]).toMatchObject({ page_id: 'efaktur-probe-fleet', group: false, group_id: null });
    expect(s.incidents).toEqual([]);
    expect(s.scheduled_maintenances).toEqual([]);
    expect(s.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('opens an investigating incident for a target that is down, with the votes as its body', async () => {
    await deps.transitions.record(transition('2026-03-15T03:05:00.000Z', 'up', 'down'));
    await deps.states.save(
      state({
        status: 'down',
        since: '2026-03-15T03:05:00.000Z',
        rule: 'quorum_down',
        votes: votesAll('down'),
      }),
      null,
    );
    await deps.states.save(state({ targetId: 'svc-qr' }), null);
    const s = await summary();
    expect(s.components.map((c) => c.status)).toEqual(['major_outage', 'operational']);
    expect(s.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(s.incidents).toHaveLength(1);
    const [inc] = s.incidents;
    expect(inc).toMatchObject({
      id: 'svc-wsdl-20260315T030500Z',
      name: 'e-Faktur SVC DOWN',
      status: 'investigating',
      impact: 'major',
      started_at: '2026-03-15T03:05:00.000Z',
      resolved_at: null,
      monitoring_at: null,
    });
    // The fleet's language is Indonesian (the default): so are the incident's texts.
    expect(inc?.incident_updates[0]?.body).toBe(
      'e-Faktur SVC tidak dapat dihubungi atau jawabannya salah. 3 dari 3 region pemantau melaporkan DOWN: ' +
        'ap-southeast-3: timeout saat menyambung setelah 10.0 s; ap-southeast-1: timeout saat menyambung setelah 10.0 s; ' +
        'ap-northeast-1: timeout saat menyambung setelah 10.0 s.',
    );
    expect(inc?.incident_updates[0]?.affected_components).toEqual([
      { code: 'svc-wsdl', name: 'e-Faktur SVC', old_status: 'operational', new_status: 'major_outage' },
    ]);
  });

  it('writes the incident in English for an English fleet, the details in words with raw parts in brackets', async () => {
    deps = makeDeps({ config: { ...config, locale: 'en' } });
    await deps.states.save(
      state({
        status: 'down',
        since: '2026-03-15T03:00:00.000Z',
        votes: votesAll('down').map((v) => ({
          ...v,
          reason: 'reset',
          detail: 'connection reset (ECONNRESET)',
        })),
        pending: { status: 'up', since: '2026-03-15T03:08:00.000Z' },
      }),
      null,
    );
    const [inc] = (await summary()).incidents;
    expect(inc?.name).toBe('e-Faktur SVC down');
    expect(inc?.incident_updates.map((u) => u.body)).toEqual([
      'A quorum of regions reports up again; the recovery is confirmed after a hold period.',
      'e-Faktur SVC is unreachable or failing. 3 of 3 voting regions report down: ' +
        'ap-southeast-3: connection reset (ECONNRESET); ap-southeast-1: connection reset (ECONNRESET); ' +
        'ap-northeast-1: connection reset (ECONNRESET).',
    ]);
  });

  it('reports every target down as critical and a maintenance page as identified maintenance', async () => {
    const down = { status: 'down' as const, since: '2026-03-15T03:05:00.000Z', votes: votesAll('down') };
    await deps.states.save(state(down), null);
    await deps.states.save(state({ ...down, targetId: 'svc-qr' }), null);
    expect((await summary()).status).toEqual({ indicator: 'critical', description: 'Major System Outage' });

    deps = makeDeps();
    await deps.transitions.record(transition('2026-03-15T03:00:00.000Z', 'degraded', 'maintenance'));
    await deps.states.save(
      state({ status: 'maintenance', since: '2026-03-15T03:00:00.000Z', votes: votesAll('maintenance') }),
      null,
    );
    const s = await summary();
    expect(s.components[0]?.status).toBe('under_maintenance');
    expect(s.status.indicator).toBe('maintenance');
    expect(s.incidents[0]).toMatchObject({ status: 'identified', impact: 'maintenance' });
    expect(s.incidents[0]?.incident_updates[0]?.affected_components[0]?.old_status).toBe(
      'degraded_performance',
    );
  });

  it('moves the incident to monitoring while a recovery waits out its hold', async () => {
    await deps.states.save(
      state({
        status: 'down',
        since: '2026-03-15T03:00:00.000Z',
        votes: votesAll('up'),
        pending: { status: 'up', since: '2026-03-15T03:08:00.000Z' },
      }),
      null,
    );
    const [inc] = (await summary()).incidents;
    expect(inc).toMatchObject({ status: 'monitoring', monitoring_at: '2026-03-15T03:08:00.000Z' });
    expect(inc?.incident_updates.map((u) => u.status)).toEqual(['monitoring', 'investigating']);
  });

  it('shows a lone failing region as a partial outage without an incident', async () => {
    await deps.states.save(
      state({
        regionalProblems: [
          { region: 'ap-northeast-1', status: 'down', reason: 'refused', since: '2026-03-14T00:00:00.000Z' },
        ],
      }),
      null,
    );
    const s = await summary();
    expect(s.components[0]?.status).toBe('partial_outage');
    expect(s.incidents).toEqual([]);
    expect(s.status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
  });

  it('leaves out targets without a fresh verdict (unknown, never evaluated, or stale)', async () => {
    await deps.states.save(state({ status: 'unknown', rule: 'insufficient_votes' }), null);
    let s = await summary();
    expect(s.components).toEqual([]);
    expect(s.status).toEqual({ indicator: 'none', description: 'No current verdict' });

    deps = makeDeps();
    await deps.states.save(state({ targetId: 'svc-qr' }), null);
    deps.clock = new Date('2026-03-15T04:00:00.000Z');
    s = await summary();
    expect(s.components).toEqual([]);
  });
});

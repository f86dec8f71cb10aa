import { beforeEach, describe, expect, it } from 'vitest';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { configuredWindows } from '../../../shared/maintenance/merged-window-source.js';
import { makeDeps, state, type TestDeps } from './fixtures.js';

// NOW is 2026-03-15T03:10Z: 10:10 WIB on Sunday 15 March 2026.
const CONFIGURED = configuredWindows([
  // In progress: 08:00-12:00 WIB today.
  {
    targets: ['svc-wsdl'],
    start: '2026-03-15T08:00:00+07:00',
    end: '2026-03-15T12:00:00+07:00',
    note: 'PENG-1',
  },
  // To come: 22:00 WIB on the 20th to 02:00 on the 21st.
  { targets: ['svc-wsdl', 'svc-qr'], start: '2026-03-20T22:00:00+07:00', end: '2026-03-21T02:00:00+07:00' },
  // Ended an hour ago.
  { targets: ['svc-qr'], start: '2026-03-15T07:00:00+07:00', end: '2026-03-15T09:10:00+07:00' },
]);

let deps: TestDeps;
beforeEach(async () => {
  deps = makeDeps({ configuredWindows: CONFIGURED });
  await deps.states.save(state(), null);
  await deps.states.save(state({ targetId: 'svc-qr' }), null);
});
const get = async (path: string, headers: Record<string, string> = {}) =>
  createStatusApi(deps).request(path, { headers });
// biome-ignore lint/suspicious/noExplicitAny: the JSON shapes are what these tests check
const json = async (path: string): Promise<any> => (await get(path)).json();

describe('GET /status', () => {
  it('shows each target its active window, the windows to come and the next deadline', async () => {
    const body = await json('/status');
    expect(
      body.targets.map((t: { id: string; maintenanceWindow: { id: string } | null }) => [
        t.id,
        t.maintenanceWindow?.id ?? null,
      ]),
    ).toEqual([
      ['svc-wsdl', 'config-1'],
      ['svc-qr', null],
    ]);
    expect(body.targets[0].maintenanceWindow).toMatchObject({
      status: 'in_progress',
      end: '2026-03-15T05:00:00.000Z',
    });
    expect(body.maintenance.upcoming.map((w: { id: string; status: string }) => [w.id, w.status])).toEqual([
      ['config-1', 'in_progress'],
      ['config-2', 'scheduled'],
    ]);
    expect(body.nextDeadline).toEqual({
      id: 'upload',
      name: 'batas waktu unggah',
      date: '2026-03-20',
      markedFrom: '2026-03-15',
      marked: true,
    });
  });

  it('names the deadline in English on an English fleet, and shows none with an empty calendar', async () => {
    deps = makeDeps({ config: { ...deps.config, locale: 'en' } });
    expect((await json('/status')).nextDeadline.name).toBe('upload deadline');
    deps = makeDeps({ config: { ...deps.config, deadlines: [] } });
    expect((await json('/status')).nextDeadline).toBeNull();
  });
});

describe('GET /summary.json', () => {
  it('lists the windows as Statuspage scheduled maintenances, the note as the first update', async () => {
    const summary = await json('/summary.json');
    expect(
      summary.scheduled_maintenances.map((m: { id: string; status: string }) => [m.id, m.status]),
    ).toEqual([
      ['config-3', 'completed'],
      ['config-1', 'in_progress'],
      ['config-2', 'scheduled'],
    ]);
    const [, current, next] = summary.scheduled_maintenances;
    expect(current).toMatchObject({
      name: 'Pemeliharaan terjadwal: e-Faktur SVC',
      impact: 'maintenance',
      scheduled_for: '2026-03-15T01:00:00.000Z',
      scheduled_until: '2026-03-15T05:00:00.000Z',
      resolved_at: null,
      shortlink: 'https://status.example.test',
      incident_updates: [
        { id: 'config-1-1', status: 'in_progress', body: 'PENG-1', incident_id: 'config-1' },
      ],
    });
    expect(current.components.map((c: { id: string }) => c.id)).toEqual(['svc-wsdl']);
    expect(next.components.map((c: { id: string }) => c.id)).toEqual(['svc-wsdl', 'svc-qr']);
    expect(next.incident_updates[0].body).toBe('Pemeliharaan yang diumumkan DJP.');
    expect(summary.scheduled_maintenances[0].resolved_at).toBe('2026-03-15T02:10:00.000Z');
  });
});

describe('the status page', () => {
  const page = async (lang: string) => (await get(`/?lang=${lang}`, { accept: 'text/html' })).text();

  it.each([
    [
      'id',
      'Jadwal pemeliharaan',
      '(sedang berlangsung)',
      'Pengumuman: PENG-1',
      'Batas waktu unggah berikutnya: 20 Maret 2026',
    ],
    [
      'en',
      'Scheduled maintenance',
      '(in progress)',
      'Announcement: PENG-1',
      'Next upload deadline: 20 March 2026',
    ],
  ])(
    '%s: shows the windows in WIB with their notes, and the next deadline',
    async (lang, title, progress, note, deadline) => {
      const html = await page(lang);
      const section = /<section[^>]*id="maintenance"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
      expect(section).toContain(title);
      expect(section).toContain(progress);
      expect(section).toContain(note);
      expect(section).toContain(deadline);
      expect(section).toContain('08:00 WIB');
      expect(section).toContain('22:00 WIB');
      expect(section).not.toContain('config-3');
      expect(section.match(/data-window=/g)).toHaveLength(2);
    },
  );

  it('says so when nothing is scheduled, and escapes a note', async () => {
    deps = makeDeps({
      configuredWindows: configuredWindows([
        {
          targets: ['svc-qr'],
          start: '2026-03-16T22:00:00+07:00',
          end: '2026-03-16T23:00:00+07:00',
          note: '<b>x</b>',
        },
      ]),
    });
    expect(await page('en')).toContain('&lt;b&gt;x&lt;/b&gt;');
    deps = makeDeps();
    expect(await page('en')).toContain('No scheduled maintenance has been announced.');
  });
});

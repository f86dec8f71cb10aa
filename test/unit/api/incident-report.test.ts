import { beforeEach, describe, expect, it } from 'vitest';
import { dailyShares, daysStart, wibDateKey, wibDateStart } from '../../../shared/api/daily-shares.js';
import type { HistoryWindow } from '../../../shared/api/history-window.js';
import { incidentsOf } from '../../../shared/api/incidents.js';
import { windowParams } from '../../../shared/api/report-window.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { makeDeps, NOW, state, type TestDeps, transition, vote } from './fixtures.js';

let deps: TestDeps;

beforeEach(() => {
  deps = makeDeps();
});

const history = (overrides: Partial<HistoryWindow>): HistoryWindow => ({
  lastBefore: null,
  inWindow: [],
  state: null,
  ...overrides,
});

describe('incidents from the history', () => {
  const from = new Date('2026-03-01T00:00:00.000Z');

  it('makes a maintenance that turns into an outage two incidents, each with what decided its start and end', () => {
    const incidents = incidentsOf(
      'svc-wsdl',
      history({
        inWindow: [
          transition('2026-03-10T03:00:00.000Z', 'down', 'up', { rule: 'recovery_hold' }),
          transition('2026-03-10T02:00:00.000Z', 'maintenance', 'down'),
          transition('2026-03-10T01:00:00.000Z', 'up', 'maintenance'),
        ],
      }),
      from,
      NOW,
    );
    expect(incidents.map((i) => [i.kind, i.start, i.end, i.startRule, i.endStatus, i.endRule])).toEqual([
      [
        'maintenance',
        '2026-03-10T01:00:00.000Z',
        '2026-03-10T02:00:00.000Z',
        'quorum_maintenance',
        'down',
        'quorum_down',
      ],
      ['down', '2026-03-10T02:00:00.000Z', '2026-03-10T03:00:00.000Z', 'quorum_down', 'up', 'recovery_hold'],
    ]);
  });

  it('keeps the real start of one that began before the window, and one still going on', () => {
    const incidents = incidentsOf(
      'svc-wsdl',
      history({
        lastBefore: transition('2026-02-28T23:00:00.000Z', 'up', 'down'),
        inWindow: [
          transition('2026-03-14T02:00:00.000Z', 'up', 'down'),
          transition('2026-03-01T01:00:00.000Z', 'down', 'up', { rule: 'recovery_hold' }),
        ],
      }),
      from,
      NOW,
    );
    expect(incidents.map((i) => [i.start, i.end])).toEqual([
      ['2026-02-28T23:00:00.000Z', '2026-03-01T01:00:00.000Z'],
      ['2026-03-14T02:00:00.000Z', null],
    ]);
  });

  it('ends one when the fleet no longer knew, and counts only the counted failing votes as evidence', () => {
    const [incident] = incidentsOf(
      'svc-wsdl',
      history({
        inWindow: [
          transition('2026-03-10T02:00:00.000Z', 'down', 'unknown', { rule: 'insufficient_votes' }),
          transition('2026-03-10T01:00:00.000Z', 'up', 'down', {
            votes: [
              vote({ region: 'ap-southeast-3', status: 'down', reason: 'timeout' }),
              vote({ region: 'ap-southeast-1', status: 'down', reason: 'refused' }),
              vote({ region: 'ap-northeast-1', status: 'down', control: false, excluded: 'control_failed' }),
            ],
          }),
        ],
      }),
      from,
      NOW,
    );
    expect(incident).toMatchObject({ endStatus: 'unknown', endRule: 'insufficient_votes' });
    expect(incident!.evidence.map((v) => [v.region, v.reason])).toEqual([
      ['ap-southeast-3', 'timeout'],
      ['ap-southeast-1', 'refused'],
    ]);
  });

  it('counts a change the state holds before the history records it', () => {
    const incidents = incidentsOf(
      'svc-wsdl',
      history({ state: state({ status: 'down', since: '2026-03-15T03:00:00.000Z' }) }),
      from,
      NOW,
    );
    expect(incidents.map((i) => [i.kind, i.start, i.end])).toEqual([
      ['down', '2026-03-15T03:00:00.000Z', null],
    ]);
  });
});

describe('WIB days', () => {
  it('start at 17:00 UTC, and the last one is today up to now', () => {
    expect(wibDateKey(Date.parse('2026-03-14T16:59:59.000Z'))).toBe('2026-03-14');
    expect(wibDateKey(Date.parse('2026-03-14T17:00:00.000Z'))).toBe('2026-03-15');
    expect(new Date(wibDateStart('2026-03-15')).toISOString()).toBe('2026-03-14T17:00:00.000Z');
    expect(daysStart(NOW, 2).toISOString()).toBe('2026-03-13T17:00:00.000Z');
    const [yesterday, today] = dailyShares(
      {
        atStart: 'up',
        changes: [
          { at: '2026-03-14T16:00:00.000Z', status: 'down' },
          { at: '2026-03-14T18:00:00.000Z', status: 'up' },
        ],
      },
      NOW,
      2,
    );
    expect(yesterday).toMatchObject({ date: '2026-03-14', seconds: 86_400, in: { down: 3600, up: 82_800 } });
    expect(today).toMatchObject({
      date: '2026-03-15',
      seconds: 10 * 3600 + 600,
      in: { down: 3600, up: 9 * 3600 + 600 },
    });
  });

  it('count time before anything was known as no data', () => {
    const [day] = dailyShares(
      { atStart: null, changes: [{ at: '2026-03-15T01:10:00.000Z', status: 'up' }] },
      NOW,
      1,
    );
    expect(day!.in).toEqual({ up: 7200, degraded: 0, maintenance: 0, down: 0, unknown: 8 * 3600 + 600 });
  });
});

describe('report windows', () => {
  const query = (q: Record<string, string | string[]>) =>
    Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));

  it.each([
    [{}, '2026-02-13T03:10:00.000Z', '2026-03-15T03:10:00.000Z'],
    [{ from: '2026-03-01' }, '2026-02-28T17:00:00.000Z', '2026-03-15T03:10:00.000Z'],
    [{ from: '2026-03-01', to: '2026-03-31' }, '2026-02-28T17:00:00.000Z', '2026-03-31T17:00:00.000Z'],
    [
      { from: '2026-03-01T00:00:00+07:00', to: '2026-03-02T00:00:00Z' },
      '2026-02-28T17:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
    ],
    [{ to: '2026-01-31' }, '2026-01-01T17:00:00.000Z', '2026-01-31T17:00:00.000Z'],
  ])('%j → [%s, %s)', (q, from, to) => {
    const window = windowParams(query(q), NOW);
    expect([window.from.toISOString(), window.to.toISOString()]).toEqual([from, to]);
  });

  const RULE =
    'must be an ISO 8601 time with a zone (e.g. 2026-03-15T03:00:00Z) or a WIB date (e.g. 2026-03-15)';
  it.each([
    [{ from: '2026-02-31' }, `from: ${RULE}`],
    [{ to: 'yesterday' }, `to: ${RULE}`],
    [{ from: '2026-03-15T10:00:00' }, `from: ${RULE}`],
    [{ from: '2026-03-10', to: '2026-03-09' }, 'from: must be earlier than to'],
    [{ from: '2025-01-01', to: '2026-03-01' }, 'from: must be at most 366 days before to'],
    [{ from: ['2026-03-01', '2026-03-02'] }, 'from: must be given at most once'],
  ])('refuses %j', async (q, message) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q))
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    for (const path of ['/report', '/incidents.csv']) {
      const res = await createStatusApi(deps).request(`${path}?${params}`);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'bad_parameter', message } });
    }
  });

  it('refuses an unknown target or language like every parameter', async () => {
    const app = createStatusApi(deps);
    expect(await (await app.request('/incidents.csv?target=nope')).json()).toEqual({
      error: { code: 'bad_parameter', message: 'target: must be one of svc-wsdl, svc-qr' },
    });
    expect((await app.request('/report?lang=de')).status).toBe(400);
  });
});

describe('GET /incidents.csv', () => {
  beforeEach(async () => {
    await deps.transitions.record(transition('2026-03-01T00:00:00.000Z', 'unknown', 'up'));
    await deps.transitions.record(
      transition('2026-03-10T01:20:00.000Z', 'up', 'down', {
        votes: [
          vote({ region: 'ap-southeast-3', status: 'down', reason: 'timeout' }),
          vote({ region: 'ap-southeast-1', status: 'down', reason: 'http_status' }),
        ],
      }),
    );
    await deps.transitions.record(
      transition('2026-03-10T02:00:00.000Z', 'down', 'up', { rule: 'recovery_hold' }),
    );
    await deps.transitions.record(
      transition('2026-03-15T03:00:00.000Z', 'up', 'maintenance', { targetId: 'svc-qr' }),
    );
  });

  it('opens in a spreadsheet set to Indonesian: UTF-8 with a BOM, semicolons, CRLF, quoted text, whole seconds', async () => {
    const res = await createStatusApi(deps).request('/incidents.csv?from=2026-03-01&to=2026-03-15');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="insiden-efaktur_2026-03-01_2026-03-15.csv"',
    );
    expect(res.headers.get('cache-control')).toBe('public, max-age=15');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines).toEqual([
      '"ID target";"Target";"Jenis";"Mulai (UTC, ISO 8601)";"Selesai (UTC, ISO 8601)";"Mulai (WIB)";"Selesai (WIB)";"Durasi (detik)";"Durasi";"Keadaan";"Dasar keputusan";"Region dan alasan";"Berakhir karena";"Jadwal pemeliharaan yang diumumkan"',
      '"svc-wsdl";"e-Faktur SVC";"GANGGUAN";"2026-03-10T01:20:00.000Z";"2026-03-10T02:00:00.000Z";"2026-03-10 08:20:00";"2026-03-10 09:00:00";2400;"40 mnt";"selesai";"kuorum region gagal memakai server, masing-masing dua kali berturut-turut (quorum_down)";"Jakarta (ap-southeast-3): timeout; Singapura (ap-southeast-1): status HTTP salah";"NORMAL: kuorum region melihat server normal selama seluruh masa tunggu pemulihan (recovery_hold)";""',
      '"svc-qr";"QR <validation> & co";"PEMELIHARAAN";"2026-03-15T03:00:00.000Z";"";"2026-03-15 10:00:00";"";600;"10 mnt";"masih berlangsung";"kuorum region melihat halaman perbaikan (quorum_maintenance)";"Jakarta (ap-southeast-3): halaman perbaikan; Singapura (ap-southeast-1): halaman perbaikan; Tokyo (ap-northeast-1): halaman perbaikan";"";""',
      '',
    ]);
  });

  it('has English headings and words with lang=en, and one target with target=', async () => {
    const text = await (await createStatusApi(deps).request('/incidents.csv?lang=en&target=svc-wsdl')).text();
    const [head, row, end] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(head).toBe(
      '"Target ID";"Target";"Kind";"Start (UTC, ISO 8601)";"End (UTC, ISO 8601)";"Start (WIB)";"End (WIB)";"Duration (seconds)";"Duration";"State";"Decided by";"Regions and reasons";"Ended by";"Announced maintenance"',
    );
    expect(row).toContain('"svc-wsdl";"e-Faktur SVC";"DOWN";');
    expect(row).toContain(';2400;"40 min";"ended";');
    expect(end).toBe('');
  });

  it('cannot be made to run a formula in the spreadsheet, whatever a name or a quote holds', async () => {
    const config = {
      ...deps.config,
      targets: [{ ...deps.config.targets[0]!, name: '=HYPERLINK("http://x";"y")' }],
    };
    deps = makeDeps({ config, transitions: deps.transitions });
    const text = await (await createStatusApi(deps).request('/incidents.csv?target=svc-wsdl')).text();
    expect(text).toContain(';"\'=HYPERLINK(""http://x"";""y"")";');
  });
});

describe('GET /report', () => {
  beforeEach(async () => {
    await deps.transitions.record(transition('2026-03-01T00:00:00.000Z', 'unknown', 'up'));
    await deps.transitions.record(transition('2026-03-10T01:20:00.000Z', 'up', 'down'));
    await deps.transitions.record(
      transition('2026-03-10T02:00:00.000Z', 'down', 'up', { rule: 'recovery_hold' }),
    );
  });

  const text = (html: string) =>
    html
      .replace(/<style>.*?<\/style>/s, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');

  it('lists the window’s incidents, the figures, the configuration that decided them and how to read it', async () => {
    const res = await createStatusApi(deps).request('/report?from=2026-03-01&to=2026-03-14');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    const html = await res.text();
    expect(html).toContain('@page{size:A4');
    const page = text(html);
    for (const part of [
      'Laporan gangguan dan pemeliharaan e-Faktur',
      'Periode: 1 Mar 2026 00:00 WIB – 15 Mar 2026 00:00 WIB',
      'e-Faktur SVC 1 40 mnt 0 0 dtk 99,8%',
      '1 GANGGUAN 10 Mar 2026 08:20 WIB 10 Mar 2026 09:00 WIB 40 mnt kuorum region gagal memakai server',
      'Jakarta (timeout), Singapura (timeout), Tokyo (timeout)',
      'Yang diperiksa: https://svc.example.test/wsdl (WSDL Master Faktur Service dari server SVC e-Faktur).',
      'Region pemantau Jakarta (ap-southeast-3), Singapura (ap-southeast-1), Tokyo (ap-northeast-1)',
      'setiap region memeriksa setiap 1 mnt',
      'lebih dari separuh region yang melapor, minimal 2',
      'Masa tunggu pemulihan 1 mnt 30 dtk; 15 mnt bila server 2 kali gagal dalam 1 jam',
      'Cara membaca laporan ini',
      'KEP-67/PJ/2025',
      'https://status.example.test',
    ]) {
      expect(page).toContain(part);
    }
    expect(html).toContain(
      'href="incidents.csv?from=2026-02-28T17%3A00%3A00.000Z&amp;to=2026-03-14T17%3A00%3A00.000Z&amp;lang=id"',
    );
  });

  it('is in English with lang=en and shows a quiet period as such', async () => {
    const page = text(await (await createStatusApi(deps).request('/report?lang=en&target=svc-qr')).text());
    expect(page).toContain('e-Faktur outage and maintenance report');
    expect(page).toContain('No outage or maintenance in this period.');
    expect(page).not.toContain('e-Faktur SVC 1 ');
  });
});

import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { PAGE_SCRIPT, PAGE_STYLE } from '../../../shared/api/page/page-assets.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import type { ConsensusStatus, Locale } from '../../../shared/types.js';
import { makeDeps, NOW, REGIONS, state, type TestDeps, transition, vote, votesAll } from './fixtures.js';

let deps: TestDeps;

beforeEach(() => {
  deps = makeDeps();
});

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function page(query = '') {
  const res = await createStatusApi(deps).request(`/${query}`, { headers: HTML });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The text of the element with this id (tags dropped, entities of the page decoded, spaces collapsed). */
function textOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no element #${id}`);
  const open = html.lastIndexOf('<', start);
  const tag = /^<(\w+)/.exec(html.slice(open))![1]!;
  let depth = 0;
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  re.lastIndex = open;
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0) {
      return html
        .slice(open, m.index)
        .replace(/<[^>]+>/g, ' ')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .trim();
    }
  }
  throw new Error(`#${id} is not closed`);
}

describe('GET / for people and for programs', () => {
  it('answers JSON (the route list) without Accept, to */* and to ?format=json; Vary: Accept', async () => {
    const app = createStatusApi(deps);
    for (const [path, headers] of [
      ['/', {}],
      ['/', { accept: '*/*' }],
      ['/', { accept: 'application/json' }],
      ['/?format=json', HTML],
    ] as const) {
      const res = await app.request(path, { headers });
      expect(res.headers.get('content-type'), `${path} ${JSON.stringify(headers)}`).toBe(
        'application/json; charset=utf-8',
      );
      expect(res.headers.get('vary')).toBe('accept');
      const body = (await res.json()) as { routes: string[]; pages: string[] };
      expect(body.routes).toContain('GET /status');
      expect(body.pages).toEqual([
        'GET / (Accept: text/html, or ?format=html)',
        'GET /report?from=&to=&target=&lang=',
        'GET /incidents.csv?from=&to=&target=&lang=',
        'POST /subscriptions/form',
      ]);
    }
  });

  it('answers the page to a browser and to ?format=html, cached like /status', async () => {
    const app = createStatusApi(deps);
    for (const [path, headers] of [
      ['/', HTML],
      ['/?format=html', {}],
    ] as const) {
      const res = await app.request(path, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=15');
      expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
      expect(await res.text()).toMatch(/^<!doctype html><html lang="id">/);
    }
  });

  it.each([
    ['lang=fr', 'lang: must be one of id, en'],
    ['format=xml', 'format: must be one of html, json'],
    [
      'subscription=maybe',
      'subscription: must be one of pending_confirmation, subscribed, deferred, invalid_email, no_statuses, invalid, too_many_requests, conflict',
    ],
    ['lang=id&lang=en', 'lang: must be given at most once'],
  ])('answers 400 to %s, as JSON like every error', async (query, message) => {
    const res = await page(`?${query}`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.html)).toEqual({ error: { code: 'bad_parameter', message } });
  });
});

describe('the plain answer of each status, in both languages', () => {
  const WORDS: Record<ConsensusStatus, Record<Locale, [string, string]>> = {
    up: {
      id: ['NORMAL', 'Server DJP menjawab dengan benar.'],
      en: ['UP', "DJP's server answers correctly."],
    },
    degraded: {
      id: ['LAMBAT', 'Server DJP menjawab dengan benar, tetapi lambat.'],
      en: ['SLOW', "DJP's server answers correctly, but slowly."],
    },
    maintenance: {
      id: ['PEMELIHARAAN', 'Server DJP menampilkan halaman pemeliharaan ("sedang dalam perbaikan").'],
      en: ['MAINTENANCE', 'DJP\'s server shows its maintenance page ("sedang dalam perbaikan").'],
    },
    down: {
      id: ['GANGGUAN', 'Server DJP tidak dapat dihubungi atau jawabannya salah.'],
      en: ['DOWN', "DJP's server cannot be reached or answers wrongly."],
    },
    unknown: {
      id: [
        'TIDAK DIKETAHUI',
        'Terlalu sedikit region pemantau yang melapor, jadi status saat ini tidak dapat dipastikan.',
      ],
      en: ['UNKNOWN', 'Too few probe regions are reporting, so the current status cannot be told.'],
    },
  };
  const cases = (Object.keys(WORDS) as ConsensusStatus[]).flatMap((status) =>
    (['id', 'en'] as const).map((locale) => [status, locale] as const),
  );

  it.each(cases)('%s in %s: the word, its shape, since when, and what it means', async (status, locale) => {
    await deps.states.save(
      state({
        status,
        since: '2026-03-15T01:00:00.000Z',
        rule: status === 'unknown' ? 'insufficient_votes' : 'quorum_up',
        votes: status === 'unknown' ? [] : votesAll(status),
      }),
      null,
    );
    const { html } = await page(`?lang=${locale}`);
    const [word, meaning] = WORDS[status][locale];
    const card = textOf(html, 't-svc-wsdl');
    expect(card).toContain(`e-Faktur SVC ${word} `);
    expect(card).toContain(meaning);
    expect(card).toContain(
      locale === 'id' ? 'sejak 08:00 WIB (2 jam 10 mnt)' : 'since 08:00 WIB (2 h 10 min)',
    );
    expect(html).toContain(`data-status="${status}" data-name="e-Faktur SVC" data-word="${word}"`);
    // Never by colour alone: each status has its own icon beside the word.
    expect(html).toMatch(
      new RegExp(
        `class="answer s-${status}"><svg class="i"[^>]*><path d="[^"]+"></path></svg><span>${word}</span>`,
      ),
    );
  });

  it('says when and from how many regions it checked, in WIB', async () => {
    await deps.states.save(state(), null);
    const id = textOf((await page()).html, 't-svc-wsdl');
    expect(id).toContain('Diperiksa dari 3 region, 15 dtk yang lalu .');
    const en = textOf((await page('?lang=en')).html, 't-svc-wsdl');
    expect(en).toContain('Checked from 3 regions, 15 s ago .');
  });

  it('does not show a stale verdict as the status: unknown, with what it knew last', async () => {
    await deps.states.save(state({ status: 'up' }), null);
    deps.clock = new Date(NOW.getTime() + 10 * 60_000);
    const card = textOf((await page()).html, 't-svc-wsdl');
    expect(card).toContain('TIDAK DIKETAHUI');
    expect(card).toContain(
      'Hasil terakhir 10 mnt 15 dtk yang lalu: pemantauan mungkin terhenti. Status terakhir yang diketahui: NORMAL.',
    );
    expect(card).not.toContain('sejak');
  });

  it('says a target was never checked', async () => {
    expect(textOf((await page()).html, 't-svc-qr')).toBe(
      'QR <validation> & co TIDAK DIKETAHUI Belum pernah diperiksa. Terlalu sedikit region pemantau yang melapor, jadi status saat ini tidak dapat dipastikan. Tidak diketahui bukan berarti server gangguan.',
    );
  });
});

describe('the evidence under the answer', () => {
  beforeEach(async () => {
    await deps.states.save(
      state({
        votes: [
          vote({ region: 'ap-southeast-3', latencyMs: 412 }),
          vote({ region: 'ap-southeast-1', latencyMs: 1234 }),
          vote({
            region: 'ap-northeast-1',
            status: 'down',
            reason: 'refused',
            latencyMs: 35,
            excluded: 'regional_problem',
          }),
        ],
        regionalProblems: [
          { region: 'ap-northeast-1', status: 'down', reason: 'refused', since: '2026-03-14T22:00:00.000Z' },
        ],
      }),
      null,
    );
  });

  it.each([
    [
      'id',
      [
        'Jakarta: normal, 0,4 dtk',
        'Singapura: normal, 1,2 dtk',
        'Tokyo: tidak dihitung — hanya region ini yang gagal (koneksi ditolak)',
        'Sejak 05:00 WIB, hanya Tokyo yang gagal menghubungi server (koneksi ditolak). Satu region saja tidak dianggap gangguan: kemungkinan besar masalah jaringan di lokasi itu.',
      ],
    ],
    [
      'en',
      [
        'Jakarta: up, 0.4 s',
        'Singapore: up, 1.2 s',
        'Tokyo: not counted — only this region fails (connection refused)',
        'Since 05:00 WIB, only Tokyo cannot reach the server (connection refused). One region alone is not an outage: most likely a network problem at that location.',
      ],
    ],
  ])('reads each region and the regional problem in words (%s)', async (locale, lines) => {
    const card = textOf((await page(`?lang=${locale}`)).html, 't-svc-wsdl');
    for (const line of lines) expect(card).toContain(line);
  });

  it('says slow without repeating itself', async () => {
    await deps.states.save(
      state({
        version: 2,
        status: 'degraded',
        votes: [vote({ region: 'ap-southeast-3', status: 'degraded', reason: 'slow', latencyMs: 4200 })],
      }),
      1,
    );
    const card = textOf((await page()).html, 't-svc-wsdl');
    expect(card).toContain('Jakarta: lambat, 4,2 dtk');
    expect(card).not.toContain('(lambat)');
  });

  it('shows a recovery in progress with what is left of its hold', async () => {
    await deps.states.save(
      state({
        version: 2,
        status: 'down',
        since: '2026-03-15T02:00:00.000Z',
        pending: { status: 'up', since: '2026-03-15T03:09:30.000Z' },
      }),
      1,
    );
    const id = textOf((await page()).html, 't-svc-wsdl');
    // The default hold is 90 s; 30 s have passed.
    expect(id).toContain(
      'Sedang dikonfirmasi: region melihat server NORMAL sejak 10:09 WIB. Status berubah menjadi NORMAL bila tetap begitu 1 mnt lagi.',
    );
    const en = textOf((await page('?lang=en')).html, 't-svc-wsdl');
    expect(en).toContain('The status turns UP if that holds for 1 min more.');
  });

  it('counts the longer hold while the target keeps failing again (flap damping)', async () => {
    await deps.states.save(
      state({
        version: 2,
        status: 'down',
        since: '2026-03-15T03:00:00.000Z',
        pending: { status: 'up', since: '2026-03-15T03:08:00.000Z' },
        recentOutages: ['2026-03-15T02:30:00.000Z', '2026-03-15T03:00:00.000Z'],
      }),
      1,
    );
    // While flapping the hold is 15 min: 13 min are left.
    expect(textOf((await page()).html, 't-svc-wsdl')).toContain('bila tetap begitu 13 mnt lagi.');
  });
});

describe('"Apakah masalahnya di komputer saya?"', () => {
  it('points at the office computer when DJP is up, with first steps and the error codes', async () => {
    await deps.states.save(state(), null);
    await deps.states.save(state({ targetId: 'svc-qr' }), null);
    const { html } = await page();
    const box = textOf(html, 'help');
    expect(box).toContain('Server DJP saat ini NORMAL. Jika e-Faktur di kantor Anda tetap gagal');
    for (const step of [
      'Jam dan tanggal komputer',
      'Proxy',
      'Firewall dan antivirus',
      'Sertifikat elektronik',
    ]) {
      expect(box).toContain(step);
    }
    for (const code of [
      'ETAX-40001',
      'ETAX-40002',
      'ETAX-40003',
      'ETAX-40005',
      'ETAX-API-10001',
      'ETAXSERVICE-40008',
    ]) {
      expect(box).toContain(code);
    }
    expect(box).toContain('ETAX-API-10001 "Upload Faktur Corrupt, Lakukan Upload Ulang" Biasanya server DJP');
    expect(box).toContain('ETAX-40002 Komputer / jaringan Anda');
    expect(html).toContain('<details open="">');
  });

  it.each([
    [
      'down',
      'e-Faktur SVC sedang GANGGUAN sejak 10:05 WIB. Kesalahan seperti ETAX-40001 saat ini berasal dari server DJP, bukan dari komputer Anda.',
    ],
    [
      'maintenance',
      'e-Faktur SVC sedang PEMELIHARAAN sejak 10:05 WIB. Kesalahan seperti ETAX-40001 saat ini berasal dari server DJP',
    ],
  ] as const)('says plainly that DJP is %s, and folds the codes away', async (status, sentence) => {
    await deps.states.save(
      state({ status, since: '2026-03-15T03:05:00.000Z', votes: votesAll(status) }),
      null,
    );
    await deps.states.save(state({ targetId: 'svc-qr' }), null);
    const { html } = await page();
    const box = textOf(html, 'help');
    expect(box).toContain(sentence);
    expect(box).not.toContain('Langkah pertama');
    expect(html).toContain('<details><summary>Kode kesalahan e-Faktur</summary>');
    expect(textOf(html, 'headline')).toBe(
      `Ada masalah pada e-Faktur SVC (${status === 'down' ? 'GANGGUAN' : 'PEMELIHARAAN'}).`,
    );
  });

  it('names the service it cannot tell about in the headline, and says the others are up', async () => {
    await deps.states.save(state(), null);
    expect(textOf((await page()).html, 'headline')).toBe(
      'Layanan lain NORMAL; status QR <validation> & co saat ini tidak dapat dipastikan.',
    );
    await deps.states.save(state({ targetId: 'svc-qr' }), null);
    expect(textOf((await page('?lang=en')).html, 'headline')).toBe('Every monitored e-Faktur service is UP.');
  });

  it('says it cannot tell when nothing fails but a verdict is missing', async () => {
    await deps.states.save(state(), null);
    const box = textOf((await page('?lang=en')).html, 'help');
    expect(box).toContain("The status of DJP's server cannot be told right now.");
  });
});

describe('90 days of history and the recent incidents', () => {
  beforeEach(async () => {
    await deps.transitions.record(transition('2026-01-01T00:00:00.000Z', 'unknown', 'up'));
    await deps.transitions.record(transition('2026-03-10T01:20:00.000Z', 'up', 'down'));
    await deps.transitions.record(
      transition('2026-03-10T02:00:00.000Z', 'down', 'up', { rule: 'recovery_hold' }),
    );
    await deps.states.save(state({ since: '2026-03-10T02:00:00.000Z' }), null);
  });

  it('draws a bar per WIB day, each readable as text, and a day with an outage in red', async () => {
    const { html } = await page();
    const history = html.slice(html.indexOf('id="hist-svc-wsdl"'), html.indexOf('id="hist-svc-qr"'));
    const days = [...history.matchAll(/<li tabindex="-1"[^>]*>(.*?)<\/li>/g)];
    expect(days).toHaveLength(90);
    const text = days.map((d) => d[1]!.replace(/<[^>]+>/g, ''));
    expect(text.at(-1)).toBe('Min, 15 Mar 2026: normal sepanjang hari');
    expect(text.at(-6)).toBe('Sel, 10 Mar 2026: gangguan 40 mnt');
    expect(days.at(-6)![1]).toContain('<i class="dn h3"></i>');
    expect(text[0]).toBe('Sel, 16 Des 2025: tidak ada data');
    expect(textOf(html, 'hist-svc-wsdl')).toContain(
      '90 hari terakhir: 99,96% normal (waktu pemeliharaan tidak dihitung)',
    );
  });

  it('lists the incidents with start, end, duration, kind and the rules that decided', async () => {
    const id = textOf((await page()).html, 'hist-svc-wsdl');
    expect(id).toContain(
      'GANGGUAN · 10 Mar 2026 08:20 WIB – 09:00 WIB (40 mnt) Dasar keputusan: kuorum region gagal memakai server, masing-masing dua kali berturut-turut. Region: Jakarta (timeout), Singapura (timeout), Tokyo (timeout). Berakhir: NORMAL — kuorum region melihat server normal selama seluruh masa tunggu pemulihan.',
    );
    const en = textOf((await page('?lang=en')).html, 'hist-svc-wsdl');
    expect(en).toContain('DOWN · 10 Mar 2026 08:20 WIB – 09:00 WIB (40 min) Decided by: a quorum of regions');
    expect(textOf((await page()).html, 'hist-svc-qr')).toContain(
      'Tidak ada gangguan atau pemeliharaan dalam 90 hari terakhir.',
    );
  });
});

describe('what the page is made of', () => {
  it('allows exactly its own inline style and script, and nothing from another host', async () => {
    const { headers, html } = await page();
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const csp = headers.get('content-security-policy')!;
    expect(csp).toContain(`script-src ${hash(PAGE_SCRIPT)}`);
    expect(csp).toContain(`style-src ${hash(PAGE_STYLE)}`);
    expect(csp).toContain("default-src 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(html).toContain(`<style>${PAGE_STYLE}</style>`);
    expect(html).toContain(`<script>${PAGE_SCRIPT}</script>`);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/href="(https?:)?\/\//);
  });

  it('tells the script the ETag /status has for the same verdicts', async () => {
    await deps.states.save(state(), null);
    const app = createStatusApi(deps);
    const status = await app.request('/status');
    const { html } = await page();
    const data = JSON.parse(
      /<script type="application\/json" id="page-data">(.*?)<\/script>/.exec(html)![1]!,
    );
    expect(data).toMatchObject({ etag: status.headers.get('etag'), now: NOW.getTime(), pollMs: 15_000 });
    // The script asks with HEAD: no body, the same ETag, 304 while nothing changed.
    const head = await app.request('/status', { method: 'HEAD', headers: { 'if-none-match': data.etag } });
    expect(head.status).toBe(304);
    expect((await app.request('/status', { method: 'HEAD' })).headers.get('etag')).toBe(data.etag);
  });

  it('escapes what it shows: a target name is text, never markup', async () => {
    const { html } = await page();
    expect(html).toContain('QR &lt;validation&gt; &amp; co');
    expect(html).not.toContain('<validation>');
  });

  it('stays under 60 KB with the two default targets on their busiest 90 days', async () => {
    // An outage and a maintenance every day, a regional problem, a recovery under way: the most text each part has.
    for (const target of ['svc-wsdl', 'svc-qr']) {
      await deps.transitions.record(
        transition('2025-12-01T00:00:00.000Z', 'unknown', 'up', { targetId: target }),
      );
      for (let day = 0; day < 90; day++) {
        const base = Date.parse('2025-12-15T03:00:00.000Z') + day * 86_400_000;
        const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
        await deps.transitions.record(transition(at(0), 'up', 'maintenance', { targetId: target }));
        await deps.transitions.record(transition(at(60), 'maintenance', 'down', { targetId: target }));
        await deps.transitions.record(
          transition(at(90), 'down', 'up', { targetId: target, rule: 'recovery_hold' }),
        );
      }
      await deps.states.save(
        state({
          targetId: target,
          status: 'down',
          since: '2026-03-15T03:05:00.000Z',
          votes: REGIONS.map((region) => vote({ region, status: 'down', reason: 'http_status' })),
          pending: { status: 'up', since: '2026-03-15T03:09:00.000Z' },
          regionalProblems: [
            {
              region: 'ap-northeast-1',
              status: 'down',
              reason: 'refused',
              since: '2026-03-14T22:00:00.000Z',
            },
          ],
        }),
        null,
      );
    }
    for (const locale of ['id', 'en']) {
      const { html } = await page(`?lang=${locale}`);
      expect(html).toContain(
        locale === 'id' ? 'gangguan 30 mnt, pemeliharaan 1 jam' : 'down 30 min, maintenance 1 h',
      );
      expect(html).toMatch(locale === 'id' ? /\d{3} lainnya ada di laporan/ : /\d{3} more in the report/);
      expect(Buffer.byteLength(html, 'utf8'), locale).toBeLessThan(60 * 1024);
    }
  });
});

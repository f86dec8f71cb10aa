import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { gsmSeptets, toGsm7 } from '../../../shared/alerts/ascii-text.js';
import {
  type AlertMessage,
  formatAlert,
  type MessageContext,
  SMS_MAX_LENGTH,
  targetStatusUrl,
} from '../../../shared/alerts/format-message.js';
import { VOCABULARY } from '../../../shared/alerts/message-vocabulary.js';
import { agrees } from '../../../shared/status-severity.js';
import type {
  BacklogSummary,
  ConsensusStatus,
  Locale,
  ProbeStatus,
  Rule,
  Transition,
  Vote,
} from '../../../shared/types.js';
import { transition, vote } from '../consensus/fixtures.js';

const AT = '2026-03-15T07:05:00.000Z'; // 14:05 WIB
const FROM_SINCE = '2026-03-15T03:53:00.000Z'; // 3 h 12 min earlier
const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];

const DETAIL: Record<ProbeStatus, string> = {
  up: 'WSDL of MasterFakturService',
  degraded: 'WSDL after 4.2 s',
  maintenance: 'Service e-Faktur sedang dalam perbaikan',
  down: 'connect timeout after 10.0 s',
};

function votesOf(statuses: readonly ProbeStatus[], overrides: Partial<Vote>[] = []): Vote[] {
  return statuses.map((status, i) =>
    vote(REGIONS[i] ?? `r${i}`, status, {
      detail: DETAIL[status],
      latencyMs: status === 'down' ? 10_000 : status === 'degraded' ? 4200 : 180 + i,
      checkedAt: `2026-03-15T07:04:${String(10 + i * 15).padStart(2, '0')}.000Z`,
      ...overrides[i],
    }),
  );
}

interface Kind {
  readonly name: string;
  readonly from: ConsensusStatus;
  readonly to: ConsensusStatus;
  readonly rule: Rule;
  readonly votes: readonly ProbeStatus[];
  readonly extra?: Partial<Transition>;
}

/** Every kind of transition subscribers can hear about. */
const KINDS: readonly Kind[] = [
  { name: 'up→down', from: 'up', to: 'down', rule: 'quorum_down', votes: ['down', 'down', 'down'] },
  {
    name: 'up→maintenance',
    from: 'up',
    to: 'maintenance',
    rule: 'quorum_maintenance',
    votes: ['maintenance', 'maintenance', 'up'],
  },
  { name: 'down→up', from: 'down', to: 'up', rule: 'recovery_hold', votes: ['up', 'up', 'up'] },
  { name: 'down→up (flapping)', from: 'down', to: 'up', rule: 'flap_damped', votes: ['up', 'up', 'up'] },
  {
    name: 'maintenance→up',
    from: 'maintenance',
    to: 'up',
    rule: 'recovery_hold',
    votes: ['up', 'up', 'degraded'],
  },
  {
    name: 'maintenance→down',
    from: 'maintenance',
    to: 'down',
    rule: 'quorum_down',
    votes: ['down', 'down', 'maintenance'],
  },
  {
    name: 'down→maintenance',
    from: 'down',
    to: 'maintenance',
    rule: 'quorum_maintenance',
    votes: ['maintenance', 'maintenance', 'down'],
  },
  {
    name: 'up→degraded',
    from: 'up',
    to: 'degraded',
    rule: 'quorum_degraded',
    votes: ['degraded', 'degraded', 'up'],
  },
  { name: 'degraded→up', from: 'degraded', to: 'up', rule: 'recovery_hold', votes: ['up', 'up', 'up'] },
  {
    name: 'degraded→down',
    from: 'degraded',
    to: 'down',
    rule: 'quorum_down',
    votes: ['down', 'down', 'degraded'],
  },
  {
    name: 'down→degraded',
    from: 'down',
    to: 'degraded',
    rule: 'recovery_hold',
    votes: ['degraded', 'degraded', 'up'],
  },
  {
    name: 'unknown→down (was up)',
    from: 'unknown',
    to: 'down',
    rule: 'quorum_down',
    votes: ['down', 'down', 'up'],
    extra: { fromSince: '2026-03-15T06:50:00.000Z', lastKnown: { status: 'up', since: FROM_SINCE } },
  },
  {
    name: 'unknown→down (fleet start)',
    from: 'unknown',
    to: 'down',
    rule: 'quorum_down',
    votes: ['down', 'down', 'down'],
  },
  {
    name: 'down→up with excluded votes',
    from: 'down',
    to: 'up',
    rule: 'recovery_hold',
    votes: ['up', 'up', 'down'],
    extra: {
      votes: votesOf(
        ['up', 'up', 'down'],
        [{}, { control: null, latencyMs: null, detail: '' }, { excluded: 'control_failed', control: false }],
      ),
    },
  },
  {
    name: 'down→up after a long outage, still watched',
    from: 'down',
    to: 'up',
    rule: 'recovery_confirmed',
    votes: ['up', 'up', 'up'],
    extra: { fromSince: '2026-03-15T06:35:00.000Z', watchUntil: '2026-03-15T07:35:00.000Z' },
  },
  {
    name: 'up→down, a relapse while watched',
    from: 'up',
    to: 'down',
    rule: 'quorum_down',
    votes: ['down', 'down', 'down'],
    extra: { fromSince: '2026-03-15T07:01:00.000Z', relapse: true },
  },
];

function transitionOf(kind: Kind): Transition {
  return transition({
    at: AT,
    from: kind.from,
    to: kind.to,
    fromSince: FROM_SINCE,
    rule: kind.rule,
    votes: votesOf(kind.votes),
    ...kind.extra,
  });
}

const CONTEXT: Omit<MessageContext, 'locale'> = {
  targetName: 'e-Faktur SVC',
  statusUrl: 'https://status.example.id/',
  dashboardUrl:
    'https://console.aws.amazon.com/cloudwatch/home?region=ap-southeast-1#dashboards/dashboard/efaktur',
};
const LOCALES: readonly Locale[] = ['id', 'en'];

/** The demo's DOWN: one connection reset, one HTTP 502 from a proxy, one region still on the maintenance page. */
const DEMO_DOWN = transition({
  at: AT,
  from: 'maintenance',
  to: 'down',
  fromSince: FROM_SINCE,
  rule: 'quorum_down',
  votes: [
    vote('ap-southeast-3', 'down', { reason: 'reset', detail: 'connection reset (ECONNRESET)' }),
    vote('ap-southeast-1', 'down', { reason: 'http_status', detail: 'HTTP 502 Bad Gateway (expected 200)' }),
    vote('ap-northeast-1', 'maintenance', {
      reason: 'maintenance_page',
      detail: 'maintenance page: "Service e-Faktur sedang dalam perbaikan untuk release update terbaru."',
    }),
  ],
});

/** English words of the probe's details and of the messages that must not reach an Indonesian message. */
const ENGLISH =
  /connection|expected|maintenance page|WSDL of|valid WSDL|not counted|\bsince\b|\bagain\b|\bregions\b|various/;

/** The contradictions found in alerts, checked on every message kind. */
function expectNoContradiction(t: Transition, message: AlertMessage, locale: Locale): void {
  const v = VOCABULARY[locale];
  const lines = message.email.split('\n');
  const voteLines = lines.filter((line) => line.startsWith('- '));
  const notCounted = voteLines.filter((line) =>
    line.includes(locale === 'id' ? 'tidak dihitung' : 'not counted'),
  );
  // "n of m agree": m is exactly the vote lines not marked as not counted, n those of them that agree.
  const counted = t.votes.filter((x) => x.excluded === undefined);
  const agreeing = counted.filter((x) => agrees(x.status, t.to));
  expect(voteLines).toHaveLength(Math.max(1, t.votes.length));
  expect(notCounted).toHaveLength(t.votes.length - counted.length);
  expect(message.email).toContain(v.words.agreeing(agreeing.length, counted.length));
  // The reasons the SMS names are the agreeing votes' own reasons, or "various causes".
  const named = new RegExp(`\\(${agreeing.length}/${counted.length} ${v.words.regions}: ([^)]*)\\)`).exec(
    message.sms,
  );
  if (named?.[1] !== undefined && named[1] !== v.words.variousCauses) {
    const own = agreeing.map((x) => (x.reason === 'http_status' ? 'HTTP 502' : v.reason[x.reason]));
    for (const reason of named[1].split(', ')) expect(own).toContain(reason);
  }
  if (locale === 'id')
    for (const text of Object.values(message))
      if (typeof text === 'string') expect(text).not.toMatch(ENGLISH);
  const segmented = new SegmentedMessage(message.sms);
  expect([segmented.encodingName, segmented.segmentsCount]).toEqual(['GSM-7', 1]);
}

const WITH_BACKLOG: Kind = {
  name: 'down→up after a backlog',
  from: 'down',
  to: 'up',
  rule: 'recovery_hold',
  votes: ['up', 'up', 'up'],
  extra: {
    notification: {
      state: 'pending',
      messageId: null,
      attempts: 3,
      lastError: null,
      summary: {
        count: 41,
        atLeast: false,
        first: { at: '2026-03-13T02:00:00.000Z', from: 'up', to: 'down' },
        toCounts: { down: 20, up: 21 },
      },
    },
  },
};
const SNAPSHOT_KINDS: readonly Kind[] = [
  ...KINDS,
  WITH_BACKLOG,
  { name: 'maintenance→down (the demo)', from: 'maintenance', to: 'down', rule: 'quorum_down', votes: [] },
];
const transitionFor = (kind: Kind) => (kind.votes.length === 0 ? DEMO_DOWN : transitionOf(kind));

describe('formatAlert snapshots', () => {
  it.each(
    LOCALES.flatMap((locale) =>
      SNAPSHOT_KINDS.flatMap((kind) =>
        [false, true].map((oneMachine) => ({ locale, kind: kind.name, oneMachine })),
      ),
    ),
  )('$kind in $locale (one machine: $oneMachine)', ({ locale, kind, oneMachine }) => {
    const found = SNAPSHOT_KINDS.find((k) => k.name === kind)!;
    const t = transitionFor(found);
    const message = formatAlert(t, { ...CONTEXT, locale, ...(oneMachine && { oneMachine }) });
    expectNoContradiction(t, message, locale);
    expect(message).toMatchSnapshot();
  });
});

describe('formatAlert', () => {
  it('writes the SMS of the design notes', () => {
    const message = formatAlert(transitionOf(KINDS[0]!), { ...CONTEXT, locale: 'id' });
    expect(message.sms).toBe(
      'e-Faktur SVC DOWN sejak 14:05 WIB (3/3 region: timeout). Info: https://status.example.id/targets/svc-wsdl',
    );
    expect(message.subject).toBe('e-Faktur SVC: DOWN sejak 14:05 WIB');
  });

  it('says how long the previous status lasted, in the language of the configuration', () => {
    const recovery = transitionOf(KINDS[2]!);
    expect(formatAlert(recovery, { ...CONTEXT, locale: 'id' }).sms).toBe(
      'e-Faktur SVC NORMAL kembali 14:05 WIB setelah DOWN 3 jam 12 mnt. Info: https://status.example.id/targets/svc-wsdl',
    );
    expect(formatAlert(recovery, { ...CONTEXT, locale: 'en' }).sms).toBe(
      'e-Faktur SVC UP again at 14:05 WIB after DOWN for 3 h 12 min. Info: https://status.example.id/targets/svc-wsdl',
    );
    expect(formatAlert(recovery, { ...CONTEXT, locale: 'en' }).email).toContain(
      'Previous status: DOWN for 3 hours 12 minutes (since Sunday, 15 March 2026 10:53:00 WIB)',
    );
  });

  it('lists every region’s vote in the email, with why a vote did not count', () => {
    const email = formatAlert(transitionOf(KINDS[13]!), { ...CONTEXT, locale: 'en' }).email;
    expect(email).toContain(
      '- ap-southeast-3 (Jakarta): UP - valid WSDL (MasterFakturService) - 180 ms - 14:04:10 WIB',
    );
    expect(email).toContain('- ap-southeast-1 (Singapore): UP - ok - 14:04:25 WIB');
    expect(email).toContain(
      "- ap-northeast-1 (Tokyo): DOWN - connect timeout after 10.0 s - 10000 ms - 14:04:40 WIB - not counted: the region's own network failed",
    );
    expect(email).toContain('(2 of 2 regions with a fresh answer agree)');
  });

  it('counts exactly the votes the rule counted: a vote listed as not counted is not in "n of m"', () => {
    const base = { from: 'up' as const, to: 'maintenance' as const, rule: 'quorum_maintenance' as const };
    for (const excluded of ['regional_problem', 'stale', 'control_failed'] as const) {
      const t = transitionOf({
        ...base,
        name: excluded,
        votes: ['maintenance', 'maintenance', 'maintenance'],
        extra: {
          votes: votesOf(['maintenance', 'maintenance', 'maintenance'], [{}, {}, { excluded }]),
        },
      });
      const message = formatAlert(t, { ...CONTEXT, locale: 'en' });
      expect(message.sms).toContain('(2/2 regions: maintenance page)');
      expect(message.email).toContain('(2 of 2 regions with a fresh answer agree)');
    }
  });

  it('leaves out links that are not configured', () => {
    const message = formatAlert(transitionOf(KINDS[0]!), { targetName: 'e-Faktur SVC', locale: 'en' });
    expect(message.sms).toBe('e-Faktur SVC DOWN since 14:05 WIB (3/3 regions: timeout).');
    expect(message.email).not.toMatch(/Status:|Dashboard:|undefined/);
    expect(message.default).toBe('e-Faktur SVC DOWN since 14:05 WIB (3/3 regions: timeout).');
  });

  it('tells subscribers leaving unknown what they had been told before', () => {
    const message = formatAlert(transitionOf(KINDS[11]!), { ...CONTEXT, locale: 'en' });
    expect(message.attributes).toEqual({ target: 'svc-wsdl', status: 'down', previousStatus: 'up' });
    expect(message.email).toContain('Previous status: UP for 3 hours 12 minutes');
    const start = formatAlert(transitionOf(KINDS[12]!), { ...CONTEXT, locale: 'en' });
    expect(start.attributes.previousStatus).toBe('unknown');
    expect(start.email).toContain('Previous status: UNKNOWN\n');
  });

  it('sets the attributes subscription filters select on', () => {
    expect(formatAlert(transitionOf(KINDS[4]!), { ...CONTEXT, locale: 'id' }).attributes).toEqual({
      target: 'svc-wsdl',
      status: 'up',
      previousStatus: 'maintenance',
    });
  });

  it('builds the target link from the status URL, with or without a trailing slash', () => {
    expect(targetStatusUrl('https://x.example/prod', 'svc-qr')).toBe('https://x.example/prod/targets/svc-qr');
    expect(targetStatusUrl('https://x.example/prod//', 'svc-qr')).toBe(
      'https://x.example/prod/targets/svc-qr',
    );
    expect(targetStatusUrl(undefined, 'svc-qr')).toBeUndefined();
  });
});

describe('a recovery still watched, and a relapse', () => {
  const watched = transition({
    at: AT,
    from: 'down',
    to: 'up',
    fromSince: '2026-03-15T06:53:00.000Z',
    rule: 'recovery_hold',
    votes: votesOf(['up', 'up', 'up']),
    watchUntil: '2026-03-15T07:53:00.000Z',
  });

  it.each([
    {
      locale: 'id' as const,
      words: 'kembali normal; dipantau',
      until: 'sampai Minggu, 15 Maret 2026 14:53:00 WIB',
    },
    {
      locale: 'en' as const,
      words: 'back up; still watching',
      until: 'until Sunday, 15 March 2026 14:53:00 WIB',
    },
  ])('says the server is back and still watched ($locale)', ({ locale, words, until }) => {
    const message = formatAlert(watched, { locale, ...CONTEXT });
    expect(message.sms).toContain(words);
    expect(message.subject).toContain(words);
    expect(message.default).toContain(words);
    expect(message.email).toContain(until);
  });

  it('says nothing of a watch that is over by the time of the recovery', () => {
    const over = { ...watched, watchUntil: AT };
    const message = formatAlert(over, { locale: 'en', ...CONTEXT });
    expect(message.sms).toContain('UP again at 14:05 WIB after DOWN for 12 min');
    expect(message.email).not.toContain('watched');
    expect(formatAlert({ ...watched, watchUntil: undefined }, { locale: 'en', ...CONTEXT })).toEqual(message);
  });

  it.each([
    {
      locale: 'id' as const,
      sms: 'DOWN lagi sejak 14:05 WIB',
      line: 'Gagal lagi 4 menit setelah kembali normal',
    },
    {
      locale: 'en' as const,
      sms: 'DOWN again since 14:05 WIB',
      line: 'Failing again 4 minutes after it came back',
    },
  ])('tells a relapse as the same outage going on ($locale)', ({ locale, sms, line }) => {
    const relapse = transition({
      at: AT,
      from: 'up',
      to: 'down',
      fromSince: '2026-03-15T07:01:00.000Z',
      votes: votesOf(['down', 'down', 'down']),
      relapse: true,
    });
    const message = formatAlert(relapse, { locale, ...CONTEXT });
    expect(message.sms).toContain(sms);
    expect(message.subject).toContain(sms);
    expect(message.email).toContain(line);
  });
});

describe('every SMS and subject fits', () => {
  const NAMES = [
    'e-Faktur SVC',
    'Validasi QR e-Faktur — layanan “SVC” Direktorat Jenderal Pajak, Kantor Pusat Jakarta Selatan…',
    'Ünïcødé ñame with emoji 🚨 and 中文 characters that must not reach an SMS at all, really',
    'x'.repeat(80),
    // Every GSM-7 extension character (two septets each), the backtick GSM-7 lacks, and the euro sign.
    '[SVC] {prod} | ^~\\ `e-Faktur` € ['.repeat(4),
    'Server e-Faktur SVC (Master Faktur Service) Direktorat Jenderal Pajak',
    'y'.repeat(400),
  ];
  const URLS = [
    undefined,
    'https://status.example.id',
    'https://abcdefghij.execute-api.ap-southeast-1.amazonaws.com/production/very/long/base/path/for/the/status/api',
    'https://status.example.id/~ops/[a]{b}|c^d\\e`f/€/ünïcødé',
    'https://bücher.example/status',
    'not a url at all',
    `https://status.example.id/${'~'.repeat(70)}`,
  ];
  const cases = LOCALES.flatMap((locale) =>
    KINDS.flatMap((kind) =>
      NAMES.flatMap((name) => URLS.map((statusUrl) => ({ locale, kind, name, statusUrl }))),
    ),
  );

  it(`has ${cases.length} cases`, () => {
    expect(cases.length).toBe(2 * KINDS.length * NAMES.length * URLS.length);
  });

  it.each(cases.map((c, i) => ({ ...c, i })))(
    'case $i: one GSM-7 segment, by the segment calculator ($locale $kind.name)',
    ({ locale, kind, name, statusUrl }) => {
      const message = formatAlert(transitionOf(kind), {
        locale,
        targetName: name,
        ...(statusUrl !== undefined && { statusUrl }),
      });
      const segmented = new SegmentedMessage(message.sms);
      expect(segmented.getNonGsmCharacters()).toEqual([]);
      expect(segmented.encodingName).toBe('GSM-7');
      expect(segmented.segmentsCount).toBe(1);
      expect(message.sms).toContain(' WIB');
      expect(message.subject.length).toBeLessThan(100);
      expect(message.subject).toMatch(/^[\x20-\x7e]+$/);
      expect(message.subject).toContain('WIB');
    },
  );

  it('leaves the link out before it cuts the name', () => {
    const message = formatAlert(transitionOf(KINDS[0]!), {
      locale: 'en',
      targetName: 'x'.repeat(80),
      statusUrl: `https://status.example.id/${'p'.repeat(100)}`,
    });
    expect(message.sms).toBe(`${'x'.repeat(80)} DOWN since 14:05 WIB (3/3 regions: timeout).`);
  });

  it('keeps the whole name of the demo when the text without the link fits (the name is never cut first)', () => {
    const name = 'Server e-Faktur SVC (Master Faktur Service) Direktorat Jenderal Pajak';
    const message = formatAlert(transitionOf(KINDS[0]!), {
      locale: 'id',
      targetName: name,
      statusUrl: `https://abcdefghij.execute-api.ap-southeast-3.amazonaws.com/production/${'status/'.repeat(8)}`,
    });
    expect(message.sms).toBe(`${name} DOWN sejak 14:05 WIB (3/3 region: timeout).`);
  });

  it.each(cases.map((c, i) => ({ ...c, i })))(
    'case $i: keeps the name whole whenever it fits without the link ($locale $kind.name)',
    ({ locale, kind, name, statusUrl }) => {
      const message = formatAlert(transitionOf(kind), {
        locale,
        targetName: name,
        ...(statusUrl !== undefined && { statusUrl }),
      });
      const withoutLink = formatAlert(transitionOf(kind), { locale, targetName: name });
      const whole = `${toGsm7(name)} `;
      // Whenever the name fits whole without the link, it is whole with a link configured too.
      expect(message.sms.startsWith(whole)).toBe(withoutLink.sms.startsWith(whole));
      if (!message.sms.startsWith(whole)) expect(message.sms).not.toContain('Info:');
    },
  );

  it('cuts a long name rather than the news', () => {
    const message = formatAlert(transitionOf(KINDS[0]!), {
      locale: 'id',
      targetName: `${NAMES[1]!} ${'Kantor Wilayah '.repeat(10)}`,
      statusUrl: 'https://status.example.id',
    });
    expect(message.sms).toMatch(
      /^Validasi QR e-Faktur - layanan "SVC" .*\.\.\. DOWN sejak 14:05 WIB \(3\/3 region: timeout\)\.$/,
    );
    expect(gsmSeptets(message.sms)).toBeLessThanOrEqual(SMS_MAX_LENGTH);
  });
});

describe('a message that also tells the changes that waited', () => {
  const summary: BacklogSummary = {
    count: 41,
    atLeast: false,
    first: { at: '2026-03-13T02:00:00.000Z', from: 'up', to: 'down' },
    toCounts: { down: 20, up: 21 },
  };
  const backlog = (overrides: Partial<BacklogSummary> = {}) => {
    const t = transitionOf(KINDS[0]!);
    return { ...t, notification: { ...t.notification, summary: { ...summary, ...overrides } } };
  };

  it.each(LOCALES)('says how many, how it began and that the history has them all (%s)', (locale) => {
    const message = formatAlert(backlog(), { locale, targetName: 'e-Faktur SVC' });
    const expected = {
      id: [
        '(+41 perubahan sebelumnya)',
        '41 perubahan status sebelum ini',
        'Yang pertama: NORMAL -> DOWN Jumat, 13 Maret 2026 09:00:00 WIB',
        'DOWN 20x, NORMAL 21x',
      ],
      en: [
        '(+41 earlier changes)',
        '41 earlier status changes',
        'The first: UP -> DOWN Friday, 13 March 2026 09:00:00 WIB',
        'DOWN 20x, UP 21x',
      ],
    }[locale];
    expect(message.sms).toContain(expected[0]);
    for (const text of expected.slice(1)) expect(message.email).toContain(text);
  });

  it('marks a count that is only a lower bound', () => {
    const message = formatAlert(backlog({ count: 2000, atLeast: true }), { locale: 'en', targetName: 'SVC' });
    expect(message.sms).toContain('(+2000+ earlier changes)');
    expect(message.email).toContain('2000+ earlier status changes');
  });

  it.each(LOCALES)('still fits one SMS with a long name and link (%s)', (locale) => {
    const message = formatAlert(backlog({ count: 123_456, atLeast: true }), {
      locale,
      targetName: 'Validasi QR e-Faktur — layanan SVC Direktorat Jenderal Pajak, Kantor Pusat',
      statusUrl: `https://status.example.id/${'p'.repeat(60)}`,
    });
    const segmented = new SegmentedMessage(message.sms);
    expect([segmented.encodingName, segmented.segmentsCount]).toEqual(['GSM-7', 1]);
    expect(message.sms).toContain('123456+');
  });
});

describe('the reasons a message names', () => {
  it.each([
    ['id', 'e-Faktur SVC DOWN sejak 14:05 WIB (3/3 region: koneksi terputus, HTTP 502, halaman perbaikan).'],
    ['en', 'e-Faktur SVC DOWN since 14:05 WIB (3/3 regions: connection reset, HTTP 502, maintenance page).'],
  ] as const)('names each reason as it was (%s)', (locale, expected) => {
    expect(formatAlert(DEMO_DOWN, { locale, targetName: 'e-Faktur SVC' }).sms).toBe(expected);
  });

  it.each([
    ['id', '(3/3 region: berbagai sebab). Info: '],
    ['en', '(3/3 regions: various causes). Info: '],
  ] as const)(
    'says "various causes" when the reasons do not fit beside the link (%s)',
    (locale, expected) => {
      const sms = formatAlert(DEMO_DOWN, {
        locale,
        targetName: 'Server e-Faktur SVC Direktorat Jenderal Pajak',
        statusUrl: 'https://status.example.id/prod',
      }).sms;
      expect(sms).toContain(expected);
      expect(gsmSeptets(sms)).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    },
  );

  it('names one reason once, whatever the number of regions that saw it', () => {
    const sms = formatAlert(transitionOf(KINDS[0]!), { locale: 'id', targetName: 'SVC' }).sms;
    expect(sms).toBe('SVC DOWN sejak 14:05 WIB (3/3 region: timeout).');
  });
});

describe('details in the language of the message', () => {
  it("puts the demo's details in Indonesian, keeping the raw part in brackets", () => {
    const up = transitionOf(KINDS[2]!);
    const email = formatAlert(DEMO_DOWN, { ...CONTEXT, locale: 'id' }).email;
    expect(email).toContain('- ap-southeast-3 (Jakarta): DOWN - koneksi terputus (ECONNRESET) - ');
    expect(email).toContain('- ap-southeast-1 (Singapore): DOWN - HTTP 502 Bad Gateway (diharapkan 200) - ');
    expect(email).toContain(
      '- ap-northeast-1 (Tokyo): MAINTENANCE - halaman perbaikan ("Service e-Faktur sedang dalam perbaikan untuk release update terbaru.") - ',
    );
    expect(formatAlert(up, { ...CONTEXT, locale: 'id' }).email).toContain(
      'NORMAL - WSDL yang benar (MasterFakturService) - ',
    );
  });

  it.each(LOCALES)('leaves no English words of the probe in an Indonesian message (%s)', (locale) => {
    const email = formatAlert(DEMO_DOWN, { ...CONTEXT, locale }).email;
    const english = /connection reset|expected|maintenance page|WSDL of|not counted/;
    if (locale === 'id') expect(email).not.toMatch(english);
    else expect(email).toMatch(english);
  });
});

describe('local mode', () => {
  it.each([
    ['id', 'Mode lokal: semua region di atas memantau dari satu mesin ini'],
    ['en', 'Local mode: every region above probes from this one machine'],
  ] as const)(
    'says once that every region probes from this machine, and names no place (%s)',
    (locale, note) => {
      const email = formatAlert(DEMO_DOWN, { ...CONTEXT, locale, oneMachine: true }).email;
      expect(email.split(note)).toHaveLength(2);
      expect(email).not.toMatch(/\((Jakarta|Singapore|Tokyo)\)/);
      expect(email).toContain('- ap-southeast-3: DOWN');
      const deployed = formatAlert(DEMO_DOWN, { ...CONTEXT, locale }).email;
      expect(deployed).not.toContain(note);
      expect(deployed).toContain('ap-southeast-3 (Jakarta)');
    },
  );
});

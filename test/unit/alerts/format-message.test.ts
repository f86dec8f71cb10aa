import { describe, expect, it } from 'vitest';
import {
  formatAlert,
  type MessageContext,
  SMS_MAX_LENGTH,
  targetStatusUrl,
} from '../../../shared/alerts/format-message.js';
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

describe('formatAlert snapshots', () => {
  it.each(LOCALES.flatMap((locale) => KINDS.map((kind) => ({ locale, kind: kind.name }))))(
    '$kind in $locale',
    ({ locale, kind }) => {
      const found = KINDS.find((k) => k.name === kind)!;
      expect(formatAlert(transitionOf(found), { ...CONTEXT, locale })).toMatchSnapshot();
    },
  );
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
      '- ap-southeast-3 (Jakarta): UP (ok) - WSDL of MasterFakturService - 180 ms - 14:04:10 WIB',
    );
    expect(email).toContain('- ap-southeast-1 (Singapore): UP (ok) - 14:04:25 WIB');
    expect(email).toContain(
      "- ap-northeast-1 (Tokyo): DOWN (timeout) - connect timeout after 10.0 s - 10000 ms - 14:04:40 WIB - not counted: the region's own network failed",
    );
    expect(email).toContain('(2 of 2 regions with a fresh answer agree)');
  });

  it('counts a region set aside for failing alone when it sees what the others see, never a stale one', () => {
    const base = { from: 'up' as const, to: 'maintenance' as const, rule: 'quorum_maintenance' as const };
    const setAside = transitionOf({
      ...base,
      name: 'set aside',
      votes: ['maintenance', 'maintenance', 'maintenance'],
      extra: {
        votes: votesOf(
          ['maintenance', 'maintenance', 'maintenance'],
          [{}, {}, { excluded: 'regional_problem' }],
        ),
      },
    });
    expect(formatAlert(setAside, { ...CONTEXT, locale: 'en' }).sms).toContain(
      '(3/3 regions: maintenance page)',
    );
    const stale = transitionOf({
      ...base,
      name: 'stale',
      votes: ['maintenance', 'maintenance', 'maintenance'],
      extra: {
        votes: votesOf(['maintenance', 'maintenance', 'maintenance'], [{}, {}, { excluded: 'stale' }]),
      },
    });
    expect(formatAlert(stale, { ...CONTEXT, locale: 'en' }).sms).toContain('(2/2 regions: maintenance page)');
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
  ];
  const URLS = [
    undefined,
    'https://status.example.id',
    'https://abcdefghij.execute-api.ap-southeast-1.amazonaws.com/production/very/long/base/path/for/the/status/api',
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
    'case $i: $locale $kind.name',
    ({ locale, kind, name, statusUrl }) => {
      const message = formatAlert(transitionOf(kind), {
        locale,
        targetName: name,
        ...(statusUrl !== undefined && { statusUrl }),
      });
      expect(message.sms.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
      expect(message.sms).toMatch(/^[\x20-\x7e]+$/);
      expect(message.sms).toContain(' WIB');
      expect(message.subject.length).toBeLessThan(100);
      expect(message.subject).toMatch(/^[\x20-\x7e]+$/);
      expect(message.subject).toContain('WIB');
    },
  );

  it('leaves the link out rather than cut the name to nothing', () => {
    const message = formatAlert(transitionOf(KINDS[0]!), {
      locale: 'en',
      targetName: 'x'.repeat(80),
      statusUrl: `https://status.example.id/${'p'.repeat(100)}`,
    });
    expect(message.sms).toBe('xxxxxxxxx... DOWN since 14:05 WIB (3/3 regions: timeout).');
  });

  it('cuts a long name rather than the news', () => {
    const message = formatAlert(transitionOf(KINDS[0]!), {
      locale: 'id',
      targetName: NAMES[1]!,
      statusUrl: 'https://status.example.id',
    });
    expect(message.sms).toBe(
      'Validasi QR e-Faktur - layanan "SVC" Direktorat Jenderal Pajak,... DOWN sejak 14:05 WIB (3/3 region: timeout). Info: https://status.example.id/targets/svc-wsdl',
    );
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
    expect(message.sms.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(message.sms).toMatch(/^[\x20-\x7e]+$/);
    expect(message.sms).toContain('123456+');
  });
});

import { describe, expect, it } from 'vitest';
import { gsmSeptets, toGsm7 } from '../../../shared/alerts/ascii-text.js';
import { formatAlert } from '../../../shared/alerts/format-message.js';
import type { GroupMemberStatus, Locale, Transition } from '../../../shared/types.js';

const NAMES = { 'svc-wsdl': 'e-Faktur SVC', enofa: 'e-Nofa', coretax: 'Coretax' };
const STATUS_URL = 'https://status.example.id';

function groupTransition(overrides: Partial<Transition> = {}): Transition {
  return {
    targetId: 'group:faktur',
    at: '2026-03-20T07:05:00.000Z',
    from: 'up',
    to: 'down',
    fromSince: '2026-03-20T02:00:00.000Z',
    rule: 'group_worst_of',
    votes: [],
    audience: 'subscribers',
    members: [
      { targetId: 'svc-wsdl', status: 'up' },
      { targetId: 'enofa', status: 'up' },
      { targetId: 'coretax', status: 'down', explains: true },
    ],
    notification: { state: 'pending', messageId: null, attempts: 0, lastError: null },
    ...overrides,
  };
}

const context = (locale: Locale, targetName = 'Buat & unggah faktur') => ({
  locale,
  targetName,
  names: NAMES,
  statusUrl: STATUS_URL,
});

describe('group messages (docs/service-groups.md#alerts)', () => {
  it.each<Locale>(['id', 'en'])('tells an outage in %s with the member behind it first', (locale) => {
    const message = formatAlert(groupTransition(), context(locale));
    expect(message).toMatchSnapshot();
    expect(message.attributes).toEqual({ target: 'faktur', status: 'down', previousStatus: 'up' });
  });

  it.each<[Locale, string]>([
    [
      'id',
      'Buat & unggah faktur DOWN sejak 14:05 WIB: Coretax DOWN, e-Faktur SVC NORMAL, e-Nofa NORMAL. Info: https://status.example.id/groups/faktur',
    ],
    [
      'en',
      'Buat & unggah faktur DOWN since 14:05 WIB: Coretax DOWN, e-Faktur SVC UP, e-Nofa UP. Info: https://status.example.id/groups/faktur',
    ],
  ])('the SMS in %s', (locale, sms) => {
    expect(formatAlert(groupTransition(), context(locale)).sms).toBe(sms);
  });

  it.each<Locale>(['id', 'en'])('tells a recovery in %s with how long the outage lasted', (locale) => {
    const recovery = groupTransition({
      from: 'down',
      to: 'up',
      fromSince: '2026-03-20T06:50:00.000Z',
      members: [
        { targetId: 'svc-wsdl', status: 'up', explains: true },
        { targetId: 'enofa', status: 'unknown' },
        { targetId: 'coretax', status: 'up', explains: true },
      ],
    });
    const message = formatAlert(recovery, context(locale));
    expect(message).toMatchSnapshot();
    expect(message.attributes).toEqual({ target: 'faktur', status: 'up', previousStatus: 'down' });
  });

  it.each<Locale>(['id', 'en'])(
    'keeps the SMS in one GSM-7 segment in %s with long names and many members, the cause first',
    (locale) => {
      const members: GroupMemberStatus[] = Array.from({ length: 30 }, (_, i) => ({
        targetId: `t${i}`,
        status: i === 17 ? 'down' : 'up',
        ...(i === 17 && { explains: true as const }),
      }));
      const names = Object.fromEntries(
        members.map((m, i) => [m.targetId, `Layanan DJP nomor ${i} «${'x'.repeat(60)}»`]),
      );
      const sms = formatAlert(groupTransition({ members }), {
        ...context(locale, `Grup ${'panjang '.repeat(12)}[{~}]`),
        names,
      }).sms;
      expect(gsmSeptets(sms)).toBeLessThanOrEqual(160);
      expect(toGsm7(sms)).toBe(sms);
      expect(sms).toContain(locale === 'id' ? 'DOWN sejak 14:05 WIB' : 'DOWN since 14:05 WIB');
    },
  );

  it('says "+N more" when not every member fits, and names the cause', () => {
    const members: GroupMemberStatus[] = Array.from({ length: 12 }, (_, i) => ({
      targetId: `t${i}`,
      status: i === 11 ? 'maintenance' : 'up',
      ...(i === 11 && { explains: true as const }),
    }));
    const names = Object.fromEntries(members.map((m, i) => [m.targetId, `Layanan ${i}`]));
    const sms = formatAlert(groupTransition({ to: 'maintenance', members }), { ...context('en'), names }).sms;
    expect(sms).toMatch(
      /^Buat & unggah faktur MAINTENANCE since 14:05 WIB: Layanan 11 MAINTENANCE, Layanan 0 UP, .*, \+\d+ more\.( Info: .*)?$/,
    );
    expect(gsmSeptets(sms)).toBeLessThanOrEqual(160);
  });

  it('names the group by its id and members by theirs when the caller knows no names', () => {
    const message = formatAlert(groupTransition(), { locale: 'en', targetName: 'group:faktur' });
    expect(message.sms).toBe('faktur DOWN since 14:05 WIB: coretax DOWN, svc-wsdl UP, enofa UP.');
    expect(message.subject).toBe('faktur: DOWN since 14:05 WIB');
  });
});

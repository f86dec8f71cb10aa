import { describe, expect, it } from 'vitest';
import { gsmSeptets } from '../../../shared/alerts/ascii-text.js';
import { formatAlert, type MessageContext, SMS_MAX_LENGTH } from '../../../shared/alerts/format-message.js';
import { DEFAULT_DEADLINES } from '../../../shared/calendar/deadline-calendar.js';
import { transition } from '../consensus/fixtures.js';

// 18 June 2026, 14:05 WIB: in the upload deadline's marked period (15-20 June).
const IN_PERIOD = '2026-06-18T07:05:00.000Z';
const CONTEXT: MessageContext = {
  locale: 'id',
  targetName: 'e-Faktur SVC',
  statusUrl: 'https://status.example.id/',
  deadlines: DEFAULT_DEADLINES,
};

describe('a failure during a deadline period says so', () => {
  it.each([
    ['id', 'Bertepatan dengan batas waktu unggah 20 Juni.'],
    ['en', 'Coincides with the 20 June upload deadline.'],
  ] as const)('%s: in the email, the default body and the SMS (one segment)', (locale, phrase) => {
    const message = formatAlert(transition({ at: IN_PERIOD }), { ...CONTEXT, locale });
    expect(message.email.split('\n\n')[1]).toBe(phrase);
    expect(message.default.endsWith(` ${phrase}`)).toBe(true);
    expect(message.sms.endsWith(` ${phrase}`)).toBe(true);
    expect(gsmSeptets(message.sms)).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(message.subject).not.toContain('20');
  });

  it.each([
    ['a recovery', transition({ at: IN_PERIOD, from: 'down', to: 'up', rule: 'quorum_up' })],
    ['a failure outside every period', transition({ at: '2026-06-21T07:05:00.000Z' })],
  ])('leaves %s as it was', (_name, t) => {
    const withCalendar = formatAlert(t, CONTEXT);
    const { deadlines: _none, ...withoutCalendar } = CONTEXT;
    expect(withCalendar).toStrictEqual(formatAlert(t, withoutCalendar));
    expect(withCalendar.email).not.toContain('Bertepatan');
  });

  it('says it of a maintenance too, and of the annual return deadline', () => {
    const message = formatAlert(
      transition({ at: '2026-03-30T03:00:00.000Z', to: 'maintenance', rule: 'quorum_maintenance' }),
      CONTEXT,
    );
    expect(message.default).toContain('Bertepatan dengan batas waktu SPT Tahunan 31 Maret.');
  });

  it('drops the phrase from an SMS it would push past one segment, never from the email', () => {
    const message = formatAlert(transition({ at: IN_PERIOD }), {
      ...CONTEXT,
      targetName: `e-Faktur ${'SVC '.repeat(20)}`.trim(),
    });
    expect(gsmSeptets(message.sms)).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(message.sms).not.toContain('Bertepatan');
    expect(message.email).toContain('Bertepatan dengan batas waktu unggah 20 Juni.');
  });
});

import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { gsmSeptets } from '../../../shared/alerts/ascii-text.js';
import { formatAlert, SMS_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../../../shared/alerts/format-message.js';
import { MAX_WINDOW_NOTE_LENGTH } from '../../../shared/maintenance/maintenance-window.js';
import type { AnnouncedWindow, Locale, Transition } from '../../../shared/types.js';
import { transition, vote } from '../consensus/fixtures.js';

/** 22:00 WIB on Saturday 5 December 2026 to 02:00 WIB on Sunday. */
const WINDOW: AnnouncedWindow = {
  id: 'config-1',
  start: '2026-12-05T15:00:00.000Z',
  end: '2026-12-05T19:00:00.000Z',
  note: 'PENG-18/PJ.09/2024',
};
const CONTEXT = { targetName: 'e-Faktur SVC', statusUrl: 'https://status.example.id' };
const DOWN_VOTES = [
  vote('ap-southeast-1', 'down'),
  vote('ap-southeast-3', 'down'),
  vote('ap-northeast-1', 'down'),
];

const KINDS: readonly { readonly name: string; readonly t: Transition }[] = [
  {
    name: 'advance notice',
    t: transition({
      at: '2026-12-05T14:00:00.000Z',
      from: 'up',
      to: 'up',
      rule: 'maintenance_notice',
      window: WINDOW,
      votes: [vote('ap-southeast-1', 'up'), vote('ap-southeast-3', 'up'), vote('ap-northeast-1', 'up')],
    }),
  },
  {
    name: 'announced maintenance',
    t: transition({
      at: '2026-12-05T15:05:00.000Z',
      from: 'up',
      to: 'maintenance',
      rule: 'announced_maintenance',
      window: WINDOW,
      votes: DOWN_VOTES,
    }),
  },
  {
    name: 'window outlasted',
    t: transition({
      at: '2026-12-05T19:00:00.000Z',
      from: 'maintenance',
      fromSince: '2026-12-05T15:05:00.000Z',
      to: 'down',
      rule: 'window_outlasted',
      window: WINDOW,
      votes: DOWN_VOTES,
    }),
  },
];
const LOCALES: readonly Locale[] = ['id', 'en'];

function expectOneSegment(sms: string) {
  expect(gsmSeptets(sms)).toBeLessThanOrEqual(SMS_MAX_LENGTH);
  const segmented = new SegmentedMessage(sms);
  expect(segmented.encodingName).toBe('GSM-7');
  expect(segmented.segmentsCount).toBe(1);
}

describe('messages of announced maintenance windows', () => {
  it.each(LOCALES.flatMap((locale) => KINDS.map((k) => ({ locale, kind: k.name }))))(
    '$kind in $locale',
    ({ locale, kind }) => {
      const { t } = KINDS.find((k) => k.name === kind)!;
      const message = formatAlert(t, { ...CONTEXT, locale });
      expectOneSegment(message.sms);
      expect(message.subject.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
      expect(message).toMatchSnapshot();
    },
  );

  it('says the note, the window end in WIB, and "melewati jadwal pemeliharaan" in Indonesian', () => {
    const [notice, announced, outlasted] = KINDS.map((k) => formatAlert(k.t, { ...CONTEXT, locale: 'id' }));
    expect(notice?.sms).toContain(
      'MAINTENANCE terjadwal mulai 22:00 WIB s.d. 06/12 02:00 WIB (PENG-18/PJ.09/2024)',
    );
    expect(announced?.sms).toContain(
      'MAINTENANCE terjadwal sejak 22:05 WIB s.d. 06/12 02:00 WIB (PENG-18/PJ.09/2024)',
    );
    expect(outlasted?.sms).toContain(
      'DOWN sejak 02:00 WIB, melewati jadwal pemeliharaan (3/3 region: timeout)',
    );
  });

  it('gives a notice the status attribute maintenance, so SNS filters on maintenance select it', () => {
    const message = formatAlert(KINDS[0]!.t, { ...CONTEXT, locale: 'id' });
    expect(message.attributes).toEqual({ target: 'svc-wsdl', status: 'maintenance', previousStatus: 'up' });
  });

  it.each(LOCALES)('keeps one SMS segment with the longest note and a non-GSM note (%s)', (locale) => {
    const note = `${'Pengumuman “pemeliharaan” — ✓ '.repeat(10)}`.slice(0, MAX_WINDOW_NOTE_LENGTH);
    for (const { t } of KINDS) {
      const message = formatAlert({ ...t, window: { ...WINDOW, note } }, { ...CONTEXT, locale });
      expectOneSegment(message.sms);
      expect(message.subject.length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
      expect(message.email).toContain(note);
    }
  });
});

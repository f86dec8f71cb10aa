import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import {
  gsmLink,
  gsmSeptets,
  toAscii,
  toGsm7,
  truncate,
  truncateSeptets,
} from '../../../shared/alerts/ascii-text.js';
import { humanDuration, wibClock, wibDateTime } from '../../../shared/alerts/wib-time.js';

describe('toAscii', () => {
  it.each([
    ['e-Faktur SVC', 'e-Faktur SVC'],
    ['Déjà vu — “quoted” ‘x’…', 'Deja vu - "quoted" \'x\'...'],
    ['tab\tand\nnewline', 'tab and newline'],
    ['emoji 🚨 and 中文', 'emoji and'],
    ['Straße Ærø', 'Strasse AEro'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(toAscii(input)).toBe(expected);
  });
});

describe('truncate', () => {
  it.each([
    ['abcdef', 6, 'abcdef'],
    ['abcdefg', 6, 'abc...'],
    ['ab  cdefg', 7, 'ab...'],
    ['abcdef', 2, 'ab'],
  ] as const)('%j to %d → %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });
});

describe('humanDuration', () => {
  it.each([
    [0, 'id', 'short', '0 dtk'],
    [45_000, 'en', 'short', '45 s'],
    [45_000, 'en', 'long', '45 seconds'],
    [60_000, 'en', 'long', '1 minute'],
    [15 * 60_000, 'id', 'short', '15 mnt'],
    [(3 * 60 + 12) * 60_000, 'id', 'long', '3 jam 12 menit'],
    [(3 * 60 + 12) * 60_000 + 59_000, 'en', 'short', '3 h 12 min'],
    [2 * 3_600_000, 'en', 'long', '2 hours'],
    [(26 * 60 + 5) * 60_000, 'en', 'long', '1 day 2 hours'],
    [-5000, 'en', 'short', '0 s'],
  ] as const)('%d ms (%s, %s) → %s', (ms, locale, style, expected) => {
    expect(humanDuration(ms, locale, style)).toBe(expected);
  });
});

describe('WIB times', () => {
  it('shows Jakarta time, across midnight UTC too', () => {
    expect(wibClock('2026-03-15T07:05:59.000Z')).toBe('14:05');
    expect(wibClock('2026-03-15T17:30:00.000Z')).toBe('00:30');
    expect(wibDateTime('2026-03-15T17:30:00.000Z', 'id')).toBe('Senin, 16 Maret 2026 00:30:00 WIB');
    expect(wibDateTime('2026-03-15T17:30:00.000Z', 'en')).toBe('Monday, 16 March 2026 00:30:00 WIB');
  });
});

describe('GSM-7 text', () => {
  it.each([
    ['plain e-Faktur SVC', 'plain e-Faktur SVC', 18],
    ['`quoted` [x] {y} | ^ ~ \\ €', "'quoted' [x] {y} | ^ ~ \\", 32],
    ['Déjà vu — 🚨', 'Deja vu -', 9],
  ])('%j → %j, %d septets as the segment calculator counts them', (input, expected, septets) => {
    const text = toGsm7(input);
    expect(text).toBe(expected);
    expect(gsmSeptets(text)).toBe(septets);
    const segmented = new SegmentedMessage(text);
    expect(segmented.encodingName).toBe('GSM-7');
    expect(segmented.messageSize).toBe(septets * 7);
  });

  it.each([
    ['abcdef', 6, 'abcdef'],
    ['a[b]cdef', 6, 'a[...'],
    ['a[b]cdef', 5, 'a...'],
    ['ab[cdef', 7, 'ab[...'],
    ['~~~~', 3, '~'],
  ] as const)('%j cut to %d septets → %j', (text, max, expected) => {
    expect(truncateSeptets(text, max)).toBe(expected);
    expect(gsmSeptets(truncateSeptets(text, max))).toBeLessThanOrEqual(max);
  });

  it.each([
    ['https://status.example.id/a', 'https://status.example.id/a'],
    ['https://bücher.example/ünï`x`', 'https://xn--bcher-kva.example/%C3%BCn%C3%AF%60x%60'],
    ['https://status.example.id/?q=`a`', 'https://status.example.id/?q=%60a%60'],
    ['not a url', undefined],
  ])('link %j → %j', (url, expected) => {
    expect(gsmLink(url)).toBe(expected);
  });
});

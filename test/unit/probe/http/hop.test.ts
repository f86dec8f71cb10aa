import { describe, expect, it } from 'vitest';
import { newHop, timingsOf } from '../../../../shared/probe/http/hop.js';

describe('timingsOf', () => {
  const url = new URL('https://svc.example.test/');

  it('reports every phase of a TLS hop, rounded to a tenth of a millisecond', () => {
    const hop = { ...newHop(1, url, 100), dnsEnd: 110.04, connectEnd: 130, tlsEnd: 160.46, firstByte: 200 };
    expect(timingsOf(hop, 90, 250)).toEqual({
      dnsMs: 10,
      connectMs: 20,
      tlsMs: 30.5,
      ttfbMs: 39.5,
      totalMs: 160,
    });
  });

  it('counts connect from the start of the hop when there was no lookup, and ttfb from connect without TLS', () => {
    const hop = { ...newHop(2, url, 100), connectEnd: 105, firstByte: 125 };
    expect(timingsOf(hop, 0, 130)).toEqual({
      dnsMs: null,
      connectMs: 5,
      tlsMs: null,
      ttfbMs: 20,
      totalMs: 130,
    });
  });

  it('has only the total when no hop started', () => {
    expect(timingsOf(null, 10, 12.25)).toEqual({
      dnsMs: null,
      connectMs: null,
      tlsMs: null,
      ttfbMs: null,
      totalMs: 2.3,
    });
  });
});

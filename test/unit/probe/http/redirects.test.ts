import { describe, expect, it } from 'vitest';
import type { AddressClassifier } from '../../../../shared/probe/address-range.js';
import {
  AddressGuard,
  MAX_RECORDED_URL_LENGTH,
  RedirectTrail,
  redirectLocation,
} from '../../../../shared/probe/http/redirects.js';

describe('redirectLocation', () => {
  it.each([
    [301, '/a', '/a'],
    [302, '/a', '/a'],
    [303, '/a', '/a'],
    [307, '/a', '/a'],
    [308, '/a', '/a'],
    [300, '/a', null],
    [304, '/a', null],
    [200, '/a', null],
    [302, undefined, null],
    [302, '', null],
  ])('status %i with Location %j follows %j', (status, location, expected) => {
    expect(redirectLocation(status, location)).toBe(expected);
  });
});

describe('RedirectTrail', () => {
  const start = () => {
    const trail = new RedirectTrail(3);
    trail.begin(new URL('https://svc.example.test/start'));
    return trail;
  };
  const from = new URL('https://svc.example.test/start');

  it('resolves a relative Location and records it', () => {
    const trail = start();
    expect(trail.follow(from, '/next?x=1')).toEqual({ next: new URL('https://svc.example.test/next?x=1') });
    expect(trail.followed).toEqual(['https://svc.example.test/next?x=1']);
  });

  it.each([
    ['http://[::1', /^invalid redirect Location "http:\/\/\[::1"$/],
    ['ftp://svc.example.test/', /^redirect to unsupported scheme ftp:$/],
    ['javascript:alert(1)', /^redirect to unsupported scheme javascript:$/],
    ['/start', /^redirect loop back to https:\/\/svc\.example\.test\/start$/],
  ])('refuses %j', (location, detail) => {
    const step = start().follow(from, location);
    expect(step).toEqual({ failure: { reason: 'redirect', detail: expect.stringMatching(detail) } });
  });

  it('refuses the redirect past the limit, naming the next one', () => {
    const trail = start();
    for (const path of ['/1', '/2', '/3']) expect(trail.follow(from, path)).toHaveProperty('next');
    expect(trail.follow(from, '/4')).toEqual({
      failure: { reason: 'redirect', detail: 'more than 3 redirects (next: https://svc.example.test/4)' },
    });
    expect(trail.followed).toHaveLength(3);
  });

  it('redacts credentials and bounds the length of what it records', () => {
    const trail = start();
    trail.follow(from, `https://user:secret@svc.example.test/${'a'.repeat(5000)}`);
    const [recorded] = trail.followed;
    expect(recorded).not.toContain('secret');
    expect(recorded?.length).toBeLessThanOrEqual(MAX_RECORDED_URL_LENGTH);
  });
});

describe('AddressGuard', () => {
  const rangeOf: AddressClassifier = (address) =>
    address.startsWith('127.') ? 'loopback' : address.startsWith('10.') ? 'private' : null;

  it('lets the first hop go anywhere', () => {
    const guard = new AddressGuard(rangeOf);
    expect(guard.refusal(1, '127.0.0.1', '127.0.0.1')).toBeNull();
    expect(guard.screen(1, 'local.test', [{ address: '127.0.0.1', family: 4 }])).toEqual({
      address: [{ address: '127.0.0.1', family: 4 }],
    });
  });

  it('refuses a later hop to a non-public address after a public origin', () => {
    const guard = new AddressGuard(rangeOf);
    guard.origin('203.0.113.5');
    expect(guard.refusal(2, 'inner.test', '10.0.0.1')).toEqual({
      reason: 'redirect',
      detail: 'redirect from a public address to a non-public one refused (inner.test: 10.0.0.1, private)',
    });
    expect(guard.refusal(2, '127.0.0.1', '127.0.0.1')?.detail).toBe(
      'redirect from a public address to a non-public one refused (127.0.0.1, loopback)',
    );
    expect(guard.refusal(2, 'public.test', '198.51.100.1')).toBeNull();
  });

  it('keeps following non-public hops after a non-public origin', () => {
    const guard = new AddressGuard(rangeOf);
    guard.origin('127.0.0.1');
    expect(guard.refusal(3, 'inner.test', '10.0.0.1')).toBeNull();
  });

  it('drops the non-public addresses of a mixed answer, and refuses an answer with only those', () => {
    const guard = new AddressGuard(rangeOf);
    guard.origin('203.0.113.5');
    const mixed = [
      { address: '10.0.0.1', family: 4 },
      { address: '198.51.100.1', family: 4 },
    ];
    expect(guard.screen(2, 'mixed.test', mixed)).toEqual({
      address: [{ address: '198.51.100.1', family: 4 }],
    });
    expect(guard.screen(2, 'inner.test', '10.0.0.1')).toEqual({
      refused: expect.objectContaining({ reason: 'redirect' }),
    });
    expect(guard.screen(2, 'public.test', '198.51.100.1')).toEqual({ address: '198.51.100.1' });
  });
});

import { describe, expect, it } from 'vitest';
import { smsFilterPolicy } from '../../infra/constructs/alerts-topic.js';

/** What SNS does with a filter policy on message attributes, for the operators these policies use. */
function matches(policy: Record<string, unknown>, attributes: Record<string, string>): boolean {
  if ('$or' in policy) return (policy.$or as Record<string, unknown>[]).some((p) => matches(p, attributes));
  return Object.entries(policy).every(
    ([key, allowed]) => attributes[key] !== undefined && (allowed as string[]).includes(attributes[key]!),
  );
}

describe('SMS filter policy', () => {
  const defaults = smsFilterPolicy(['down', 'maintenance', 'up']);

  it.each<[string, string, boolean]>([
    ['up', 'down', true],
    ['down', 'up', true],
    ['maintenance', 'up', true],
    ['up', 'maintenance', true],
    ['down', 'maintenance', true],
    ['degraded', 'up', false],
    ['up', 'degraded', false],
  ])('with the default statuses, %s (from %s) is texted: %s', (status, previousStatus, texted) => {
    expect(matches(defaults, { status, previousStatus })).toBe(texted);
  });

  it('texts the recovery from any outage when only down is selected', () => {
    const policy = smsFilterPolicy(['down', 'up']);
    expect(matches(policy, { status: 'up', previousStatus: 'maintenance' })).toBe(true);
    expect(matches(policy, { status: 'maintenance', previousStatus: 'up' })).toBe(false);
    expect(matches(policy, { status: 'up', previousStatus: 'degraded' })).toBe(false);
  });

  it('texts the recovery from slowness when slowness is texted', () => {
    const policy = smsFilterPolicy(['degraded', 'up']);
    expect(matches(policy, { status: 'up', previousStatus: 'degraded' })).toBe(true);
    expect(matches(policy, { status: 'up', previousStatus: 'down' })).toBe(false);
  });

  it('is a plain allowlist when there is no recovery to qualify', () => {
    expect(smsFilterPolicy(['down', 'maintenance'])).toEqual({ status: ['down', 'maintenance'] });
    expect(smsFilterPolicy(['up'])).toEqual({ status: ['up'] });
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { estimateEnvironmentBytes } from '../../infra/environment-size.js';
import { probeTimeoutSeconds } from '../../infra/function-sizing.js';
import { probePhase } from '../../infra/probe-phases.js';
import { ConfigError, parseFleetConfig } from '../../shared/config/fleet-config.js';

describe('staggered probe phases', () => {
  it('spreads three regions probing every minute over 0, 20 and 40 seconds, on every minute', () => {
    expect([0, 1, 2].map((i) => probePhase(60, i, 3))).toEqual([
      {
        phaseSeconds: 0,
        periodSeconds: 60,
        slots: [{ minuteField: '*', delaySeconds: 0, offsetSeconds: 0 }],
      },
      {
        phaseSeconds: 20,
        periodSeconds: 60,
        slots: [{ minuteField: '*', delaySeconds: 20, offsetSeconds: 20 }],
      },
      {
        phaseSeconds: 40,
        periodSeconds: 60,
        slots: [{ minuteField: '*', delaySeconds: 40, offsetSeconds: 40 }],
      },
    ]);
  });

  it('rounds phases down to whole seconds', () => {
    expect([0, 1, 2, 3].map((i) => probePhase(60, i, 7).phaseSeconds).slice(0, 4)).toEqual([0, 8, 17, 25]);
  });

  it.each([
    // interval, region index, regions, expected slots (minute field, delay)
    [
      30,
      1,
      3,
      [
        ['*', 10],
        ['*', 40],
      ],
    ],
    [
      15,
      0,
      3,
      [
        ['*', 0],
        ['*', 15],
        ['*', 30],
        ['*', 45],
      ],
    ],
    [
      45,
      2,
      3,
      [
        ['0/3', 30],
        ['1/3', 15],
        ['2/3', 0],
        ['2/3', 45],
      ],
    ],
    [300, 1, 3, [['1/5', 40]]],
    [120, 2, 4, [['1/2', 0]]],
    [3600, 2, 3, [['40', 0]]],
    [3600, 1, 7, [['8', 34]]],
  ] as const)('interval %is, region %i of %i → %j', (interval, index, count, expected) => {
    const phase = probePhase(interval, index, count);
    expect(phase.slots.map((s) => [s.minuteField, s.delaySeconds])).toEqual(expected);
    // Every run of the period is one interval after the previous one, starting at the phase.
    expect(phase.slots.map((s) => s.offsetSeconds)).toEqual(
      expected.map((_, j) => phase.phaseSeconds + j * interval),
    );
    expect(phase.slots.length * interval).toBe(phase.periodSeconds);
    for (const slot of phase.slots) expect(slot.delaySeconds).toBeLessThan(60);
  });

  it('rejects an interval that does not divide an hour, naming the field', () => {
    expect(() => probePhase(7, 0, 3)).toThrow(ConfigError);
    expect(() => probePhase(420, 0, 3)).toThrow(/probeIntervalSeconds: 420 does not divide an hour/);
  });

  it('rejects a region index outside the regions', () => {
    expect(() => probePhase(60, 3, 3)).toThrow(RangeError);
    expect(() => probePhase(60, -1, 3)).toThrow(RangeError);
  });
});

describe('probe function timeout', () => {
  it('gives the slowest target two full deadlines and its retry pause, plus a margin', () => {
    // Default targets: 2 × 10 s + 2 s = 22 s, run concurrently; + 5 s margin.
    expect(probeTimeoutSeconds(parseFleetConfig({}))).toBe(27);
  });

  it('follows the slowest target, not the sum of all', () => {
    const config = parseFleetConfig({
      targets: [
        {
          id: 'a',
          name: 'A',
          url: 'https://a.example/',
          check: 'http',
          timeoutMs: 30_000,
          retryDelayMs: 5_000,
        },
        {
          id: 'b',
          name: 'B',
          url: 'https://b.example/',
          check: 'http',
          timeoutMs: 2_000,
          degradedAfterMs: 1_000,
          retryDelayMs: 0,
        },
      ],
    });
    expect(probeTimeoutSeconds(config)).toBe(70);
  });

  it('never asks for less than the control check needs', () => {
    const config = parseFleetConfig({
      targets: [
        {
          id: 'a',
          name: 'A',
          url: 'https://a.example/',
          check: 'http',
          timeoutMs: 1000,
          degradedAfterMs: 500,
          retryDelayMs: 0,
        },
      ],
    });
    expect(probeTimeoutSeconds(config)).toBe(10);
  });
});

describe('environment size estimate', () => {
  const stack = new Stack(new App(), 'S', { env: { region: 'ap-southeast-1' } });

  it('counts names and literal values exactly', () => {
    expect(estimateEnvironmentBytes(stack, { AB: 'xyz', C: '' })).toBe(6);
  });

  it('counts pseudo parameters by their longest value and other references generously', () => {
    const arn = stack.formatArn({ service: 'lambda', region: 'ap-northeast-1', resource: 'function:f' });
    // "arn:" + partition (≤ 10) + ":lambda:ap-northeast-1:" + account (12) + ":function:f" + the name "A"
    expect(estimateEnvironmentBytes(stack, { A: arn })).toBe(1 + 4 + 10 + 23 + 12 + 11);
    const json = stack.toJsonString({ r: arn });
    expect(estimateEnvironmentBytes(stack, { J: json })).toBeGreaterThan(
      estimateEnvironmentBytes(stack, { A: arn }),
    );
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { estimateEnvironmentBytes } from '../../infra/environment-size.js';
import { probeTimeoutSeconds } from '../../infra/function-sizing.js';
import { probePhase } from '../../infra/probe-phases.js';
import { ConfigError, parseFleetConfig } from '../../shared/config/fleet-config.js';

describe('staggered probe phases', () => {
  it('spreads three regions probing every minute over 0, 20 and 40 seconds, ticking every minute', () => {
    expect([0, 1, 2].map((i) => probePhase(60, i, 3))).toEqual(
      [0, 20, 40].map((phaseSeconds) => ({
        phaseSeconds,
        intervalSeconds: 60,
        runOffsets: Array.from({ length: 60 }, (_, m) => m * 60 + phaseSeconds),
        tickMinutes: '*',
      })),
    );
  });

  it('rounds phases down to whole seconds', () => {
    expect([0, 1, 2, 3].map((i) => probePhase(60, i, 7).phaseSeconds).slice(0, 4)).toEqual([0, 8, 17, 25]);
  });

  it.each([
    // interval, region index, regions, tick minutes (the minute before each minute with a run)
    [15, 0, 3, '*'],
    [30, 1, 3, '*'],
    [45, 2, 3, '*'],
    [90, 1, 3, null],
    [120, 2, 4, '0/2'],
    [300, 1, 3, '0/5'],
    [300, 0, 3, '4/5'],
    [600, 2, 3, '5/10'],
    [3600, 2, 3, '39'],
    [3600, 0, 3, '59'],
    [3600, 1, 7, '7'],
  ] as const)('interval %is, region %i of %i ticks at %s', (interval, index, count, ticks) => {
    const phase = probePhase(interval, index, count);
    // Runs sit one interval apart from the phase, on the clock; every tick minute precedes a run minute.
    expect(phase.runOffsets).toEqual(
      Array.from({ length: 3600 / interval }, (_, k) => phase.phaseSeconds + k * interval),
    );
    const runMinutes = new Set(phase.runOffsets.map((o) => Math.floor(o / 60)));
    const tickMinutes = new Set([...runMinutes].map((m) => (m + 59) % 60));
    if (ticks !== null) expect(phase.tickMinutes).toBe(ticks);
    const expanded = expandMinutes(phase.tickMinutes);
    expect(expanded).toEqual(tickMinutes);
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

/** The minutes a cron minutes field (`*`, `m`, `m/step`, `a,b,c`) selects. */
function expandMinutes(field: string): Set<number> {
  if (field === '*') return new Set(Array.from({ length: 60 }, (_, m) => m));
  const [start, step] = field.split('/');
  if (step !== undefined) {
    const out = new Set<number>();
    for (let m = Number(start); m < 60; m += Number(step)) out.add(m);
    return out;
  }
  return new Set(field.split(',').map(Number));
}

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

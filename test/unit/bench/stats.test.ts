import { describe, expect, it } from 'vitest';
import { linearFit, median, percentile, round } from '../../../bench/stats.js';

describe('percentile (nearest rank)', () => {
  it.each([
    [50, 3],
    [95, 5],
    [100, 5],
    [1, 1],
    [20, 1],
    [21, 2],
  ])('p%i of 1..5 is %i', (p, expected) => {
    expect(percentile([5, 3, 1, 4, 2], p)).toBe(expected);
  });

  it('is null for no values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(median([])).toBeNull();
  });

  it('rounds to the given decimals', () => {
    expect(round(1.2345, 2)).toBe(1.23);
    expect(round(1.25)).toBe(1.3);
  });
});

describe('linearFit', () => {
  it('recovers an exact line', () => {
    expect(
      linearFit([
        [3, 6],
        [10, 13],
        [30, 33],
      ]),
    ).toEqual({ slope: 1, intercept: 3, maxResidual: 0 });
  });

  it('reports how far the points stray from the fitted line', () => {
    const fit = linearFit([
      [0, 0],
      [1, 2],
      [2, 2],
    ]);
    expect(fit.slope).toBe(1);
    expect(fit.intercept).toBeCloseTo(0.333, 3);
    expect(fit.maxResidual).toBeCloseTo(0.667, 3);
  });
});

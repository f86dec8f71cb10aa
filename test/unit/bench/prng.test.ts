import { describe, expect, it } from 'vitest';
import { hashUnit, mulberry32, randomInt, sample } from '../../../bench/prng.js';

describe('mulberry32', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(seqA);
  });

  it('stays in [0, 1) with a mean near one half', () => {
    const random = mulberry32(1);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = random();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 100_000).toBeGreaterThan(0.49);
    expect(sum / 100_000).toBeLessThan(0.51);
  });
});

describe('hashUnit', () => {
  it('depends only on its inputs', () => {
    expect(hashUnit(1, 2, 3000)).toBe(hashUnit(1, 2, 3000));
    expect(hashUnit(1, 2, 3000)).not.toBe(hashUnit(1, 2, 3001));
    expect(hashUnit(1, 2, 3000)).not.toBe(hashUnit(1, 3, 3000));
    expect(hashUnit(1, 2, 3000)).not.toBe(hashUnit(2, 2, 3000));
  });

  it('hits a 1% rate about 1% of the time', () => {
    let hits = 0;
    for (let t = 0; t < 200_000; t++) if (hashUnit(9, 77, t * 60_000) < 0.01) hits++;
    expect(hits / 200_000).toBeGreaterThan(0.009);
    expect(hits / 200_000).toBeLessThan(0.011);
  });
});

describe('helpers', () => {
  it('randomInt covers both bounds and nothing outside', () => {
    const random = mulberry32(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(randomInt(random, 2, 4));
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });

  it('sample draws distinct items', () => {
    const random = mulberry32(5);
    for (let i = 0; i < 100; i++) {
      const picked = sample(random, [1, 2, 3, 4, 5], 3);
      expect(new Set(picked).size).toBe(3);
    }
  });
});

/**
 * Seeded randomness for the benchmarks: the same seed gives the same traces, the same noise and the same
 * figures on every machine. `mulberry32` for sequences, `hashUnit` for order-independent draws.
 */

/** A PRNG returning floats in [0, 1); 32-bit state, good enough for simulation (not for cryptography). */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function mix(h: number, value: number): number {
  let x = Math.imul(h ^ value, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A 32-bit FNV-1a hash of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A uniform draw in [0, 1) determined only by its inputs: two monitors that probe from the same place at the
 * same millisecond see the same noise, whatever order the simulation asks in.
 */
export function hashUnit(seed: number, key: number, timeMs: number): number {
  let h = mix(seed >>> 0, key >>> 0);
  h = mix(h, Math.floor(timeMs / 4_294_967_296));
  h = mix(h, timeMs >>> 0);
  return mix(h, 0x9e3779b9) / 4_294_967_296;
}

/** An integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A float in [min, max). */
export function randomBetween(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

/** `count` distinct items of `items`, in random order. */
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) {
    const index = Math.floor(random() * pool.length);
    out.push(pool.splice(index, 1)[0] as T);
  }
  return out;
}

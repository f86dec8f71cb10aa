import { hashString, hashUnit, mulberry32, type Random, randomBetween, randomInt } from '../prng.js';

/**
 * A synthetic month of a target as seen from several probe regions, in virtual time (milliseconds from the
 * trace start). Ground truth is the list of global events; regional outages and noise are what a good policy
 * must NOT alert on.
 */

/** How a failing server or blocked path answers a probe. */
export type FailureMode = 'refused' | 'timeout';

export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** The server is down for everyone. */
export interface GlobalOutage extends Interval {
  readonly failure: FailureMode;
}

/** The server answers the maintenance page to everyone. */
export type MaintenanceWindow = Interval;

/** The server alternates down/up; `down` lists the down segments, inside [startMs, endMs). */
export interface FlappingEpisode extends Interval {
  readonly failure: FailureMode;
  readonly down: readonly Interval[];
}

/**
 * One location's path to the server fails (geo-blocking, a regional routing problem); the others are fine. A location
 * is where observers probe from: one of our regions, or a location of an anchor monitor (see `anchorLocations`).
 */
export interface RegionalOutage extends Interval {
  readonly location: string;
  readonly failure: FailureMode;
}

/**
 * `attempt`: every attempt fails on its own with the noise rate, so a retry can succeed; `check`: a noisy check fails
 * all its attempts (noise that outlasts a retry, e.g. a path glitch of a few seconds).
 */
export type NoiseModel = 'attempt' | 'check';

export interface Trace {
  readonly seed: number;
  /** Our fleet's probe regions, index = region number (each is also a location). */
  readonly regions: readonly string[];
  /** Wall-clock time of virtual 0, for the ISO timestamps a real policy needs. */
  readonly epochMs: number;
  readonly durationMs: number;
  /** Probability that one attempt (or check, see `noise`) fails for no reason but noise, independently per observer. */
  readonly noiseRate: number;
  readonly noise: NoiseModel;
  readonly outages: readonly GlobalOutage[];
  readonly maintenance: readonly MaintenanceWindow[];
  readonly flapping: readonly FlappingEpisode[];
  /** Path outages of every location any monitor probes from. */
  readonly regional: readonly RegionalOutage[];
}

/** What one attempt sees: the status, and why. */
export type Sight =
  | { readonly status: 'up'; readonly cause: 'ok' }
  | { readonly status: 'maintenance'; readonly cause: 'maintenance' }
  | {
      readonly status: 'down';
      readonly cause: 'outage' | 'flapping' | 'regional' | 'noise';
      readonly failure: FailureMode;
    };

const UP: Sight = { status: 'up', cause: 'ok' };
const MAINTENANCE: Sight = { status: 'maintenance', cause: 'maintenance' };

function inside(interval: Interval, t: number): boolean {
  return t >= interval.startMs && t < interval.endMs;
}

/** The server's own state at `t`, before any path or noise effect. */
export function serverSight(trace: Trace, t: number): Sight {
  for (const o of trace.outages)
    if (inside(o, t)) return { status: 'down', cause: 'outage', failure: o.failure };
  for (const m of trace.maintenance) if (inside(m, t)) return MAINTENANCE;
  for (const f of trace.flapping) {
    if (!inside(f, t)) continue;
    for (const d of f.down)
      if (inside(d, t)) return { status: 'down', cause: 'flapping', failure: f.failure };
    return UP;
  }
  return UP;
}

const byLocation = new WeakMap<Trace, Map<string, RegionalOutage[]>>();

/** The path outages of one location (indexed once per trace: anchors probe millions of times). */
function outagesAt(trace: Trace, location: string): readonly RegionalOutage[] {
  let index = byLocation.get(trace);
  if (index === undefined) {
    index = new Map();
    for (const r of trace.regional) index.set(r.location, [...(index.get(r.location) ?? []), r]);
    byLocation.set(trace, index);
  }
  return index.get(location) ?? [];
}

/** What an attempt from `location` sees at `t`, without noise: a blocked path hides even the maintenance page. */
export function pathSight(trace: Trace, location: string, t: number): Sight {
  for (const r of outagesAt(trace, location)) {
    if (inside(r, t)) return { status: 'down', cause: 'regional', failure: r.failure };
  }
  return serverSight(trace, t);
}

/** A stable numeric identity for an observer (a probe region, a checker, a node), for its noise stream. */
export function observerKey(name: string): number {
  return hashString(name);
}

/** Whether the attempt (or check) an observer starts at `t` is hit by noise; a pure function of (seed, observer, t). */
export function noiseHits(trace: Trace, key: number, t: number): boolean {
  return trace.noiseRate > 0 && hashUnit(trace.seed, key, Math.round(t)) < trace.noiseRate;
}

/** The failure mode of a noisy attempt: half time out, half are refused or reset. */
export function noiseFailure(trace: Trace, key: number, t: number): FailureMode {
  return hashUnit(trace.seed ^ 0x5bd1e995, key, Math.round(t)) < 0.5 ? 'timeout' : 'refused';
}

export interface TraceOptions {
  readonly seed: number;
  /** Our fleet's regions. */
  readonly regions: readonly string[];
  /** Further locations observers probe from (the anchors'); each gets path outages of its own. @default [] */
  readonly locations?: readonly string[];
  /** @default 30 */
  readonly days?: number;
  /** @default 0.01 */
  readonly noiseRate?: number;
  /** @default 'attempt' */
  readonly noise?: NoiseModel;
  /** Global outages of 2–60 minutes. @default 12 */
  readonly outages?: number;
  /** Maintenance windows of 1–4 hours in the WIB evening. @default 4 */
  readonly maintenance?: number;
  /** Hour-long flapping episodes. @default 3 */
  readonly flapping?: number;
  /** Path outages of 1–8 hours per location and 30 days, on average (Poisson). @default 8/3 */
  readonly regionalPer30Days?: number;
  /** @default 2026-03-01T00:00:00Z */
  readonly epochMs?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Global events are kept this far apart so each one is scored on its own (flap damping looks back 1 h). */
export const GLOBAL_EVENT_GAP_MS = 2 * HOUR;
/** After a flapping episode, notifications still belong to it for this long (a damped recovery comes late). */
export const FLAPPING_TAIL_MS = 30 * MINUTE;

/** A Poisson draw (Knuth's method; the means here are small). */
function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

/** 2–60 minutes, log-uniform: short outages are more common than long ones. */
function outageDuration(random: Random): number {
  const minutes = Math.exp(randomBetween(random, Math.log(2), Math.log(60)));
  return Math.round(minutes * 60) * 1000;
}

/** A start during WIB working hours (08:00–17:00, UTC+7) on a weekday, or anywhere for 30% of outages. */
function outageStart(random: Random, epochMs: number, durationMs: number): number {
  if (random() < 0.3) return Math.floor(randomBetween(random, HOUR, durationMs - 2 * HOUR));
  const days = Math.floor(durationMs / DAY);
  for (let attempt = 0; attempt < 50; attempt++) {
    const day = randomInt(random, 0, days - 1);
    const weekday = new Date(epochMs + day * DAY).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    // 08:00 WIB = 01:00 UTC.
    return day * DAY + HOUR + Math.floor(random() * 9 * HOUR);
  }
  return Math.floor(randomBetween(random, HOUR, durationMs - 2 * HOUR));
}

function overlapsWithGap(candidate: Interval, placed: readonly Interval[], gapMs: number): boolean {
  return placed.some((p) => candidate.startMs < p.endMs + gapMs && p.startMs < candidate.endMs + gapMs);
}

/**
 * Generates a trace. Global events (outages, maintenance, flapping) never overlap and are at least
 * `GLOBAL_EVENT_GAP_MS` apart; regional outages land anywhere, including during global events.
 */
export function generateTrace(options: TraceOptions): Trace {
  const random = mulberry32(options.seed);
  const durationMs = (options.days ?? 30) * DAY;
  const epochMs = options.epochMs ?? Date.UTC(2026, 2, 1);
  const regions = options.regions;
  const placed: Interval[] = [];
  const place = (make: () => Interval): Interval | null => {
    for (let attempt = 0; attempt < 500; attempt++) {
      const candidate = make();
      if (candidate.startMs < HOUR || candidate.endMs > durationMs - HOUR) continue;
      // Flapping notifications may trail the episode: keep the tail free too.
      if (overlapsWithGap(candidate, placed, GLOBAL_EVENT_GAP_MS + FLAPPING_TAIL_MS)) continue;
      placed.push(candidate);
      return candidate;
    }
    return null;
  };

  const flapping: FlappingEpisode[] = [];
  for (let i = 0; i < (options.flapping ?? 3); i++) {
    const episode = place(() => {
      const startMs = Math.floor(randomBetween(random, HOUR, durationMs - 3 * HOUR) / 1000) * 1000;
      return { startMs, endMs: startMs + HOUR };
    });
    if (!episode) continue;
    const down: Interval[] = [];
    let t = episode.startMs;
    let isDown = true;
    while (t < episode.endMs) {
      // "Every few minutes": each half-period lasts 1–5 minutes.
      const end = Math.min(episode.endMs, t + randomInt(random, 60, 300) * 1000);
      if (isDown) down.push({ startMs: t, endMs: end });
      isDown = !isDown;
      t = end;
    }
    flapping.push({ ...episode, failure: random() < 0.5 ? 'timeout' : 'refused', down });
  }

  const maintenance: MaintenanceWindow[] = [];
  for (let i = 0; i < (options.maintenance ?? 4); i++) {
    const days = Math.floor(durationMs / DAY);
    const window = place(() => {
      // Announced maintenance starts between 19:00 and 22:00 WIB (12:00–15:00 UTC), on a quarter hour give or
      // take two minutes: the switch is flipped by hand, and no probe schedule gets a free head start.
      const startMs =
        randomInt(random, 1, days - 2) * DAY +
        12 * HOUR +
        randomInt(random, 0, 12) * 15 * MINUTE +
        randomInt(random, 0, 120) * 1000;
      return { startMs, endMs: startMs + randomInt(random, 4, 16) * 15 * MINUTE };
    });
    if (window) maintenance.push(window);
  }

  const outages: GlobalOutage[] = [];
  for (let i = 0; i < (options.outages ?? 12); i++) {
    const outage = place(() => {
      const length = outageDuration(random);
      const startMs = Math.round(outageStart(random, epochMs, durationMs) / 1000) * 1000;
      return { startMs, endMs: startMs + length };
    });
    if (outage) outages.push({ ...outage, failure: random() < 0.5 ? 'timeout' : 'refused' });
  }

  // Each location draws its own path outages from its own stream: adding a monitor's locations changes nobody else's
  // outages, and the global events above stay those of the seed.
  const regional: RegionalOutage[] = [];
  const perLocation = ((options.regionalPer30Days ?? 8 / 3) * durationMs) / (30 * DAY);
  for (const location of new Set([...regions, ...(options.locations ?? [])])) {
    const own = mulberry32(hashUnit(options.seed, hashString(location), 0x2545f491) * 4_294_967_296);
    const count = poisson(own, perLocation);
    for (let i = 0; i < count; i++) {
      const length = randomInt(own, 4, 32) * 15 * MINUTE;
      const startMs = Math.floor(randomBetween(own, HOUR, durationMs - length - HOUR) / 1000) * 1000;
      regional.push({
        location,
        startMs,
        endMs: startMs + length,
        failure: own() < 0.5 ? 'timeout' : 'refused',
      });
    }
  }

  const byStart = (a: Interval, b: Interval) => a.startMs - b.startMs;
  return {
    seed: options.seed,
    regions,
    epochMs,
    durationMs,
    noiseRate: options.noiseRate ?? 0.01,
    noise: options.noise ?? 'attempt',
    outages: outages.sort(byStart),
    maintenance: maintenance.sort(byStart),
    flapping: flapping.sort(byStart),
    regional: regional.sort(byStart),
  };
}

/** The global events a policy should alert on (outages and maintenance), in time order. */
export function alertableEvents(
  trace: Trace,
): Array<Interval & { readonly kind: 'outage' | 'maintenance'; readonly index: number }> {
  return [
    ...trace.outages.map((o, index) => ({
      startMs: o.startMs,
      endMs: o.endMs,
      kind: 'outage' as const,
      index,
    })),
    ...trace.maintenance.map((m, index) => ({
      startMs: m.startMs,
      endMs: m.endMs,
      kind: 'maintenance' as const,
      index,
    })),
  ].sort((a, b) => a.startMs - b.startMs);
}

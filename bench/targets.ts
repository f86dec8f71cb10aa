import { HINDSIGHT_POLICY } from './detection/policies/hindsight.js';
import type { DetectionRun, PooledRun } from './detection/run-detection.js';
import type { TradeOffs } from './detection/trade-offs.js';
import { type BenchResults, failed, type TargetCheck } from './results.js';

/** The id under which our own policy runs in the detection benchmark. */
export const OUR_POLICY = 'fleet';

/** Whether a run is one of the monitors we compare against: neither our fleet (any variant) nor the hindsight floor. */
export function isAnchor(run: { readonly policy: string }): boolean {
  return !run.policy.startsWith(OUR_POLICY) && run.policy !== HINDSIGHT_POLICY;
}
export const PROBE_BUNDLE_LIMIT_KB = 150;

type Inputs = Pick<BenchResults, 'detection' | 'bundles'>;

/** What a target reads, the same on one seed's run and on runs pooled over seeds. */
interface Figures {
  readonly detectP50: number | null;
  readonly detectP95: number | null;
  readonly clearP50: number | null;
  readonly clearP95: number | null;
  readonly clearMax: number | null;
  readonly falseAlerts: number;
  readonly missed: number;
  readonly premature: number;
  readonly spurious: number;
  readonly flapping: number | null;
  readonly wrongOutside: number;
  readonly wrongInside: number;
}

function figuresOf(run: DetectionRun | PooledRun): Figures {
  if ('score' in run) {
    const s = run.score;
    return {
      detectP50: s.detectS.p50,
      detectP95: s.detectS.p95,
      clearP50: s.recoveryS.p50,
      clearP95: s.recoveryS.p95,
      clearMax: s.recoveryS.max,
      falseAlerts: s.falseAlerts,
      missed: s.missed,
      premature: s.prematureRecoveries,
      spurious: s.spurious,
      flapping: s.notificationsPerFlappingHour,
      wrongOutside: s.wrongMinutes.outside,
      wrongInside: s.wrongMinutes.inside,
    };
  }
  return {
    detectP50: run.detectS.p50,
    detectP95: run.detectS.p95,
    clearP50: run.recoveryS.p50,
    clearP95: run.recoveryS.p95,
    clearMax: run.recoveryS.max,
    falseAlerts: run.falseAlerts,
    missed: run.missed,
    premature: run.prematureRecoveries,
    spurious: run.spurious,
    flapping: run.notificationsPerFlappingHour,
    wrongOutside: run.wrongMinutes.outside,
    wrongInside: run.wrongMinutes.inside,
  };
}

/** Our runs and the anchors', on the main seed or pooled; a string says why there are none. */
interface Scope {
  readonly label: 'main seed' | 'pooled';
  readonly ours: (regions: number) => Figures | string;
  readonly anchors: (regions: number) => readonly Figures[];
}

function scopes(inputs: Inputs): Scope[] {
  const d = inputs.detection;
  const missing = d === undefined ? 'not run' : failed(d) ? `not measured: ${d.error}` : null;
  const runs = d === undefined || failed(d) ? [] : d.runs;
  const pooled = d === undefined || failed(d) ? undefined : d.pooled?.runs;
  const pick = <R extends DetectionRun | PooledRun>(list: readonly R[], regions: number) =>
    list.find((r) => r.policy === OUR_POLICY && r.regions === regions);
  const anchors = <R extends DetectionRun | PooledRun>(list: readonly R[], regions: number) =>
    list.filter((r) => r.regions === regions && isAnchor(r)).map(figuresOf);
  return [
    {
      label: 'main seed',
      ours: (regions) => {
        if (missing !== null) return missing;
        const run = pick(runs, regions);
        return run ? figuresOf(run) : 'not measured: our policy did not run';
      },
      anchors: (regions) => anchors(runs, regions),
    },
    {
      label: 'pooled',
      ours: (regions) => {
        if (missing !== null) return missing;
        if (pooled === undefined) return 'not run (full runs only)';
        const run = pick(pooled, regions);
        return run ? figuresOf(run) : 'not measured: our policy did not run';
      },
      anchors: (regions) => (pooled === undefined ? [] : anchors(pooled, regions)),
    },
  ];
}

/** What a goal's note may read: the trade-off tables of a full run. */
interface NoteContext {
  readonly tradeOffs: TradeOffs;
  readonly scope: Scope['label'];
  readonly anchors: readonly Figures[];
}

interface Goal {
  readonly id: string;
  readonly description: string;
  readonly target: (anchors: readonly Figures[]) => string;
  readonly value: (f: Figures) => number | null;
  readonly pass: (value: number, anchors: readonly Figures[]) => boolean;
  readonly unit?: string;
  /** What the trade-off tables say about this target (3 regions only). */
  readonly note?: (context: NoteContext) => string | undefined;
}

export const FLAPPING_LIMIT = 3;
export const ALL_CLEAR_P95_LIMIT_S = 150;

/** The floor at the flapping target's budget, and the budget any monitor needs to beat the best anchor. */
function insideFlappingNote({ tradeOffs, scope, anchors }: NoteContext): string | undefined {
  const inside = (row: TradeOffs['floor'][number]) =>
    scope === 'pooled' ? row.wrongInside : row.wrongInsideMain;
  const floor = tradeOffs.floor.find((row) => row.budget === FLAPPING_LIMIT);
  if (floor === undefined || anchors.length === 0) return undefined;
  const best = Math.min(...anchors.map((a) => a.wrongInside));
  const needed = tradeOffs.floor.find((row) => inside(row) < best)?.budget ?? null;
  const biggest = tradeOffs.floor.at(-1)?.budget ?? FLAPPING_LIMIT;
  return (
    `hindsight floor with ≤ ${FLAPPING_LIMIT} notifications per flapping hour: ${inside(floor)}; ` +
    `under ${best} needs ${needed === null ? `more than ${biggest}` : `≥ ${needed}`} per hour, even with hindsight`
  );
}

/** Our sweeps of the holds: what the all-clear costs at ≤ 3 per flapping hour, and the other way round. */
function flappingNote({ tradeOffs }: NoteContext): string | undefined {
  const rows = tradeOffs.holds.map((h) => ({
    label: `${h.setting} ${h.seconds}`,
    p95: h.run.recoveryS.p95 ?? Number.POSITIVE_INFINITY,
    flap: h.run.notificationsPerFlappingHour ?? Number.POSITIVE_INFINITY,
  }));
  if (rows.length === 0) return undefined;
  const quiet = rows.filter((h) => h.flap <= FLAPPING_LIMIT);
  const fast = rows.filter((h) => h.p95 <= ALL_CLEAR_P95_LIMIT_S);
  const both = quiet.filter((h) => h.p95 <= ALL_CLEAR_P95_LIMIT_S);
  if (both.length > 0)
    return `met with all-clear p95 ≤ ${ALL_CLEAR_P95_LIMIT_S} s by ${both.map((h) => h.label).join(', ')} (pooled)`;
  const fewest = fast.length > 0 ? Math.min(...fast.map((h) => h.flap)) : null;
  const fastest = quiet.length > 0 ? Math.min(...quiet.map((h) => h.p95)) : null;
  return (
    `none of the ${rows.length} swept holds meets this and all-clear p95 ≤ ${ALL_CLEAR_P95_LIMIT_S} s (pooled): ` +
    `${fewest === null ? 'none keeps that p95' : `those that keep that p95 give ≥ ${fewest}`}, ` +
    `${fastest === null ? `none gets to ≤ ${FLAPPING_LIMIT}` : `those at ≤ ${FLAPPING_LIMIT} give all-clear p95 ≥ ${fastest} s`}`
  );
}

const atMost = (
  id: string,
  description: string,
  limit: number,
  value: (f: Figures) => number | null,
  unit = '',
): Goal => ({
  id,
  description,
  target: () => (limit === 0 ? '0' : `≤ ${limit}${unit}`),
  value,
  pass: (v) => v <= limit,
  unit,
});

/** Fewer than every anchor: the anchors' lowest figure is the bar. */
const belowAnchors = (id: string, description: string, value: (f: Figures) => number): Goal => ({
  id,
  description,
  target: (anchors) => {
    const best = Math.min(...anchors.map(value));
    return anchors.length === 0 ? '< every anchor' : `< ${best} (best anchor)`;
  },
  value,
  pass: (v, anchors) => anchors.length > 0 && anchors.every((a) => v < value(a)),
});

/** The issue's targets for 3 regions at 60 s, each on the main seed and pooled over the seeds. */
const GOALS: readonly Goal[] = [
  atMost('detect-p50', 'time to detect p50', 20, (f) => f.detectP50, ' s'),
  atMost('detect-p95', 'time to detect p95', 45, (f) => f.detectP95, ' s'),
  atMost('all-clear-p50', 'all-clear p50', 90, (f) => f.clearP50, ' s'),
  atMost('all-clear-p95', 'all-clear p95', ALL_CLEAR_P95_LIMIT_S, (f) => f.clearP95, ' s'),
  atMost('all-clear-max', 'worst all-clear', 300, (f) => f.clearMax, ' s'),
  {
    ...atMost('flapping', 'notifications per flapping hour', FLAPPING_LIMIT, (f) => f.flapping),
    note: flappingNote,
  },
  atMost('false-alerts', 'false alerts', 0, (f) => f.falseAlerts),
  atMost('missed', 'missed outages ≥ 2 min', 0, (f) => f.missed),
  atMost('premature', 'premature all-clears', 0, (f) => f.premature),
  atMost('spurious', 'spurious notifications', 0, (f) => f.spurious),
  belowAnchors(
    'wrong-outside',
    'minutes told the wrong status per 30 days, outside flapping',
    (f) => f.wrongOutside,
  ),
  {
    ...belowAnchors(
      'wrong-inside',
      'minutes told the wrong status per 30 days, inside flapping',
      (f) => f.wrongInside,
    ),
    note: insideFlappingNote,
  },
];

function check(goal: Goal, scope: Scope, regions: number, tradeOffs?: TradeOffs): TargetCheck {
  const id = `${goal.id}-${regions}${scope.label === 'pooled' ? '-pooled' : ''}`;
  const description = `${goal.description}, ${regions} regions, ${scope.label}`;
  const anchors = scope.anchors(regions);
  const target = goal.target(anchors);
  const note =
    tradeOffs !== undefined && regions === 3
      ? goal.note?.({ tradeOffs, scope: scope.label, anchors })
      : undefined;
  const ours = scope.ours(regions);
  if (typeof ours === 'string') return { id, description, target, actual: ours, pass: null };
  const v = goal.value(ours);
  if (v === null) return { id, description, target, actual: 'no data', pass: false };
  return {
    id,
    description,
    target,
    actual: `${v}${goal.unit ?? ''}`,
    pass: goal.pass(v, anchors),
    ...(note !== undefined && { note }),
  };
}

/** Our policy and the probe bundle against the targets of the benchmark. */
export function evaluateTargets(inputs: Inputs): TargetCheck[] {
  const out: TargetCheck[] = [];
  const d = inputs.detection;
  const tradeOffs = d === undefined || failed(d) ? undefined : d.tradeOffs;
  for (const scope of scopes(inputs)) for (const goal of GOALS) out.push(check(goal, scope, 3, tradeOffs));
  // Five regions: the guarantees, on the main seed.
  const [main] = scopes(inputs);
  for (const id of ['false-alerts', 'missed', 'flapping', 'spurious']) {
    const goal = GOALS.find((g) => g.id === id);
    if (goal && main) out.push(check(goal, main, 5));
  }
  const bundles = inputs.bundles;
  const probe =
    bundles === undefined || failed(bundles) ? undefined : bundles.functions.find((f) => f.name === 'probe');
  const bundleTarget = `≤ ${PROBE_BUNDLE_LIMIT_KB} kB`;
  if (bundles === undefined) {
    out.push({
      id: 'probe-bundle',
      description: 'probe bundle, minified',
      target: bundleTarget,
      actual: 'not run',
      pass: null,
    });
  } else if (failed(bundles) || !probe || (probe.error !== null && probe.bytes === 0)) {
    const why = failed(bundles)
      ? bundles.error
      : probe
        ? (probe.error ?? '')
        : 'functions/probe/handler.ts not found';
    out.push({
      id: 'probe-bundle',
      description: 'probe bundle, minified',
      target: bundleTarget,
      actual: `not measured: ${why}`,
      pass: null,
    });
  } else {
    out.push({
      id: 'probe-bundle',
      description: 'probe bundle, minified',
      target: bundleTarget,
      actual: `${probe.kB} kB`,
      pass: probe.kB <= PROBE_BUNDLE_LIMIT_KB,
    });
  }
  return out;
}

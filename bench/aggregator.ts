import { performance } from 'node:perf_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { configWindows, evaluatorFactory } from '../functions/compose/aggregator.js';
import { dynamoFleetStores } from '../functions/compose/fleet-stores.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from '../local/embedded-dynamo.js';
import type { AlertPublisher } from '../shared/alerts/alert-publisher.js';
import { parseFleetConfig, resolvePolicy } from '../shared/config/fleet-config.js';
import type { TargetEvaluator } from '../shared/consensus/evaluate-target.js';
import type { ProbeTrigger } from '../shared/probe/probe-trigger.js';
import type { ProbeStatus } from '../shared/types.js';
import type { AggregatorFigures, AggregatorRow } from './results.js';
import { linearFit, percentile, round } from './stats.js';
import { probeResult } from './support/probe-results.js';

const TARGET = 'svc-wsdl';
const INTERVAL_MS = 60_000;

/** Counts the commands a DynamoDB client sends (every request, including the document client's). */
export function countCommands(client: DynamoDBClient): {
  readonly counts: Record<string, number>;
  reset(): void;
} {
  const counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCommandCounter' },
  );
  return {
    counts,
    reset() {
      for (const key of Object.keys(counts)) delete counts[key];
    },
  };
}

const publisher: AlertPublisher = { publish: async (t) => `bench-${t.at}` };
const trigger: ProbeTrigger = { trigger: async () => undefined };

function perEvaluation(counts: Record<string, number>, evaluations: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => [name.replace(/Command$/, ''), round(n / evaluations, 2)]),
  );
}

interface Bench {
  readonly evaluator: TargetEvaluator;
  readonly counter: ReturnType<typeof countCommands>;
  readonly regions: number;
  /** Stores one result of `status` for every region, checked at `at`. */
  record(status: ProbeStatus, at: number): Promise<void>;
  /** Moves the fleet's clock on by `ms` and returns the new time. */
  advance(ms: number): number;
}

/** The shipped `TargetEvaluator`, assembled as the aggregator function does, on DynamoDB stores (dynalite). */
function benchOn(db: EmbeddedDynamo, regions: number): Bench {
  const counter = countCommands(db.client);
  const names = Array.from({ length: regions }, (_, i) => `region-${String(i + 1).padStart(2, '0')}`);
  const stores = dynamoFleetStores({ doc: db.doc, tableName: db.tableName });
  let now = Date.UTC(2026, 2, 16, 3, 0, 0);
  const config = parseFleetConfig({});
  const evaluator = evaluatorFactory({
    stores,
    publisher,
    trigger,
    policy: resolvePolicy(config),
    regions: names,
    // Read on every evaluation, as the deployed aggregator does (none configured here).
    windows: configWindows(config),
    clock: () => new Date(now),
  })();
  const record = async (status: ProbeStatus, at: number) => {
    for (const region of names) {
      await stores.results.put(
        probeResult({
          targetId: TARGET,
          region,
          status,
          reason: status === 'up' ? 'ok' : 'timeout',
          checkedAt: new Date(at).toISOString(),
        }),
      );
    }
  };
  const advance = (ms: number) => {
    now += ms;
    return now;
  };
  return { evaluator, counter, regions, record, advance };
}

/** Steady state: consensus up, nothing to publish; the requests and time of each evaluation. */
async function measureSteady(bench: Bench, evaluations: number) {
  const { evaluator, counter, regions } = bench;
  // Two results per region (evaluations read the latest two), then a few evaluations to settle on `up`.
  await bench.record('up', bench.advance(0) - INTERVAL_MS);
  await bench.record('up', bench.advance(0) - 1000);
  for (let i = 0; i < 3; i++) {
    bench.advance(1);
    await evaluator.evaluate(TARGET);
  }
  counter.reset();
  const times: number[] = [];
  for (let i = 0; i < evaluations; i++) {
    bench.advance(1);
    const started = performance.now();
    const report = await evaluator.evaluate(TARGET);
    times.push(performance.now() - started);
    if (report.status !== 'up' || report.transitions.length > 0 || report.superseded) {
      throw new Error(`steady evaluation at ${regions} regions: ${report.status}, ${report.rule}`);
    }
  }
  return { counts: { ...counter.counts }, times };
}

/**
 * Outage cycles: every region down twice in a row, then up again past the recovery hold. The evaluation that
 * decides `down` records and publishes the transition; its requests and time are measured, cycle by cycle.
 */
async function measureTransitions(bench: Bench, cycles: number) {
  const { evaluator, counter, regions } = bench;
  const times: number[] = [];
  let counts: Record<string, number> = {};
  for (let cycle = 0; cycle < cycles; cycle++) {
    const now = bench.advance(0);
    await bench.record('down', now + 1000);
    await bench.record('down', now + 2000);
    bench.advance(3000);
    counter.reset();
    const started = performance.now();
    const report = await evaluator.evaluate(TARGET);
    times.push(performance.now() - started);
    if (report.transitions.length !== 1 || report.delivery.published.length !== 1) {
      throw new Error(`transition evaluation at ${regions} regions: ${report.status}, ${report.rule}`);
    }
    counts = { ...counter.counts };
    // Back up: two up results, a first evaluation starts the recovery hold, one after it ends recovers.
    const down = bench.advance(0);
    await bench.record('up', down + 1000);
    await bench.record('up', down + 2000);
    bench.advance(3000);
    await evaluator.evaluate(TARGET);
    const later = bench.advance(16 * 60_000);
    await bench.record('up', later - 1000);
    await bench.record('up', later - 500);
    const recovered = await evaluator.evaluate(TARGET);
    if (recovered.status !== 'up') throw new Error(`recovery at ${regions} regions: ${recovered.rule}`);
    bench.advance(60 * 60_000);
  }
  return { counts, times };
}

/** The shipped `TargetEvaluator` on DynamoDB stores, against dynalite, with `regions` probe regions. */
async function measureRegions(
  regions: number,
  evaluations: number,
  transitionCycles: number,
): Promise<AggregatorRow> {
  const db = await startEmbeddedDynamo();
  try {
    const bench = benchOn(db, regions);
    const steady = await measureSteady(bench, evaluations);
    const transition = await measureTransitions(bench, transitionCycles);
    const total = Object.values(steady.counts).reduce((sum, n) => sum + n, 0);
    return {
      regions,
      evaluations,
      requestsPerEvaluation: round(total / evaluations, 2),
      byCommand: perEvaluation(steady.counts, evaluations),
      medianMs: round(percentile(steady.times, 50) ?? 0, 2),
      p95Ms: round(percentile(steady.times, 95) ?? 0, 2),
      withTransition: {
        evaluations: transitionCycles,
        requests: Object.values(transition.counts).reduce((sum, n) => sum + n, 0),
        byCommand: perEvaluation(transition.counts, 1),
        medianMs: round(percentile(transition.times, 50) ?? 0, 2),
      },
    };
  } finally {
    await db.close();
  }
}

export async function measureAggregator(options: {
  readonly quick: boolean;
  readonly progress: (line: string) => void;
}): Promise<AggregatorFigures> {
  const rows: AggregatorRow[] = [];
  for (const regions of [3, 10, 30]) {
    options.progress(`aggregator: ${regions} regions against dynalite`);
    rows.push(await measureRegions(regions, options.quick ? 15 : 60, options.quick ? 3 : 10));
  }
  return {
    rows,
    fit: linearFit(rows.map((r) => [r.regions, r.requestsPerEvaluation])),
    note:
      'Steady state (consensus up, nothing to publish). An evaluation reads the latest two results of each ' +
      'region (one Query per region), the state (GetItem), saves it conditionally (PutItem) and checks the ' +
      'outbox; a transition adds its record, publish and mark-sent.',
  };
}

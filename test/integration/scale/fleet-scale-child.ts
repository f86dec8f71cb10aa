/**
 * Runs in its own Node process, so that its peak resident memory is the functions' alone: the probe handler of
 * each region (one after the other, as separate functions would) and then the aggregator's sweep, twice, against
 * the dynalite and fixture servers of the parent test. Prints one JSON line of figures.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAggregatorHandler } from '../../../functions/aggregator/create-aggregator-handler.js';
import { createProbeHandler } from '../../../functions/probe/create-probe-handler.js';
import { fleetDocumentClient } from '../../../shared/adapters/aws/document-client.js';
import { DynamoResultStore } from '../../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoTransitionStore } from '../../../shared/adapters/aws/dynamo-transition-store.js';
import {
  type FleetConfigInput,
  parseFleetConfig,
  resolvePolicy,
} from '../../../shared/config/fleet-config.js';
import { TargetEvaluator } from '../../../shared/consensus/evaluate-target.js';
import { PrefetchedStateStore } from '../../../shared/store/prefetched-state-store.js';

const MiB = 1024 * 1024;
const job = JSON.parse(process.argv[2] ?? '{}') as {
  endpoint: string;
  tableName: string;
  config: FleetConfigInput;
  probeTimeoutMs: number;
};
const config = parseFleetConfig(job.config);
const client = new DynamoDBClient({
  endpoint: job.endpoint,
  region: config.homeRegion,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const doc = fleetDocumentClient(client);
const logger = new Logger({ logLevel: 'SILENT' });

class DiscardedMetrics extends Metrics {
  override publishStoredMetrics(): this {
    this.clearMetrics();
    return this;
  }
}

const probe: { region: string; ms: number; results: number; skipped: number; up: number }[] = [];
for (const region of config.probeRegions) {
  const handler = createProbeHandler({
    config,
    region,
    store: new DynamoResultStore({ client: doc, tableName: job.tableName }),
    logger,
  });
  const started = performance.now();
  const deadline = Date.now() + job.probeTimeoutMs;
  const summary = await handler(
    { source: 'schedule' },
    { getRemainingTimeInMillis: () => deadline - Date.now() },
  );
  probe.push({
    region,
    ms: Math.round(performance.now() - started),
    results: summary.results.length,
    skipped: summary.skipped.length,
    up: summary.results.filter((r) => r.status === 'up').length,
  });
}
const afterProbesMiB = process.resourceUsage().maxRSS / 1024;

const results = new DynamoResultStore({ client: doc, tableName: job.tableName });
const states = new DynamoStateStore({ client: doc, tableName: job.tableName });
const transitions = new DynamoTransitionStore({ client: doc, tableName: job.tableName });
let published = 0;
const aggregator = createAggregatorHandler({
  targetIds: config.targets.map((t) => t.id),
  readStates: (ids) => states.getMany(ids),
  evaluatorFor: (owner, prefetched) =>
    new TargetEvaluator({
      results,
      states: prefetched === undefined ? states : new PrefetchedStateStore(states, prefetched),
      transitions,
      publisher: { publish: async () => `message-${++published}` },
      policy: resolvePolicy(config),
      regions: config.probeRegions,
      owner,
    }),
  logger,
  metrics: new DiscardedMetrics({ namespace: 'EfakturFleet' }),
});
const sweep: { ms: number; evaluated: number }[] = [];
for (let i = 0; i < 2; i++) {
  const started = performance.now();
  const summary = (await aggregator({ source: 'sweep', scheduledTime: new Date().toISOString() })) as {
    evaluated: string[];
  };
  sweep.push({ ms: Math.round(performance.now() - started), evaluated: summary.evaluated.length });
}
const stored = await states.getMany(config.targets.map((t) => t.id));
client.destroy();
process.stdout.write(
  `${JSON.stringify({
    probe,
    sweep,
    statesStored: [...stored.values()].filter((s) => s !== null).length,
    statuses: [...new Set([...stored.values()].map((s) => s?.status))],
    afterProbesMiB: Math.round(afterProbesMiB),
    peakMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineMiB: Math.round(process.memoryUsage().rss / MiB),
  })}\n`,
);

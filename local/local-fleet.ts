import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { useAggregatorDimensions } from '../functions/aggregator/aggregator-metrics.js';
import { createAggregatorHandler } from '../functions/aggregator/create-aggregator-handler.js';
import { createProbeHandler } from '../functions/probe/create-probe-handler.js';
import { useProbeDimensions } from '../functions/probe/probe-metrics.js';
import { DynamoResultStore } from '../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../shared/adapters/aws/dynamo-state-store.js';
import { DynamoSubscriptionStore } from '../shared/adapters/aws/dynamo-subscription-store.js';
import { DynamoTransitionStore } from '../shared/adapters/aws/dynamo-transition-store.js';
import { SnsAlertPublisher } from '../shared/adapters/aws/sns-alert-publisher.js';
import { SnsEmailSubscriber } from '../shared/adapters/aws/sns-email-subscriber.js';
import { createLocalApiServer } from '../shared/adapters/node/local-server.js';
import { formatAlert } from '../shared/alerts/format-message.js';
import { createStatusApi } from '../shared/api/status-api.js';
import { MemoryEmailSubscriber } from '../shared/api/subscriptions/memory-email-subscriber.js';
import { MemoryRateLimiter } from '../shared/api/subscriptions/memory-rate-limiter.js';
import { MemorySubscriptionStore } from '../shared/api/subscriptions/memory-subscription-store.js';
import { SubscriptionService } from '../shared/api/subscriptions/subscription-service.js';
import { type FleetConfig, resolvePolicy } from '../shared/config/fleet-config.js';
import { TargetEvaluator } from '../shared/consensus/evaluate-target.js';
import { configWindowsOf, MemoryMaintenanceWindowSource } from '../shared/maintenance/window-sources.js';
import { METRICS } from '../shared/metric-names.js';
import type { ProbeDeps } from '../shared/probe/probe-target.js';
import { probeUserAgent } from '../shared/probe/user-agent.js';
import type { ConsensusPolicy } from '../shared/types.js';
import { ConsoleFileAlertPublisher } from './console-file-alert-publisher.js';
import { describeEvaluation } from './describe-evaluation.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from './embedded-dynamo.js';
import { type FleetTimeline, realTimeline } from './fleet-timeline.js';
import { assertChannelSecrets, LocalChannels } from './local-channels.js';
import { LocalProbeTrigger } from './local-probe-trigger.js';
import { LocalStream } from './local-stream.js';
import { ObservedResultStore, ObservedStateStore } from './observed-stores.js';
import { type BurstAsk, ProbeScheduler, type RoundReason } from './probe-scheduler.js';
import { answeringSubscriptionsLocally, ReportingEmailSubscriber } from './reporting-email-subscriber.js';
import { connectSns, type SnsConnection } from './sns-connection.js';
import { FleetModel, type FleetSnapshot } from './view/fleet-snapshot.js';

/** What the fleet tells the person running it; the terminal view implements it. */
export interface FleetReporter {
  /** A line that matters on its own: an alert, a warning, a failed round. */
  log(line: string): void;
  /** Something in the snapshot changed. */
  changed(): void;
}

export interface LocalFleetOptions {
  readonly config: FleetConfig;
  /**
   * A probe interval below the configuration's 5 s minimum, for tests only (the CLI never sets it): the
   * consensus freshness and the API's staleness scale with it as they do with the configured interval.
   */
  readonly intervalMs?: number;
  /** Port of the status API on `host`; 0 picks a free one. */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** The database folder; `null` keeps it in memory. */
  readonly dataDir: string | null;
  /** The JSON-lines file alerts are appended to. */
  readonly outboxFile: string;
  /** Also publish alerts to this SNS topic (the default AWS credential chain signs the calls). */
  readonly snsTopicArn?: string;
  /** Product version, for the probes' User-Agent. */
  readonly version: string;
  readonly reporter: FleetReporter;
  /** How long a stop waits for probe rounds in progress before abandoning them. @default 3000 */
  readonly shutdownGraceMs?: number;
  /**
   * When rounds and sweeps run, and the time every clock of the fleet reads (results, consensus, alerts, API).
   * Tests pass a `DrivenTimeline` to step the fleet deterministically; the CLI keeps real time. @default realTimeline
   */
  readonly timeline?: FleetTimeline;
  /** Where channel secrets are read from (environment variables named in the configuration). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Print what chat channels and webhooks would be sent instead of sending it. */
  readonly channelsDryRun?: boolean;
}

export interface StopSummary {
  /** Regions whose round was abandoned (its results are not stored). */
  readonly abandoned: readonly string[];
}

export interface LocalFleet {
  /** `http://127.0.0.1:<port>` */
  readonly apiUrl: string;
  /** The configuration in force (with the test interval, if any). */
  readonly config: FleetConfig;
  readonly policy: ConsensusPolicy;
  readonly intervalMs: number;
  /** How often the aggregator sweeps every target besides evaluating after each result. */
  readonly sweepMs: number;
  readonly phaseOffsetsMs: readonly number[];
  /** Database folder, or `null` in memory. */
  readonly databasePath: string | null;
  readonly outboxFile: string;
  /** The fleet's time (its timeline's). */
  now(): Date;
  snapshot(): FleetSnapshot;
  stop(): Promise<StopSummary>;
}

/** The status API's port is taken. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`${host}:${port} is already in use; stop what holds it or pass --port`);
    this.name = 'PortInUseError';
  }
}

/** The aggregator sweeps on a one-minute schedule in AWS; locally the sweep follows shorter intervals. */
export function sweepIntervalMs(intervalMs: number): number {
  return Math.min(60_000, Math.max(1000, intervalMs));
}

/** Powertools metrics go to CloudWatch as EMF on stdout; locally there is no CloudWatch, so they are dropped. */
class DiscardedMetrics extends Metrics {
  override publishStoredMetrics(): this {
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Starts the whole fleet in this process: the embedded table, one probe function per logical region on its
 * staggered phase, the aggregator function fed by a local stream of the stored results and by its sweep,
 * alerts to the console and a file (and SNS), and the status API on node:http.
 */
export async function startLocalFleet(options: LocalFleetOptions): Promise<LocalFleet> {
  const intervalMs = options.intervalMs ?? options.config.probeIntervalSeconds * 1000;
  // Everything downstream (policy, API staleness) derives its timings from the configuration's interval.
  const config: FleetConfig = { ...options.config, probeIntervalSeconds: intervalMs / 1000 };
  const policy = resolvePolicy(config);
  const sweepMs = sweepIntervalMs(intervalMs);
  const { reporter } = options;
  assertChannelSecrets(config, options.env ?? {}, options.channelsDryRun ?? false);
  const timeline = options.timeline ?? realTimeline;
  const clock = () => new Date(timeline.now());
  const host = options.host ?? '127.0.0.1';
  const targets = config.targets.map((t) => ({ id: t.id, name: t.name }));
  const model = new FleetModel(targets, config.probeRegions, policy);
  const silent = (serviceName: string) => new Logger({ serviceName, logLevel: 'SILENT' });
  let stopping = false;
  let invocations = 0;
  let apiUrl = '';

  const sns: SnsConnection | null =
    options.snsTopicArn === undefined
      ? null
      : await connectSns(options.snsTopicArn, (line) => reporter.log(line));
  const dynamo: EmbeddedDynamo = await startEmbeddedDynamo(
    options.dataDir === null ? {} : { dataDir: options.dataDir },
  );
  const { tableName } = dynamo;

  // Stores: the deployed adapters on the embedded table, observed to feed the view and the local stream.
  const resultStore = new DynamoResultStore({
    client: dynamo.doc,
    tableName,
    retentionDays: config.resultRetentionDays,
  });
  const told = new Set<string>();
  const stateStore = new ObservedStateStore(
    new DynamoStateStore({ client: dynamo.doc, tableName }),
    (state) => {
      model.recordState(state);
      // A saved state carries its new transitions in its outbox: tell each once, before its alert goes out.
      for (const t of state.outbox) {
        const key = `${t.targetId}\u0000${t.at}`;
        if (told.has(key)) continue;
        told.add(key);
        const audience = t.audience === 'ops' ? ' — for operators only: subscribers are not alerted' : '';
        reporter.log(`${t.targetId}: consensus ${t.from} → ${t.to} (rule ${t.rule})${audience}`);
      }
      reporter.changed();
    },
  );
  const transitionStore = new DynamoTransitionStore({ client: dynamo.doc, tableName });
  const stream = new LocalStream(
    async (batch) => {
      const response = await aggregator(batch, { awsRequestId: `local-stream-${++invocations}` });
      const failed = 'batchItemFailures' in response ? response.batchItemFailures.length : 0;
      if (failed > 0 && !stopping) {
        reporter.log(`aggregator: ${failed} target(s) not evaluated; the sweep retries`);
      }
    },
    (error) => {
      if (!stopping) reporter.log(`aggregator: ${message(error)}`);
    },
    undefined,
    () => timeline.now(),
  );
  const probeStore = new ObservedResultStore(resultStore, (result) => {
    model.recordResult(result);
    reporter.changed();
    stream.push(result);
  });

  // Alerts: the message formatting of the deployed publisher, to the console and the outbox file (and SNS).
  const names = Object.fromEntries(config.targets.map((t) => [t.id, t.name]));
  const publisher = new ConsoleFileAlertPublisher({
    file: options.outboxFile,
    print: (text) => reporter.log(text),
    render: (transition) => {
      // The file records what SNS sent, which links only to a public status API; a local link suits the console.
      const statusUrl = config.statusUrl ?? (sns ? undefined : apiUrl);
      const alert = formatAlert(transition, {
        locale: config.locale,
        targetName: names[transition.targetId] ?? transition.targetId,
        ...(statusUrl !== undefined && { statusUrl }),
        oneMachine: true,
      });
      return { subject: alert.subject, text: alert.email, sms: alert.sms };
    },
    now: clock,
    ...(sns && {
      forward: new SnsAlertPublisher({
        client: sns.client,
        topicArn: sns.topicArn,
        locale: config.locale,
        targetNames: names,
        oneMachine: true,
        ...(config.statusUrl !== undefined && { statusUrl: config.statusUrl }),
      }),
    }),
  });

  // Chat channels and webhooks get each transition after it is published, as the deployed notifier does.
  const channels =
    config.channels.length === 0
      ? null
      : new LocalChannels({
          config,
          env: options.env ?? {},
          timeline,
          dryRun: options.channelsDryRun ?? false,
          log: (line) => reporter.log(line),
          deadLetterFile: join(dirname(options.outboxFile), 'channel-dead-letters.jsonl'),
          statusUrl: () => (sns ? undefined : apiUrl),
        });
  const alerts = channels === null ? publisher : channels.forwarding(publisher);

  // The aggregator function, evaluating with the shared TargetEvaluator; bursts call the logical regions.
  const windows = new MemoryMaintenanceWindowSource(configWindowsOf(config.maintenance));
  const trigger = new LocalProbeTrigger({
    burst: (region, targetId, requestedBy) => scheduler.request(region, { targetId, requestedBy }),
  });
  const aggregator = createAggregatorHandler({
    targetIds: targets.map((t) => t.id),
    evaluatorFor: (owner) => {
      const evaluator = new TargetEvaluator({
        results: resultStore,
        states: stateStore,
        transitions: transitionStore,
        publisher: alerts,
        trigger,
        policy,
        regions: config.probeRegions,
        windows,
        clock,
        owner,
        // A flush takes milliseconds here; a lease no longer than the sweep lets the sweep retry promptly.
        leaseMs: sweepMs,
      });
      return {
        evaluate: async (targetId: string) => {
          try {
            const report = await evaluator.evaluate(targetId);
            for (const line of describeEvaluation(report)) reporter.log(line);
            return report;
          } catch (error) {
            if (!stopping) reporter.log(`aggregator: evaluation of ${targetId} failed: ${message(error)}`);
            throw error;
          }
        },
      };
    },
    logger: silent('efaktur-aggregator'),
    metrics: useAggregatorDimensions(new DiscardedMetrics({ namespace: METRICS.namespace })),
  });

  // One probe function per logical region; each names its region in its User-Agent.
  const probes = new Map(
    config.probeRegions.map((region) => {
      // Latency stays on the monotonic clock (`degradedAfterMs` is real time); `startedAt` reads the fleet's.
      const probe: ProbeDeps = { userAgent: probeUserAgent(region, options.version), now: clock };
      const handler = createProbeHandler({
        config,
        region,
        store: probeStore,
        logger: silent('efaktur-probe'),
        metrics: useProbeDimensions(new DiscardedMetrics({ namespace: METRICS.namespace }), region),
        probe,
        clock,
      });
      return [region, handler] as const;
    }),
  );
  const runRound = async (region: string, reason: RoundReason, asks: readonly BurstAsk[]) => {
    const probe = probes.get(region);
    if (!probe) return;
    model.setProbing(region, true);
    reporter.changed();
    try {
      const targetIds = [...new Set(asks.map((a) => a.targetId))];
      // The payloads of the deployed schedule and of a burst invoke.
      const event =
        reason === 'burst'
          ? {
              source: 'burst',
              ...(targetIds.length === 1 && { targetId: targetIds[0] }),
              requestedBy: [...new Set(asks.map((a) => a.requestedBy))].join(', ').slice(0, 200),
            }
          : { source: 'schedule' };
      await probe(event);
      if (stopping) return;
      // The round is over once the aggregator has seen its results, so a stop leaves no evaluation behind.
      await stream.drained();
    } finally {
      model.setProbing(region, false);
      reporter.changed();
    }
  };
  const scheduler = new ProbeScheduler({
    regions: config.probeRegions,
    intervalMs,
    runRound,
    timeline,
    onError: (region, error) => {
      if (!stopping) reporter.log(`probe ${region}: ${message(error)}`);
    },
  });

  // The status API, with local subscriptions (memory, or the SNS topic when one is given).
  const api = createStatusApi({
    config,
    states: stateStore,
    transitions: transitionStore,
    results: resultStore,
    subscriptions: new SubscriptionService({
      subscriber: new ReportingEmailSubscriber(
        sns
          ? new SnsEmailSubscriber({ client: sns.client, topicArn: sns.topicArn })
          : new MemoryEmailSubscriber(),
        (line) => reporter.log(line),
        sns !== null,
      ),
      store: sns
        ? new DynamoSubscriptionStore({ client: dynamo.doc, tableName })
        : new MemorySubscriptionStore(),
      limiter: new MemoryRateLimiter(),
      now: clock,
    }),
    now: clock,
    logger: {
      error: (line, details) => reporter.log(`api: ${line}${details ? ` ${JSON.stringify(details)}` : ''}`),
    },
  });
  const server = createLocalApiServer(sns ? api : answeringSubscriptionsLocally(api));
  try {
    const port = await listen(server, options.port, host);
    apiUrl = `http://${host}:${port}`;
  } catch (error) {
    await dynamo.close();
    sns?.client.destroy();
    throw error;
  }

  let sweeping: Promise<unknown> | null = null;
  const cancelSweep = timeline.every(
    sweepMs,
    async () => {
      if (sweeping) return; // the previous sweep is still running
      const run = aggregator({ source: 'sweep' }, { awsRequestId: `local-sweep-${++invocations}` })
        .catch((error: unknown) => {
          if (!stopping) reporter.log(`aggregator sweep: ${message(error)}`);
        })
        .finally(() => {
          sweeping = null;
        });
      sweeping = run;
      await run;
    },
    'sweep',
  );
  scheduler.start();

  return {
    apiUrl,
    config,
    policy,
    intervalMs,
    sweepMs,
    phaseOffsetsMs: config.probeRegions.map((_, i) => scheduler.phaseOffsetMs(i)),
    databasePath: dynamo.path,
    outboxFile: options.outboxFile,
    now: clock,
    snapshot: () => model.snapshot(),
    stop: async () => {
      if (stopping) return { abandoned: [] };
      stopping = true;
      cancelSweep();
      channels?.stop();
      const { abandoned } = await scheduler.stop(options.shutdownGraceMs ?? 3000);
      // Late writes of abandoned rounds are refused: a result is either stored and evaluated, or not at all.
      probeStore.close();
      await stream.drained();
      await sweeping;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await dynamo.close();
      sns?.client.destroy();
      return { abandoned };
    },
  };
}

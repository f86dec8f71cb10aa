import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { composeAggregator, type EvaluationStores } from '../functions/compose/aggregator.js';
import { snsAlertPublisher, targetNames } from '../functions/compose/alert-publisher.js';
import { dynamoFleetStores } from '../functions/compose/fleet-stores.js';
import { composeProbeSet } from '../functions/compose/probes.js';
import { silentSinks } from '../functions/compose/silent-sinks.js';
import { DynamoMaintenanceWindowStore } from '../shared/adapters/aws/dynamo-maintenance-window-store.js';
import { DynamoSubscriptionStore } from '../shared/adapters/aws/dynamo-subscription-store.js';
import { SnsEmailSubscriber } from '../shared/adapters/aws/sns-email-subscriber.js';
import { createLocalApiServer } from '../shared/adapters/node/local-server.js';
import type { AlertPublisher } from '../shared/alerts/alert-publisher.js';
import { formatAlert } from '../shared/alerts/format-message.js';
import { createStatusApi } from '../shared/api/status-api.js';
import { MemoryEmailSubscriber } from '../shared/api/subscriptions/memory-email-subscriber.js';
import { MemoryRateLimiter } from '../shared/api/subscriptions/memory-rate-limiter.js';
import { MemorySubscriptionStore } from '../shared/api/subscriptions/memory-subscription-store.js';
import { SubscriptionService } from '../shared/api/subscriptions/subscription-service.js';
import { type FleetConfig, resolvePolicy } from '../shared/config/fleet-config.js';
import { configuredWindows } from '../shared/maintenance/merged-window-source.js';
import type { ResultStore } from '../shared/store/result-store.js';
import type { ConsensusPolicy, ConsensusState } from '../shared/types.js';
import { ConsoleFileAlertPublisher } from './console-file-alert-publisher.js';
import { describeEvaluation } from './describe-evaluation.js';
import { type EmbeddedDynamo, startEmbeddedDynamo } from './embedded-dynamo.js';
import { type FleetTimeline, realTimeline } from './fleet-timeline.js';
import { assertChannelSecrets, LocalChannels } from './local-channels.js';
import { localGroupEvaluator } from './local-groups.js';
import { localMaintenance } from './local-maintenance.js';
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
  /** Enables the operator's maintenance routes for this bearer token. @default none (they answer 403) */
  readonly operatorToken?: string;
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

/** The fleet's settings, derived once from the options. */
interface FleetSettings {
  readonly options: LocalFleetOptions;
  readonly config: FleetConfig;
  readonly policy: ConsensusPolicy;
  readonly intervalMs: number;
  readonly sweepMs: number;
  readonly timeline: FleetTimeline;
  readonly clock: () => Date;
  readonly host: string;
  readonly reporter: FleetReporter;
}

/** What the parts share while the fleet runs; late-bound parts are set once built. */
interface FleetRuntime extends FleetSettings {
  readonly model: FleetModel;
  readonly dynamo: EmbeddedDynamo;
  readonly sns: SnsConnection | null;
  stopping: boolean;
  invocations: number;
  apiUrl: string;
  aggregator?: ReturnType<typeof composeAggregator>;
  scheduler?: ProbeScheduler;
}

function fleetSettings(options: LocalFleetOptions): FleetSettings {
  const intervalMs = options.intervalMs ?? options.config.probeIntervalSeconds * 1000;
  // Everything downstream (policy, API staleness) derives its timings from the configuration's interval.
  const config: FleetConfig = { ...options.config, probeIntervalSeconds: intervalMs / 1000 };
  assertChannelSecrets(config, options.env ?? {}, options.channelsDryRun ?? false);
  const timeline = options.timeline ?? realTimeline;
  return {
    options,
    config,
    policy: resolvePolicy(config),
    intervalMs,
    sweepMs: sweepIntervalMs(intervalMs),
    timeline,
    clock: () => new Date(timeline.now()),
    host: options.host ?? '127.0.0.1',
    reporter: options.reporter,
  };
}

async function startRuntime(settings: FleetSettings): Promise<FleetRuntime> {
  const { config, policy, options, reporter } = settings;
  const targets = config.targets.map((t) => ({ id: t.id, name: t.name }));
  const sns =
    options.snsTopicArn === undefined
      ? null
      : await connectSns(options.snsTopicArn, (line) => reporter.log(line));
  const dynamo = await startEmbeddedDynamo(options.dataDir === null ? {} : { dataDir: options.dataDir });
  const model = new FleetModel(targets, config.probeRegions, policy, config.groups);
  return { ...settings, model, dynamo, sns, stopping: false, invocations: 0, apiUrl: '' };
}

/** Tells each new transition once, before its alert goes out (a saved state carries them in its outbox). */
function transitionTeller(reporter: FleetReporter): (state: ConsensusState) => void {
  const told = new Set<string>();
  return (state) => {
    for (const t of state.outbox) {
      const key = `${t.targetId}\u0000${t.at}`;
      if (told.has(key)) continue;
      told.add(key);
      const audience = t.audience === 'ops' ? ' — for operators only: subscribers are not alerted' : '';
      reporter.log(`${t.targetId}: consensus ${t.from} → ${t.to} (rule ${t.rule})${audience}`);
    }
  };
}

/** The stream that feeds stored results to the aggregator, as DynamoDB Streams does when deployed. */
function localStream(rt: FleetRuntime): LocalStream {
  return new LocalStream(
    async (batch) => {
      if (!rt.aggregator) return;
      const response = await rt.aggregator(batch, { awsRequestId: `local-stream-${++rt.invocations}` });
      const failed = 'batchItemFailures' in response ? response.batchItemFailures.length : 0;
      if (failed > 0 && !rt.stopping) {
        rt.reporter.log(`aggregator: ${failed} target(s) not evaluated; the sweep retries`);
      }
    },
    (error) => {
      if (!rt.stopping) rt.reporter.log(`aggregator: ${message(error)}`);
    },
    undefined,
    () => rt.timeline.now(),
  );
}

/** The deployed adapters on the embedded table, observed to feed the view and the local stream. */
function observedStores(rt: FleetRuntime, stream: LocalStream) {
  const { model, reporter } = rt;
  const table = dynamoFleetStores({
    doc: rt.dynamo.doc,
    tableName: rt.dynamo.tableName,
    retentionDays: rt.config.resultRetentionDays,
  });
  const tell = transitionTeller(reporter);
  const states = new ObservedStateStore(table.states, (state) => {
    model.recordState(state);
    tell(state);
    reporter.changed();
  });
  const probeStore = new ObservedResultStore(table.results, (result) => {
    model.recordResult(result);
    reporter.changed();
    stream.push(result);
  });
  return { results: table.results, states, transitions: table.transitions, probeStore };
}

/** Alerts: the deployed publisher's wording, to the console and the outbox file (and SNS). */
function consoleFilePublisher(rt: FleetRuntime): ConsoleFileAlertPublisher {
  const { config, sns } = rt;
  const names = targetNames(config);
  return new ConsoleFileAlertPublisher({
    file: rt.options.outboxFile,
    print: (text) => rt.reporter.log(text),
    render: (transition) => {
      // The file records what SNS sent, which links only to a public status API; a local link suits the console.
      const statusUrl = config.statusUrl ?? (sns ? undefined : rt.apiUrl);
      const alert = formatAlert(transition, {
        locale: config.locale,
        targetName: names[transition.targetId] ?? transition.targetId,
        names,
        ...(statusUrl !== undefined && { statusUrl }),
        oneMachine: true,
        deadlines: config.deadlines,
      });
      return { subject: alert.subject, text: alert.email, sms: alert.sms };
    },
    now: rt.clock,
    ...(sns && { forward: snsAlertPublisher(config, { ...sns, oneMachine: true }) }),
  });
}

/** Chat channels and webhooks get each transition after it is published, as the deployed notifier does. */
function alertChain(rt: FleetRuntime): { publisher: AlertPublisher; channels: LocalChannels | null } {
  const publisher = consoleFilePublisher(rt);
  if (rt.config.channels.length === 0) return { publisher, channels: null };
  const channels = new LocalChannels({
    config: rt.config,
    env: rt.options.env ?? {},
    timeline: rt.timeline,
    dryRun: rt.options.channelsDryRun ?? false,
    log: (line) => rt.reporter.log(line),
    deadLetterFile: join(dirname(rt.options.outboxFile), 'channel-dead-letters.jsonl'),
    statusUrl: () => (rt.sns ? undefined : rt.apiUrl),
  });
  return { publisher: channels.forwarding(publisher), channels };
}

/** The aggregator function with the shared evaluator; bursts call the logical regions; each evaluation is told. */
function localAggregator(rt: FleetRuntime, stores: EvaluationStores, publisher: AlertPublisher) {
  const trigger = new LocalProbeTrigger({
    burst: (region, targetId, requestedBy) => rt.scheduler?.request(region, { targetId, requestedBy }),
  });
  return composeAggregator({
    config: rt.config,
    policy: rt.policy,
    stores,
    publisher,
    trigger,
    clock: rt.clock,
    // A flush takes milliseconds here; a lease no longer than the sweep lets the sweep retry promptly.
    leaseMs: rt.sweepMs,
    sinks: silentSinks('efaktur-aggregator'),
    // The windows the operator adds with --operator-token, in the embedded table, as the deployed aggregator reads.
    operatorWindows: new DynamoMaintenanceWindowStore({
      client: rt.dynamo.doc,
      tableName: rt.dynamo.tableName,
      readOnly: true,
    }),
    decorateGroups: (evaluator) => localGroupEvaluator(evaluator, (line) => rt.reporter.log(line)),
    decorate: (evaluator) => ({
      evaluate: async (targetId: string) => {
        try {
          const report = await evaluator.evaluate(targetId);
          for (const line of describeEvaluation(report)) rt.reporter.log(line);
          return report;
        } catch (error) {
          if (!rt.stopping)
            rt.reporter.log(`aggregator: evaluation of ${targetId} failed: ${message(error)}`);
          throw error;
        }
      },
    }),
  });
}

/** The payload of the deployed schedule, or of a burst invoke for the targets asked about. */
function roundEvent(reason: RoundReason, asks: readonly BurstAsk[]) {
  if (reason !== 'burst') return { source: 'schedule' };
  const targetIds = [...new Set(asks.map((a) => a.targetId))];
  return {
    source: 'burst',
    ...(targetIds.length === 1 && { targetId: targetIds[0] }),
    requestedBy: [...new Set(asks.map((a) => a.requestedBy))].join(', ').slice(0, 200),
  };
}

/** One probe function per logical region on its staggered phase; a round ends once the aggregator saw it. */
function localScheduler(rt: FleetRuntime, store: ResultStore, stream: LocalStream): ProbeScheduler {
  const { model, reporter } = rt;
  const probes = composeProbeSet({
    config: rt.config,
    store,
    sinks: () => silentSinks('efaktur-probe'),
    version: rt.options.version,
    clock: rt.clock,
  });
  const runRound = async (region: string, reason: RoundReason, asks: readonly BurstAsk[]) => {
    const probe = probes.get(region);
    if (!probe) return;
    model.setProbing(region, true);
    reporter.changed();
    try {
      await probe(roundEvent(reason, asks));
      if (rt.stopping) return;
      // The round is over once the aggregator has seen its results, so a stop leaves no evaluation behind.
      await stream.drained();
    } finally {
      model.setProbing(region, false);
      reporter.changed();
    }
  };
  return new ProbeScheduler({
    regions: rt.config.probeRegions,
    intervalMs: rt.intervalMs,
    runRound,
    timeline: rt.timeline,
    onError: (region, error) => {
      if (!rt.stopping) reporter.log(`probe ${region}: ${message(error)}`);
    },
  });
}

/** The status API, with local subscriptions (memory, or the SNS topic when one is given). */
function localApi(rt: FleetRuntime, stores: EvaluationStores) {
  const { sns, reporter, dynamo } = rt;
  return createStatusApi({
    config: rt.config,
    ...stores,
    subscriptions: new SubscriptionService({
      subscriber: new ReportingEmailSubscriber(
        sns
          ? new SnsEmailSubscriber({ client: sns.client, topicArn: sns.topicArn })
          : new MemoryEmailSubscriber(),
        (line) => reporter.log(line),
        sns !== null,
      ),
      store: sns
        ? new DynamoSubscriptionStore({ client: dynamo.doc, tableName: dynamo.tableName })
        : new MemorySubscriptionStore(),
      limiter: new MemoryRateLimiter(),
      now: rt.clock,
    }),
    maintenance: localMaintenance({
      client: dynamo.doc,
      tableName: dynamo.tableName,
      configured: configuredWindows(rt.config.maintenance),
      operatorToken: rt.options.operatorToken,
    }),
    now: rt.clock,
    logger: {
      error: (line, details) => reporter.log(`api: ${line}${details ? ` ${JSON.stringify(details)}` : ''}`),
    },
  });
}

/** Serves the API on its port; a failure releases the table and the SNS client before it is thrown. */
async function serveApi(rt: FleetRuntime, stores: EvaluationStores): Promise<Server> {
  const api = localApi(rt, stores);
  const server = createLocalApiServer(rt.sns ? api : answeringSubscriptionsLocally(api));
  try {
    const port = await listen(server, rt.options.port, rt.host);
    rt.apiUrl = `http://${rt.host}:${port}`;
  } catch (error) {
    await rt.dynamo.close();
    rt.sns?.client.destroy();
    throw error;
  }
  return server;
}

/** The aggregator's sweep on the fleet's timeline, one at a time; returns how to cancel and await it. */
function startSweep(rt: FleetRuntime) {
  let sweeping: Promise<unknown> | null = null;
  const cancel = rt.timeline.every(
    rt.sweepMs,
    async () => {
      if (sweeping || !rt.aggregator) return; // the previous sweep is still running
      const run = rt
        .aggregator({ source: 'sweep' }, { awsRequestId: `local-sweep-${++rt.invocations}` })
        .catch((error: unknown) => {
          if (!rt.stopping) rt.reporter.log(`aggregator sweep: ${message(error)}`);
        })
        .finally(() => {
          sweeping = null;
        });
      sweeping = run;
      await run;
    },
    'sweep',
  );
  return { cancel, running: () => sweeping };
}

interface RunningParts {
  readonly scheduler: ProbeScheduler;
  readonly sweep: ReturnType<typeof startSweep>;
  readonly channels: LocalChannels | null;
  readonly probeStore: ObservedResultStore;
  readonly stream: LocalStream;
  readonly server: Server;
}

/** Stops in order: no new rounds, abandoned rounds' late writes refused, the last evaluations, then the servers. */
async function stopFleet(rt: FleetRuntime, parts: RunningParts): Promise<StopSummary> {
  if (rt.stopping) return { abandoned: [] };
  rt.stopping = true;
  parts.sweep.cancel();
  parts.channels?.stop();
  const { abandoned } = await parts.scheduler.stop(rt.options.shutdownGraceMs ?? 3000);
  // Late writes of abandoned rounds are refused: a result is either stored and evaluated, or not at all.
  parts.probeStore.close();
  await parts.stream.drained();
  await parts.sweep.running();
  const closed = new Promise<void>((resolve) => parts.server.close(() => resolve()));
  parts.server.closeAllConnections();
  await closed;
  await rt.dynamo.close();
  rt.sns?.client.destroy();
  return { abandoned };
}

/**
 * Starts the whole fleet in this process: the embedded table, one probe function per logical region on its
 * staggered phase, the aggregator function fed by a local stream of the stored results and by its sweep,
 * alerts to the console and a file (and SNS), and the status API on node:http.
 */
export async function startLocalFleet(options: LocalFleetOptions): Promise<LocalFleet> {
  const rt = await startRuntime(fleetSettings(options));
  const stream = localStream(rt);
  const { probeStore, ...stores } = observedStores(rt, stream);
  const { publisher, channels } = alertChain(rt);
  rt.aggregator = localAggregator(rt, stores, publisher);
  const scheduler = localScheduler(rt, probeStore, stream);
  rt.scheduler = scheduler;
  const server = await serveApi(rt, stores);
  const sweep = startSweep(rt);
  scheduler.start();
  const parts: RunningParts = { scheduler, sweep, channels, probeStore, stream, server };
  return {
    apiUrl: rt.apiUrl,
    config: rt.config,
    policy: rt.policy,
    intervalMs: rt.intervalMs,
    sweepMs: rt.sweepMs,
    phaseOffsetsMs: rt.config.probeRegions.map((_, i) => scheduler.phaseOffsetMs(i)),
    databasePath: rt.dynamo.path,
    outboxFile: options.outboxFile,
    now: rt.clock,
    snapshot: () => rt.model.snapshot(),
    stop: () => stopFleet(rt, parts),
  };
}

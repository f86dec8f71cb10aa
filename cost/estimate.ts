import type { FleetConfig } from '../shared/config/fleet-config.js';
import { EMITTED_METRICS } from '../shared/metric-names.js';
import type { FleetAssembly } from './assembly.js';
import { ALWAYS_FREE, PRICES } from './prices.js';

/** A month of 730 hours, as AWS prices by the month. */
export const HOURS = 730;

/** What the estimate cannot read from the templates: every figure a flag of `npm run cost` can change. */
export interface Assumptions {
  /** Requests to the status API a month. */
  readonly apiRequests: number;
  /** Text messages sent a month (status changes × SMS subscribers that get them). */
  readonly sms: number;
  readonly smsPrice: number;
  /** Emails a month (alerts and alarm notifications). */
  readonly emails: number;
  /** Seconds a probe run takes with two targets checked concurrently, and what each further target adds. */
  readonly probeSeconds: number;
  readonly probeSecondsPerTarget: number;
  /** Seconds a tick takes (plan and enqueue). */
  readonly tickSeconds: number;
  /** Seconds an aggregator invocation takes, and each evaluation in it. */
  readonly aggregatorSeconds: number;
  readonly evaluationSeconds: number;
  readonly apiSeconds: number;
  /** Idle long-polling connections Lambda keeps on each queue it reads (20 s polls; 5, as few as 2 when quiet). */
  readonly sqsPollers: number;
  /** Log bytes, as CloudWatch counts them (each event plus 26 bytes). */
  readonly logBytes: {
    readonly invocation: number;
    readonly probeResult: number;
    readonly scheduledRun: number;
    readonly tick: number;
    readonly sweepTarget: number;
    readonly sweepMetrics: number;
    readonly apiRequest: number;
  };
  /** Dashboard loads a month, and the hours of logs each log table scans per load. */
  readonly dashboardViews: number;
  readonly dashboardHours: number;
  /** Stored sizes: a result item, a state item with 3 regions and what each further region adds. */
  readonly resultItemBytes: number;
  readonly stateItemBytes: number;
  readonly stateBytesPerRegion: number;
  /** Bytes on the wire for one result written from another region. */
  readonly resultWriteBytes: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  apiRequests: 100_000,
  sms: 0,
  smsPrice: PRICES.smsIndonesia.usd,
  emails: 100,
  probeSeconds: 1.0,
  probeSecondsPerTarget: 0.05,
  tickSeconds: 0.05,
  aggregatorSeconds: 0.1,
  evaluationSeconds: 0.02,
  apiSeconds: 0.05,
  sqsPollers: 5,
  logBytes: {
    invocation: 380,
    probeResult: 560,
    scheduledRun: 260,
    tick: 330,
    sweepTarget: 330,
    sweepMetrics: 420,
    apiRequest: 700,
  },
  dashboardViews: 300,
  dashboardHours: 6,
  resultItemBytes: 650,
  stateItemBytes: 765,
  stateBytesPerRegion: 150,
  resultWriteBytes: 1500,
};

/** One line of the estimate. */
export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly arithmetic: string;
  readonly listUsd: number;
  /** After AWS's always-free allowances (if nothing else in the account uses them). */
  readonly freeUsd: number;
}

export interface Estimate {
  readonly lines: readonly CostLine[];
  readonly listUsd: number;
  readonly freeUsd: number;
  /** The dashboard's own list price (0 without one), so totals without it can be told. */
  readonly dashboardListUsd: number;
  /** All the dashboard adds (its price and its log tables' scans), list and after the always-free allowances. */
  readonly dashboardUsd: { readonly listUsd: number; readonly freeUsd: number };
  /** Within CloudWatch's free dashboards (at most 50 metrics, alarms shown included). */
  readonly dashboardWithinFree: boolean;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const usd = (x: number) => x.toFixed(2);

/** Logs past the free 5 GB, which covers ingestion, storage and scans together: the dearest use first. */
function logsBeyondFree(ingestedGb: number, scannedGb: number): number {
  let left: number = ALWAYS_FREE.logsGb;
  const billed = (gb: number) => {
    const over = Math.max(0, gb - left);
    left = Math.max(0, left - gb);
    return over;
  };
  const p = PRICES;
  return (
    billed(ingestedGb) * p.logsIngestGb.usd +
    billed(ingestedGb) * p.logsStorageGbMonth.usd +
    billed(scannedGb) * p.logsInsightsGb.usd
  );
}

/** The monthly estimate of one fleet, from its configuration, its synthesized templates and the assumptions. */
export function estimate(
  config: FleetConfig,
  assembly: FleetAssembly,
  a: Assumptions = DEFAULT_ASSUMPTIONS,
): Estimate {
  const lines: CostLine[] = [];
  const add = (service: string, item: string, arithmetic: string, listUsd: number, freeUsd = listUsd) =>
    lines.push({ service, item, arithmetic, listUsd, freeUsd: Math.max(0, freeUsd) });
  const targets = config.targets.length;
  const regions = assembly.probes.length;
  const runsPerRegion = (3600 / config.probeIntervalSeconds) * HOURS;
  const runs = runsPerRegion * regions;
  const ticks = assembly.probes.reduce((s, p) => s + p.ticksPerHour * HOURS, 0);
  const sweeps = assembly.aggregator.sweepsPerHour * HOURS;
  const streamInvocations = runs * Math.ceil(targets / assembly.aggregator.streamBatchSize);
  const evaluations = (runs + sweeps) * targets;
  const results = runs * targets;

  // Lambda
  const probeGb = (assembly.probes[0]?.memoryMb ?? 256) / 1024;
  const runSeconds = a.probeSeconds + Math.max(0, targets - 2) * a.probeSecondsPerTarget;
  const probeGbs = runs * runSeconds * probeGb + ticks * a.tickSeconds * probeGb;
  const aggGb = assembly.aggregator.memoryMb / 1024;
  const aggGbs =
    (streamInvocations + sweeps) * a.aggregatorSeconds * aggGb + evaluations * a.evaluationSeconds * aggGb;
  const apiGbs = assembly.api === null ? 0 : a.apiRequests * a.apiSeconds * (assembly.api.memoryMb / 1024);
  const gbs = probeGbs + aggGbs + apiGbs;
  const requests = runs + ticks + streamInvocations + sweeps + (assembly.api === null ? 0 : a.apiRequests);
  const p = PRICES;
  add(
    'Lambda',
    'probe runs and ticks',
    `${n(runs)} runs × ${runSeconds.toFixed(2)} s + ${n(ticks)} ticks × ${a.tickSeconds} s, at ${probeGb * 1024} MB = ${n(probeGb * (runs * runSeconds + ticks * a.tickSeconds))} GB-s`,
    probeGbs * p.lambdaGbSecond.usd,
    0,
  );
  add(
    'Lambda',
    'consensus',
    `${n(streamInvocations + sweeps)} invocations × ${a.aggregatorSeconds} s + ${n(evaluations)} evaluations × ${a.evaluationSeconds} s = ${n(aggGbs)} GB-s`,
    aggGbs * p.lambdaGbSecond.usd,
    0,
  );
  add(
    'Lambda',
    'status API',
    `${n(a.apiRequests)} requests × ${a.apiSeconds} s = ${n(apiGbs)} GB-s`,
    apiGbs * p.lambdaGbSecond.usd,
    0,
  );
  add(
    'Lambda',
    'requests',
    `${n(requests)} × ${p.lambdaRequest.usd * 1e6} / million`,
    requests * p.lambdaRequest.usd,
    0,
  );
  // The free compute and requests: the lines above are 0 within them; what is beyond goes on one line.
  const beyondFree =
    Math.max(0, gbs - ALWAYS_FREE.lambdaGbSeconds) * p.lambdaGbSecond.usd +
    Math.max(0, requests - ALWAYS_FREE.lambdaRequests) * p.lambdaRequest.usd;
  if (beyondFree > 0)
    add('Lambda', 'beyond the free allowance', `${n(gbs)} GB-s, ${n(requests)} requests`, 0, beyondFree);

  // SQS: the run queues (Lambda's pollers long-poll each one all month) and the messages.
  const queues = assembly.probes.reduce((s, q) => s + q.polledQueues, 0) + assembly.homePolledQueues;
  const polls = queues * a.sqsPollers * 3 * 60 * HOURS;
  const messages =
    assembly.probes.reduce((s, q) => s + (q.ticksViaQueue ? q.ticksPerHour * HOURS : 0), 0) + runs;
  const sqsRequests = polls + messages * 3;
  add(
    'SQS',
    'run queues',
    `${queues} queues × ${a.sqsPollers} pollers × 3 polls a minute = ${n(polls)} receives; ${n(messages)} messages × 3 (send, receive, delete)`,
    sqsRequests * p.sqsRequest.usd,
    Math.max(0, sqsRequests - ALWAYS_FREE.sqsRequests) * p.sqsRequest.usd,
  );

  add(
    'EventBridge Scheduler',
    'ticks and sweeps',
    `${n(ticks)} ticks + ${n(sweeps)} sweeps`,
    (ticks + sweeps) * p.schedulerInvocation.usd,
    Math.max(0, ticks + sweeps - ALWAYS_FREE.schedulerInvocations) * p.schedulerInvocation.usd,
  );
  if (assembly.api !== null)
    add(
      'API Gateway',
      'HTTP API',
      `${n(a.apiRequests)} requests (assumed)`,
      a.apiRequests * p.apiRequest.usd,
    );

  // DynamoDB
  const stateBytes = a.stateItemBytes + Math.max(0, regions - 3) * a.stateBytesPerRegion;
  const writes = results * Math.ceil(a.resultItemBytes / 1024) + evaluations * Math.ceil(stateBytes / 1024);
  add(
    'DynamoDB',
    'writes',
    `${n(results)} results × ${Math.ceil(a.resultItemBytes / 1024)} + ${n(evaluations)} states × ${Math.ceil(stateBytes / 1024)} = ${n(writes)} units`,
    writes * p.dynamoWriteUnit.usd,
  );
  // An evaluation reads its state (strongly consistent) and the two latest results of each region.
  const stateRead = Math.ceil(stateBytes / 4096);
  const queryRead = Math.ceil((2 * a.resultItemBytes) / 4096) / 2;
  const reads = evaluations * (stateRead + regions * queryRead) + a.apiRequests * 2;
  add(
    'DynamoDB',
    'reads',
    `${n(evaluations)} evaluations × (${stateRead} + ${regions} × ${queryRead}) + API ${n(a.apiRequests)} × 2 = ${n(reads)} units`,
    reads * p.dynamoReadUnit.usd,
  );
  const retainedItems = results * (config.resultRetentionDays / (HOURS / 24));
  const gb = (retainedItems * (a.resultItemBytes + 100)) / 1e9;
  add(
    'DynamoDB',
    'storage and point-in-time recovery',
    `${n(retainedItems)} results kept ${config.resultRetentionDays} days × ${a.resultItemBytes + 100} B = ${gb.toFixed(3)} GB`,
    gb * (p.dynamoStorageGbMonth.usd + (assembly.pointInTimeRecovery ? p.dynamoPitrGbMonth.usd : 0)),
    Math.max(0, gb - ALWAYS_FREE.dynamoStorageGb) * p.dynamoStorageGbMonth.usd +
      (assembly.pointInTimeRecovery ? gb * p.dynamoPitrGbMonth.usd : 0),
  );
  const remote = assembly.probes.filter((q) => q.region !== config.homeRegion).length;
  const transferGb = (runsPerRegion * remote * targets * a.resultWriteBytes) / 1e9;
  add(
    'Data transfer',
    'results written across regions',
    `${remote} regions × ${n(runsPerRegion * targets)} results × ${a.resultWriteBytes} B = ${transferGb.toFixed(2)} GB`,
    transferGb * p.interRegionGb.usd,
  );

  // CloudWatch
  const customMetrics = EMITTED_METRICS.length;
  add(
    'CloudWatch',
    'custom metrics',
    `${customMetrics} fleet-wide (${EMITTED_METRICS.map((m) => m.name).join(', ')}); none per target or region`,
    customMetrics * p.customMetric.usd,
    Math.max(0, customMetrics - ALWAYS_FREE.customMetrics) * p.customMetric.usd,
  );
  const alarmMetrics = assembly.alarmMetrics.reduce((s, x) => s + x, 0);
  add(
    'CloudWatch',
    'alarms',
    `${assembly.alarmMetrics.length} alarms on ${alarmMetrics} metrics`,
    alarmMetrics * p.alarmMetric.usd,
    Math.max(0, alarmMetrics - ALWAYS_FREE.alarmMetrics) * p.alarmMetric.usd,
  );
  const dashboardMetrics =
    assembly.dashboard === null ? 0 : assembly.dashboard.metrics + assembly.dashboard.alarms;
  const dashboardWithinFree = assembly.dashboard !== null && dashboardMetrics <= ALWAYS_FREE.dashboardMetrics;
  const dashboardListUsd = assembly.dashboard === null ? 0 : p.dashboard.usd;
  if (assembly.dashboard !== null)
    add(
      'CloudWatch',
      'dashboard',
      `1 dashboard, ${dashboardMetrics} metrics (${assembly.dashboard.alarms} of them alarms)` +
        (dashboardWithinFree ? ', within the free three of up to 50' : ', over the free 50'),
      dashboardListUsd,
      dashboardWithinFree ? 0 : dashboardListUsd,
    );
  const b = a.logBytes;
  const probeLogBytes =
    runs * (b.invocation + b.scheduledRun + targets * b.probeResult) + ticks * (b.invocation + b.tick);
  const aggLogBytes =
    (streamInvocations + sweeps) * b.invocation + sweeps * (targets * b.sweepTarget + b.sweepMetrics);
  const apiLogBytes = assembly.api === null ? 0 : a.apiRequests * b.apiRequest;
  const logGb = (probeLogBytes + aggLogBytes + apiLogBytes) / 1e9;
  // Each log table of the dashboard scans its log group's last `dashboardHours` at each view.
  const perHour = (group: string) =>
    group === 'home' ? (aggLogBytes + apiLogBytes) / HOURS : probeLogBytes / regions / HOURS;
  const scannedGb =
    assembly.dashboard === null
      ? 0
      : (a.dashboardViews *
          a.dashboardHours *
          assembly.dashboard.logQueries.reduce((s, g) => s + perHour(g), 0)) /
        1e9;
  add(
    'CloudWatch',
    'logs',
    `probes ${(probeLogBytes / 1e9).toFixed(2)} GB + consensus ${(aggLogBytes / 1e9).toFixed(2)} GB + API ${(apiLogBytes / 1e9).toFixed(2)} GB ingested, kept 30 days${assembly.dashboard === null ? '' : `; dashboard tables scan ${scannedGb.toFixed(1)} GB (${a.dashboardViews} views)`}`,
    logGb * (p.logsIngestGb.usd + p.logsStorageGbMonth.usd) + scannedGb * p.logsInsightsGb.usd,
    logsBeyondFree(logGb, scannedGb),
  );

  // SNS
  const emails = a.emails;
  add(
    'SNS',
    'email',
    `${n(emails)} emails (assumed)`,
    emails * p.snsEmail.usd,
    Math.max(0, emails - ALWAYS_FREE.snsEmails) * p.snsEmail.usd,
  );
  if (a.sms > 0)
    add('SNS', 'SMS', `${n(a.sms)} messages × ${a.smsPrice} (assumed price)`, a.sms * a.smsPrice);

  const listUsd = lines.reduce((s, l) => s + l.listUsd, 0);
  const freeUsd = lines.reduce((s, l) => s + l.freeUsd, 0);
  const dashboardUsd = {
    listUsd: dashboardListUsd + scannedGb * p.logsInsightsGb.usd,
    freeUsd:
      (dashboardWithinFree ? 0 : dashboardListUsd) +
      logsBeyondFree(logGb, scannedGb) -
      logsBeyondFree(logGb, 0),
  };
  return { lines, listUsd, freeUsd, dashboardListUsd, dashboardUsd, dashboardWithinFree };
}

export { usd as formatUsd };

import { App } from 'aws-cdk-lib';
import { addFleetStacks } from '../infra/fleet-app.js';
import type { FleetConfig } from '../shared/config/fleet-config.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Template = { Resources?: Record<string, Resource> };

/** What the cost depends on, read from the synthesized templates of one fleet. */
export interface FleetAssembly {
  readonly probes: readonly {
    readonly region: string;
    readonly memoryMb: number;
    readonly ticksPerHour: number;
    /** Ticks sent through the run queue (then billed as SQS messages) rather than to the function. */
    readonly ticksViaQueue: boolean;
    /** Queues a Lambda event source polls (each long-polled even when idle). */
    readonly polledQueues: number;
  }[];
  readonly aggregator: {
    readonly memoryMb: number;
    readonly sweepsPerHour: number;
    readonly streamBatchSize: number;
  };
  readonly api: { readonly memoryMb: number } | null;
  readonly homePolledQueues: number;
  /** Metrics each alarm reads (a metric-math alarm is billed per metric). */
  readonly alarmMetrics: readonly number[];
  /** Metrics the dashboard graphs, and alarms it shows; `null`: no dashboard. */
  readonly dashboard: {
    readonly metrics: number;
    readonly alarms: number;
    /** Log groups its Logs Insights widgets query, one entry per widget. */
    readonly logQueries: readonly string[];
  } | null;
  readonly pointInTimeRecovery: boolean;
  readonly emailSubscriptions: number;
  readonly smsSubscriptions: number;
}

/** The fleet's stacks as `cdk synth` builds them, without bundling (the code does not change the bill). */
export function synthesize(config: FleetConfig): { home: Template; probes: Map<string, Template> } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stacks = addFleetStacks(app, config);
  const assembly = app.synth();
  return {
    home: assembly.getStackByName(stacks.home.stackName).template as Template,
    probes: new Map(
      stacks.probes.map((s) => [s.region, assembly.getStackByName(s.stackName).template as Template]),
    ),
  };
}

function resources(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.Resources ?? {})
    .filter((r) => r.Type === type)
    .map((r) => r.Properties ?? {});
}

/** Firings per hour of a Scheduler expression: `rate(N minute[s])` or a cron whose hour field is `*`. */
export function firingsPerHour(expression: string): number {
  const rate = /^rate\((\d+) minutes?\)$/.exec(expression);
  if (rate) return 60 / Number(rate[1]);
  const cron = /^cron\((\S+) \* \* \* \? \*\)$/.exec(expression);
  if (!cron) throw new Error(`cannot price the schedule ${expression}`);
  const minutes = cron[1]!;
  if (minutes === '*') return 60;
  const step = /^(\d+)\/(\d+)$/.exec(minutes);
  if (step) return Math.ceil((60 - Number(step[1])) / Number(step[2]));
  return minutes.split(',').length;
}

function polledQueues(template: Template): number {
  return resources(template, 'AWS::Lambda::EventSourceMapping')
    .filter((m) => JSON.stringify(m.EventSourceArn ?? '').includes('Arn'))
    .filter((m) => !JSON.stringify(m.EventSourceArn).includes('StreamArn')).length;
}

function functionWith(template: Template, words: string): Record<string, unknown> {
  const found = resources(template, 'AWS::Lambda::Function').find((f) =>
    String(f.Description).includes(words),
  );
  if (found === undefined) throw new Error(`no function "${words}" in the template`);
  return found;
}

/** Reads the facts the estimate needs from the templates. */
export function readAssembly(config: FleetConfig): FleetAssembly {
  const { home, probes } = synthesize(config);
  const schedules = (t: Template) =>
    resources(t, 'AWS::Scheduler::Schedule').map((s) => String(s.ScheduleExpression));
  const alarms = [home, ...probes.values()].flatMap((t) => resources(t, 'AWS::CloudWatch::Alarm'));
  const dashboards = resources(home, 'AWS::CloudWatch::Dashboard');
  let dashboard: FleetAssembly['dashboard'] = null;
  if (dashboards.length > 0) {
    const body = JSON.parse(renderText(dashboards[0]!.DashboardBody)) as {
      widgets: { type: string; properties: { metrics?: unknown[]; alarms?: unknown[]; query?: string } }[];
    };
    dashboard = {
      metrics: body.widgets.reduce((n, w) => n + (w.properties.metrics?.length ?? 0), 0),
      alarms: body.widgets.reduce((n, w) => n + (w.properties.alarms?.length ?? 0), 0),
      logQueries: body.widgets
        .filter((w) => w.type === 'log')
        .map((w) => /SOURCE '([^']+)'/.exec(w.properties.query ?? '')?.[1] ?? 'home'),
    };
  }
  const aggregator = functionWith(home, 'consensus');
  const api = resources(home, 'AWS::Lambda::Function').find((f) =>
    String(f.Description).includes('status API'),
  );
  const stream = resources(home, 'AWS::Lambda::EventSourceMapping').find((m) =>
    JSON.stringify(m.EventSourceArn).includes('StreamArn'),
  );
  const subscriptions = resources(home, 'AWS::SNS::Subscription');
  const table = resources(home, 'AWS::DynamoDB::GlobalTable')[0] ?? {};
  return {
    probes: [...probes].map(([region, t]) => ({
      region,
      memoryMb: Number(functionWith(t, 'probe').MemorySize),
      ticksPerHour: schedules(t).reduce((n, e) => n + firingsPerHour(e), 0),
      ticksViaQueue: JSON.stringify(resources(t, 'AWS::Scheduler::Schedule')).includes('sqs:sendMessage'),
      polledQueues: polledQueues(t),
    })),
    aggregator: {
      memoryMb: Number(aggregator.MemorySize),
      sweepsPerHour: schedules(home).reduce((n, e) => n + firingsPerHour(e), 0),
      streamBatchSize: Number(stream?.BatchSize ?? 100),
    },
    api: api === undefined ? null : { memoryMb: Number(api.MemorySize) },
    homePolledQueues: polledQueues(home),
    alarmMetrics: alarms.map((a) =>
      Array.isArray(a.Metrics)
        ? (a.Metrics as { MetricStat?: unknown }[]).filter((m) => m.MetricStat).length
        : 1,
    ),
    dashboard,
    pointInTimeRecovery: JSON.stringify(table).includes('"PointInTimeRecoveryEnabled":true'),
    emailSubscriptions: subscriptions.filter((s) => s.Protocol === 'email').length,
    smsSubscriptions: subscriptions.filter((s) => s.Protocol === 'sms').length,
  };
}

/** A CloudFormation value as text, references as placeholders (enough to count what a dashboard body holds). */
function renderText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const join = (value as Record<string, unknown>)['Fn::Join'];
    if (Array.isArray(join)) return (join[1] as unknown[]).map(renderText).join(join[0] as string);
    return 'x';
  }
  return String(value);
}

import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { concurrencyPlan, LAMBDA_UNRESERVED_MINIMUM } from '../../infra/function-sizing.js';
import type { FleetConfigInput } from '../../shared/config/fleet-config.js';
import { ConfigError, parseFleetConfig } from '../../shared/config/fleet-config.js';
import { planTick, type TickMessage } from '../../shared/probe/probe-schedule.js';
import { allTemplates, resourcesOf, synthFleet } from './support/fleet-templates.js';
import { render } from './support/intrinsics.js';

const synth = (input: FleetConfigInput = {}) => synthFleet(input, { skipBundling: true });

interface Statement {
  Effect: string;
  Principal?: { Service?: string | string[]; AWS?: unknown };
  Action: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

describe('every alarm can notify someone', () => {
  const fleet = synth({ subscribers: { email: ['ops@example.com'] } });

  it('alarms in the home region only: probe regions have neither alarms nor an ops topic', () => {
    for (const [, probe] of fleet.probes) {
      expect(resourcesOf(probe, 'AWS::CloudWatch::Alarm')).toEqual([]);
      expect(resourcesOf(probe, 'AWS::SNS::Topic')).toEqual([]);
    }
  });

  it.each([['home', fleet.home] as const])(
    '%s: each alarm action is a topic whose policy lets CloudWatch publish',
    (_, t) => {
      const alarms = resourcesOf(t, 'AWS::CloudWatch::Alarm');
      expect(alarms.length).toBeGreaterThan(0);
      const policies = resourcesOf(t, 'AWS::SNS::TopicPolicy');
      for (const [id, alarm] of alarms) {
        const actions = [
          ...((alarm.AlarmActions as unknown[]) ?? []),
          ...((alarm.OKActions as unknown[]) ?? []),
        ];
        expect(actions.length, id).toBeGreaterThan(0);
        for (const action of actions) {
          const topic = render(action);
          // A topic policy replaces SNS's default policy: without an explicit allow, the action fails silently.
          const statements = policies
            .filter(([, p]) => (p.Topics as unknown[]).some((ref) => render(ref) === topic))
            .flatMap(([, p]) => (p.PolicyDocument as { Statement: Statement[] }).Statement);
          const allow = statements.find(
            (s) =>
              s.Effect === 'Allow' &&
              [s.Principal?.Service].flat().includes('cloudwatch.amazonaws.com') &&
              [s.Action].flat().includes('sns:Publish'),
          );
          expect(allow, `${id} → ${topic}`).toBeDefined();
          // Scoped to this account's alarms of this fleet.
          const account = '(123456789012|<AWS::AccountId>)';
          expect(render(allow!.Condition?.StringEquals?.['aws:SourceAccount'])).toMatch(
            new RegExp(`^${account}$`),
          );
          expect(render(allow!.Condition?.ArnLike?.['aws:SourceArn'])).toMatch(
            new RegExp(
              `^arn:(aws|<AWS::Partition>):cloudwatch:[a-z0-9-]+:${account}:alarm:efaktur-fleet-\\*$`,
            ),
          );
          // The TLS-only deny still stands, and denies only publishes without TLS.
          const denies = statements.filter((s) => s.Effect === 'Deny');
          expect(denies.map((s) => s.Condition?.Bool?.['aws:SecureTransport'])).toEqual(['false']);
        }
      }
    },
  );

  it.each([['home', fleet.home] as const])('%s: watches its ops topic failing to deliver', (name, t) => {
    const names = resourcesOf(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.AlarmName as string);
    expect(
      names.filter((n) => n.startsWith('efaktur-fleet-ops-delivery-failures-')),
      name,
    ).toHaveLength(1);
  });
});

/** Alarms on the one-minute sweep or on events: their periods do not depend on the probe interval. */
const SWEEP_OR_EVENT = [
  /-stale-regions$/,
  /-consensus-unknown$/,
  /-notification-pending$/,
  /-aggregator-silent$/,
  /-(aggregator|api)-errors$/,
  /-alerts-delivery-failures$/,
  /-ops-delivery-failures-/,
];

function periodsOf(alarm: Record<string, unknown>): number[] {
  if (alarm.Period !== undefined) return [alarm.Period as number];
  return (alarm.Metrics as { MetricStat?: { Period: number } }[]).flatMap((m) =>
    m.MetricStat ? [m.MetricStat.Period] : [],
  );
}

describe('alarm periods follow the probe interval', () => {
  it.each([60, 600, 3600])(
    'at %i s, no probe-cadence alarm has a period shorter than the interval',
    (interval) => {
      const fleet = synth({ probeIntervalSeconds: interval });
      const alarms = allTemplates(fleet).flatMap(([, t]) => resourcesOf(t, 'AWS::CloudWatch::Alarm'));
      expect(alarms.length).toBe(10);
      let probeCadence = 0;
      for (const [, alarm] of alarms) {
        const name = alarm.AlarmName as string;
        const periods = periodsOf(alarm);
        expect(periods.length, name).toBeGreaterThan(0);
        if (SWEEP_OR_EVENT.some((re) => re.test(name))) {
          // The sweep runs every minute whatever the interval; events need no data to be fine.
          expect(Math.max(...periods), name).toBeLessThanOrEqual(300);
          expect(alarm.TreatMissingData, name).toBe(
            name.endsWith('-aggregator-silent') ? 'breaching' : 'notBreaching',
          );
          continue;
        }
        probeCadence++;
        for (const period of periods) {
          expect(period, name).toBeGreaterThanOrEqual(interval);
          expect(period, name).toBeGreaterThanOrEqual(300);
          expect(period % 60, name).toBe(0);
        }
        // CloudWatch: period × evaluation periods at most a day below an hour, a week above.
        const total = Math.max(...periods) * (alarm.EvaluationPeriods as number);
        expect(total, name).toBeLessThanOrEqual(Math.max(...periods) >= 3600 ? 7 * 86_400 : 86_400);
      }
      // stream lag, aggregator dead letters (probe regions have no alarms: they show as stale regions)
      expect(probeCadence).toBe(2);
    },
  );

  it('gives the stream-lag alarm two intervals at 600 s, so a healthy fleet never looks behind', () => {
    const fleet = synth({ probeIntervalSeconds: 600 });
    const [, lag] = resourcesOf(fleet.home, 'AWS::CloudWatch::Alarm').find(([, a]) =>
      String(a.AlarmName).endsWith('-aggregator-stream-lag'),
    )!;
    expect(lag).toMatchObject({ Period: 1200, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
  });
});

describe('phases that hold whatever second the schedule fires at', () => {
  /** The tick a region's schedule sends, as CloudFormation would fill in the scheduled time. */
  function tickOf(template: ReturnType<typeof synth>['home'], scheduledTime: string): [string, TickMessage] {
    const [[, schedule]] = resourcesOf(template, 'AWS::Scheduler::Schedule') as [
      [string, Record<string, unknown>],
    ];
    const input = render((schedule.Target as { Input: unknown }).Input);
    const tick = JSON.parse(input.replace('<aws.scheduler.scheduled-time>', scheduledTime));
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    return [schedule.ScheduleExpression as string, tick as TickMessage];
  }

  it.each([
    [15, [0, 5, 10], 4],
    [60, [0, 20, 40], 1],
  ])(
    '%i s: one tick a minute per region plans runs at its phase, spaced by the interval',
    (interval, phases, perMinute) => {
      const fleet = synth({ probeIntervalSeconds: interval });
      fleet.config.probeRegions.forEach((region, i) => {
        const [expression, tick] = tickOf(fleet.probes.get(region)!, '2026-03-15T07:05:00Z');
        expect(expression).toBe('cron(* * * * ? *)');
        expect(tick).toMatchObject({ source: 'tick', phaseSeconds: phases[i], intervalSeconds: interval });
        // Fired late in its minute or early, the tick places the same runs on the same seconds.
        for (const firedAt of ['2026-03-15T07:05:00.100Z', '2026-03-15T07:05:59.900Z']) {
          const runs = planTick(tick, new Date(firedAt)).runs;
          expect(runs).toHaveLength(perMinute);
          expect(runs.map((r) => new Date(r.runAt).getUTCSeconds())).toEqual(
            Array.from({ length: perMinute }, (_, k) => phases[i]! + k * interval),
          );
          for (const r of runs) expect(r.delaySeconds).toBeGreaterThan(0);
        }
      });
    },
  );
});

describe('a deploy lifecycle an operator can trust', () => {
  /** Every explicit physical name in a fleet's templates (resources CloudFormation does not name itself). */
  function physicalNames(input: FleetConfigInput): Set<string> {
    const fleet = synth(input);
    const stacks = [fleet.stacks.home, ...fleet.stacks.probes, ...fleet.stacks.retired];
    const names = new Set<string>(stacks.map((s) => s.stackName));
    const keys = [
      'TableName',
      'FunctionName',
      'AlarmName',
      'DashboardName',
      'LogGroupName',
      'QueueName',
      'TopicName',
      'Name',
    ];
    for (const [, t] of allTemplates(fleet)) {
      const resources = t.toJSON().Resources as Record<
        string,
        { Type: string; Properties?: Record<string, unknown> }
      >;
      for (const resource of Object.values(resources)) {
        if (
          resource.Type === 'AWS::Lambda::Permission' ||
          resource.Type === 'AWS::Lambda::EventSourceMapping'
        )
          continue;
        for (const key of keys) {
          const value = resource.Properties?.[key];
          if (typeof value === 'string') names.add(`${resource.Type} ${value}`);
        }
      }
    }
    return names;
  }

  it('synthesizes two fleets with different names that share no physical name or stack', () => {
    const production = physicalNames({});
    const staging = physicalNames({ fleetName: 'efaktur-staging' });
    expect(production.size).toBeGreaterThan(15);
    expect([...production].filter((n) => staging.has(n))).toEqual([]);
    expect(staging).toContain('AWS::DynamoDB::GlobalTable efaktur-staging');
    expect(staging).toContain('AWS::Lambda::Function efaktur-staging-probe-ap-southeast-1');
    expect(staging).toContain('EfakturStagingHome');
  });

  it('keeps the stack names, table and metric namespace of the default fleet', () => {
    const fleet = synth({});
    expect(fleet.stacks.home.stackName).toBe('EfakturFleetHome');
    expect(fleet.stacks.probes.map((s) => s.stackName)).toEqual(
      fleet.config.probeRegions.map((r) => `EfakturFleetProbe-${r}`),
    );
    fleet.home.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'efaktur-probe-fleet' });
  });

  it('refuses a fleet name that would not make valid or unique names, naming the field', () => {
    for (const bad of ['Efaktur', 'a-1', 'x--y', '-a', 'a'.repeat(25)]) {
      expect(() => parseFleetConfig({ fleetName: bad }), bad).toThrow(/fleetName/);
    }
  });

  it('keeps a retired region as an empty stack under its old name, which deploy deletes', () => {
    const fleet = synth({
      probeRegions: ['ap-southeast-3', 'ap-southeast-1', 'us-east-1'],
      retiredProbeRegions: ['ap-northeast-1'],
    });
    expect(fleet.stacks.retired.map((s) => [s.stackName, s.region])).toEqual([
      ['EfakturFleetProbe-ap-northeast-1', 'ap-northeast-1'],
    ]);
    const template = fleet.app.synth().getStackByName('EfakturFleetProbe-ap-northeast-1').template as {
      Resources?: object;
    };
    // The CDK toolkit deletes a deployed stack whose template has no resources, and `cdk destroy` can name it.
    expect(Object.keys(template.Resources ?? {})).toEqual([]);
    // The aggregator no longer invokes it, nor counts it (its regions are those of the bundled configuration).
    expect(fleet.config.probeRegions).not.toContain('ap-northeast-1');
    const invoke = resourcesOf(fleet.home, 'AWS::IAM::Policy').flatMap(([, p]) =>
      (p.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement.filter(
        (s) => s.Action === 'lambda:InvokeFunction',
      ).flatMap((s) => [s.Resource].flat().map(render)),
    );
    expect(invoke.some((arn) => arn.includes(':function:efaktur-fleet-probe-us-east-1'))).toBe(true);
    expect(invoke.filter((arn) => arn.includes('ap-northeast-1'))).toEqual([]);
  });

  it('refuses a region that is both probing and retired', () => {
    expect(() => parseFleetConfig({ retiredProbeRegions: ['ap-southeast-1'] })).toThrow(ConfigError);
    expect(() => parseFleetConfig({ retiredProbeRegions: ['ap-southeast-1'] })).toThrow(
      /retiredProbeRegions\[0\]: "ap-southeast-1" is still one of the probe regions/,
    );
  });

  it('retains the table except when the deploy that created it rolls back', () => {
    const fleet = synth({});
    fleet.home.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'RetainExceptOnCreate',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
    synth({ tableDeletionProtection: true }).home.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
  });
});

describe('probes and the consensus are protected from the public API', () => {
  const reservedOf = (fleet: ReturnType<typeof synth>) =>
    allTemplates(fleet).flatMap(([name, t]) =>
      resourcesOf(t, 'AWS::Lambda::Function').map(([, f]) => [
        `${name}: ${String(f.Description).split(':')[0]}`,
        f.ReservedConcurrentExecutions,
      ]),
    );

  it('on a new account (10 at once) reserves nothing, which would fail the deploy, and throttles the API', () => {
    const fleet = synth({});
    expect(reservedOf(fleet).every(([, reserved]) => reserved === undefined)).toBe(true);
    const [, stage] = resourcesOf(fleet.home, 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 5 });
    Annotations.fromStack(fleet.stacks.home).hasInfo(
      '*',
      Match.stringLikeRegexp('leaves no room to reserve'),
    );
  });

  it('with quota to spare reserves for the consensus and each probe, and caps the API at its burst', () => {
    const fleet = synth({ accountConcurrencyLimit: 1000 });
    const byFunction = new Map(reservedOf(fleet) as [string, number | undefined][]);
    expect([...byFunction.entries()].filter(([, r]) => r === undefined)).toEqual([]);
    const [, stage] = resourcesOf(fleet.home, 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 });
    const reserved = [...byFunction.values()] as number[];
    // Home region: consensus 5, API 50, probe 2; every region keeps the unreserved minimum.
    expect(reserved.sort((a, b) => a - b)).toEqual([2, 2, 2, 5, 50]);
    expect(1000 - (5 + 50 + 2)).toBeGreaterThanOrEqual(LAMBDA_UNRESERVED_MINIMUM);
  });

  it.each([10, 50, 156, 157, 1000])('plans within an account limit of %i', (limit) => {
    const plan = concurrencyPlan(limit);
    const reserved = (plan.aggregator ?? 0) + (plan.probe ?? 0) + (plan.api ?? 0);
    if (plan.mode === 'reserved') expect(limit - reserved).toBeGreaterThanOrEqual(LAMBDA_UNRESERVED_MINIMUM);
    else expect(reserved).toBe(0);
    expect(plan.apiThrottle.burstLimit).toBeLessThanOrEqual(Math.max(2, limit - 5));
    expect(plan.apiThrottle.rateLimit).toBeLessThanOrEqual(plan.apiThrottle.burstLimit);
  });
});

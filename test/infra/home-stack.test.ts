import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRICS, STATUS_LEVEL } from '../../shared/metric-names.js';
import { resourcesOf, synthFleet } from './support/fleet-templates.js';
import { render, renderJson } from './support/intrinsics.js';

// The real handlers; bundling is exercised by the security scan, which synthesizes the same app to disk.
const fleet = synthFleet(undefined, { skipBundling: true });
const template = fleet.home;
const { config } = fleet;

function logicalIdOf(type: string, predicate: (props: Record<string, unknown>) => boolean): string {
  const found = resourcesOf(template, type).filter(([, props]) => predicate(props));
  expect(found, `exactly one ${type} should match`).toHaveLength(1);
  return found[0]![0];
}

const aggregatorId = logicalIdOf('AWS::Lambda::Function', (p) => String(p.Description).includes('consensus'));
const apiId = logicalIdOf('AWS::Lambda::Function', (p) => String(p.Description).includes('status API'));
const alertsTopicId = logicalIdOf('AWS::SNS::Topic', (p) => p.KmsMasterKeyId !== undefined);
const opsTopicId = logicalIdOf('AWS::SNS::Topic', (p) => p.DisplayName === 'e-Faktur fleet ops');
const tableId = logicalIdOf('AWS::DynamoDB::GlobalTable', () => true);

describe('home stack', () => {
  it('lives in the configured home region and holds every home resource', () => {
    expect(fleet.stacks.home.region).toBe('ap-southeast-1');
    const counts: Record<string, number> = {
      'AWS::DynamoDB::GlobalTable': 1,
      'AWS::Lambda::Function': 2,
      'AWS::Lambda::EventSourceMapping': 1,
      'AWS::SQS::Queue': 1,
      'AWS::Scheduler::Schedule': 1,
      'AWS::ApiGatewayV2::Api': 1,
      'AWS::ApiGatewayV2::Route': 2,
      'AWS::ApiGatewayV2::Stage': 1,
      'AWS::SNS::Topic': 2,
      // alerts: 2 email + 1 SMS; ops: 2 email
      'AWS::SNS::Subscription': 5,
      // per target: stale regions, unknown, pending notification (× 2 targets); delivery failures, aggregator
      // errors, API errors, aggregator silent, stream lag, dead letters; the ops topic's own delivery failures
      'AWS::CloudWatch::Alarm': 13,
      'AWS::CloudWatch::Dashboard': 1,
      'AWS::Logs::LogGroup': 3,
    };
    for (const [type, count] of Object.entries(counts)) template.resourceCountIs(type, count);
  });

  it('has one on-demand fleet table with a fixed name, PITR, TTL and a new-image stream, retained except on create', () => {
    // A first deploy that rolls back removes the table it created (a retry can create it again); after that, the
    // table outlives its stack. Deletion protection would stop that removal, so it is off unless configured.
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'efaktur-probe-fleet',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [
          Match.objectLike({
            Region: 'ap-southeast-1',
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: false,
          }),
        ],
      }),
    });
  });

  describe('aggregator', () => {
    it('runs Node 22 on arm64 with the table, the alerts topic, every probe function and the dashboard', () => {
      const [, fn] = resourcesOf(template, 'AWS::Lambda::Function').find(([id]) => id === aggregatorId)!;
      expect(fn).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 30,
      });
      const vars = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(render(vars.FLEET_TABLE_NAME)).toBe(`<${tableId}>`);
      expect(vars.FLEET_TABLE_REGION).toBe('ap-southeast-1');
      expect(render(vars.ALERTS_TOPIC_ARN)).toBe(`<${alertsTopicId}>`);
      expect(renderJson(vars.PROBE_FUNCTIONS)).toEqual({
        'ap-southeast-3':
          'arn:aws:lambda:ap-southeast-3:123456789012:function:efaktur-fleet-probe-ap-southeast-3',
        'ap-southeast-1':
          'arn:aws:lambda:ap-southeast-1:123456789012:function:efaktur-fleet-probe-ap-southeast-1',
        'ap-northeast-1':
          'arn:aws:lambda:ap-northeast-1:123456789012:function:efaktur-fleet-probe-ap-northeast-1',
      });
      expect(vars.DASHBOARD_URL).toBe(
        'https://ap-southeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-southeast-1#dashboards:name=efaktur-fleet',
      );
      expect(JSON.parse(vars.FLEET_CONFIG as string)).toMatchObject({
        probeRegions: config.probeRegions,
        subscribers: { email: [], sms: [] },
      });
    });

    it('reads the stream of result items only, bisecting failed batches into a dead-letter queue', () => {
      const queueId = logicalIdOf('AWS::SQS::Queue', () => true);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: aggregatorId },
        EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
        StartingPosition: 'LATEST',
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 5,
        MaximumRecordAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
      const [, mapping] = resourcesOf(template, 'AWS::Lambda::EventSourceMapping')[0]!;
      const filters = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
      expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
        { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { kind: { S: ['result'] } } } },
      ]);
      template.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
    });

    it('is swept every minute by EventBridge Scheduler', () => {
      const [, schedule] = resourcesOf(template, 'AWS::Scheduler::Schedule')[0]!;
      expect(schedule).toMatchObject({
        ScheduleExpression: 'rate(1 minute)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [aggregatorId, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        },
      });
      const input = JSON.parse((schedule.Target as { Input: string }).Input);
      expect(input).toEqual({ source: 'sweep', scheduledTime: '<aws.scheduler.scheduled-time>' });
    });

    it('does not retry failed sweeps (the next one follows within a minute)', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: aggregatorId },
        MaximumRetryAttempts: 0,
      });
    });
  });

  describe('status API', () => {
    it('sends every path to the API function through an HTTP API', () => {
      const apiGatewayId = logicalIdOf('AWS::ApiGatewayV2::Api', () => true);
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        ProtocolType: 'HTTP',
        CorsConfiguration: Match.absent(),
      });
      template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        ApiId: { Ref: apiGatewayId },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [apiId, 'Arn'] },
        PayloadFormatVersion: '2.0',
      });
      const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.RouteKey);
      expect(routes.sort()).toEqual(['ANY /', 'ANY /{proxy+}']);
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [apiId, 'Arn'] },
        Principal: 'apigateway.amazonaws.com',
      });
    });

    it('throttles the default stage and writes JSON access logs to a log group with a retention', () => {
      const [, stage] = resourcesOf(template, 'AWS::ApiGatewayV2::Stage')[0]!;
      // The default account limit (10) leaves no room to reserve: the API is held to 5 at once instead.
      expect(stage).toMatchObject({
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 5 },
      });
      const settings = stage.AccessLogSettings as { DestinationArn: unknown; Format: string };
      const logGroupId = render(settings.DestinationArn).replace(/^<(.*)\.Arn>$/, '$1');
      template.hasResource('AWS::Logs::LogGroup', Match.objectLike({ Properties: { RetentionInDays: 30 } }));
      expect(resourcesOf(template, 'AWS::Logs::LogGroup').map(([id]) => id)).toContain(logGroupId);
      expect(JSON.parse(settings.Format)).toMatchObject({
        requestId: '$context.requestId',
        status: '$context.status',
        routeKey: '$context.routeKey',
      });
    });
  });

  describe('alerts and ops topics', () => {
    it('encrypts the alerts topic with the AWS-managed SNS key and refuses publishing without TLS', () => {
      const [, topic] = resourcesOf(template, 'AWS::SNS::Topic').find(([id]) => id === alertsTopicId)!;
      expect(render(topic.KmsMasterKeyId)).toBe('arn:aws:kms:ap-southeast-1:123456789012:alias/aws/sns');
      // SNS would prefix every SMS with a display name, pushing a 160-character message into two parts.
      expect(topic.DisplayName).toBeUndefined();
      for (const topicId of [alertsTopicId, opsTopicId]) {
        template.hasResourceProperties('AWS::SNS::TopicPolicy', {
          Topics: [{ Ref: topicId }],
          PolicyDocument: Match.objectLike({
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Principal: '*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          }),
        });
      }
    });

    it('subscribes every configured email to alerts, and SMS numbers filtered to the configured statuses', () => {
      const subscriptions = resourcesOf(template, 'AWS::SNS::Subscription').map(([, s]) => s);
      const on = (topicId: string) => subscriptions.filter((s) => render(s.TopicArn) === `<${topicId}>`);
      expect(
        on(alertsTopicId)
          .map((s) => [s.Protocol, s.Endpoint, s.FilterPolicy ?? null])
          .sort(),
      ).toEqual([
        ['email', 'finance@example.co.id', null],
        ['email', 'ops@example.com', null],
        [
          'sms',
          '+6281234567890',
          { $or: [{ status: ['down'] }, { status: ['up'], previousStatus: ['down', 'maintenance'] }] },
        ],
      ]);
      expect(
        on(opsTopicId)
          .map((s) => [s.Protocol, s.Endpoint])
          .sort(),
      ).toEqual([
        ['email', 'finance@example.co.id'],
        ['email', 'ops@example.com'],
      ]);
    });
  });

  describe('alarms', () => {
    const alarms = new Map(
      resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => [a.AlarmName as string, a]),
    );

    it('sends every alarm and its recovery to the ops topic', () => {
      expect(alarms.size).toBe(13);
      for (const [name, alarm] of alarms) {
        expect(alarm.AlarmActions, name).toEqual([{ Ref: opsTopicId }]);
        expect(alarm.OKActions, name).toEqual([{ Ref: opsTopicId }]);
      }
    });

    it.each(['svc-wsdl', 'svc-qr'])(
      'watches stale regions, an unknown consensus and unsent notifications of %s',
      (id) => {
        expect(alarms.get(`efaktur-fleet-${id}-stale-regions`)).toMatchObject({
          Namespace: METRICS.namespace,
          MetricName: METRICS.aggregator.staleRegions,
          Dimensions: [{ Name: METRICS.dimensions.target, Value: id }],
          Statistic: 'Maximum',
          Period: 60,
          EvaluationPeriods: 5,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          Threshold: 1,
        });
        const unknown = alarms.get(`efaktur-fleet-${id}-consensus-unknown`)!;
        expect(unknown).toMatchObject({
          EvaluationPeriods: 10,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        });
        const queries = unknown.Metrics as {
          Id: string;
          Expression?: string;
          MetricStat?: { Stat: string; Metric: { MetricName: string; Dimensions: unknown } };
        }[];
        expect(queries.find((q) => q.Expression)?.Expression).toBe(
          `IF(lo == ${STATUS_LEVEL.unknown} AND hi == ${STATUS_LEVEL.unknown}, 1, 0)`,
        );
        expect(
          queries
            .filter((q) => q.MetricStat)
            .map((q) => [
              q.Id,
              q.MetricStat!.Stat,
              q.MetricStat!.Metric.MetricName,
              q.MetricStat!.Metric.Dimensions,
            ])
            .sort(),
        ).toEqual([
          ['hi', 'Maximum', METRICS.aggregator.consensusStatus, [{ Name: 'Target', Value: id }]],
          ['lo', 'Minimum', METRICS.aggregator.consensusStatus, [{ Name: 'Target', Value: id }]],
        ]);
        expect(alarms.get(`efaktur-fleet-${id}-notification-pending`)).toMatchObject({
          MetricName: METRICS.aggregator.oldestPendingSeconds,
          Statistic: 'Maximum',
          Threshold: 300,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      },
    );

    it('watches SNS delivery failures of the alerts topic', () => {
      expect(alarms.get('efaktur-fleet-alerts-delivery-failures')).toMatchObject({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'TopicName', Value: { 'Fn::GetAtt': [alertsTopicId, 'TopicName'] } }],
        Statistic: 'Sum',
        Threshold: 1,
      });
    });

    it('watches errors of the aggregator and the API, a silent aggregator, stream lag and dead letters', () => {
      for (const [name, fnId] of [
        ['aggregator', aggregatorId],
        ['api', apiId],
      ]) {
        expect(alarms.get(`efaktur-fleet-${name}-errors`)).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
      expect(alarms.get('efaktur-fleet-aggregator-silent')).toMatchObject({
        MetricName: 'Invocations',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      });
      expect(alarms.get('efaktur-fleet-aggregator-stream-lag')).toMatchObject({
        MetricName: 'IteratorAge',
        Threshold: 300_000,
      });
      expect(alarms.get('efaktur-fleet-aggregator-dead-letters')).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    });
  });

  describe('dashboard', () => {
    const [, dashboard] = resourcesOf(template, 'AWS::CloudWatch::Dashboard')[0]!;
    const body = renderJson<{ widgets: { properties: Record<string, unknown> }[] }>(dashboard.DashboardBody);
    const titled = (prefix: string) => {
      const widget = body.widgets.find((w) => String(w.properties.title ?? '').startsWith(prefix));
      expect(widget, `a widget titled "${prefix}…"`).toBeDefined();
      return widget!.properties as { metrics: unknown[][]; region: string };
    };
    interface GraphMetric {
      namespace: string;
      name: string;
      dims: Record<string, string>;
      stat?: string;
      region?: string;
    }
    /** A graph's metrics, decoded from `[namespace, name, ...dimension pairs, options?]`. */
    const metricsOf = (prefix: string): GraphMetric[] =>
      titled(prefix).metrics.map((m) => {
        const last = m[m.length - 1];
        const options =
          typeof last === 'object' && last !== null && !('Ref' in last)
            ? (last as Record<string, string>)
            : {};
        const pairs = m.slice(
          2,
          typeof last === 'object' && last !== null && !('Ref' in last) ? -1 : undefined,
        );
        const dims: Record<string, string> = {};
        for (let i = 0; i < pairs.length; i += 2) dims[pairs[i] as string] = render(pairs[i + 1]);
        return {
          namespace: m[0] as string,
          name: m[1] as string,
          dims,
          stat: options.stat ?? 'Average', // the dashboard default
          region: options.region,
        };
      });

    it('is named and shows the consensus status of every target over time', () => {
      expect(dashboard.DashboardName).toBe('efaktur-fleet');
      expect(metricsOf('Consensus status per target')).toEqual([
        {
          namespace: METRICS.namespace,
          name: METRICS.aggregator.consensusStatus,
          dims: { Target: 'svc-wsdl' },
          stat: 'Maximum',
          region: undefined,
        },
        {
          namespace: METRICS.namespace,
          name: METRICS.aggregator.consensusStatus,
          dims: { Target: 'svc-qr' },
          stat: 'Maximum',
          region: undefined,
        },
      ]);
    });

    it.each(['e-Faktur SVC', 'e-Faktur QR validation'])(
      'reads latency p50/p95, success rate and TLS days of %s from each probe region',
      (name) => {
        const targetId = config.targets.find((t) => t.name === name)!.id;
        expect(
          metricsOf(`${name}: latency p50 / p95`).map((m) => [m.name, m.dims, m.stat, m.region]),
        ).toEqual(
          ['p50', 'p95'].flatMap((stat) =>
            config.probeRegions.map((region) => [
              METRICS.probe.latency,
              { Target: targetId, Region: region },
              stat,
              region,
            ]),
          ),
        );
        for (const [title, metricName, stat] of [
          [`${name}: success rate`, METRICS.probe.success, 'Average'],
          [`${name}: TLS certificate days left`, METRICS.probe.tlsDaysLeft, 'Minimum'],
        ] as const) {
          expect(metricsOf(title).map((m) => [m.name, m.dims, m.stat, m.region])).toEqual(
            config.probeRegions.map((region) => [
              metricName,
              { Target: targetId, Region: region },
              stat,
              region,
            ]),
          );
        }
      },
    );

    it('shows transitions, stale regions and notifications delivered and failed by SNS', () => {
      expect(metricsOf('Transitions').map((m) => [m.name, m.dims, m.stat])).toEqual(
        config.targets.map((t) => [METRICS.aggregator.transitions, { Target: t.id }, 'Sum']),
      );
      expect(metricsOf('Stale regions').map((m) => [m.name, m.dims, m.stat])).toEqual(
        config.targets.map((t) => [METRICS.aggregator.staleRegions, { Target: t.id }, 'Maximum']),
      );
      expect(metricsOf('Alert notifications (SNS)').map((m) => [m.namespace, m.name, m.dims])).toEqual(
        ['NumberOfMessagesPublished', 'NumberOfNotificationsDelivered', 'NumberOfNotificationsFailed'].map(
          (name) => ['AWS/SNS', name, { TopicName: `<${alertsTopicId}.TopicName>` }],
        ),
      );
    });

    it("shows each region's phase drift from its probe's logs, queried in that region", () => {
      for (const region of config.probeRegions) {
        const widget = titled(`Phase drift in ${region}`) as unknown as { query: string; region: string };
        expect(widget.region).toBe(region);
        expect(widget.query).toContain(`SOURCE '/efaktur-fleet/probe-${region}'`);
        expect(widget.query).toContain('filter message = "scheduled run"');
        expect(widget.query).toContain('max(phaseDriftMs)');
      }
    });

    it('shows errors, duration and throttles of every function, probes read from their own regions', () => {
      for (const [title, metricName] of [
        ['Lambda errors', 'Errors'],
        ['Lambda duration', 'Duration'],
        ['Lambda throttles', 'Throttles'],
      ]) {
        expect(metricsOf(title!).map((m) => [m.namespace, m.name, m.dims.FunctionName, m.region])).toEqual([
          ...config.probeRegions.map((region) => [
            'AWS/Lambda',
            metricName,
            `efaktur-fleet-probe-${region}`,
            region,
          ]),
          ['AWS/Lambda', metricName, `<${aggregatorId}>`, config.homeRegion],
          ['AWS/Lambda', metricName, `<${apiId}>`, config.homeRegion],
        ]);
      }
    });
  });

  it('outputs the API URL, the dashboard URL and both topic ARNs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual([
      'AlertsTopicArn',
      'DashboardUrl',
      'OpsTopicArn',
      'StatusApiUrl',
    ]);
    expect(render(outputs.StatusApiUrl!.Value)).toMatch(/^<StatusApiHttpApi\w+\.ApiEndpoint>$/);
  });
});

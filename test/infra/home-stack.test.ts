import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../shared/metric-names.js';
import { resourcesOf, synthFleet, TEST_FLEET_INPUT } from './support/fleet-templates.js';
import { probeFunctionsOf, render, renderJson } from './support/intrinsics.js';

// The real handlers; bundling is exercised by the security scan, which synthesizes the same app to disk. The
// dashboard is off by default (see Cost); these tests look at it too.
const fleet = synthFleet({ ...TEST_FLEET_INPUT, dashboard: true }, { skipBundling: true });
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
      // ANY / and ANY /{proxy+}; the operator's POST /maintenance and DELETE /maintenance/{id}
      'AWS::ApiGatewayV2::Route': 4,
      'AWS::ApiGatewayV2::Stage': 1,
      'AWS::SNS::Topic': 2,
      // alerts: 2 email + 1 SMS; ops: 2 email
      'AWS::SNS::Subscription': 5,
      // fleet-wide: stale regions, unknown, pending notification; delivery failures, aggregator errors, API
      // errors, aggregator silent, stream lag, dead letters; the ops topic's own delivery failures
      'AWS::CloudWatch::Alarm': 10,
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
      expect(probeFunctionsOf(vars, config.probeRegions)).toEqual({
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
      // The configuration travels in the bundle (Lambda's environment holds 4 KB), not in a variable.
      expect(vars.FLEET_CONFIG).toBeUndefined();
      expect(vars.FLEET_CONFIG_FILE).toBe('fleet-config.json');
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
      expect(routes.sort()).toEqual([
        'ANY /',
        'ANY /{proxy+}',
        'DELETE /maintenance/{id}',
        'POST /maintenance',
      ]);
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
      expect(alarms.size).toBe(10);
      for (const [name, alarm] of alarms) {
        expect(alarm.AlarmActions, name).toEqual([{ Ref: opsTopicId }]);
        expect(alarm.OKActions, name).toEqual([{ Ref: opsTopicId }]);
      }
    });

    it('watches stale regions, an unknown consensus and unsent notifications fleet-wide, one alarm each', () => {
      const fleetWide = {
        Namespace: METRICS.namespace,
        Period: 60,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      };
      expect(alarms.get('efaktur-fleet-stale-regions')).toMatchObject({
        ...fleetWide,
        MetricName: METRICS.aggregator.staleRegions,
        Statistic: 'Maximum',
        EvaluationPeriods: 5,
        Threshold: 1,
      });
      expect(alarms.get('efaktur-fleet-consensus-unknown')).toMatchObject({
        ...fleetWide,
        MetricName: METRICS.aggregator.unknownTargets,
        Statistic: 'Minimum',
        EvaluationPeriods: 10,
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
      expect(alarms.get('efaktur-fleet-notification-pending')).toMatchObject({
        ...fleetWide,
        MetricName: METRICS.aggregator.oldestPendingSeconds,
        Statistic: 'Maximum',
        Threshold: 300,
      });
      // Fleet-wide: one dimension, the fleet, so no alarm and no metric per target.
      for (const name of ['stale-regions', 'consensus-unknown', 'notification-pending'])
        expect(alarms.get(`efaktur-fleet-${name}`)?.Dimensions).toEqual([
          { Name: 'Fleet', Value: 'efaktur-fleet' },
        ]);
    });

    it('keeps the same alarms whatever the targets and regions', () => {
      const many = synthFleet(
        {
          probeRegions: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1', 'us-east-1', 'eu-west-1'],
          targets: Array.from({ length: 12 }, (_, i) => ({
            id: `t${i}`,
            name: `T${i}`,
            url: `https://t${i}.example.com/`,
            check: 'http' as const,
          })),
        },
        { skipBundling: true },
      );
      const names = (t: typeof template) =>
        resourcesOf(t, 'AWS::CloudWatch::Alarm')
          .map(([, a]) => a.AlarmName as string)
          .sort();
      expect(names(many.home)).toEqual([...alarms.keys()].sort());
      for (const [, probe] of many.probes) expect(resourcesOf(probe, 'AWS::CloudWatch::Alarm')).toEqual([]);
    });

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
    const body = renderJson<{ widgets: { type: string; properties: Record<string, unknown> }[] }>(
      dashboard.DashboardBody,
    );
    const titled = (prefix: string) => {
      const widget = body.widgets.find((w) => String(w.properties.title ?? '').startsWith(prefix));
      expect(widget, `a widget titled "${prefix}…"`).toBeDefined();
      return widget!.properties as { metrics: unknown[][]; region: string; query: string };
    };
    /** Metrics of every graph (the free allowance counts up to 50 per dashboard). */
    const graphMetrics = body.widgets.flatMap((w) => (w.properties.metrics as unknown[][] | undefined) ?? []);
    const alarmCount = body.widgets.flatMap(
      (w) => (w.properties.alarms as unknown[] | undefined) ?? [],
    ).length;

    it('is named and graphs the fleet-wide consensus metrics, with no per-target metric anywhere', () => {
      expect(dashboard.DashboardName).toBe('efaktur-fleet');
      expect(titled('Fleet consensus').metrics.map((m) => [m[0], m[1]])).toEqual([
        [METRICS.namespace, METRICS.aggregator.staleRegions],
        [METRICS.namespace, METRICS.aggregator.unknownTargets],
        [METRICS.namespace, METRICS.aggregator.oldestPendingSeconds],
      ]);
      const text = JSON.stringify(graphMetrics);
      for (const target of config.targets) expect(text).not.toContain(target.id);
    });

    it('stays within the 50 metrics of a free dashboard (alarms counted too)', () => {
      expect(graphMetrics.length + alarmCount).toBe(3 * config.probeRegions.length + 26);
      expect(graphMetrics.length + alarmCount).toBeLessThanOrEqual(50);
    });

    it('tables each target from the sweep logs, and what each region sees from its probe logs there', () => {
      const consensus = titled('Consensus per target');
      expect(consensus.query).toContain('filter message = "consensus"');
      expect(consensus.query).toContain('by targetId');
      for (const region of config.probeRegions) {
        const sees = titled(`What ${region} sees`);
        expect(sees.region).toBe(region);
        expect(sees.query).toContain(`SOURCE '/efaktur-fleet/probe-${region}'`);
        for (const field of ['latencyMs', 'success', 'tlsDaysLeft', 'controlFailed', 'status'])
          expect(sees.query).toContain(field);
      }
    });

    it("shows each region's phase drift from its probe's logs, queried in that region", () => {
      for (const region of config.probeRegions) {
        const widget = titled(`Phase drift in ${region}`);
        expect(widget.region).toBe(region);
        expect(widget.query).toContain(`SOURCE '/efaktur-fleet/probe-${region}'`);
        expect(widget.query).toContain('filter message = "scheduled run"');
        expect(widget.query).toContain('max(phaseDriftMs)');
      }
    });

    it('graphs errors and throttles of every function and the dead letters of every region', () => {
      for (const [title, metricName] of [
        ['Lambda errors', 'Errors'],
        ['Lambda throttles', 'Throttles'],
      ] as const) {
        expect(
          titled(title).metrics.map((m) => [m[0], m[1], render(m[3]), (m[4] as { region: string }).region]),
        ).toEqual([
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
      const deadLetters = titled('Dead letters').metrics.filter((m) => m[0] === 'AWS/SQS');
      expect(deadLetters).toHaveLength(config.probeRegions.length + 1);
      for (const region of config.probeRegions)
        expect(
          deadLetters.some(
            (m) => m[3] === 'efaktur-fleet-probe-dead-letters' && JSON.stringify(m).includes(region),
          ),
        ).toBe(true);
    });

    it('graphs SNS deliveries of the alerts topic', () => {
      expect(titled('Alert notifications (SNS)').metrics.map((m) => [m[0], m[1], render(m[3])])).toEqual(
        ['NumberOfMessagesPublished', 'NumberOfNotificationsDelivered', 'NumberOfNotificationsFailed'].map(
          (name) => ['AWS/SNS', name, `<${alertsTopicId}.TopicName>`],
        ),
      );
    });

    it('is off by default: the same alarms, and its tables are saved queries either way', () => {
      const without = synthFleet(undefined, { skipBundling: true });
      expect(without.config.dashboard).toBe(false);
      without.home.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
      without.home.resourceCountIs('AWS::CloudWatch::Alarm', 10);
      expect(Object.keys(without.home.toJSON().Outputs as object)).not.toContain('DashboardUrl');
      const queries = (t: typeof template) =>
        resourcesOf(t, 'AWS::Logs::QueryDefinition').map(([, q]) => [q.Name, q.QueryString]);
      expect(queries(without.home)).toEqual(queries(template));
      for (const title of ['Consensus per target', 'Status changes', 'Notifications', 'Consensus failures']) {
        const query = queries(without.home).find(([name]) =>
          String(name).startsWith(`efaktur-fleet/${title}`),
        );
        expect(query, title).toBeDefined();
      }
      // The dashboard's table and the saved query are one text.
      const consensus = titled('Consensus per target').query;
      expect(consensus).toContain(
        String(queries(without.home).find(([name]) => String(name).includes('Consensus per target'))![1]),
      );
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

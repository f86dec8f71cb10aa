import { describe, expect, it } from 'vitest';
import { resourcesOf, synthFleet } from './support/fleet-templates.js';
import { render } from './support/intrinsics.js';

const fleet = synthFleet(undefined, { skipBundling: true });
const { config } = fleet;
// Default: three regions probing every 60 s, so phases 0, 20 and 40 s in the order of the configuration.
const cases = config.probeRegions.map((region, index) => ({ region, index, delay: [0, 20, 40][index]! }));

function only(
  template: ReturnType<typeof fleet.probes.get> & object,
  type: string,
): [string, Record<string, unknown>] {
  const found = resourcesOf(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

describe('probe stacks', () => {
  it('exist once per probe region, each after the home stack', () => {
    expect(fleet.stacks.probes.map((s) => [s.stackName, s.region])).toEqual([
      ['EfakturFleetProbe-ap-southeast-3', 'ap-southeast-3'],
      ['EfakturFleetProbe-ap-southeast-1', 'ap-southeast-1'],
      ['EfakturFleetProbe-ap-northeast-1', 'ap-northeast-1'],
    ]);
    for (const stack of fleet.stacks.probes) expect(stack.dependencies).toEqual([fleet.stacks.home]);
  });

  describe.each(cases)('$region', ({ region, delay }) => {
    const template = fleet.probes.get(region)!;
    const [functionId, fn] = only(template, 'AWS::Lambda::Function');
    const [queueId] = resourcesOf(template, 'AWS::SQS::Queue').find(
      ([, q]) => q.RedrivePolicy !== undefined,
    )!;
    const [deadLettersId] = resourcesOf(template, 'AWS::SQS::Queue').find(
      ([, q]) => q.RedrivePolicy === undefined,
    )!;

    it('holds the probe, its queue and dead-letter queue and one tick schedule: no alarm, no ops topic', () => {
      const counts: Record<string, number> = {
        'AWS::Lambda::Function': 1,
        'AWS::Lambda::EventSourceMapping': 1,
        'AWS::SQS::Queue': 2,
        'AWS::Scheduler::Schedule': 1,
        'AWS::SNS::Topic': 0,
        'AWS::SNS::Subscription': 0,
        'AWS::CloudWatch::Alarm': 0,
        'AWS::Logs::LogGroup': 1,
        'AWS::DynamoDB::GlobalTable': 0,
      };
      for (const [type, count] of Object.entries(counts)) template.resourceCountIs(type, count);
    });

    it("saves the region's log queries (per target, phase drift, duration, failures) on its probe log group", () => {
      const queries = resourcesOf(template, 'AWS::Logs::QueryDefinition').map(([, q]) => q);
      expect(queries.map((q) => q.Name)).toEqual(
        [
          'What the region sees per target',
          'Phase drift (ms late against the planned second)',
          'Probe duration and memory',
          'Probe failures, missed runs and targets not checked',
        ].map((title) => `efaktur-fleet/${title} (${region})`),
      );
      const [logsId, logs] = only(template, 'AWS::Logs::LogGroup');
      expect(logs.LogGroupName).toBe(`/efaktur-fleet/probe-${region}`);
      for (const q of queries) expect((q.LogGroupNames as unknown[]).map(render)).toEqual([`<${logsId}>`]);
      expect(queries[0]!.QueryString).toContain('by targetId');
      expect(queries[3]!.QueryString).toMatch(/level = "ERROR".*Task timed out.*targets not checked/s);
    });

    it('runs a named Node 22 arm64 probe sized for the targets, speaking for its region', () => {
      expect(fn).toMatchObject({
        FunctionName: `efaktur-fleet-probe-${region}`,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 256,
        Timeout: 27,
      });
      const vars = (fn.Environment as { Variables: Record<string, string> }).Variables;
      expect(vars).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        FLEET_TABLE_NAME: 'efaktur-probe-fleet',
        FLEET_TABLE_REGION: 'ap-southeast-1',
        PROBE_REGION: region,
        PROBE_RUN_QUEUE_URL: { Ref: queueId },
      });
      expect(vars.FLEET_CONFIG).toBeUndefined();
      expect(vars.FLEET_CONFIG_FILE).toBe('fleet-config.json');
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: functionId },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 60,
      });
    });

    it(`ticks every minute to plan the next minute's run at +${delay} s (its phase)`, () => {
      const [, schedule] = only(template, 'AWS::Scheduler::Schedule');
      expect(schedule).toMatchObject({
        ScheduleExpression: 'cron(* * * * ? *)',
        ScheduleExpressionTimezone: 'Etc/UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
      });
      const target = schedule.Target as Record<string, unknown>;
      // The tick goes to the probe itself: no queue message to pay for; the probe enqueues the delayed runs.
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 });
      expect(JSON.parse(target.Input as string)).toEqual({
        source: 'tick',
        scheduledTime: '<aws.scheduler.scheduled-time>',
        phaseSeconds: delay,
        intervalSeconds: 60,
      });
    });

    it('feeds the probe one message at a time from an encrypted, TLS-only queue with a dead-letter queue', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionId },
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        BatchSize: 1,
      });
      const queues = new Map(resourcesOf(template, 'AWS::SQS::Queue'));
      expect(queues.get(queueId)).toEqual({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: 27 * 6,
        MessageRetentionPeriod: 3600,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] }, maxReceiveCount: 3 },
      });
      expect(queues.get(deadLettersId)).toEqual({
        // Named alike in every region, so that the home dashboard can graph it.
        QueueName: 'efaktur-fleet-probe-dead-letters',
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
      for (const id of [queueId, deadLettersId]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: [
              {
                Action: 'sqs:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                Effect: 'Deny',
                Principal: { AWS: '*' },
                Resource: { 'Fn::GetAtt': [id, 'Arn'] },
              },
            ],
            Version: '2012-10-17',
          },
        });
      }
    });

    it('may write results to the home table, read its own queue and enqueue runs on it, nothing else', () => {
      const policies = resourcesOf(template, 'AWS::IAM::Policy');
      const probePolicy = policies.find(([, p]) => JSON.stringify(p.Roles).includes('ProbeRole'))!;
      const statements = (probePolicy[1].PolicyDocument as { Statement: Record<string, unknown>[] })
        .Statement;
      expect(
        statements.map((s) => [
          [s.Action].flat().sort(),
          s.Resource === undefined ? [] : [s.Resource].flat().map(render),
        ]),
      ).toEqual([
        [['logs:CreateLogStream', 'logs:PutLogEvents'], [expect.stringMatching(/^<ProbeLogs\w+\.Arn>$/)]],
        [['dynamodb:PutItem'], ['arn:aws:dynamodb:ap-southeast-1:123456789012:table/efaktur-probe-fleet']],
        [['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], [`<${queueId}.Arn>`]],
        [
          [
            'sqs:ChangeMessageVisibility',
            'sqs:DeleteMessage',
            'sqs:GetQueueAttributes',
            'sqs:GetQueueUrl',
            'sqs:ReceiveMessage',
          ],
          [`<${queueId}.Arn>`],
        ],
      ]);
      const schedulerPolicy = policies.find(([, p]) => JSON.stringify(p.Roles).includes('SchedulerRole'))!;
      expect(
        (
          schedulerPolicy[1].PolicyDocument as { Statement: { Action: string; Resource: unknown[] }[] }
        ).Statement.map((st) => [st.Action, st.Resource.map(render)]),
      ).toEqual([['lambda:InvokeFunction', [`<${functionId}.Arn>`, `<${functionId}.Arn>:*`]]]);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
            },
          ],
          Version: '2012-10-17',
        },
      });
    });
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFleetStacks } from '../../infra/fleet-app.js';
import { addSecurityChecks } from '../../infra/security-checks.js';
import { parseFleetConfig } from '../../shared/config/fleet-config.js';
import { TEST_FLEET_INPUT } from './support/fleet-templates.js';
import { render } from './support/intrinsics.js';

const CHANNELS = [
  { type: 'telegram', id: 'kantor', botTokenSecret: 'TELEGRAM_BOT_TOKEN', chatIds: ['-1001234567890'] },
  {
    type: 'webhook',
    id: 'n8n',
    url: 'https://n8n.example.co.id/webhook/efaktur',
    signingSecret: 'WEBHOOK_KEY',
  },
];
const SECRET_VALUES = { TELEGRAM_BOT_TOKEN: '123:tg-secret-value', WEBHOOK_KEY: 'whsec-secret-value' };

// The app as `cdk synth` builds it with channels: real handlers bundled, cdk-nag attached.
const outdir = mkdtempSync(join(tmpdir(), 'fleet-channels-'));
const app = new App({ outdir });
const config = parseFleetConfig({ ...TEST_FLEET_INPUT, channels: CHANNELS });
const stacks = addFleetStacks(app, config);
addSecurityChecks(app);
const assembly = app.synth();
const home = Template.fromStack(stacks.home);
const homeFile = join(outdir, `${stacks.home.artifactId}.template.json`);
// Stands in for the Lambda runtime, which provides the AWS SDK that the bundles leave external.
symlinkSync(join(process.cwd(), 'node_modules'), join(outdir, 'node_modules'), 'dir');

/** A stand-in for SSM's JSON API on 127.0.0.1: the parameters it holds, `ParameterNotFound` for the rest. */
let ssm: Server;
let ssmUrl = '';
const parameters = new Map<string, string>();
beforeAll(async () => {
  ssm = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const { Name } = JSON.parse(body) as { Name: string };
      const value = parameters.get(Name);
      res.writeHead(value === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(
          value === undefined
            ? { __type: 'ParameterNotFound', message: '' }
            : { Parameter: { Name, Type: 'SecureString', Value: value, Version: 1 } },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => ssm.listen(0, '127.0.0.1', resolve));
  ssmUrl = `http://127.0.0.1:${(ssm.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => ssm.close(resolve));
  rmSync(outdir, { recursive: true, force: true });
});

function notifierFunction(): { id: string; properties: Record<string, unknown> } {
  const functions = home.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('notifier') },
  });
  const [id, resource] = Object.entries(functions)[0]!;
  return { id, properties: (resource as { Properties: Record<string, unknown> }).Properties };
}

/**
 * Loads the notifier's bundle in Node as Lambda would, with its environment and SSM at the stand-in (in this
 * process: the child runs asynchronously so that the stand-in can answer).
 */
function coldStart(): Promise<{ status: number; stdout: string; stderr: string }> {
  const { properties } = notifierFunction();
  const key = render((properties.Code as { S3Key: unknown }).S3Key);
  const bundle = join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
  const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const env = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, render(value)]));
  const script = join(outdir, 'cold-start.mjs');
  writeFileSync(
    script,
    `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler);\n`,
  );
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [script],
      {
        killSignal: 'SIGKILL',
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH,
          AWS_REGION: config.homeRegion,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL_SSM: ssmUrl,
          LAMBDA_TASK_ROOT: dirname(bundle),
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ status: error ? 1 : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

describe('chat channels in the synthesized fleet', () => {
  it('passes cdk-nag with no finding', () => {
    const messages = assembly.getStackArtifact(stacks.home.artifactId).messages;
    const errors = messages.filter((m) => m.level === 'error').map((m) => String(m.entry.data));
    expect(errors).toEqual([]);
    const report = join(outdir, 'validation-report.json');
    const findings = readdirSync(outdir).includes('validation-report.json')
      ? (
          JSON.parse(readFileSync(report, 'utf8')) as { pluginReports: { violations: unknown[] }[] }
        ).pluginReports.flatMap((p) => p.violations)
      : [];
    expect(findings).toEqual([]);
  });

  it('subscribes an encrypted queue to the alerts topic with raw delivery, and a dead-letter queue behind it', () => {
    home.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      TopicArn: { Ref: Match.stringLikeRegexp('AlertsTopic') },
    });
    const queues = home.findResources('AWS::SQS::Queue', {
      Properties: { RedrivePolicy: { maxReceiveCount: 5 } },
    });
    expect(Object.keys(queues)).toHaveLength(1);
    const [queue] = Object.values(queues) as { Properties: Record<string, unknown> }[];
    expect(queue!.Properties.SqsManagedSseEnabled).toBe(true);
    // Six times the function's 30 s timeout, as AWS asks for SQS event sources.
    expect(queue!.Properties.VisibilityTimeout).toBe(180);
    home.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('lets the notifier read only the named SSM parameters, and re-queue to its own queues only', () => {
    const policies = home.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
          .PolicyDocument.Statement,
    );
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('ssm:'))).toHaveLength(1);
    const ssmStatement = statements.find((s) => s.Sid === 'ReadChannelSecrets')!;
    expect(ssmStatement.Action).toBe('ssm:GetParameter');
    const resources = (ssmStatement.Resource as unknown[]).map(render);
    expect(resources).toEqual([
      expect.stringMatching(/:ssm:ap-southeast-1:\d+:parameter\/efaktur-fleet\/secrets\/TELEGRAM_BOT_TOKEN$/),
      expect.stringMatching(/:ssm:ap-southeast-1:\d+:parameter\/efaktur-fleet\/secrets\/WEBHOOK_KEY$/),
    ]);
    const sqsStatement = statements.find((s) => s.Sid === 'RequeueAndSetAside')!;
    expect(sqsStatement.Action).toBe('sqs:SendMessage');
  });

  it('alarms the operators when a delivery is set aside', () => {
    home.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'efaktur-fleet-channel-dead-letters',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('OpsTopic') }],
    });
  });

  it('keeps secret values out of the template and the bundle, and names the parameters to create', () => {
    const text = readFileSync(homeFile, 'utf8');
    for (const value of Object.values(SECRET_VALUES)) expect(text).not.toContain(value);
    const outputs = home.toJSON().Outputs as Record<string, { Value: unknown }>;
    const names = Object.entries(outputs).find(([id]) => id.includes('ChannelSecretParameters'))![1];
    expect(render(names.Value)).toBe(
      '/efaktur-fleet/secrets/TELEGRAM_BOT_TOKEN,/efaktur-fleet/secrets/WEBHOOK_KEY',
    );
  });

  it('fails its cold start naming a parameter that does not exist, and starts once every secret is there', async () => {
    parameters.clear();
    parameters.set('/efaktur-fleet/secrets/TELEGRAM_BOT_TOKEN', SECRET_VALUES.TELEGRAM_BOT_TOKEN);
    const missing = await coldStart();
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain(
      'secret WEBHOOK_KEY has no value (SSM parameter /efaktur-fleet/secrets/WEBHOOK_KEY does not exist)',
    );
    expect(missing.stderr).not.toContain(SECRET_VALUES.TELEGRAM_BOT_TOKEN);
    parameters.set('/efaktur-fleet/secrets/WEBHOOK_KEY', SECRET_VALUES.WEBHOOK_KEY);
    const started = await coldStart();
    expect(started.stdout.trim(), started.stderr).toBe('function');
  });

  it('adds nothing when no channel is configured (the default fleet costs the same)', () => {
    const plain = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const plainStacks = addFleetStacks(plain, parseFleetConfig(TEST_FLEET_INPUT));
    const template = Template.fromStack(plainStacks.home);
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'sqs' }, 0);
    expect(plainStacks.home.channels).toBeUndefined();
  });
});

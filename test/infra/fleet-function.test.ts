import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, describe, expect, it } from 'vitest';
import { FleetFunction } from '../../infra/constructs/fleet-function.js';
import { removeStandInEntries, standInEntry } from './support/stand-in-entry.js';

describe('FleetFunction', () => {
  afterAll(removeStandInEntries);

  const app = new App();
  const stack = new Stack(app, 'FunctionTest', { env: { region: 'ap-southeast-3' } });
  new FleetFunction(stack, 'Fn', {
    entry: standInEntry(
      "import { hostname } from 'node:os';\nexport const handler = async () => ({ host: hostname() });\n",
    ),
    description: 'test function',
    timeout: Duration.seconds(27),
    functionName: 'efaktur-probe-ap-southeast-3',
    environment: { FLEET_TABLE_NAME: 'efaktur-probe-fleet' },
    logRetention: RetentionDays.TWO_WEEKS,
  });
  const template = Template.fromStack(stack);

  it('runs Node 22 on arm64 with the given name, timeout, 256 MB and source maps enabled', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'efaktur-probe-ap-southeast-3',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 27,
      TracingConfig: Match.absent(),
      Environment: {
        Variables: { NODE_OPTIONS: '--enable-source-maps', FLEET_TABLE_NAME: 'efaktur-probe-fleet' },
      },
    });
  });

  it('bundles a minified ES module with an external source map', () => {
    const assets = readdirSync(app.outdir).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(1);
    const dir = join(app.outdir, assets[0]!);
    expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    const [banner, body, mapComment] = code.split('\n');
    expect(banner).toMatch(/^import \{ createRequire as __fleetCreateRequire \} from 'node:module';/);
    // Minified: the handler is one line, with short names, exported as `handler`.
    expect(body).toMatch(
      /^import\{hostname as \w\}from"node:os";var \w=async\(\)=>\(\{host:\w\(\)\}\);export\{\w as handler\};$/,
    );
    expect(mapComment).toBe('//# sourceMappingURL=index.mjs.map');
    const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(map.sources.some((source) => source.endsWith('handler.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('writes to its own log group with the configured retention, and nowhere else', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^FnLogs') } },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnLogs'), 'Arn'] },
          },
        ],
        Version: '2012-10-17',
      },
    });
  });

  it("refuses, at synth, an environment over Lambda's 4 KB", () => {
    const bigApp = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const bigStack = new Stack(bigApp, 'Big', { env: { region: 'ap-southeast-1' } });
    const fn = new FleetFunction(bigStack, 'Fn', {
      entry: standInEntry(),
      description: 'too much environment',
      timeout: Duration.seconds(10),
      environment: { SMALL: 'x' },
    });
    fn.addEnvironment('LARGE', 'y'.repeat(4100));
    expect(() => bigApp.synth()).toThrow(/takes about 4143 bytes, over Lambda's 4096-byte limit/);
  });
});

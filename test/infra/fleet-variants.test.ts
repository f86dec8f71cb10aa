import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { addFleetStacks } from '../../infra/fleet-app.js';
import { ConfigError, type FleetConfigInput, parseFleetConfig } from '../../shared/config/fleet-config.js';
import { allTemplates, resourcesOf, synthFleet } from './support/fleet-templates.js';
import { probeFunctionsOf, render, renderJson } from './support/intrinsics.js';

// Stack logic only: the real handlers must exist, but esbuild is skipped.
const synth = (input: FleetConfigInput) => synthFleet(input, { skipBundling: true });

/** Each tick schedule of a probe stack: its cron expression and the phase and interval its ticks carry. */
function ticks(template: ReturnType<typeof synth>['home']): [string, number, number][] {
  return resourcesOf(template, 'AWS::Scheduler::Schedule').map(([, s]): [string, number, number] => {
    const tick = renderJson<{ phaseSeconds: number; intervalSeconds: number }>(
      (s.Target as { Input: unknown }).Input,
    );
    return [s.ScheduleExpression as string, tick.phaseSeconds, tick.intervalSeconds];
  });
}

describe('the configuration alone places the fleet', () => {
  const fleet = synth({
    homeRegion: 'eu-west-1',
    probeRegions: ['us-east-1', 'eu-central-1', 'ap-south-1', 'sa-east-1'],
  });

  it('puts the home stack and one probe stack per region where the configuration says', () => {
    expect(fleet.stacks.home.region).toBe('eu-west-1');
    expect(fleet.stacks.probes.map((s) => s.region)).toEqual([
      'us-east-1',
      'eu-central-1',
      'ap-south-1',
      'sa-east-1',
    ]);
  });

  it('has no trace of the default regions in any template', () => {
    for (const [name, template] of allTemplates(fleet)) {
      expect(JSON.stringify(template.toJSON()), name).not.toMatch(/ap-southeast|ap-northeast/);
    }
  });

  it('staggers four regions at 0, 15, 30 and 45 seconds', () => {
    expect(fleet.stacks.probes.map((s) => ticks(fleet.probes.get(s.region)!))).toEqual([
      [['cron(* * * * ? *)', 0, 60]],
      [['cron(* * * * ? *)', 15, 60]],
      [['cron(* * * * ? *)', 30, 60]],
      [['cron(* * * * ? *)', 45, 60]],
    ]);
  });

  it('points probes at the home table and the aggregator at every probe', () => {
    for (const [region, template] of fleet.probes) {
      const [, fn] = resourcesOf(template, 'AWS::Lambda::Function')[0]!;
      expect(
        (fn.Environment as { Variables: Record<string, string> }).Variables.FLEET_TABLE_REGION,
        region,
      ).toBe('eu-west-1');
      const resources = resourcesOf(template, 'AWS::IAM::Policy').flatMap(([, p]) =>
        (p.PolicyDocument as { Statement: { Resource: unknown }[] }).Statement.flatMap((s) =>
          [s.Resource].flat().map(render),
        ),
      );
      expect(resources).toContain('arn:aws:dynamodb:eu-west-1:123456789012:table/efaktur-probe-fleet');
    }
    const [, aggregator] = resourcesOf(fleet.home, 'AWS::Lambda::Function').find(([, f]) =>
      String(f.Description).includes('consensus'),
    )!;
    const vars = (aggregator.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(probeFunctionsOf(vars, fleet.config.probeRegions))).toEqual([
      'us-east-1',
      'eu-central-1',
      'ap-south-1',
      'sa-east-1',
    ]);
  });
});

describe('probe intervals', () => {
  it('ticks every minute for a 30 s interval: each tick plans two runs (phases 0, 10 and 20 s)', () => {
    const fleet = synth({ probeIntervalSeconds: 30 });
    expect(config(fleet).probeRegions.map((r) => ticks(fleet.probes.get(r)!))).toEqual([
      [['cron(* * * * ? *)', 0, 30]],
      [['cron(* * * * ? *)', 10, 30]],
      [['cron(* * * * ? *)', 20, 30]],
    ]);
  });

  it('ticks in the minute before each run for a 10-minute interval', () => {
    const fleet = synth({ probeIntervalSeconds: 600 });
    // Phases 0, 200 and 400 s: runs at minute 0 + 0 s, minute 3 + 20 s, minute 6 + 40 s of every ten.
    expect(config(fleet).probeRegions.map((r) => ticks(fleet.probes.get(r)!))).toEqual([
      [['cron(9/10 * * * ? *)', 0, 600]],
      [['cron(2/10 * * * ? *)', 200, 600]],
      [['cron(5/10 * * * ? *)', 400, 600]],
    ]);
  });

  it('refuses an interval that does not divide an hour before creating anything', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => addFleetStacks(app, parseFleetConfig({ probeIntervalSeconds: 7 }))).toThrow(ConfigError);
  });
});

describe('subscribers', () => {
  it('creates no subscription when the configuration has none', () => {
    const fleet = synth({});
    for (const [name, template] of allTemplates(fleet)) {
      expect(resourcesOf(template, 'AWS::SNS::Subscription'), name).toEqual([]);
    }
  });

  it('subscribes a repeated address once', () => {
    const fleet = synth({
      subscribers: { email: ['a@example.com', 'a@example.com'], sms: ['+6281111111111'] },
    });
    const alerts = resourcesOf(fleet.home, 'AWS::SNS::Subscription').filter(([, s]) =>
      render(s.TopicArn).startsWith('<AlertsTopic'),
    );
    expect(alerts.map(([, s]) => s.Endpoint).sort()).toEqual(['+6281111111111', 'a@example.com']);
  });
});

describe("a configuration far beyond Lambda's 4 KB environment", () => {
  it('synthesizes 100 long targets in 30 regions under the longest fleet name: the configuration is bundled', () => {
    const targets = Array.from({ length: 100 }, (_, i) => ({
      id: `target-${i}`,
      name: `A deliberately long target name number ${i} for the environment limit`.slice(0, 80),
      url: `https://service-${i}.example.com/${'path/'.repeat(30)}?query=${'x'.repeat(60)}`,
      check: 'http' as const,
      mustContain: 'an expected marker text in the body of the page',
    }));
    const regions = [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'ca-central-1',
      'sa-east-1',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'me-south-1',
      'me-central-1',
      'il-central-1',
      'af-south-1',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-east-1',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ca-west-1',
    ];
    const input = { fleetName: 'efaktur-fleet-staging-two', targets, probeRegions: regions };
    expect(JSON.stringify(input).length).toBeGreaterThan(10 * 4096);
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stacks = addFleetStacks(app, parseFleetConfig({ ...input, fleetName: 'efaktur-fleet-staging-tw' }));
    // Each function validates its environment against 4 KB at synth: this would throw if any were over.
    const assembly = app.synth();
    expect(stacks.probes).toHaveLength(30);
    for (const stack of [stacks.home, ...stacks.probes]) {
      const template = assembly.getStackByName(stack.stackName).template as {
        Resources: Record<string, { Type: string; Properties: { Environment?: { Variables: object } } }>;
      };
      for (const resource of Object.values(template.Resources)) {
        if (resource.Type !== 'AWS::Lambda::Function') continue;
        expect(JSON.stringify(resource.Properties.Environment?.Variables ?? {})).not.toContain('target-99');
      }
    }
  });
});

function config(fleet: ReturnType<typeof synth>) {
  return fleet.config;
}

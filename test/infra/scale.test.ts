import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENVIRONMENT_LIMIT_BYTES } from '../../infra/environment-size.js';
import { addFleetStacks } from '../../infra/fleet-app.js';
import { addSecurityChecks } from '../../infra/security-checks.js';
import { MAX_TARGETS, parseFleetConfig } from '../../shared/config/fleet-config.js';
import { render } from './support/intrinsics.js';

// The largest fleet the configuration allows in targets, in five regions, exactly as `cdk synth` builds it, with
// the dashboard (off by default; the security scan covers the default fleet without it).
const config = parseFleetConfig({
  probeRegions: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1', 'ap-south-1', 'us-west-2'],
  dashboard: true,
  targets: Array.from({ length: MAX_TARGETS }, (_, i) => ({
    id: `target-${String(i).padStart(3, '0')}`,
    name: `A target with a long enough name, number ${i}`,
    url: `https://service-${i}.example.com/some/rather/long/path/to/the/health/check?query=${i}`,
    check: 'http' as const,
    mustContain: 'an expected marker text',
  })),
});
const outdir = mkdtempSync(join(tmpdir(), 'fleet-scale-'));
const app = new App({ outdir });
const stacks = addFleetStacks(app, config);
addSecurityChecks(app);
let synthError: Error | undefined;
try {
  app.synth();
} catch (error) {
  synthError = error as Error;
}
const templateFiles = readdirSync(outdir).filter((name) => name.endsWith('.template.json'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('100 targets in 5 regions', () => {
  it('synthesizes with cdk-nag attached and no unacknowledged finding', () => {
    const report = join(outdir, 'validation-report.json');
    const findings = existsSync(report)
      ? (
          JSON.parse(readFileSync(report, 'utf8')) as {
            pluginReports: { violations: { ruleName: string }[] }[];
          }
        ).pluginReports.flatMap((p) => p.violations.map((v) => v.ruleName))
      : [];
    expect(synthError?.message).toBeUndefined();
    expect(findings).toEqual([]);
    expect(templateFiles).toHaveLength(1 + 5);
  });

  it('keeps ten alarms, one dashboard, five saved queries at home and four per probe region', () => {
    const resources = (file: string) =>
      Object.values(
        (
          JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
            Resources: Record<string, { Type: string }>;
          }
        ).Resources,
      );
    const count = (type: string) =>
      templateFiles.reduce((n, f) => n + resources(f).filter((r) => r.Type === type).length, 0);
    expect(count('AWS::CloudWatch::Alarm')).toBe(10);
    expect(count('AWS::CloudWatch::Dashboard')).toBe(1);
    expect(count('AWS::Logs::QueryDefinition')).toBe(5 + 5 * 4);
  });

  it("keeps every function's environment under 4 KB: the configuration is in the bundle", () => {
    for (const file of templateFiles) {
      const template = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
      };
      for (const [id, resource] of Object.entries(template.Resources)) {
        if (resource.Type !== 'AWS::Lambda::Function') continue;
        const variables = (resource.Properties.Environment as { Variables: Record<string, unknown> })
          .Variables;
        const bytes = Object.entries(variables).reduce(
          (sum, [name, value]) =>
            sum + name.length + render(value).replace(/<[\w.:]+>/g, 'x'.repeat(256)).length,
          0,
        );
        expect(bytes, `${file} ${id}`).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
        const key = render((resource.Properties.Code as { S3Key: unknown }).S3Key).replace(/\.zip$/, '');
        const bundled = JSON.parse(readFileSync(join(outdir, `asset.${key}`, 'fleet-config.json'), 'utf8'));
        expect(bundled.targets, `${file} ${id}`).toHaveLength(MAX_TARGETS);
      }
    }
    expect(stacks.probes.map((s) => s.region)).toEqual(config.probeRegions);
  });

  it('passes cfn-lint with no errors', (ctx) => {
    const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    if (version.error !== undefined || version.status !== 0) {
      expect(process.env.CI, 'cfn-lint is not installed; CI must run it').not.toBe('true');
      ctx.skip();
    }
    const lint = spawnSync(
      'cfn-lint',
      [
        '--format',
        'json',
        '--regions',
        ...config.probeRegions,
        '--',
        ...templateFiles.map((f) => join(outdir, f)),
      ],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const errors = (
      JSON.parse(lint.stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string }[]
    )
      .filter((m) => m.Level === 'Error')
      .map((m) => `${m.Rule.Id} ${m.Message}`);
    expect(errors).toEqual([]);
    expect((lint.status ?? -1) & ~(4 | 8), lint.stderr).toBe(0);
  });
});

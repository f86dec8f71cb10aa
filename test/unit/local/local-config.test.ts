import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveLocalConfig, targetIdOf } from '../../../local/local-config.js';
import { ConfigError } from '../../../shared/config/fleet-config.js';

const dir = mkdtempSync(join(tmpdir(), 'local-config-'));
let files = 0;
function file(content: string): string {
  const path = join(dir, `f${++files}.json`);
  writeFileSync(path, content);
  return path;
}
const cdkJson = (fleet: unknown) => file(JSON.stringify({ app: 'x', context: { fleet } }));

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveLocalConfig', () => {
  it("reads cdk.json's context.fleet like the CDK app", () => {
    const config = resolveLocalConfig({
      cdkJsonPath: cdkJson({
        probeIntervalSeconds: 30,
        probeRegions: ['eu-west-1', 'us-east-1', 'ap-south-1'],
      }),
    });
    expect(config.probeIntervalSeconds).toBe(30);
    expect(config.probeRegions).toEqual(['eu-west-1', 'us-east-1', 'ap-south-1']);
    expect(config.targets.map((t) => t.id)).toEqual(['svc-wsdl', 'svc-qr']);
  });

  it('uses the defaults when there is no cdk.json', () => {
    const config = resolveLocalConfig({ cdkJsonPath: join(dir, 'missing.json') });
    expect(config.probeRegions).toEqual(['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1']);
    expect(config.probeIntervalSeconds).toBe(60);
  });

  it('lets the --config file replace top-level fields, then the flags', () => {
    const config = resolveLocalConfig({
      cdkJsonPath: cdkJson({ probeIntervalSeconds: 30, locale: 'id' }),
      file: file(JSON.stringify({ locale: 'en', probeIntervalSeconds: 120 })),
      intervalSeconds: 5,
      regions: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1', 'ap-southeast-2'],
      target: { url: 'http://127.0.0.1:8080/svc/MasterFakturService?wsdl', check: 'efaktur-wsdl' },
    });
    expect(config.locale).toBe('en');
    expect(config.probeIntervalSeconds).toBe(5);
    expect(config.probeRegions).toHaveLength(4);
    expect(config.targets).toEqual([
      expect.objectContaining({
        id: '127-0-0-1-8080',
        name: '127.0.0.1:8080/svc/MasterFakturService',
        url: 'http://127.0.0.1:8080/svc/MasterFakturService?wsdl',
        check: 'efaktur-wsdl',
        timeoutMs: 10_000,
      }),
    ]);
  });

  it('reports configuration problems, naming the flag that caused them', () => {
    expect(
      problemsOf(() =>
        resolveLocalConfig({ cdkJsonPath: cdkJson({}), regions: ['ap-southeast-1', 'mars-1'] }),
      ),
    ).toEqual([
      '--regions (probeRegions[1]: "mars-1" is not an AWS region name)',
      '--regions (probeRegions: at least 3 regions are needed for a majority)',
    ]);
  });

  it('refuses an interval that deploy would refuse, with the same rule', () => {
    expect(problemsOf(() => resolveLocalConfig({ cdkJsonPath: cdkJson({}), intervalSeconds: 7 }))).toEqual([
      '--interval (probeIntervalSeconds: 7 does not divide an hour (3600 s); probes are scheduled on the clock, so use a divisor of 3600 such as 10, 15, 30, 60, 120, 300, 600 or 3600)',
    ]);
  });

  it('reads a cdk.json that starts with a UTF-8 byte-order mark', () => {
    const path = file(`\uFEFF${JSON.stringify({ context: { fleet: { locale: 'en' } } })}`);
    expect(resolveLocalConfig({ cdkJsonPath: path }).locale).toBe('en');
  });

  it('reports a bad configuration file and a bad cdk.json', () => {
    expect(
      problemsOf(() => resolveLocalConfig({ cdkJsonPath: cdkJson({}), file: file('{ nope') }))[0],
    ).toMatch(/is not valid JSON/);
    expect(problemsOf(() => resolveLocalConfig({ cdkJsonPath: file('[') }))[0]).toMatch(/is not valid JSON/);
    expect(
      problemsOf(() => resolveLocalConfig({ cdkJsonPath: cdkJson({ probeIntervalSeconds: 2, colour: 1 }) })),
    ).toEqual(['probeIntervalSeconds: must be at least 5', 'colour: unknown field']);
  });
});

describe('targetIdOf', () => {
  it.each([
    ['https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl', 'svc-efaktur-pajak-go-id'],
    ['http://127.0.0.1:41234/x', '127-0-0-1-41234'],
    ['http://[::1]:8080/', '1-8080'],
    [`https://${'a'.repeat(60)}.example/`, 'a'.repeat(40)],
  ])('%s → %s', (url, id) => {
    expect(targetIdOf(url)).toBe(id);
  });
});

import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentReader, MAX_CONFIG_FILE_BYTES } from '../../../shared/config/environment-reader.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { configForFunctions } from '../../../shared/config/function-env.js';

const dir = mkdtempSync(join(tmpdir(), 'fleet-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 100 targets: about 15 times what Lambda's 4 KB environment could hold. */
const big = parseFleetConfig({
  targets: Array.from({ length: 100 }, (_, i) => ({
    id: `target-${i}`,
    name: `Target ${i}`,
    url: `https://service-${i}.example.com/${'path/'.repeat(20)}`,
    check: 'http' as const,
  })),
});
writeFileSync(join(dir, 'fleet-config.json'), `\ufeff${configForFunctions(big)}`);
writeFileSync(join(dir, 'bad.json'), '{"locale":"fr"}');
writeFileSync(join(dir, 'broken.json'), '{');

function read(env: Record<string, string | undefined>, readFile?: (path: string) => string) {
  const reader = new EnvironmentReader(env, readFile);
  return { config: reader.fleetConfig(), problems: reader.problems };
}

describe('the fleet configuration from a bundled file', () => {
  it('reads and validates a file relative to LAMBDA_TASK_ROOT, byte-order mark and all', () => {
    expect(JSON.stringify(big).length).toBeGreaterThan(4 * 4096);
    const { config, problems } = read({ FLEET_CONFIG_FILE: 'fleet-config.json', LAMBDA_TASK_ROOT: dir });
    expect(problems).toEqual([]);
    expect(config?.targets).toHaveLength(100);
  });

  it('prefers an inline FLEET_CONFIG (local mode, tests) over the file', () => {
    const inline = configForFunctions(parseFleetConfig({ locale: 'en' }));
    const { config } = read({
      FLEET_CONFIG: inline,
      FLEET_CONFIG_FILE: 'fleet-config.json',
      LAMBDA_TASK_ROOT: dir,
    });
    expect(config?.locale).toBe('en');
    expect(config?.targets).toHaveLength(2);
  });

  it.each([
    [
      { FLEET_CONFIG_FILE: 'fleet-config.json' },
      'FLEET_CONFIG_FILE: "fleet-config.json" is relative, and LAMBDA_TASK_ROOT is not set',
    ],
    [
      { FLEET_CONFIG_FILE: 'missing.json', LAMBDA_TASK_ROOT: dir },
      `FLEET_CONFIG_FILE: ${join(dir, 'missing.json')} cannot be read (ENOENT)`,
    ],
    [
      { FLEET_CONFIG_FILE: join(dir, 'broken.json') },
      `FLEET_CONFIG_FILE: ${join(dir, 'broken.json')} is not JSON`,
    ],
    [{ FLEET_CONFIG_FILE: join(dir, 'bad.json') }, 'FLEET_CONFIG_FILE: locale: must be "id" or "en"'],
    [{}, 'FLEET_CONFIG: is required'],
  ])('names the problem at cold start: %j', (env, problem) => {
    const { config, problems } = read(env);
    expect(config).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('refuses a file over the bound without reading it whole', () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, `"${'x'.repeat(MAX_CONFIG_FILE_BYTES)}"`);
    expect(read({ FLEET_CONFIG_FILE: path }).problems).toEqual([
      `FLEET_CONFIG_FILE: ${path} cannot be read (EFBIG)`,
    ]);
    // A sparse 3 GiB file: reading it whole would fail otherwise (Node reads at most 2 GiB into one buffer).
    const sparse = join(dir, 'sparse.json');
    writeFileSync(sparse, '');
    truncateSync(sparse, 3 * 1024 ** 3);
    expect(read({ FLEET_CONFIG_FILE: sparse }).problems).toEqual([
      `FLEET_CONFIG_FILE: ${sparse} cannot be read (EFBIG)`,
    ]);
  });
});

describe('probe function ARNs as one pattern', () => {
  const regions = ['ap-southeast-3', 'ap-southeast-1'];
  it('fills {region} in for every region', () => {
    const reader = new EnvironmentReader({
      PROBE_FUNCTIONS: JSON.stringify(
        'arn:aws:lambda:{region}:123456789012:function:efaktur-fleet-probe-{region}',
      ),
    });
    expect(reader.arnsByRegion('PROBE_FUNCTIONS', regions, 'probe function')).toEqual({
      'ap-southeast-3':
        'arn:aws:lambda:ap-southeast-3:123456789012:function:efaktur-fleet-probe-ap-southeast-3',
      'ap-southeast-1':
        'arn:aws:lambda:ap-southeast-1:123456789012:function:efaktur-fleet-probe-ap-southeast-1',
    });
    expect(reader.problems).toEqual([]);
  });

  it.each([
    [JSON.stringify('no placeholder'), /must be a JSON object of region → probe function ARN/],
    [JSON.stringify('nope:{region}'), /PROBE_FUNCTIONS\.ap-southeast-3: "nope:ap-southeast-3" is not an ARN/],
  ])('refuses %s', (value, problem) => {
    const reader = new EnvironmentReader({ PROBE_FUNCTIONS: value });
    reader.arnsByRegion('PROBE_FUNCTIONS', regions, 'probe function');
    expect(reader.problems[0]).toMatch(problem);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProbeEnvironmentError, readProbeEnvironment } from '../../../functions/probe/probe-environment.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { configForFunctions, FUNCTION_ENV } from '../../../shared/config/function-env.js';

const config = parseFleetConfig({});
const good = {
  [FUNCTION_ENV.tableName]: 'efaktur-probe-fleet',
  [FUNCTION_ENV.tableRegion]: 'ap-southeast-1',
  [FUNCTION_ENV.probeRegion]: 'ap-northeast-1',
  [FUNCTION_ENV.fleetConfig]: configForFunctions(config),
  [FUNCTION_ENV.runQueueUrl]: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/runs',
};

describe('readProbeEnvironment', () => {
  it('reads a complete environment', () => {
    const env = readProbeEnvironment(good);
    expect(env).toMatchObject({
      tableName: 'efaktur-probe-fleet',
      tableRegion: 'ap-southeast-1',
      region: 'ap-northeast-1',
    });
    expect(env.config.targets.map((t) => t.id)).toEqual(['svc-wsdl', 'svc-qr']);
  });

  it('lists every missing variable at once', () => {
    expect(() => readProbeEnvironment({})).toThrow(ProbeEnvironmentError);
    try {
      readProbeEnvironment({});
    } catch (error) {
      expect((error as ProbeEnvironmentError).problems).toEqual([
        'FLEET_TABLE_NAME: is required',
        'FLEET_TABLE_REGION: is required',
        'PROBE_REGION: is required',
        'PROBE_RUN_QUEUE_URL: is required',
        'FLEET_CONFIG: is required',
      ]);
    }
  });

  it.each([
    [{ [FUNCTION_ENV.fleetConfig]: '{oops' }, /^FLEET_CONFIG: is not JSON/],
    [
      { [FUNCTION_ENV.fleetConfig]: JSON.stringify({ probeIntervalSeconds: 1 }) },
      'FLEET_CONFIG: probeIntervalSeconds: must be at least 5',
    ],
    [{ [FUNCTION_ENV.runQueueUrl]: 'not a url' }, 'PROBE_RUN_QUEUE_URL: "not a url" is not an SQS queue URL'],
    [
      { [FUNCTION_ENV.probeRegion]: 'eu-west-1' },
      'PROBE_REGION: "eu-west-1" is not one of the probe regions (ap-southeast-3, ap-southeast-1, ap-northeast-1)',
    ],
  ])('explains a bad value', (override, problem) => {
    try {
      readProbeEnvironment({ ...good, ...override });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect((error as ProbeEnvironmentError).problems).toEqual([
        expect.stringMatching(
          problem instanceof RegExp ? problem : `^${problem.replace(/[()[\]]/g, '\\$&')}$`,
        ),
      ]);
    }
  });
});

describe('handler module', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('reads its environment once when loaded and exports a handler', async () => {
    for (const [name, value] of Object.entries(good)) vi.stubEnv(name, value);
    const module = await import('../../../functions/probe/handler.js');
    expect(typeof module.handler).toBe('function');
  });

  it('refuses to load with a bad environment, naming the problem', async () => {
    for (const [name, value] of Object.entries(good)) vi.stubEnv(name, value);
    vi.stubEnv(FUNCTION_ENV.tableName, '');
    await expect(import('../../../functions/probe/handler.js')).rejects.toThrow(
      'FLEET_TABLE_NAME: is required',
    );
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { configForFunctions, FUNCTION_ENV } from '../../../shared/config/function-env.js';
import { config } from './fixtures.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('functions/api/handler.ts', () => {
  it('reads its environment once at load and answers through the router', async () => {
    vi.stubEnv(FUNCTION_ENV.tableName, 'fleet');
    vi.stubEnv(FUNCTION_ENV.tableRegion, 'ap-southeast-1');
    vi.stubEnv(FUNCTION_ENV.fleetConfig, configForFunctions(config));
    vi.stubEnv(FUNCTION_ENV.alertsTopicArn, 'arn:aws:sns:ap-southeast-1:123456789012:alerts');
    const { handler } = await import('../../../functions/api/handler.js');
    const { apiEvent } = await import('./fixtures.js');
    const res = await handler(apiEvent('GET', '/nope'));
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body!)).toEqual({
      error: { code: 'not_found', message: 'no route for GET /nope' },
    });
  });

  it('refuses to start without its environment, naming every problem', async () => {
    vi.stubEnv(FUNCTION_ENV.fleetConfig, configForFunctions(config));
    vi.stubEnv(FUNCTION_ENV.tableName, '');
    vi.stubEnv(FUNCTION_ENV.tableRegion, 'ap-southeast-1');
    vi.stubEnv(FUNCTION_ENV.alertsTopicArn, 'alerts');
    await expect(import('../../../functions/api/handler.js')).rejects.toThrow(
      'Invalid status API function environment:\n  - FLEET_TABLE_NAME: is required\n  - ALERTS_TOPIC_ARN: "alerts" is not an ARN',
    );
  });

  it('reports a configuration that breaks the fleet rules, field by field', async () => {
    const { readApiEnvironment } = await import('../../../functions/api/api-environment.js');
    expect(() =>
      readApiEnvironment({
        [FUNCTION_ENV.tableName]: 'fleet',
        [FUNCTION_ENV.tableRegion]: 'ap-southeast-1',
        [FUNCTION_ENV.alertsTopicArn]: 'arn:aws:sns:ap-southeast-1:123456789012:alerts',
        [FUNCTION_ENV.fleetConfig]: '{"locale":"fr"}',
      }),
    ).toThrow('FLEET_CONFIG: locale: must be "id" or "en"');
    expect(() =>
      readApiEnvironment({
        [FUNCTION_ENV.tableName]: 'fleet',
        [FUNCTION_ENV.tableRegion]: 'ap-southeast-1',
        [FUNCTION_ENV.alertsTopicArn]: 'arn:aws:sns:ap-southeast-1:123456789012:alerts',
        [FUNCTION_ENV.fleetConfig]: '{not json',
      }),
    ).toThrow('FLEET_CONFIG: is not JSON');
  });
});

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

  it('refuses to start without its environment, naming the variable', async () => {
    vi.stubEnv(FUNCTION_ENV.fleetConfig, configForFunctions(config));
    vi.stubEnv(FUNCTION_ENV.tableName, '');
    await expect(import('../../../functions/api/handler.js')).rejects.toThrow(
      'environment variable FLEET_TABLE_NAME is not set',
    );
  });
});

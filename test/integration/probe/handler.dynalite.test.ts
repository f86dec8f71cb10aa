import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../../bench/support/fixture-server/index.js';
import { createProbeHandler } from '../../../functions/probe/create-probe-handler.js';
import { useProbeDimensions } from '../../../functions/probe/probe-metrics.js';
import { DynamoResultStore } from '../../../shared/adapters/aws/dynamo-result-store.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { configForFunctions, FUNCTION_ENV } from '../../../shared/config/function-env.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

let dynamo: LocalDynamo;
let fixtures: FixtureServer;
beforeAll(async () => {
  [dynamo, fixtures] = await Promise.all([startDynalite(), startFixtureServer()]);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), fixtures?.close()]);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const fleet = () =>
  parseFleetConfig({
    controlUrl: fixtures.url('http-ok'),
    targets: [
      { id: 'svc-wsdl', name: 'SVC', url: fixtures.url('wsdl-gzip'), check: 'efaktur-wsdl' },
      { id: 'svc-qr', name: 'QR', url: fixtures.url('qr-not-found'), check: 'efaktur-qr-validation' },
      {
        id: 'maintenance',
        name: 'Maintenance',
        url: fixtures.url('maintenance-html-503'),
        check: 'efaktur-wsdl',
        retryDelayMs: 0,
      },
    ],
  });

describe('probe handler against dynalite and the fixture server', () => {
  it('stores one result per target that reads back field for field', async () => {
    const config = fleet();
    const store = new DynamoResultStore({ client: dynamo.doc, tableName: dynamo.tableName });
    const metrics = useProbeDimensions(new Metrics({ namespace: 'EfakturFleet' }), 'ap-southeast-1');
    // As the real publish does, minus the output: metrics and per-record dimensions start afresh.
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
      metrics.clearMetrics();
      metrics.clearDimensions();
      return metrics;
    });
    const handler = createProbeHandler({
      config,
      region: 'ap-southeast-1',
      store,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics,
    });
    const summary = await handler({ source: 'schedule' });
    expect(summary.results.map((r) => [r.targetId, r.status, r.reason])).toEqual([
      ['svc-wsdl', 'up', 'ok'],
      ['svc-qr', 'up', 'ok'],
      ['maintenance', 'maintenance', 'maintenance_page'],
    ]);
    expect(summary.control).toBe(true);
    const stored = await store.latestPerRegion('maintenance', ['ap-southeast-1']);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      targetId: 'maintenance',
      region: 'ap-southeast-1',
      status: 'maintenance',
      httpStatus: 503,
      control: { ok: true, url: config.controlUrl, detail: 'HTTP 200 OK' },
    });
    expect(stored[0]?.attempts.map((a) => a.reason)).toEqual(['maintenance_page', 'maintenance_page']);
    const wsdl = (await store.latestPerRegion('svc-wsdl', ['ap-southeast-1']))[0];
    expect(wsdl?.attempts).toHaveLength(1);
    expect(wsdl?.attempts[0]?.remoteAddress).toBe('127.0.0.1');
  });

  it('runs as deployed: the module reads its environment and writes through the SDK endpoint override', async () => {
    const config = fleet();
    vi.stubEnv(FUNCTION_ENV.tableName, dynamo.tableName);
    vi.stubEnv(FUNCTION_ENV.tableRegion, 'ap-southeast-1');
    vi.stubEnv(FUNCTION_ENV.probeRegion, 'ap-northeast-1');
    vi.stubEnv(FUNCTION_ENV.fleetConfig, configForFunctions(config));
    vi.stubEnv(FUNCTION_ENV.runQueueUrl, 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/runs');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const { handler } = await import('../../../functions/probe/handler.js');
    const summary = await handler({ source: 'burst', targetId: 'svc-qr', requestedBy: 'test' });
    expect(summary).toMatchObject({ region: 'ap-northeast-1', trigger: 'burst' });
    const store = new DynamoResultStore({ client: dynamo.doc, tableName: dynamo.tableName });
    const [stored] = await store.latestPerRegion('svc-qr', ['ap-northeast-1']);
    expect(stored).toMatchObject({
      targetId: 'svc-qr',
      region: 'ap-northeast-1',
      status: 'up',
      detail: 'QR validation answered: Faktur tidak Valid, Tidak ditemukan data di DJP',
    });
    expect(await store.latestPerRegion('svc-wsdl', ['ap-northeast-1'])).toEqual([]);
  });
});

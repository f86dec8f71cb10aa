import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NGINX_502, WSDL } from '../../../bench/support/fixture-server/bodies.js';
import { createProbeHandler, ResultWriteError } from '../../../functions/probe/create-probe-handler.js';
import { InvalidProbeEventError } from '../../../functions/probe/probe-event.js';
import { useProbeDimensions } from '../../../functions/probe/probe-metrics.js';
import { DynamoResultStore } from '../../../shared/adapters/aws/dynamo-result-store.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { HttpExchange } from '../../../shared/probe/http-check.js';
import { UnknownTargetError } from '../../../shared/probe/run-probe.js';
import type { ProbeResult } from '../../../shared/types.js';
import { exchange } from './exchanges.js';

const config = parseFleetConfig({
  controlUrl: 'https://control.example.test/',
  targets: [
    { id: 'svc-wsdl', name: 'SVC', url: 'https://svc.example.test/wsdl', check: 'efaktur-wsdl' },
    { id: 'svc-qr', name: 'QR', url: 'http://svc.example.test/qr', check: 'efaktur-qr-validation' },
  ],
});

const answers: Record<string, () => HttpExchange> = {
  'https://svc.example.test/wsdl': () =>
    exchange(WSDL, {
      startedAt: '2026-03-15T03:00:01.000Z',
      tls: { validTo: '2026-06-01T00:00:00.000Z', daysLeft: 77 },
    }),
  'http://svc.example.test/qr': () =>
    exchange(NGINX_502, { status: 502, startedAt: '2026-03-15T03:00:02.000Z' }),
  'https://control.example.test/': () => exchange('203.0.113.9'),
};
const probe = {
  check: vi.fn(async (url: string) => answers[url]!()),
  sleep: async () => {},
  // A frozen clock: classification adds nothing to the exchange's own figures.
  clock: () => 0,
};

const docMock = mockClient(DynamoDBDocumentClient);
let emitted: Record<string, unknown>[];
let metrics: Metrics;
let logger: Logger;

function handler() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
  return createProbeHandler({
    config,
    region: 'ap-southeast-3',
    store: new DynamoResultStore({ client, tableName: 'fleet', retentionDays: 35 }),
    logger,
    metrics,
    probe,
  });
}

beforeEach(() => {
  docMock.reset();
  probe.check.mockClear();
  emitted = [];
  logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  metrics = useProbeDimensions(
    new Metrics({ namespace: 'EfakturFleet', serviceName: 'test' }),
    'ap-southeast-3',
  );
  // Capture the EMF records instead of printing them.
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
    if (metrics.hasStoredMetrics())
      emitted.push(metrics.serializeMetrics() as unknown as Record<string, unknown>);
    metrics.clearMetrics();
    metrics.clearDimensions();
    return metrics;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const storedResults = () =>
  docMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item as Record<string, unknown>);

describe('probe handler', () => {
  it('on a scheduled SQS run, probes every target and writes one item per target with keys and TTL', async () => {
    docMock.on(PutCommand).resolves({});
    const summary = await handler()({
      Records: [
        {
          eventSource: 'aws:sqs',
          body: JSON.stringify({
            source: 'schedule',
            scheduledTime: '2026-03-15T03:00:00Z',
            phaseSeconds: 20,
          }),
        },
      ],
    });
    expect(summary).toEqual({
      region: 'ap-southeast-3',
      trigger: 'schedule',
      planned: [],
      missed: [],
      phaseDriftMs: null,
      control: true,
      skipped: [],
      results: [
        { targetId: 'svc-wsdl', status: 'up', reason: 'ok', detail: 'WSDL of MasterFakturService' },
        { targetId: 'svc-qr', status: 'down', reason: 'http_status', detail: 'HTTP 502 Bad Gateway' },
      ],
    });
    const items = storedResults();
    expect(items.map((i) => [i.pk, i.sk])).toEqual([
      ['TARGET#svc-wsdl#REGION#ap-southeast-3', '2026-03-15T03:00:01.000Z'],
      ['TARGET#svc-qr#REGION#ap-southeast-3', '2026-03-15T03:00:02.000Z'],
    ]);
    expect(items[0]?.expiresAt).toBe(Date.parse('2026-03-15T03:00:01.000Z') / 1000 + 35 * 86_400);
    const qr = items[1]?.result as ProbeResult;
    expect(qr.attempts).toHaveLength(2);
    expect(qr.control).toMatchObject({ ok: true, url: 'https://control.example.test/' });
    expect(docMock.commandCalls(PutCommand)[0]?.args[0].input.TableName).toBe('fleet');
  });

  it('emits no custom metric (each would be billed per target and region), and logs what the dashboard tables', async () => {
    docMock.on(PutCommand).resolves({});
    const info = vi.spyOn(logger, 'info');
    const warn = vi.spyOn(logger, 'warn');
    await handler()({ source: 'schedule' });
    expect(emitted).toEqual([]);
    const lines = [...info.mock.calls, ...warn.mock.calls].filter(([message]) => message === 'probe result');
    expect(lines.map(([, fields]) => fields)).toEqual([
      expect.objectContaining({
        targetId: 'svc-wsdl',
        latencyMs: 50,
        success: 1,
        tlsDaysLeft: 77,
        controlFailed: 0,
      }),
      expect.objectContaining({ targetId: 'svc-qr', success: 0, controlFailed: 0 }),
    ]);
  });

  it('fails the invocation when a write fails after the SDK retries, after trying every write', async () => {
    docMock
      .on(PutCommand)
      .resolves({})
      .on(PutCommand, { Item: { pk: 'TARGET#svc-qr#REGION#ap-southeast-3' } })
      .rejects(
        Object.assign(new Error('Throughput exceeds the current capacity'), {
          name: 'ProvisionedThroughputExceededException',
        }),
      );
    const errorLog = vi.spyOn(logger, 'error');
    const run = handler()({ source: 'schedule' });
    await expect(run).rejects.toBeInstanceOf(ResultWriteError);
    await expect(run).rejects.toThrow('svc-qr: Throughput exceeds the current capacity');
    expect(docMock.commandCalls(PutCommand)).toHaveLength(2);
    expect(errorLog).toHaveBeenCalledWith(
      'probe result not stored',
      expect.objectContaining({ targetId: 'svc-qr' }),
    );
  });

  it('on a burst invoke, probes only the named target now', async () => {
    docMock.on(PutCommand).resolves({});
    const summary = await handler()({ source: 'burst', targetId: 'svc-qr', requestedBy: 'aggregator' });
    expect(summary.trigger).toBe('burst');
    expect(summary.results.map((r) => r.targetId)).toEqual(['svc-qr']);
    expect(probe.check.mock.calls.map(([url]) => url).sort()).toEqual([
      'http://svc.example.test/qr',
      'http://svc.example.test/qr',
      'https://control.example.test/',
    ]);
    expect(storedResults()).toHaveLength(1);
  });

  it('on a burst without a target, and on an EventBridge event, probes every target', async () => {
    docMock.on(PutCommand).resolves({});
    expect((await handler()({ source: 'burst' })).results).toHaveLength(2);
    const scheduled = await handler()({
      version: '0',
      source: 'aws.scheduler',
      'detail-type': 'Scheduled Event',
      detail: {},
    });
    expect(scheduled).toMatchObject({ trigger: 'schedule' });
    expect(scheduled.results).toHaveLength(2);
  });

  it('rejects events it does not understand with a typed error, before probing or writing', async () => {
    await expect(handler()({ hello: 'world' })).rejects.toBeInstanceOf(InvalidProbeEventError);
    await expect(handler()({ source: 'burst', targetId: 'Not An Id' })).rejects.toThrow(/targetId/);
    await expect(handler()({ source: 'burst', targetId: 'gone' })).rejects.toBeInstanceOf(UnknownTargetError);
    await expect(handler()({ Records: [{ eventSource: 'aws:sqs', body: 'not json' }] })).rejects.toThrow(
      'Records[0].body: not JSON',
    );
    expect(probe.check).not.toHaveBeenCalled();
    expect(docMock.commandCalls(PutCommand)).toHaveLength(0);
  });
});

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { probeResult } from '../../bench/support/probe-results.js';
import { createFleetTable } from '../../shared/adapters/aws/create-fleet-table.js';
import { fleetDocumentClient } from '../../shared/adapters/aws/document-client.js';
import { DynamoResultStore } from '../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoTransitionStore } from '../../shared/adapters/aws/dynamo-transition-store.js';
import { parseFleetConfig } from '../../shared/config/fleet-config.js';
import { configForFunctions, FUNCTION_ENV } from '../../shared/config/function-env.js';
import { keys } from '../../shared/store/table-keys.js';
import type { ProbeStatus } from '../../shared/types.js';
import { motoNotifications } from '../support/moto.js';

const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'];
/** 14:00 WIB. */
const T0 = Date.parse('2026-03-15T07:00:00.000Z');
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

type Handler = (event: unknown, context?: { awsRequestId?: string }) => Promise<unknown>;

const endpoint = inject('motoEndpoint');
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const tableName = `fleet-aggregator-${Date.now()}`;
const dynamo = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials });
const doc = fleetDocumentClient(dynamo);
const sns = new SNSClient({ endpoint, region: 'ap-southeast-1', credentials });
const results = new DynamoResultStore({ client: doc, tableName });
let topicArn: string;
let handler: Handler;
let sequence = 0;

async function writeRound(seconds: number, status: ProbeStatus) {
  const records = [];
  for (const region of REGIONS) {
    const result = probeResult({
      region,
      checkedAt: iso(seconds),
      status,
      reason: status === 'up' ? 'ok' : 'refused',
      detail: status === 'up' ? 'WSDL of MasterFakturService' : 'connection refused',
    });
    await results.put(result);
    records.push({
      eventSource: 'aws:dynamodb',
      eventName: 'INSERT',
      dynamodb: {
        Keys: { pk: { S: keys.resultPk(result.targetId, region) }, sk: { S: result.checkedAt } },
        NewImage: { kind: { S: 'result' } },
        SequenceNumber: String(++sequence),
      },
    });
  }
  return records;
}

beforeAll(async () => {
  await createFleetTable(dynamo, tableName);
  ({ TopicArn: topicArn = '' } = await sns.send(new CreateTopicCommand({ Name: `alerts-${Date.now()}` })));
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
  vi.stubEnv(FUNCTION_ENV.tableName, tableName);
  vi.stubEnv(FUNCTION_ENV.tableRegion, 'ap-southeast-1');
  vi.stubEnv(
    FUNCTION_ENV.fleetConfig,
    configForFunctions(parseFleetConfig({ probeRegions: REGIONS, statusUrl: 'https://status.example.id' })),
  );
  vi.stubEnv(FUNCTION_ENV.alertsTopicArn, topicArn);
  vi.stubEnv(
    FUNCTION_ENV.probeFunctions,
    JSON.stringify(
      Object.fromEntries(REGIONS.map((r) => [r, `arn:aws:lambda:${r}:123456789012:function:probe`])),
    ),
  );
  vi.stubEnv(
    FUNCTION_ENV.dashboardUrl,
    'https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/efaktur',
  );
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  ({ handler } = (await import('../../functions/aggregator/handler.js')) as { handler: Handler });
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  dynamo.destroy();
  sns.destroy();
});

describe('aggregator against moto (DynamoDB + SNS)', () => {
  it('publishes one alert for an outage, which moto delivers as written', async () => {
    await writeRound(-120, 'up');
    vi.setSystemTime(T0 - 59_000);
    expect(await handler({ Records: await writeRound(-60, 'up') }, { awsRequestId: 'moto-1' })).toEqual({
      batchItemFailures: [],
    });
    expect(await motoNotifications(endpoint, topicArn)).toEqual([]);

    await writeRound(0, 'down');
    const records = await writeRound(60, 'down');
    vi.setSystemTime(T0 + 61_000);
    expect(await handler({ Records: records }, { awsRequestId: 'moto-2' })).toEqual({
      batchItemFailures: [],
    });

    const sent = await motoNotifications(endpoint, topicArn);
    expect(sent).toHaveLength(1);
    const [notification] = sent;
    expect(notification?.subject).toBe('e-Faktur SVC: DOWN sejak 14:01 WIB');
    expect(notification?.attributes).toEqual({
      target: { Type: 'String', Value: 'svc-wsdl' },
      status: { Type: 'String', Value: 'down' },
      previousStatus: { Type: 'String', Value: 'up' },
    });
    const bodies = JSON.parse(notification!.message) as { default: string; email: string; sms: string };
    expect(bodies.sms).toBe(
      'e-Faktur SVC DOWN sejak 14:01 WIB (3/3 region: koneksi ditolak). Info: https://status.example.id/targets/svc-wsdl',
    );
    expect(bodies.email).toContain('- ap-southeast-3 (Jakarta): DOWN - koneksi ditolak - ');
    expect(bodies.email).toContain('Status sebelumnya: NORMAL selama 2 menit');
    expect(bodies.default).toContain('e-Faktur SVC DOWN sejak 14:01 WIB');

    const transitions = new DynamoTransitionStore({ client: doc, tableName });
    const [latest] = await transitions.list('svc-wsdl', { limit: 1 });
    expect(latest).toMatchObject({
      from: 'up',
      to: 'down',
      rule: 'quorum_down',
      notification: { state: 'sent', messageId: notification?.messageId },
    });

    // The sweep a minute later evaluates every target again and publishes nothing twice.
    vi.setSystemTime(T0 + 120_000);
    expect(await handler({ source: 'sweep', scheduledTime: iso(120) }, { awsRequestId: 'moto-3' })).toEqual({
      evaluated: ['svc-wsdl', 'svc-qr'],
    });
    expect(await motoNotifications(endpoint, topicArn)).toHaveLength(1);
    const state = await new DynamoStateStore({ client: doc, tableName }).get('svc-wsdl');
    expect(state).toMatchObject({ status: 'down', outbox: [], outboxLease: null });
  });
});

import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { configForFunctions, FUNCTION_ENV } from '../../../shared/config/function-env.js';
import { keys } from '../../../shared/store/table-keys.js';
import type { ProbeStatus } from '../../../shared/types.js';
import { fakeDocumentTable } from './fake-document-table.js';
import { iso, JKT, REGIONS, SIN, T0, TYO } from './fleet-harness.js';

const TOPIC = 'arn:aws:sns:ap-southeast-1:123456789012:efaktur-alerts';
const FUNCTIONS = Object.fromEntries(
  REGIONS.map((r) => [r, `arn:aws:lambda:${r}:123456789012:function:efaktur-probe-${r}`]),
);

const table = fakeDocumentTable();
const sns = mockClient(SNSClient);
const lambda = mockClient(LambdaClient);
type Handler = (event: unknown, context?: { awsRequestId?: string }) => Promise<unknown>;
let handler: Handler;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.stubEnv(FUNCTION_ENV.tableName, 'fleet');
  vi.stubEnv(FUNCTION_ENV.tableRegion, 'ap-southeast-1');
  vi.stubEnv(
    FUNCTION_ENV.fleetConfig,
    configForFunctions(parseFleetConfig({ locale: 'en', statusUrl: 'https://status.example.id' })),
  );
  vi.stubEnv(FUNCTION_ENV.alertsTopicArn, TOPIC);
  vi.stubEnv(FUNCTION_ENV.probeFunctions, JSON.stringify(FUNCTIONS));
  vi.stubEnv(
    FUNCTION_ENV.dashboardUrl,
    'https://console.aws.amazon.com/cloudwatch/home#dashboards/dashboard/efaktur',
  );
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  ({ handler } = (await import('../../../functions/aggregator/handler.js')) as { handler: Handler });
});
afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  table.reset();
  sns.reset();
  lambda.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

let sequence = 100;

function storeResult(targetId: string, region: string, seconds: number, status: ProbeStatus) {
  const result = probeResult({
    targetId,
    region,
    checkedAt: iso(seconds),
    status,
    reason: status === 'up' ? 'ok' : 'timeout',
  });
  table.put({ pk: keys.resultPk(targetId, region), sk: result.checkedAt, kind: 'result', result });
  return {
    eventSource: 'aws:dynamodb',
    eventName: 'INSERT',
    dynamodb: {
      Keys: { pk: { S: keys.resultPk(targetId, region) }, sk: { S: result.checkedAt } },
      NewImage: { kind: { S: 'result' } },
      SequenceNumber: String(++sequence),
    },
  };
}

function ownRecord(pk: string, sk: string) {
  return {
    eventSource: 'aws:dynamodb',
    eventName: 'MODIFY',
    dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, SequenceNumber: String(++sequence) },
  };
}

/** svc-wsdl up in every region two minutes ago and one minute ago, evaluated. */
async function upForAWhile() {
  for (const r of REGIONS) storeResult('svc-wsdl', r, -120, 'up');
  const records = REGIONS.map((r) => storeResult('svc-wsdl', r, -60, 'up'));
  vi.setSystemTime(T0 - 59_000);
  expect(await handler({ Records: records }, { awsRequestId: 'r-0' })).toEqual({ batchItemFailures: [] });
  sns.resetHistory();
  table.mock.resetHistory();
}

describe('aggregator handler (SDK boundary mocked)', () => {
  it('turns a stream of results into one published transition with the documented message', async () => {
    await upForAWhile();
    for (const r of REGIONS) storeResult('svc-wsdl', r, 0, 'down');
    const records = REGIONS.map((r) => storeResult('svc-wsdl', r, 60, 'down'));
    vi.setSystemTime(T0 + 61_000);
    const response = await handler(
      {
        Records: [
          ...records,
          ownRecord('TARGET#svc-wsdl', 'STATE'),
          ownRecord('TARGET#svc-wsdl#TRANSITION', iso(1)),
        ],
      },
      { awsRequestId: 'r-1' },
    );
    expect(response).toEqual({ batchItemFailures: [] });

    const publishes = sns.commandCalls(PublishCommand);
    expect(publishes).toHaveLength(1);
    const input = publishes[0]!.args[0].input;
    expect(input).toMatchObject({
      TopicArn: TOPIC,
      MessageStructure: 'json',
      Subject: 'e-Faktur SVC: DOWN since 14:01 WIB',
      MessageAttributes: {
        target: { DataType: 'String', StringValue: 'svc-wsdl' },
        status: { DataType: 'String', StringValue: 'down' },
        previousStatus: { DataType: 'String', StringValue: 'up' },
      },
    });
    // 15 March is within the default calendar's marked days before the 20 March upload deadline: the text says so.
    expect(JSON.parse(input.Message!).sms).toBe(
      'e-Faktur SVC DOWN since 14:01 WIB (3/3 regions: timeout). Info: https://status.example.id/targets/svc-wsdl ' +
        'Coincides with the 20 March upload deadline.',
    );

    const state = table.get('TARGET#svc-wsdl', 'STATE')?.state as { status: string; outbox: unknown[] };
    expect(state).toMatchObject({ status: 'down', outbox: [] });
    const transition = table.get('TARGET#svc-wsdl#TRANSITION', iso(61))?.transition;
    expect(transition).toMatchObject({
      from: 'up',
      to: 'down',
      notification: { state: 'sent', messageId: 'sns-1' },
    });
  });

  it('asks the probe functions to re-check when one region disagrees', async () => {
    await upForAWhile();
    const record = storeResult('svc-wsdl', JKT, 0, 'down');
    vi.setSystemTime(T0 + 1000);
    await handler({ Records: [record] }, { awsRequestId: 'r-2' });
    const invokes = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(invokes.map((i) => i.FunctionName).sort()).toEqual(
      [FUNCTIONS[JKT], FUNCTIONS[SIN], FUNCTIONS[TYO]].sort(),
    );
    for (const input of invokes) {
      expect(input.InvocationType).toBe('Event');
      expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({
        source: 'burst',
        targetId: 'svc-wsdl',
        requestedBy: `aggregator after ${JKT}`,
      });
    }
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('ignores its own state and transition writes: no read, no evaluation', async () => {
    const response = await handler(
      { Records: [ownRecord('TARGET#svc-wsdl', 'STATE'), ownRecord('TARGET#svc-wsdl#TRANSITION', iso(0))] },
      { awsRequestId: 'r-3' },
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(table.mock.calls()).toHaveLength(0);
  });

  it('reports the first record of a target whose evaluation failed, and evaluates the others', async () => {
    vi.setSystemTime(T0 + 1000);
    const good = storeResult('svc-wsdl', JKT, 0, 'up');
    const bad = [storeResult('svc-qr', JKT, 0, 'up'), storeResult('svc-qr', SIN, 0, 'up')];
    table.failQueriesFor(keys.resultPk('svc-qr', SIN));
    const response = await handler({ Records: [bad[0], good, bad[1]] }, { awsRequestId: 'r-4' });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: bad[0]!.dynamodb.SequenceNumber }] });
    expect(table.get('TARGET#svc-wsdl', 'STATE')).toBeDefined();
    expect(table.get('TARGET#svc-qr', 'STATE')).toBeUndefined();
  });

  it('sweeps every configured target, turning silence into unknown without a message', async () => {
    await upForAWhile();
    vi.setSystemTime(T0 + 300_000);
    const response = await handler({ source: 'sweep', scheduledTime: iso(300) }, { awsRequestId: 'r-5' });
    expect(response).toEqual({ evaluated: ['svc-wsdl', 'svc-qr'] });
    const gets = table.mock.commandCalls(GetCommand).map((c) => c.args[0].input.Key?.pk);
    expect(new Set(gets)).toEqual(new Set(['TARGET#svc-wsdl', 'TARGET#svc-qr']));
    expect(table.get('TARGET#svc-wsdl', 'STATE')?.state).toMatchObject({ status: 'unknown' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    // O(regions) small reads: two targets × three regions, and the operator's windows once for the whole sweep.
    const queries = table.mock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    const windowReads = queries.filter((q) => q.ExpressionAttributeValues?.[':pk'] === 'MAINTENANCE');
    expect(windowReads).toHaveLength(1);
    expect(queries.filter((q) => !windowReads.includes(q)).map((q) => q.Limit)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(table.mock.commandCalls(PutCommand).length).toBeGreaterThan(0);
  });

  it('refuses an event it does not know with a typed error', async () => {
    await expect(handler({ hello: 'world' })).rejects.toMatchObject({ name: 'InvalidAggregatorEventError' });
  });
});

import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import {
  AggregatorEnvironmentError,
  readAggregatorEnvironment,
} from '../../../functions/aggregator/aggregator-environment.js';
import {
  InvalidAggregatorEventError,
  parseAggregatorEvent,
} from '../../../functions/aggregator/aggregator-event.js';
import {
  publishSweepMetrics,
  sweepFigures,
  useAggregatorDimensions,
} from '../../../functions/aggregator/aggregator-metrics.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { configForFunctions, FUNCTION_ENV } from '../../../shared/config/function-env.js';
import type { EvaluationReport } from '../../../shared/consensus/evaluate-target.js';
import { EMITTED_METRICS } from '../../../shared/metric-names.js';
import { REGIONS } from './fleet-harness.js';

const record = (pk: string, eventName = 'INSERT', sequence = '1') => ({
  eventSource: 'aws:dynamodb',
  eventName,
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: 'x' } }, SequenceNumber: sequence },
});

describe('parseAggregatorEvent', () => {
  it('names each target whose results arrived once, with its first sequence number', () => {
    const request = parseAggregatorEvent({
      Records: [
        record('TARGET#svc-wsdl#REGION#ap-southeast-1', 'INSERT', '11'),
        record('TARGET#svc-qr#REGION#ap-southeast-1', 'MODIFY', '12'),
        record('TARGET#svc-wsdl#REGION#ap-northeast-1', 'INSERT', '13'),
        record('TARGET#svc-wsdl#REGION#ap-southeast-3', 'REMOVE', '14'),
        record('TARGET#svc-wsdl', 'MODIFY', '15'),
        record('TARGET#svc-wsdl#TRANSITION', 'INSERT', '16'),
      ],
    });
    expect(request).toEqual({
      kind: 'stream',
      targets: new Map([
        ['svc-wsdl', '11'],
        ['svc-qr', '12'],
      ]),
      ignored: 3,
    });
  });

  it.each([
    [{ source: 'sweep', scheduledTime: '2026-03-15T07:00:00Z' }, '2026-03-15T07:00:00Z'],
    [
      { source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2026-03-15T07:01:00Z' },
      '2026-03-15T07:01:00Z',
    ],
    [{ source: 'sweep' }, null],
  ])('reads %j as the sweep', (event, scheduledTime) => {
    expect(parseAggregatorEvent(event)).toEqual({ kind: 'sweep', scheduledTime });
  });

  it.each([
    [{ Records: [{ eventSource: 'aws:sqs', body: '{}' }] }, 'Records[0] is not a DynamoDB stream record'],
    [{ hello: 1 }, 'neither a DynamoDB stream batch nor a sweep (got an object with keys hello)'],
    ['text', 'neither a DynamoDB stream batch nor a sweep (got string)'],
    [null, 'neither a DynamoDB stream batch nor a sweep (got object)'],
  ])('refuses %j', (event, problem) => {
    expect(() => parseAggregatorEvent(event)).toThrow(new InvalidAggregatorEventError(problem));
  });
});

const FUNCTIONS = Object.fromEntries(
  REGIONS.map((r) => [r, `arn:aws:lambda:${r}:123456789012:function:probe`]),
);

function environment(overrides: Record<string, string | undefined> = {}) {
  return {
    [FUNCTION_ENV.tableName]: 'fleet',
    [FUNCTION_ENV.tableRegion]: 'ap-southeast-1',
    [FUNCTION_ENV.fleetConfig]: configForFunctions(parseFleetConfig({})),
    [FUNCTION_ENV.alertsTopicArn]: 'arn:aws:sns:ap-southeast-1:123456789012:alerts',
    [FUNCTION_ENV.probeFunctions]: JSON.stringify(FUNCTIONS),
    [FUNCTION_ENV.dashboardUrl]: 'https://console.aws.amazon.com/cloudwatch',
    ...overrides,
  };
}

describe('readAggregatorEnvironment', () => {
  it('reads a complete environment', () => {
    const env = readAggregatorEnvironment(environment());
    expect(env).toMatchObject({
      tableName: 'fleet',
      tableRegion: 'ap-southeast-1',
      alertsTopicArn: 'arn:aws:sns:ap-southeast-1:123456789012:alerts',
      probeFunctions: FUNCTIONS,
      dashboardUrl: 'https://console.aws.amazon.com/cloudwatch',
    });
    expect(env.config.probeRegions).toEqual(REGIONS);
    expect(
      readAggregatorEnvironment(environment({ [FUNCTION_ENV.dashboardUrl]: undefined })).dashboardUrl,
    ).toBeUndefined();
  });

  it('lists every problem at once', () => {
    const problems = (() => {
      try {
        readAggregatorEnvironment(
          environment({
            [FUNCTION_ENV.tableName]: undefined,
            [FUNCTION_ENV.alertsTopicArn]: 'alerts',
            [FUNCTION_ENV.probeFunctions]: JSON.stringify({ 'ap-southeast-1': 'nope' }),
          }),
        );
      } catch (error) {
        expect(error).toBeInstanceOf(AggregatorEnvironmentError);
        return (error as AggregatorEnvironmentError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      'FLEET_TABLE_NAME: is required',
      'ALERTS_TOPIC_ARN: "alerts" is not an ARN',
      'PROBE_FUNCTIONS.ap-southeast-1: "nope" is not an ARN',
      'PROBE_FUNCTIONS: no probe function for region ap-southeast-3',
      'PROBE_FUNCTIONS: no probe function for region ap-northeast-1',
    ]);
  });

  it.each([
    [FUNCTION_ENV.fleetConfig, '{', /FLEET_CONFIG: is not JSON/],
    [FUNCTION_ENV.fleetConfig, '{"locale":"fr"}', /FLEET_CONFIG: locale: must be "id" or "en"/],
    [FUNCTION_ENV.probeFunctions, '[1]', /PROBE_FUNCTIONS: must be a JSON object/],
  ])('refuses %s = %s', (name, value, message) => {
    expect(() => readAggregatorEnvironment(environment({ [name]: value }))).toThrow(message);
  });
});

describe('publishSweepMetrics', () => {
  const report = (targetId: string, status: string, stale: string[], oldestPendingSeconds: number) =>
    ({
      targetId,
      status,
      rule: 'quorum_down',
      transitions: [],
      superseded: false,
      staleRegions: stale,
      regionalProblems: [],
      burst: null,
      delivery: { published: [], dropped: 0, failures: [], busy: false, pending: 0, oldestPendingSeconds },
    }) as unknown as EvaluationReport;

  it('emits exactly the declared metrics, fleet-wide (the Fleet dimension only), in one record per sweep', () => {
    const metrics = useAggregatorDimensions(
      new Metrics({ namespace: 'EfakturFleet', serviceName: 'test' }),
      'efaktur-fleet',
    );
    const emitted: unknown[] = [];
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => {
      emitted.push(metrics.serializeMetrics());
      metrics.clearMetrics();
      return metrics;
    });
    const figures = publishSweepMetrics(metrics, [
      report('svc-wsdl', 'down', ['ap-northeast-1'], 42),
      report('svc-qr', 'unknown', ['ap-northeast-1', 'ap-southeast-3'], 0),
      report('other', 'up', [], 7),
    ]);
    expect(figures).toEqual({ staleRegions: 2, unknownTargets: 1, oldestPendingSeconds: 42 });
    expect(emitted).toHaveLength(1);
    const emf = emitted[0] as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
    };
    expect(emf._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['Fleet']]);
    expect(emf.Fleet).toBe('efaktur-fleet');
    // The list `npm run cost` bills is the list the handler emits.
    expect(emf._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name).sort()).toEqual(
      EMITTED_METRICS.map((m) => m.name).sort(),
    );
    for (const m of EMITTED_METRICS) expect(m.dimensions).toEqual(['Fleet']);
    expect(emf).toMatchObject({ StaleRegions: 2, UnknownTargets: 1, OldestPendingNotificationSeconds: 42 });
    expect(emf).not.toHaveProperty('service');
    expect(emf).not.toHaveProperty('Target');
    expect(emf).not.toHaveProperty('Region');
  });

  it('reports a quiet fleet as zeros', () => {
    expect(sweepFigures([])).toEqual({ staleRegions: 0, unknownTargets: 0, oldestPendingSeconds: 0 });
  });
});

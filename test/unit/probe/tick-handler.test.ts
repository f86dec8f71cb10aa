import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { WSDL } from '../../../bench/support/fixture-server/bodies.js';
import { createProbeHandler, NoRunQueueError } from '../../../functions/probe/create-probe-handler.js';
import { InvalidProbeEventError } from '../../../functions/probe/probe-event.js';
import { useProbeDimensions } from '../../../functions/probe/probe-metrics.js';
import { RunEnqueueError, SqsRunQueue } from '../../../shared/adapters/aws/sqs-run-queue.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { MemoryResultStore } from '../../../shared/store/memory-result-store.js';
import { exchange } from './exchanges.js';

const config = parseFleetConfig({
  probeIntervalSeconds: 15,
  controlUrl: 'https://control.example.test/',
  targets: [{ id: 'svc-wsdl', name: 'SVC', url: 'https://svc.example.test/wsdl', check: 'efaktur-wsdl' }],
});
const sqsMock = mockClient(SQSClient);
const QUEUE = 'https://sqs.ap-southeast-3.amazonaws.com/123456789012/runs';
const sqs = (body: object) => ({ Records: [{ eventSource: 'aws:sqs', body: JSON.stringify(body) }] });

function handler(now: string, withQueue = true) {
  const check = vi.fn(async (url: string) =>
    url.includes('control') ? exchange('203.0.113.9') : exchange(WSDL, { startedAt: now }),
  );
  const run = createProbeHandler({
    config,
    region: 'ap-southeast-3',
    store: new MemoryResultStore(),
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: useProbeDimensions(
      new Metrics({ namespace: 'EfakturFleet', serviceName: 'test' }),
      'ap-southeast-3',
    ),
    probe: { check, sleep: async () => {}, clock: () => 0 },
    ...(withQueue && { runs: new SqsRunQueue({ client: new SQSClient({}), queueUrl: QUEUE }) }),
    clock: () => new Date(now),
  });
  return { run, check };
}

beforeEach(() => {
  sqsMock.reset();
  vi.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(function (this: Metrics) {
    this.clearMetrics();
    return this;
  });
});

describe('probe handler: ticks and planned runs', () => {
  const tick = {
    source: 'tick',
    scheduledTime: '2026-03-15T07:05:00Z',
    phaseSeconds: 5,
    intervalSeconds: 15,
  };

  it('plans a tick’s runs on its own queue, each with the delay to its second, and probes nothing', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const { run, check } = handler('2026-03-15T07:05:41.300Z');
    const summary = await run(sqs(tick));
    expect(check).not.toHaveBeenCalled();
    expect(summary).toMatchObject({ trigger: 'tick', results: [], missed: [] });
    const [call] = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(call?.args[0].input.QueueUrl).toBe(QUEUE);
    expect(
      call?.args[0].input.Entries?.map((e) => [
        JSON.parse(e.MessageBody!).runAt.slice(11, 19),
        e.DelaySeconds,
      ]),
    ).toEqual([
      ['07:06:05', 24],
      ['07:06:20', 39],
      ['07:06:35', 54],
      ['07:06:50', 69],
    ]);
  });

  it('fails the tick (SQS retries it) when a run could not be enqueued', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: 'run-1', Code: 'Throttled', SenderFault: false }] });
    await expect(handler('2026-03-15T07:05:10Z').run(sqs(tick))).rejects.toBeInstanceOf(RunEnqueueError);
  });

  it('refuses a tick where no run queue exists (local mode plans its own rounds)', async () => {
    await expect(handler('2026-03-15T07:05:10Z', false).run(sqs(tick))).rejects.toBeInstanceOf(
      NoRunQueueError,
    );
  });

  it('probes on a planned run and reports how late it started against its second', async () => {
    const { run, check } = handler('2026-03-15T07:06:05.640Z');
    const summary = await run(sqs({ source: 'run', runAt: '2026-03-15T07:06:05.000Z' }));
    expect(check).toHaveBeenCalled();
    expect(summary).toMatchObject({ trigger: 'schedule', phaseDriftMs: 640, planned: [] });
    expect(summary.results).toHaveLength(1);
  });

  it('refuses a malformed tick or run, naming the field', async () => {
    const { run } = handler('2026-03-15T07:05:10Z');
    await expect(run(sqs({ ...tick, intervalSeconds: 0 }))).rejects.toThrow(/intervalSeconds/);
    await expect(run(sqs({ source: 'run', runAt: 'soon' }))).rejects.toBeInstanceOf(InvalidProbeEventError);
  });
});

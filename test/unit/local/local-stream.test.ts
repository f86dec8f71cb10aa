import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { parseAggregatorEvent } from '../../../functions/aggregator/aggregator-event.js';
import { LocalStream, type StreamBatch } from '../../../local/local-stream.js';

describe('LocalStream', () => {
  it('hands stored results to the aggregator in order, one batch at a time, as stream records it accepts', async () => {
    const batches: StreamBatch[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stream = new LocalStream(
      async (batch) => {
        batches.push(batch);
        if (batches.length === 1) await gate;
      },
      () => {},
    );
    stream.push(probeResult({ targetId: 'svc-wsdl', region: 'ap-southeast-1' }));
    stream.push(probeResult({ targetId: 'svc-qr', region: 'ap-southeast-1' }));
    await new Promise((resolve) => setImmediate(resolve));
    stream.push(probeResult({ targetId: 'svc-wsdl', region: 'ap-northeast-1' }));
    expect(batches).toHaveLength(1);
    release();
    await stream.drained();
    expect(batches.map((b) => b.Records.map((r) => r.dynamodb.Keys.pk?.S))).toEqual([
      ['TARGET#svc-wsdl#REGION#ap-southeast-1', 'TARGET#svc-qr#REGION#ap-southeast-1'],
      ['TARGET#svc-wsdl#REGION#ap-northeast-1'],
    ]);
    const first = parseAggregatorEvent(batches[0]);
    expect(first.kind === 'stream' && [...first.targets.entries()]).toEqual([
      ['svc-wsdl', '000000000000000000001'],
      ['svc-qr', '000000000000000000002'],
    ]);
  });

  it('reports a failed delivery and keeps delivering', async () => {
    const errors: string[] = [];
    let calls = 0;
    const stream = new LocalStream(
      async () => {
        calls++;
        if (calls === 1) throw new Error('throttled');
      },
      (error) => errors.push((error as Error).message),
    );
    stream.push(probeResult());
    await stream.drained();
    stream.push(probeResult({ checkedAt: '2026-03-15T03:01:00.000Z' }));
    await stream.drained();
    expect([calls, errors]).toEqual([2, ['throttled']]);
  });
});

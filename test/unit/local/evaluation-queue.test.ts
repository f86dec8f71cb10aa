import { describe, expect, it } from 'vitest';
import { EvaluationQueue } from '../../../local/evaluation-queue.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('EvaluationQueue', () => {
  it('runs one evaluation per target at a time and coalesces requests made meanwhile', async () => {
    const log: string[] = [];
    const gates: ReturnType<typeof deferred>[] = [];
    const queue = new EvaluationQueue(
      async (id) => {
        log.push(`start ${id}`);
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
        log.push(`end ${id}`);
      },
      () => {},
    );
    const first = queue.request('a');
    const other = queue.request('b');
    const second = queue.request('a');
    const third = queue.request('a');
    await Promise.resolve();
    expect(log).toEqual(['start a', 'start b']);
    gates[0]?.resolve();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a', 'start b', 'end a', 'start a']);
    gates[1]?.resolve();
    gates[2]?.resolve();
    await Promise.all([second, third, other]);
    await queue.idle();
    expect(log).toEqual(['start a', 'start b', 'end a', 'start a', 'end b', 'end a']);
  });

  it('reports a failed evaluation and still resolves its waiters', async () => {
    const errors: string[] = [];
    const queue = new EvaluationQueue(
      async () => {
        throw new Error('conflict');
      },
      (id, error) => errors.push(`${id}: ${(error as Error).message}`),
    );
    await queue.request('a');
    await queue.request('a');
    expect(errors).toEqual(['a: conflict', 'a: conflict']);
  });
});

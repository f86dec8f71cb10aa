import { describe, expect, it } from 'vitest';
import { DrivenTimeline, TimelineBusyError, TimelineOverrunError } from '../../../local/fleet-timeline.js';

const T0 = Date.parse('2026-03-16T03:00:00.000Z');

function timeline() {
  const t = new DrivenTimeline({ startMs: T0 });
  const ran: string[] = [];
  const task = (name: string) => async () => {
    ran.push(`${name}@${t.now() - T0}`);
  };
  return { t, ran, task };
}

describe('DrivenTimeline', () => {
  it('runs nothing until advanced, then every task due by then in time order', async () => {
    const { t, ran, task } = timeline();
    t.at(T0 + 300, task('c'));
    t.at(T0 + 100, task('a'));
    t.at(T0 + 200, task('b'));
    t.at(T0 + 301, task('late'));
    expect(ran).toEqual([]);
    await t.advance(300);
    expect(ran).toEqual(['a@100', 'b@200', 'c@300']);
    expect(t.now()).toBe(T0 + 300);
    expect(t.pending()).toBe(1);
  });

  it('awaits each task completely before the next, and reads its time while it runs', async () => {
    const { t, ran } = timeline();
    t.at(T0 + 10, async () => {
      ran.push(`first begins@${t.now() - T0}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setImmediate(resolve));
      ran.push(`first ends@${t.now() - T0}`);
    });
    t.at(T0 + 10, async () => {
      ran.push(`second@${t.now() - T0}`);
    });
    await t.advance(50);
    expect(ran).toEqual(['first begins@10', 'first ends@10', 'second@11']);
  });

  it('runs tasks due together a millisecond apart: by label, then in the order they were scheduled', async () => {
    const { t, ran, task } = timeline();
    t.at(T0 + 100, task('burst b'), 'burst b');
    t.at(T0 + 100, task('burst a'), 'burst a');
    t.at(T0 + 100, task('slot 1'));
    t.at(T0 + 100, task('slot 2'));
    await t.advance(200);
    expect(ran).toEqual(['slot 1@100', 'slot 2@101', 'burst a@102', 'burst b@103']);
  });

  it('never moves past the time it was advanced to: what is pushed beyond it waits for the next advance', async () => {
    const { t, ran, task } = timeline();
    t.at(T0 + 100, task('a'));
    t.at(T0 + 100, task('b'));
    await t.advance(100);
    expect(ran).toEqual(['a@100']);
    expect(t.now()).toBe(T0 + 100);
    await t.advance(1);
    expect(ran).toEqual(['a@100', 'b@101']);
  });

  it('runs a task scheduled `soon` from inside another as the next event, after it', async () => {
    const { t, ran, task } = timeline();
    t.at(T0 + 50, async () => {
      t.soon(task('requested'));
      ran.push(`round@${t.now() - T0}`);
    });
    t.at(T0 + 60, task('next slot'));
    await t.advance(100);
    expect(ran).toEqual(['round@50', 'requested@51', 'next slot@60']);
  });

  it('runs `every` on its own grid from one period after now, until cancelled', async () => {
    const { t, ran, task } = timeline();
    const cancel = t.every(1000, task('sweep'));
    await t.advance(3500);
    cancel();
    await t.advance(5000);
    expect(ran).toEqual(['sweep@1000', 'sweep@2000', 'sweep@3000']);
    expect(t.pending()).toBe(0);
    expect(() => t.every(0, task('never'))).toThrow(RangeError);
  });

  it('cancels a task that has not run', async () => {
    const { t, ran, task } = timeline();
    const cancel = t.at(T0 + 10, task('cancelled'));
    t.at(T0 + 20, task('kept'));
    cancel();
    await t.advance(100);
    expect(ran).toEqual(['kept@20']);
  });

  it('refuses a second advance while one runs, a negative or endless one, and a task due at no time', async () => {
    const { t } = timeline();
    let release = () => {};
    t.at(T0 + 1, () => new Promise<void>((resolve) => (release = resolve)));
    const first = t.advance(10);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(t.advance(10)).rejects.toThrow(TimelineBusyError);
    release();
    await first;
    await expect(t.advance(-1)).rejects.toThrow(RangeError);
    await expect(t.advance(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
    await expect(t.advance(Number.NaN)).rejects.toThrow(RangeError);
    expect(() => t.at(Number.NaN, async () => {})).toThrow(RangeError);
    expect(t.pending()).toBe(0);
  });

  it('fails an advance that runs more events than it allows (a task that keeps rescheduling itself)', async () => {
    const t = new DrivenTimeline({ startMs: T0, maxEventsPerAdvance: 50 });
    const again = async () => {
      t.soon(again);
    };
    t.soon(again);
    await expect(t.advance(1000)).rejects.toThrow(TimelineOverrunError);
  });

  it('reports a task that rejects through the advance', async () => {
    const { t } = timeline();
    t.at(T0 + 1, async () => {
      throw new Error('boom');
    });
    await expect(t.advance(10)).rejects.toThrow('boom');
    await t.advance(10); // usable again
    expect(t.now()).toBe(T0 + 11);
  });
});

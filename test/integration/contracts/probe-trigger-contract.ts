import { describe, expect, it } from 'vitest';
import { type ProbeTrigger, ProbeTriggerError } from '../../../shared/probe/probe-trigger.js';

/** One region asked to probe one target. */
export interface Asked {
  readonly region: string;
  readonly targetId: string;
}

export interface ProbeTriggerHarness {
  readonly trigger: ProbeTrigger;
  /** Every region asked so far, in any order. */
  asked(): Promise<readonly Asked[]>;
  /** Makes asking `region` fail from now on. */
  failRegion(region: string): void;
}

const byRegion = (a: Asked, b: Asked) =>
  a.region.localeCompare(b.region) || a.targetId.localeCompare(b.targetId);
const sorted = (asked: readonly Asked[]) => [...asked].sort(byRegion);

/**
 * The promises every `ProbeTrigger` keeps: each listed region is asked once for the target; when some cannot be
 * asked the others still are, and the call rejects with a `ProbeTriggerError` naming exactly the failed ones.
 */
export function describeProbeTriggerContract(name: string, make: () => Promise<ProbeTriggerHarness>): void {
  describe(`ProbeTrigger contract: ${name}`, () => {
    const reason = { targetId: 'svc-wsdl', requestedBy: 'ap-southeast-1 down' };

    it('asks every listed region once', async () => {
      const h = await make();
      await h.trigger.trigger(['ap-southeast-1', 'ap-southeast-3', 'ap-northeast-1'], reason);
      expect(sorted(await h.asked())).toEqual([
        { region: 'ap-northeast-1', targetId: 'svc-wsdl' },
        { region: 'ap-southeast-1', targetId: 'svc-wsdl' },
        { region: 'ap-southeast-3', targetId: 'svc-wsdl' },
      ]);
    });

    it('asks nobody for an empty list', async () => {
      const h = await make();
      await h.trigger.trigger([], reason);
      expect(await h.asked()).toEqual([]);
    });

    it('still asks the other regions when one fails, and names the failed one', async () => {
      const h = await make();
      h.failRegion('ap-southeast-3');
      const call = h.trigger.trigger(['ap-southeast-1', 'ap-southeast-3', 'ap-northeast-1'], reason);
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProbeTriggerError);
      expect((error as ProbeTriggerError).failures.map((f) => f.region)).toEqual(['ap-southeast-3']);
      expect(sorted(await h.asked())).toEqual([
        { region: 'ap-northeast-1', targetId: 'svc-wsdl' },
        { region: 'ap-southeast-1', targetId: 'svc-wsdl' },
      ]);
    });
  });
}

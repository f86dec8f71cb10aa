import { type ProbeTrigger, ProbeTriggerError } from '../shared/probe/probe-trigger.js';

/** Where a burst request goes: the logical region's probe, run now (or right after its round in progress). */
export interface RegionRunner {
  burst(region: string, targetId: string, requestedBy: string): void;
}

/**
 * Burst confirmation in local mode: the logical regions' probes are called directly, without waiting for them,
 * as the deployed aggregator invokes the regions' probe functions asynchronously.
 */
export class LocalProbeTrigger implements ProbeTrigger {
  constructor(private readonly runner: RegionRunner) {}

  async trigger(
    regions: readonly string[],
    reason: { readonly targetId: string; readonly requestedBy: string },
  ): Promise<void> {
    // One region that cannot be asked must not keep the others from being asked.
    const failures: { region: string; error: string }[] = [];
    for (const region of regions) {
      try {
        this.runner.burst(region, reason.targetId, reason.requestedBy);
      } catch (error) {
        failures.push({ region, error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (failures.length > 0) throw new ProbeTriggerError(failures);
  }
}

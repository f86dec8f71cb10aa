/** Asks probe regions to check a target now, outside their schedule (burst confirmation). */
export interface ProbeTrigger {
  /** Asks every listed region; rejects with `ProbeTriggerError` naming the regions that could not be asked. */
  trigger(
    regions: readonly string[],
    reason: { readonly targetId: string; readonly requestedBy: string },
  ): Promise<void>;
}

/** Some regions could not be asked to probe; the others were. */
export class ProbeTriggerError extends Error {
  constructor(readonly failures: readonly { readonly region: string; readonly error: string }[]) {
    super(`burst request failed for ${failures.map((f) => `${f.region} (${f.error})`).join(', ')}`);
    this.name = 'ProbeTriggerError';
  }
}

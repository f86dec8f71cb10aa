/** Asks probe regions to check a target now, outside their schedule (burst confirmation). */
export interface ProbeTrigger {
  trigger(
    regions: readonly string[],
    reason: { readonly targetId: string; readonly requestedBy: string },
  ): Promise<void>;
}

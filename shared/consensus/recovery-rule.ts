import type { ConsensusPolicy, ProbeStatus, Rule, Vote } from '../types.js';

/** How a recovery to a better status is decided (see `recoveryOf`). */
export type Recovery =
  /** At once: the evidence is strong enough that no hold is needed. */
  | { readonly rule: Extract<Rule, 'recovery_confirmed'>; readonly holdMs: 0 }
  /** Once a quorum has said so continuously for `holdMs`. */
  | { readonly rule: Extract<Rule, 'recovery_hold' | 'flap_damped'>; readonly holdMs: number };

/**
 * Every region that votes has seen the server working, cleanly, twice in a row: each counted vote is `up` and so was
 * its region's previous result, and no region is set aside for failing alone. A bare majority is not enough.
 */
export function everyRegionBackTwice(votes: readonly Vote[]): boolean {
  const counted = votes.filter((v) => v.excluded === undefined);
  return (
    counted.length >= 2 &&
    votes.every((v) => v.excluded !== 'regional_problem') &&
    counted.every((v) => v.status === 'up' && v.previousStatus === 'up')
  );
}

export interface RecoveryFacts {
  /** The better status the quorum reports. */
  readonly to: ProbeStatus;
  /** Enough failing episodes within the flap window: the target is flapping. */
  readonly flapping: boolean;
  /** How long the spell worse than `to` had lasted when the quorum first said `to` (`null`: not known). */
  readonly spellMs: number | null;
  readonly votes: readonly Vote[];
}

/**
 * The recovery rule. A long outage that ends is rarely a flap, a short one often is:
 * - while flapping, the flap hold (`flapRecoveryHoldMs`);
 * - after a spell of at least `longOutageMs`, at once when every region has seen the server working twice in a row
 *   (`recovery_confirmed`): no hold makes everyone wait for the all-clear of an outage that is over;
 * - otherwise (a short spell, a bare majority, slow answers, a status better but not up) the recovery hold.
 * Each is only a moment a quorum reports (the evidence) or `pending.since` plus a hold: nothing else in time.
 */
export function recoveryOf(facts: RecoveryFacts, policy: ConsensusPolicy): Recovery {
  if (facts.flapping) return { rule: 'flap_damped', holdMs: policy.flapRecoveryHoldMs };
  const long = policy.longOutageMs !== null && facts.spellMs !== null && facts.spellMs >= policy.longOutageMs;
  if (long && facts.to === 'up' && everyRegionBackTwice(facts.votes)) {
    return { rule: 'recovery_confirmed', holdMs: 0 };
  }
  return { rule: 'recovery_hold', holdMs: policy.recoveryHoldMs };
}

import type { Observation } from '../consensus/observation.js';
import type { ResultLine } from './result-line.js';

/** One result as the replay keeps it: what the decision needs, the target, its time and the line it came from. */
export interface ReplayRecord {
  /** 1-based line of the file (or position in the list) it was read from. */
  readonly line: number;
  readonly ms: number;
  readonly target: string;
  readonly observation: Observation;
}

/** Time, then target and region name: equal for two lines of one result. */
export function compareKeys(a: ReplayRecord, b: ReplayRecord): number {
  return a.ms - b.ms || byName(a.target, b.target) || byName(a.observation.region, b.observation.region);
}

/**
 * Time order; results of the same instant by target and region name, so that the order of the lines never
 * changes a replay (then by line, which only orders copies of one result).
 */
export function compareRecords(a: ReplayRecord, b: ReplayRecord): number {
  return compareKeys(a, b) || a.line - b.line;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `checkedAt`: the time in UTC as `toISOString` writes it, when the caller has it already. */
export function recordOf(
  result: ResultLine,
  line: number,
  ms: number,
  defaultTarget: string,
  checkedAt = new Date(ms).toISOString(),
): ReplayRecord {
  return {
    line,
    ms,
    target: result.target ?? defaultTarget,
    observation: {
      region: result.region,
      checkedAt,
      status: result.status,
      reason: result.reason,
      detail: result.detail ?? '',
      latencyMs: result.latencyMs ?? null,
      control: result.control ?? null,
    },
  };
}

function sameResult(a: Observation, b: Observation): boolean {
  return (
    a.status === b.status &&
    a.reason === b.reason &&
    a.detail === b.detail &&
    a.latencyMs === b.latencyMs &&
    a.control === b.control
  );
}

/** Where a result stands against those of the same target, region and time seen before it. */
export type Admission =
  | { readonly kind: 'new' }
  | { readonly kind: 'copy'; readonly of: number }
  | { readonly kind: 'conflict'; readonly with: number };

const NEW: Admission = { kind: 'new' };

/**
 * Counts each result once: a second line with the same target, region and time is a copy when it says the same
 * (pages of an export that overlap) and a conflict when it does not (nothing says which one the fleet saw).
 * Takes records where those of one key come together, as `compareRecords` orders them.
 */
export class DuplicateFilter {
  /** The first record of the key seen last. */
  private first: ReplayRecord | undefined;

  admit(record: ReplayRecord): Admission {
    const first = this.first;
    if (first === undefined || compareKeys(first, record) !== 0) {
      this.first = record;
      return NEW;
    }
    return sameResult(first.observation, record.observation)
      ? { kind: 'copy', of: first.line }
      : { kind: 'conflict', with: first.line };
  }
}

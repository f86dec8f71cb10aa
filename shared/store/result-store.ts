import type { ProbeResult } from '../types.js';

export interface ResultQuery {
  /** Only results checked at or after this ISO time. */
  readonly since?: string;
  /** Only results checked strictly before this ISO time (cursor). */
  readonly before?: string;
  /** At most this many, newest first. */
  readonly limit: number;
}

/** Where probes record what they saw, and where the consensus and the API read it back. */
export interface ResultStore {
  /** Records one result; rejects (after the client's own retries) when it cannot be stored. */
  put(result: ProbeResult): Promise<void>;
  /** The newest result of each listed region (regions without one are left out): one small read per region. */
  latestPerRegion(targetId: string, regions: readonly string[]): Promise<ProbeResult[]>;
  /** Results of one region, newest first. */
  list(targetId: string, region: string, query: ResultQuery): Promise<ProbeResult[]>;
}

import type { ResultQuery, ResultStore } from '../shared/store/result-store.js';
import type { StateStore } from '../shared/store/state-store.js';
import type { ConsensusState, ProbeResult } from '../shared/types.js';

/** The local fleet is shutting down: late writes of abandoned probe rounds are refused, not half-applied. */
export class FleetStoppedError extends Error {
  constructor() {
    super('the local fleet is stopping: write refused');
    this.name = 'FleetStoppedError';
  }
}

/**
 * The result store as the probes see it: each stored result is announced, as the table's stream announces it
 * to the aggregator in AWS; after `close()` writes are refused.
 */
export class ObservedResultStore implements ResultStore {
  private closed = false;

  constructor(
    private readonly inner: ResultStore,
    private readonly onStored: (result: ProbeResult) => void,
  ) {}

  close(): void {
    this.closed = true;
  }

  async put(result: ProbeResult): Promise<void> {
    if (this.closed) throw new FleetStoppedError();
    await this.inner.put(result);
    this.onStored(result);
  }

  latestPerRegion(targetId: string, regions: readonly string[]): Promise<ProbeResult[]> {
    return this.inner.latestPerRegion(targetId, regions);
  }

  list(targetId: string, region: string, query: ResultQuery): Promise<ProbeResult[]> {
    return this.inner.list(targetId, region, query);
  }
}

/** The state store as the aggregator sees it: each saved state is announced (to the terminal view). */
export class ObservedStateStore implements StateStore {
  constructor(
    private readonly inner: StateStore,
    private readonly onSaved: (state: ConsensusState) => void,
  ) {}

  get(targetId: string): Promise<ConsensusState | null> {
    return this.inner.get(targetId);
  }

  async save(next: ConsensusState, expectedVersion: number | null): Promise<void> {
    await this.inner.save(next, expectedVersion);
    this.onSaved(next);
  }
}

import type { ProbeResult } from '../types.js';
import type { ResultQuery, ResultStore } from './result-store.js';

/** Results kept in process memory: for tests and for callers that need no persistence. */
export class MemoryResultStore implements ResultStore {
  private readonly byKey = new Map<string, ProbeResult[]>();

  async put(result: ProbeResult): Promise<void> {
    const key = `${result.targetId}\u0000${result.region}`;
    const list = this.byKey.get(key) ?? [];
    const existing = list.findIndex((r) => r.checkedAt === result.checkedAt);
    if (existing >= 0) list[existing] = result;
    else list.push(result);
    list.sort((a, b) => (a.checkedAt < b.checkedAt ? -1 : a.checkedAt > b.checkedAt ? 1 : 0));
    this.byKey.set(key, list);
  }

  async latestPerRegion(targetId: string, regions: readonly string[]): Promise<ProbeResult[]> {
    return regions.flatMap((region) => {
      const list = this.byKey.get(`${targetId}\u0000${region}`);
      const last = list?.[list.length - 1];
      return last ? [last] : [];
    });
  }

  async list(targetId: string, region: string, query: ResultQuery): Promise<ProbeResult[]> {
    const list = this.byKey.get(`${targetId}\u0000${region}`) ?? [];
    return list
      .filter(
        (r) =>
          (query.since === undefined || r.checkedAt >= query.since) &&
          (query.before === undefined || r.checkedAt < query.before),
      )
      .reverse()
      .slice(0, query.limit);
  }
}

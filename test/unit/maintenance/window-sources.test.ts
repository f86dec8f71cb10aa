import { describe, expect, it } from 'vitest';
import type {
  MaintenanceWindow,
  MaintenanceWindowSource,
} from '../../../shared/maintenance/maintenance-window.js';
import {
  CachedMaintenanceWindowSource,
  MemoryMaintenanceWindowSource,
  MergedMaintenanceWindowSource,
} from '../../../shared/maintenance/window-sources.js';

function window(id: string, end: string, source: MaintenanceWindow['source'] = 'config'): MaintenanceWindow {
  return { id, targets: ['svc-wsdl'], start: '2026-12-05T15:00:00.000Z', end, note: null, source };
}

const NOW = new Date('2026-12-05T16:00:00.000Z');

describe('maintenance window sources', () => {
  it('lists the windows not ended at now (a window ending exactly now has ended)', async () => {
    const source = new MemoryMaintenanceWindowSource([
      window('config-1', '2026-12-05T16:00:00.000Z'),
      window('config-2', '2026-12-05T16:00:00.001Z'),
    ]);
    expect((await source.list(NOW)).map((w) => w.id)).toEqual(['config-2']);
  });

  it("merges the configuration's and the operator's windows, an id once", async () => {
    const config = new MemoryMaintenanceWindowSource([window('config-1', '2026-12-06T00:00:00.000Z')]);
    const operator = new MemoryMaintenanceWindowSource([
      window('config-1', '2026-12-07T00:00:00.000Z', 'operator'),
      window('op-1', '2026-12-06T00:00:00.000Z', 'operator'),
    ]);
    const merged = await new MergedMaintenanceWindowSource(config, operator).list(NOW);
    expect(merged.map((w) => [w.id, w.source])).toEqual([
      ['config-1', 'config'],
      ['op-1', 'operator'],
    ]);
  });

  it("keeps the configuration's windows when the operator's store fails, and says why", async () => {
    const errors: unknown[] = [];
    const failing: MaintenanceWindowSource = {
      list: () => Promise.reject(new Error('throttled')),
    };
    const config = new MemoryMaintenanceWindowSource([window('config-1', '2026-12-06T00:00:00.000Z')]);
    const merged = await new MergedMaintenanceWindowSource(config, failing, (e) => errors.push(e)).list(NOW);
    expect(merged.map((w) => w.id)).toEqual(['config-1']);
    expect(errors).toEqual([new Error('throttled')]);
  });
});

describe('CachedMaintenanceWindowSource', () => {
  const NOW = new Date('2026-12-05T03:00:00.000Z');
  function counting(fail = false) {
    const source = {
      reads: 0,
      async list() {
        source.reads++;
        if (fail) throw new Error('AccessDeniedException');
        return [];
      },
    };
    return source;
  }

  it('reads once per TTL, shares the read, and reads again after it or when the clock goes back', async () => {
    let t = 1_000_000;
    const source = counting();
    const cached = new CachedMaintenanceWindowSource(source, 60_000, () => t);
    await Promise.all([cached.list(NOW), cached.list(NOW), cached.list(NOW)]);
    expect(source.reads).toBe(1);
    t += 59_999;
    await cached.list(NOW);
    expect(source.reads).toBe(1);
    t += 1;
    await cached.list(NOW);
    expect(source.reads).toBe(2);
    t -= 10_000;
    await cached.list(NOW);
    expect(source.reads).toBe(3);
  });

  it('keeps no failed read: the next evaluation tries again', async () => {
    const source = counting(true);
    const cached = new CachedMaintenanceWindowSource(source, 60_000, () => 1_000_000);
    await expect(cached.list(NOW)).rejects.toThrow('AccessDeniedException');
    await expect(cached.list(NOW)).rejects.toThrow('AccessDeniedException');
    expect(source.reads).toBe(2);
  });
});

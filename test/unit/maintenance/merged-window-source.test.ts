import { describe, expect, it } from 'vitest';
import { MAX_MAINTENANCE_WINDOWS } from '../../../shared/maintenance/maintenance-window.js';
import { MemoryMaintenanceWindowStore } from '../../../shared/maintenance/memory-maintenance-window-store.js';
import {
  configuredWindows,
  MergedMaintenanceWindowSource,
  operatorCapacity,
} from '../../../shared/maintenance/merged-window-source.js';

const NOW = new Date('2026-12-05T10:00:00.000Z');

describe('MergedMaintenanceWindowSource', () => {
  const configured = configuredWindows([
    { targets: ['svc-wsdl'], start: '2026-12-06T22:00:00+07:00', end: '2026-12-07T02:00:00+07:00' },
    { targets: ['svc-qr'], start: '2026-11-01T22:00:00+07:00', end: '2026-11-02T02:00:00+07:00' },
    { targets: ['svc-qr'], start: '2026-12-05T08:00:00+07:00', end: '2026-12-05T18:00:00+07:00', note: 'x' },
  ]);

  it('numbers the configuration windows in file order, in UTC', () => {
    expect(configuredWindows([])).toStrictEqual([]);
    expect(configured.map((w) => [w.id, w.start, w.source])).toStrictEqual([
      ['config-1', '2026-12-06T15:00:00.000Z', 'config'],
      ['config-2', '2026-11-01T15:00:00.000Z', 'config'],
      ['config-3', '2026-12-05T01:00:00.000Z', 'config'],
    ]);
  });

  it('shows the configuration windows, and says why, when the operator store cannot be read', async () => {
    const store = new MemoryMaintenanceWindowStore();
    store.list = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    const errors: unknown[] = [];
    const source = new MergedMaintenanceWindowSource(configured, store, (error) => errors.push(error));
    expect((await source.list(NOW)).map((w) => w.id)).toStrictEqual(['config-3', 'config-1']);
    expect(errors).toHaveLength(1);
  });

  it('lists both sources soonest first, without windows ended long ago', async () => {
    const store = new MemoryMaintenanceWindowStore();
    await store.add({
      id: 'op-1',
      targets: ['svc-wsdl'],
      start: '2026-12-05T12:00:00.000Z',
      end: '2026-12-05T13:00:00.000Z',
      note: null,
      source: 'operator',
    });
    const source = new MergedMaintenanceWindowSource(configured, store);
    expect((await source.list(NOW)).map((w) => w.id)).toStrictEqual(['config-3', 'op-1', 'config-1']);
    expect(source.isConfigured('config-2')).toBe(true);
    expect(source.isConfigured('op-1')).toBe(false);
  });

  it('leaves the operator what the configuration does not use of the bound', () => {
    expect(operatorCapacity(configured)).toBe(MAX_MAINTENANCE_WINDOWS - 3);
    const many = Array.from({ length: MAX_MAINTENANCE_WINDOWS + 1 }, () => ({
      targets: ['svc-qr'],
      start: '2026-12-06T22:00:00Z',
      end: '2026-12-06T23:00:00Z',
    }));
    expect(operatorCapacity(configuredWindows(many))).toBe(0);
  });
});

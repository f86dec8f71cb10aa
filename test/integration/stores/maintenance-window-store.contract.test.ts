import { afterAll, describe, expect, it } from 'vitest';
import { DynamoMaintenanceWindowStore } from '../../../shared/adapters/aws/dynamo-maintenance-window-store.js';
import {
  type MaintenanceWindow,
  MaintenanceWindowLimitError,
  type MaintenanceWindowStore,
} from '../../../shared/maintenance/maintenance-window.js';
import { MemoryMaintenanceWindowStore } from '../../../shared/maintenance/memory-maintenance-window-store.js';
import {
  ENDED_WINDOW_RETENTION_MS,
  MaintenanceWindowExistsError,
} from '../../../shared/maintenance/window-retention.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

// Every dynamo store shares one partition, so each test gets its own table.
let tables: LocalDynamo[] = [];
afterAll(async () => {
  await Promise.all(tables.map((t) => t.close()));
  tables = [];
});

const implementations: [string, (capacity?: number) => Promise<MaintenanceWindowStore>][] = [
  ['memory', async (capacity) => new MemoryMaintenanceWindowStore({ capacity })],
  [
    'dynamo',
    async (capacity) => {
      const table = await startDynalite();
      tables.push(table);
      return new DynamoMaintenanceWindowStore({ client: table.doc, tableName: table.tableName, capacity });
    },
  ],
];

const NOW = new Date('2026-12-05T10:00:00.000Z');

function window(id: string, overrides: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return {
    id,
    targets: ['svc-wsdl'],
    start: '2026-12-05T15:00:00.000Z',
    end: '2026-12-05T19:00:00.000Z',
    note: 'PENG-18/PJ.09/2024',
    source: 'operator',
    ...overrides,
  };
}

describe.each(implementations)('MaintenanceWindowStore contract: %s', (_name, make) => {
  it('lists nothing at first', async () => {
    expect(await (await make()).list(NOW)).toStrictEqual([]);
  });

  it('reads back what it added, field for field, soonest first', async () => {
    const store = await make();
    const later = window('b', { targets: ['svc-wsdl', 'svc-qr'], note: null });
    const sooner = window('a', { start: '2026-12-05T11:00:00.000Z' });
    await store.add(later);
    await store.add(sooner);
    expect(await store.list(NOW)).toStrictEqual([sooner, later]);
  });

  it('refuses an id it already holds', async () => {
    const store = await make();
    await store.add(window('a'));
    await expect(store.add(window('a'))).rejects.toBeInstanceOf(MaintenanceWindowExistsError);
  });

  it('removes by id and says whether there was one', async () => {
    const store = await make();
    await store.add(window('a'));
    await store.add(window('b'));
    expect(await store.remove('a')).toBe(true);
    expect(await store.remove('a')).toBe(false);
    expect((await store.list(NOW)).map((w) => w.id)).toStrictEqual(['b']);
  });

  it('refuses an add past its capacity, and takes one again after a removal', async () => {
    const store = await make(2);
    await store.add(window('a'));
    await store.add(window('b'));
    await expect(store.add(window('c'))).rejects.toBeInstanceOf(MaintenanceWindowLimitError);
    await store.remove('a');
    await store.add(window('c'));
    expect((await store.list(NOW)).map((w) => w.id).sort()).toStrictEqual(['b', 'c']);
  });

  it('keeps the bound under concurrent adds', async () => {
    const store = await make(3);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.add(window(`w${i}`))),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    for (const o of refused) expect(o.reason).toBeInstanceOf(MaintenanceWindowLimitError);
    expect(await store.list(NOW)).toHaveLength(3);
  });

  it('still lists a window ended within the retention, and drops one ended before it', async () => {
    const store = await make(2);
    const endedAt = (msAgo: number) => new Date(NOW.getTime() - msAgo).toISOString();
    const recent = window('recent', { start: endedAt(3_600_000 * 2), end: endedAt(3_600_000) });
    const old = window('old', {
      start: endedAt(ENDED_WINDOW_RETENTION_MS + 3_600_000),
      end: endedAt(ENDED_WINDOW_RETENTION_MS),
    });
    await store.add(recent);
    await store.add(old);
    expect((await store.list(NOW)).map((w) => w.id)).toStrictEqual(['recent']);
    // The dropped window no longer counts against the capacity.
    await store.add(window('next'));
  });
});

describe('DynamoMaintenanceWindowStore, read only', () => {
  it('lists without deleting, so a role without DeleteItem can read the windows', async () => {
    const table = await startDynalite();
    tables.push(table);
    const writer = new DynamoMaintenanceWindowStore({ client: table.doc, tableName: table.tableName });
    const reader = new DynamoMaintenanceWindowStore({
      client: table.doc,
      tableName: table.tableName,
      readOnly: true,
    });
    const old = window('old', { start: '2026-12-01T00:00:00.000Z', end: '2026-12-01T01:00:00.000Z' });
    await writer.add(old);
    expect(await reader.list(NOW)).toStrictEqual([]);
    expect(await writer.list(new Date('2026-12-01T02:00:00.000Z'))).toStrictEqual([old]);
  });
});

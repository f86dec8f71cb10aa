import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  MAX_MAINTENANCE_WINDOWS,
  type MaintenanceWindow,
  MaintenanceWindowLimitError,
  type MaintenanceWindowStore,
} from '../../maintenance/maintenance-window.js';
import { byStart, isLongEnded, MaintenanceWindowExistsError } from '../../maintenance/window-retention.js';
import { PK, SK } from '../../store/table-keys.js';

/** The partition of the operator's windows; the API's IAM policy may write only this key. */
export const MAINTENANCE_PK = 'MAINTENANCE';
const SLOT_PREFIX = 'SLOT#';
/** Pages a list reads at most: `capacity` items of about 1 KB fit in one page of 1 MB. */
const MAX_PAGES = 10;

export interface DynamoMaintenanceWindowStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Operator windows kept at once (the fleet's bound less the configuration's windows). @default MAX_MAINTENANCE_WINDOWS */
  readonly capacity?: number;
  /**
   * A reader only (the aggregator, whose role may not delete): `list` leaves windows ended long ago in place.
   * @default false: `list` drops windows ended over a day ago, best effort
   */
  readonly readOnly?: boolean;
  /** Picks the first free slot an add tries, so that concurrent adds rarely collide. @default Math.random */
  readonly random?: () => number;
}

interface StoredWindow {
  readonly slot: string;
  readonly window: MaintenanceWindow;
}

const slotKey = (n: number) => `${SLOT_PREFIX}${String(n).padStart(4, '0')}`;

/**
 * The operator's windows in the fleet table, one item per slot: `MAINTENANCE` / `SLOT#0000` … `SLOT#<capacity-1>`.
 * The bound holds under concurrent adds without a counter or transaction: each add claims a free slot with a
 * conditional put, and there are only `capacity` slots.
 *
 *   add A ─put SLOT#7 if absent─► ok        add B ─put SLOT#7 if absent─► ConditionalCheckFailed ─► next free slot
 */
export class DynamoMaintenanceWindowStore implements MaintenanceWindowStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly capacity: number;
  private readonly random: () => number;
  private readonly readOnly: boolean;

  constructor(options: DynamoMaintenanceWindowStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.capacity = Math.max(
      0,
      Math.min(options.capacity ?? MAX_MAINTENANCE_WINDOWS, MAX_MAINTENANCE_WINDOWS),
    );
    this.random = options.random ?? Math.random;
    this.readOnly = options.readOnly ?? false;
  }

  async list(now: Date): Promise<readonly MaintenanceWindow[]> {
    const stored = await this.readAll();
    if (!this.readOnly) {
      // Best effort: a window that stays is merely listed no more, and the next list tries again.
      const ended = stored.filter((s) => isLongEnded(s.window, now));
      await Promise.allSettled(ended.map((s) => this.deleteSlot(s.slot, s.window.id)));
    }
    return stored
      .filter((s) => !isLongEnded(s.window, now))
      .map((s) => s.window)
      .sort(byStart);
  }

  async add(window: MaintenanceWindow): Promise<void> {
    // Two reads at most: a second one only when every slot seen free was claimed by concurrent adds meanwhile.
    for (let round = 0; round < 2; round++) {
      const stored = await this.readAll();
      if (stored.some((s) => s.window.id === window.id)) throw new MaintenanceWindowExistsError(window.id);
      const taken = new Set(stored.map((s) => s.slot));
      const free: string[] = [];
      for (let n = 0; n < this.capacity; n++) if (!taken.has(slotKey(n))) free.push(slotKey(n));
      if (free.length === 0) break;
      const first = Math.floor(this.random() * free.length) % free.length;
      for (let i = 0; i < free.length; i++) {
        if (await this.claim(free[(first + i) % free.length]!, window)) return;
      }
    }
    throw new MaintenanceWindowLimitError();
  }

  async remove(id: string): Promise<boolean> {
    const found = (await this.readAll()).find((s) => s.window.id === id);
    return found === undefined ? false : this.deleteSlot(found.slot, id);
  }

  private async claim(slot: string, window: MaintenanceWindow): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PK]: MAINTENANCE_PK, [SK]: slot, ...window },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Deletes the slot only while it still holds `id`: a concurrent add may have reused it. */
  private async deleteSlot(slot: string, id: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [PK]: MAINTENANCE_PK, [SK]: slot },
          ConditionExpression: '#id = :id',
          ExpressionAttributeNames: { '#id': 'id' },
          ExpressionAttributeValues: { ':id': id },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async readAll(): Promise<StoredWindow[]> {
    const stored: StoredWindow[] = [];
    let start: Record<string, unknown> | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :slot)',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: { ':pk': MAINTENANCE_PK, ':slot': SLOT_PREFIX },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of answer.Items ?? []) {
        const window = windowOf(item);
        if (window !== null) stored.push({ slot: String(item[SK]), window });
      }
      start = answer.LastEvaluatedKey;
      if (start === undefined) break;
    }
    return stored;
  }
}

/** The window an item holds; `null` for an item this store did not write. */
function windowOf(item: Record<string, unknown>): MaintenanceWindow | null {
  const { id, targets, start, end, note } = item;
  if (typeof id !== 'string' || typeof start !== 'string' || typeof end !== 'string') return null;
  if (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string')) return null;
  return {
    id,
    targets,
    start,
    end,
    note: typeof note === 'string' ? note : null,
    source: 'operator',
  };
}

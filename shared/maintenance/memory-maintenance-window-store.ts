import {
  MAX_MAINTENANCE_WINDOWS,
  type MaintenanceWindow,
  MaintenanceWindowLimitError,
  type MaintenanceWindowStore,
} from './maintenance-window.js';
import { byStart, isLongEnded, MaintenanceWindowExistsError } from './window-retention.js';

export interface MemoryMaintenanceWindowStoreOptions {
  /** Operator windows kept at once (the fleet's bound less the configuration's windows). @default MAX_MAINTENANCE_WINDOWS */
  readonly capacity?: number;
}

/** The operator's windows in process memory (tests, local mode without a table), with the same bound. */
export class MemoryMaintenanceWindowStore implements MaintenanceWindowStore {
  private readonly windows = new Map<string, MaintenanceWindow>();
  private readonly capacity: number;

  constructor(options: MemoryMaintenanceWindowStoreOptions = {}) {
    this.capacity = options.capacity ?? MAX_MAINTENANCE_WINDOWS;
  }

  async list(now: Date): Promise<readonly MaintenanceWindow[]> {
    for (const [id, window] of this.windows) if (isLongEnded(window, now)) this.windows.delete(id);
    return [...this.windows.values()].map((w) => structuredClone(w)).sort(byStart);
  }

  async add(window: MaintenanceWindow): Promise<void> {
    if (this.windows.has(window.id)) throw new MaintenanceWindowExistsError(window.id);
    if (this.windows.size >= this.capacity) throw new MaintenanceWindowLimitError();
    this.windows.set(window.id, structuredClone(window));
  }

  async remove(id: string): Promise<boolean> {
    return this.windows.delete(id);
  }
}

import {
  MAX_MAINTENANCE_WINDOWS,
  type MaintenanceWindow,
  type MaintenanceWindowInput,
  type MaintenanceWindowSource,
  type MaintenanceWindowStore,
} from './maintenance-window.js';
import { byStart, isLongEnded } from './window-retention.js';
import { configWindowsOf } from './window-sources.js';

/** The configuration's windows as evaluated: ids `config-1`, `config-2`, … in file order. */
export function configuredWindows(inputs: readonly MaintenanceWindowInput[]): MaintenanceWindow[] {
  return configWindowsOf(inputs);
}

/** Operator windows a store may keep beside the configuration's, so that both together stay within the bound. */
export function operatorCapacity(configured: readonly MaintenanceWindow[]): number {
  return Math.max(0, MAX_MAINTENANCE_WINDOWS - configured.length);
}

/**
 * The configuration's windows (read-only) and the operator's (a store), read as one list. A store that cannot be
 * read leaves the configuration's windows shown (`onError` hears why): the status page must not fail with it.
 */
export class MergedMaintenanceWindowSource implements MaintenanceWindowSource {
  constructor(
    readonly configured: readonly MaintenanceWindow[],
    readonly store: MaintenanceWindowStore,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async list(now: Date): Promise<readonly MaintenanceWindow[]> {
    let operator: readonly MaintenanceWindow[] = [];
    try {
      operator = await this.store.list(now);
    } catch (error) {
      this.onError(error);
    }
    return [...this.configured.filter((w) => !isLongEnded(w, now)), ...operator]
      .sort(byStart)
      .slice(0, MAX_MAINTENANCE_WINDOWS);
  }

  /** Whether `id` names one of the configuration's windows (which only a change of the configuration removes). */
  isConfigured(id: string): boolean {
    return this.configured.some((w) => w.id === id);
  }
}

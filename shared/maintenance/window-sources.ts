import {
  MAX_MAINTENANCE_WINDOWS,
  type MaintenanceWindow,
  type MaintenanceWindowInput,
  type MaintenanceWindowSource,
  toMaintenanceWindow,
} from './maintenance-window.js';

/** The configuration's windows, with their stable ids `config-<n>` (n from 1, in file order). */
export function configWindowsOf(inputs: readonly MaintenanceWindowInput[]): MaintenanceWindow[] {
  return inputs.map((input, i) => toMaintenanceWindow(input, `config-${i + 1}`, 'config'));
}

/** A fixed list of windows (the configuration's, or a test's): those not ended at `now`. */
export class MemoryMaintenanceWindowSource implements MaintenanceWindowSource {
  private readonly windows: readonly MaintenanceWindow[];

  constructor(windows: readonly MaintenanceWindow[]) {
    this.windows = windows.slice(0, MAX_MAINTENANCE_WINDOWS);
  }

  async list(now: Date): Promise<readonly MaintenanceWindow[]> {
    const t = now.getTime();
    return this.windows.filter((w) => Date.parse(w.end) > t);
  }
}

/**
 * The configuration's windows and the operator's, merged (the configuration's first; an id listed twice counts
 * once). When the operator's store cannot be read, the configuration's still apply and `onError` hears why: an
 * unreadable store must not stop the consensus.
 */
export class MergedMaintenanceWindowSource implements MaintenanceWindowSource {
  constructor(
    private readonly config: MaintenanceWindowSource,
    private readonly operator?: MaintenanceWindowSource,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async list(now: Date): Promise<readonly MaintenanceWindow[]> {
    const fromConfig = await this.config.list(now);
    if (this.operator === undefined) return fromConfig;
    let fromOperator: readonly MaintenanceWindow[] = [];
    try {
      fromOperator = await this.operator.list(now);
    } catch (error) {
      this.onError(error);
    }
    const ids = new Set(fromConfig.map((w) => w.id));
    const merged = [...fromConfig, ...fromOperator.filter((w) => !ids.has(w.id))];
    return merged.slice(0, MAX_MAINTENANCE_WINDOWS);
  }
}

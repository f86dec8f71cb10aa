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

/**
 * Reads a source at most once per `ttlMs` and shares that read: the operator's windows change rarely, while every
 * evaluation of every target reads them (100 targets a minute would otherwise be 100 queries a minute). A failed
 * read is not kept, so the next evaluation tries again.
 */
export class CachedMaintenanceWindowSource implements MaintenanceWindowSource {
  private cached: { readonly at: number; readonly windows: Promise<readonly MaintenanceWindow[]> } | null =
    null;

  constructor(
    private readonly source: MaintenanceWindowSource,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  list(now: Date): Promise<readonly MaintenanceWindow[]> {
    const t = this.clock();
    // A clock that went back (a test's, or a corrected one) reads again rather than trusting the future.
    if (this.cached === null || t - this.cached.at >= this.ttlMs || t < this.cached.at) {
      const windows = this.source.list(now);
      const entry = { at: t, windows };
      this.cached = entry;
      windows.catch(() => {
        if (this.cached === entry) this.cached = null;
      });
    }
    return this.cached.windows;
  }
}

import type { MaintenanceWindow } from '../maintenance/maintenance-window.js';
import type { Locale } from '../types.js';
import { windowStatus } from './maintenance-view.js';
import type { StatuspageComponent, StatuspageIncidentUpdate } from './statuspage-summary.js';

/** Statuspage's states of a scheduled maintenance (`verifying` is never used: a window simply ends). */
export type StatuspageMaintenanceStatus = 'scheduled' | 'in_progress' | 'completed';

export type StatuspageMaintenanceUpdate = Omit<StatuspageIncidentUpdate, 'status'> & {
  readonly status: StatuspageMaintenanceStatus;
};

export interface StatuspageScheduledMaintenance {
  readonly id: string;
  readonly name: string;
  readonly status: StatuspageMaintenanceStatus;
  readonly created_at: string;
  readonly updated_at: string;
  readonly monitoring_at: null;
  readonly resolved_at: string | null;
  readonly impact: 'maintenance';
  readonly shortlink: string;
  readonly started_at: string;
  readonly page_id: string;
  readonly incident_updates: readonly StatuspageMaintenanceUpdate[];
  readonly components: readonly StatuspageComponent[];
  readonly scheduled_for: string;
  readonly scheduled_until: string;
}

const TEXTS: Record<Locale, { readonly name: (targets: string) => string; readonly body: string }> = {
  id: { name: (targets) => `Pemeliharaan terjadwal: ${targets}`, body: 'Pemeliharaan yang diumumkan DJP.' },
  en: { name: (targets) => `Scheduled maintenance: ${targets}`, body: 'Maintenance announced by DJP.' },
};

export interface ScheduledMaintenanceInput {
  readonly windows: readonly MaintenanceWindow[];
  /** The summary's components: those a window covers are its `components`. */
  readonly components: readonly StatuspageComponent[];
  /** Names of the configured targets, by id, for windows over targets without a verdict yet. */
  readonly targetNames: ReadonlyMap<string, string>;
  readonly now: Date;
  readonly locale: Locale;
  readonly pageId: string;
  readonly shortlink: string;
}

/** The windows as Statuspage's `scheduled_maintenances`, soonest first, the note as the update's body. */
export function scheduledMaintenances(input: ScheduledMaintenanceInput): StatuspageScheduledMaintenance[] {
  const texts = TEXTS[input.locale];
  return input.windows.map((w) => {
    const status = windowStatus(w, input.now);
    const components = input.components.filter((c) => w.targets.includes(c.id));
    const names = w.targets.map((t) => input.targetNames.get(t) ?? t).join(', ');
    const update: StatuspageMaintenanceUpdate = {
      id: `${w.id}-1`,
      status,
      body: w.note ?? texts.body,
      incident_id: w.id,
      created_at: w.start,
      updated_at: w.start,
      display_at: w.start,
      affected_components: components.map((c) => ({
        code: c.id,
        name: c.name,
        old_status: c.status,
        new_status: c.status,
      })),
      deliver_notifications: false,
      custom_tweet: null,
      tweet_id: null,
    };
    return {
      id: w.id,
      name: texts.name(names),
      status,
      created_at: w.start,
      updated_at: w.start,
      monitoring_at: null,
      resolved_at: status === 'completed' ? w.end : null,
      impact: 'maintenance',
      shortlink: input.shortlink,
      started_at: w.start,
      page_id: input.pageId,
      incident_updates: [update],
      components,
      scheduled_for: w.start,
      scheduled_until: w.end,
    };
  });
}

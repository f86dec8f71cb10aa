import { VOCABULARY } from '../alerts/message-vocabulary.js';
import { voteDetail } from '../alerts/vote-detail.js';
import type { MaintenanceWindow } from '../maintenance/maintenance-window.js';
import { type ConsensusStatus, isFailing, type Locale, type Transition } from '../types.js';
import type { GroupStatusView } from './group-view.js';
import { withGroups } from './statuspage-groups.js';
import { type StatuspageScheduledMaintenance, scheduledMaintenances } from './statuspage-maintenance.js';
import type { TargetStatusView } from './target-view.js';

/** Atlassian Statuspage's component statuses. */
export type StatuspageComponentStatus =
  | 'operational'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage'
  | 'under_maintenance';
export type StatuspageIndicator = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';
export type StatuspageIncidentStatus =
  | 'investigating'
  | 'identified'
  | 'monitoring'
  | 'resolved'
  | 'postmortem';
export type StatuspageImpact = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface StatuspagePage {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly time_zone: string;
  readonly updated_at: string;
}

export interface StatuspageComponent {
  readonly id: string;
  readonly name: string;
  readonly status: StatuspageComponentStatus;
  readonly created_at: string;
  readonly updated_at: string;
  readonly position: number;
  readonly description: string | null;
  readonly showcase: boolean;
  readonly start_date: string | null;
  readonly group_id: string | null;
  readonly page_id: string;
  readonly group: boolean;
  readonly only_show_if_degraded: boolean;
  /** A component group's members, by id (present on groups only). */
  readonly components?: readonly string[];
}

export interface StatuspageIncidentUpdate {
  readonly id: string;
  readonly status: StatuspageIncidentStatus;
  readonly body: string;
  readonly incident_id: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly display_at: string;
  readonly affected_components: readonly {
    readonly code: string;
    readonly name: string;
    readonly old_status: StatuspageComponentStatus;
    readonly new_status: StatuspageComponentStatus;
  }[];
  readonly deliver_notifications: boolean;
  readonly custom_tweet: null;
  readonly tweet_id: null;
}

export interface StatuspageIncident {
  readonly id: string;
  readonly name: string;
  readonly status: StatuspageIncidentStatus;
  readonly created_at: string;
  readonly updated_at: string;
  readonly monitoring_at: string | null;
  readonly resolved_at: null;
  readonly impact: StatuspageImpact;
  readonly shortlink: string;
  readonly started_at: string;
  readonly page_id: string;
  readonly incident_updates: readonly StatuspageIncidentUpdate[];
  readonly components: readonly StatuspageComponent[];
}

export interface StatuspageSummary {
  readonly page: StatuspagePage;
  readonly components: readonly StatuspageComponent[];
  readonly incidents: readonly StatuspageIncident[];
  readonly scheduled_maintenances: readonly StatuspageScheduledMaintenance[];
  readonly status: { readonly indicator: StatuspageIndicator; readonly description: string };
}

export interface SummaryInput {
  readonly page: Omit<StatuspagePage, 'updated_at'>;
  /** Every configured target, in configuration order. */
  readonly targets: readonly TargetStatusView[];
  /** The newest transition of each failing target, to tell what it was before. */
  readonly lastTransitions: ReadonlyMap<string, Transition>;
  readonly now: Date;
  /** The language of the incidents' texts (the fleet's). */
  readonly locale: Locale;
  /** The service groups, shown as component groups (see `withGroups`). @default none */
  readonly groups?: readonly GroupStatusView[];
  /** Maintenance windows to show (upcoming, in progress, recently completed), soonest first. @default none */
  readonly maintenances?: readonly MaintenanceWindow[];
}

/** The incidents' texts in each language (Statuspage's own enumerations, like the status descriptions, stay). */
const TEXTS: Readonly<
  Record<
    Locale,
    {
      readonly maintenance: (name: string) => string;
      readonly failing: (name: string) => string;
      readonly evidence: (count: number, of: number, status: string) => string;
      readonly recovering: (status: string) => string;
      readonly maintenanceName: (name: string) => string;
      readonly downName: (name: string) => string;
    }
  >
> = {
  id: {
    maintenance: (name) => `${name} menampilkan halaman perbaikan.`,
    failing: (name) => `${name} tidak dapat dihubungi atau jawabannya salah.`,
    evidence: (count, of, status) => `${count} dari ${of} region pemantau melaporkan ${status}`,
    recovering: (status) =>
      `Kuorum region kembali melaporkan ${status}; pemulihan dipastikan setelah masa tunggu.`,
    maintenanceName: (name) => `${name} dalam perbaikan`,
    downName: (name) => `${name} DOWN`,
  },
  en: {
    maintenance: (name) => `${name} shows its maintenance page.`,
    failing: (name) => `${name} is unreachable or failing.`,
    evidence: (count, of, status) => `${count} of ${of} voting regions report ${status}`,
    recovering: (status) =>
      `A quorum of regions reports ${status} again; the recovery is confirmed after a hold period.`,
    maintenanceName: (name) => `${name} under maintenance`,
    downName: (name) => `${name} down`,
  },
};

/**
 * The component status of a target, or `null` when the fleet has no current verdict (unknown or stale):
 * Statuspage has no "unknown", and claiming `operational` without evidence would mislead.
 */
export function componentStatus(view: TargetStatusView): StatuspageComponentStatus | null {
  if (view.stale) return null;
  switch (view.status) {
    case 'up':
    case 'degraded': {
      // A lone failing region never alerts (it may be geo-blocked) but it is a real partial loss of reach.
      if (view.regionalProblems.some((p) => isFailing(p.status))) return 'partial_outage';
      return view.status === 'up' ? 'operational' : 'degraded_performance';
    }
    case 'maintenance':
      return 'under_maintenance';
    case 'down':
      return 'major_outage';
    case 'unknown':
      return null;
  }
}

function plainComponentStatus(status: ConsensusStatus): StatuspageComponentStatus {
  switch (status) {
    case 'up':
    case 'unknown':
      return 'operational';
    case 'degraded':
      return 'degraded_performance';
    case 'maintenance':
      return 'under_maintenance';
    case 'down':
      return 'major_outage';
  }
}

function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

function evidence(view: TargetStatusView, locale: Locale): string {
  const failing = view.votes.filter((v) => v.status === view.status);
  const parts = failing.map((v) => `${v.region}: ${voteDetail(v, locale)}`);
  const status = locale === 'en' ? view.status : VOCABULARY[locale].status[view.status];
  const count = TEXTS[locale].evidence(failing.length, view.votes.length, status);
  return `${count}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}.`;
}

function indicatorOf(statuses: readonly StatuspageComponentStatus[]): StatuspageSummary['status'] {
  const count = (s: StatuspageComponentStatus) => statuses.filter((x) => x === s).length;
  const total = statuses.length;
  if (total === 0) return { indicator: 'none', description: 'No current verdict' };
  if (count('major_outage') === total) return { indicator: 'critical', description: 'Major System Outage' };
  if (count('major_outage') > 0) return { indicator: 'major', description: 'Partial System Outage' };
  if (count('under_maintenance') > 0)
    return { indicator: 'maintenance', description: 'Service Under Maintenance' };
  if (count('partial_outage') > 0) return { indicator: 'minor', description: 'Minor Service Outage' };
  if (count('degraded_performance') > 0)
    return { indicator: 'minor', description: 'Partially Degraded Service' };
  return { indicator: 'none', description: 'All Systems Operational' };
}

/** The unresolved incident of a failing target (see `statuspageSummary`). */
function incidentOf(
  view: TargetStatusView & { readonly since: string },
  component: StatuspageComponent,
  status: StatuspageComponentStatus,
  input: SummaryInput,
): StatuspageIncident {
  const pageId = input.page.id;
  const texts = TEXTS[input.locale];
  const id = `${view.id}-${compactTime(view.since)}`;
  const previous = input.lastTransitions.get(view.id);
  const oldStatus = plainComponentStatus(previous?.to === view.status ? previous.from : 'up');
  const recovering = view.pending !== null && !isFailing(view.pending.status) ? view.pending : null;
  const opened: StatuspageIncidentUpdate = {
    id: `${id}-1`,
    status: view.status === 'maintenance' ? 'identified' : 'investigating',
    body:
      view.status === 'maintenance'
        ? `${texts.maintenance(view.name)} ${evidence(view, input.locale)}`
        : `${texts.failing(view.name)} ${evidence(view, input.locale)}`,
    incident_id: id,
    created_at: view.since,
    updated_at: view.since,
    display_at: view.since,
    affected_components: [{ code: view.id, name: view.name, old_status: oldStatus, new_status: status }],
    deliver_notifications: false,
    custom_tweet: null,
    tweet_id: null,
  };
  const updates: StatuspageIncidentUpdate[] = [opened];
  if (recovering !== null) {
    updates.unshift({
      ...opened,
      id: `${id}-2`,
      status: 'monitoring',
      body: texts.recovering(
        input.locale === 'en' ? recovering.status : VOCABULARY[input.locale].status[recovering.status],
      ),
      created_at: recovering.since,
      updated_at: recovering.since,
      display_at: recovering.since,
      affected_components: [],
    });
  }
  return {
    id,
    name: view.status === 'maintenance' ? texts.maintenanceName(view.name) : texts.downName(view.name),
    status: updates[0]!.status,
    created_at: view.since,
    updated_at: updates[0]!.updated_at,
    monitoring_at: recovering?.since ?? null,
    resolved_at: null,
    impact: view.status === 'maintenance' ? 'maintenance' : 'major',
    shortlink: input.page.url,
    started_at: view.since,
    page_id: pageId,
    incident_updates: updates,
    components: [component],
  };
}

/**
 * The fleet as an Atlassian Statuspage v2 `summary.json`. Each target with a fresh verdict is a component; each
 * failing target is an unresolved incident (`investigating` when down, `identified` for a maintenance page,
 * `monitoring` while a recovery waits out its hold).
 */
export function statuspageSummary(input: SummaryInput): StatuspageSummary {
  const pageId = input.page.id;
  const components: StatuspageComponent[] = [];
  const incidents: StatuspageIncident[] = [];
  input.targets.forEach((view, index) => {
    const status = componentStatus(view);
    if (status === null || view.since === null) return;
    const component: StatuspageComponent = {
      id: view.id,
      name: view.name,
      status,
      created_at: view.since,
      updated_at: view.since,
      position: index + 1,
      description: null,
      showcase: true,
      start_date: null,
      group_id: null,
      page_id: pageId,
      group: false,
      only_show_if_degraded: false,
    };
    components.push(component);
    if (!isFailing(view.status)) return;

    incidents.push(incidentOf({ ...view, since: view.since }, component, status, input));
  });

  const updatedAt = input.targets
    .map((t) => t.checkedAt)
    .filter((t): t is string => t !== null)
    .reduce((latest, t) => (t > latest ? t : latest), '');
  return {
    page: { ...input.page, updated_at: updatedAt === '' ? input.now.toISOString() : updatedAt },
    // The indicator counts the targets only: a group repeats its members' statuses.
    components: withGroups(components, input.groups ?? [], pageId),
    incidents,
    scheduled_maintenances: scheduledMaintenances({
      windows: input.maintenances ?? [],
      components,
      targetNames: new Map(input.targets.map((t) => [t.id, t.name])),
      now: input.now,
      locale: input.locale,
      pageId,
      shortlink: input.page.url,
    }),
    status: indicatorOf(components.map((c) => c.status)),
  };
}

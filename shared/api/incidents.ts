import {
  type AnnouncedWindow,
  type ConsensusStatus,
  isFailing,
  type Rule,
  type Transition,
  type Vote,
} from '../types.js';
import type { HistoryWindow } from './history-window.js';

/** One outage or maintenance of a target: from the change into it to the change out of it. */
export interface Incident {
  readonly targetId: string;
  readonly kind: 'down' | 'maintenance';
  /** When the consensus entered `kind`, ISO 8601 UTC. */
  readonly start: string;
  /** When it left it; `null` while it lasts. */
  readonly end: string | null;
  /** The rule that decided the start (e.g. `quorum_down`). */
  readonly startRule: Rule;
  /** What came next (`up` after a recovery, `down` after a maintenance, `unknown`…); `null` while it lasts. */
  readonly endStatus: ConsensusStatus | null;
  /** The rule that decided the end (e.g. `recovery_hold`); `null` while it lasts. */
  readonly endRule: Rule | null;
  /** The votes that decided the start: counted, and failing. */
  readonly evidence: readonly Vote[];
  /** A maintenance inside an announced window: that window (`null`: not announced). */
  readonly announced: AnnouncedWindow | null;
}

type Change = Pick<Transition, 'at' | 'to' | 'rule' | 'votes' | 'window'>;

/**
 * An advance notice changes no status: inside the period it is left out; as the newest change before it, it
 * stands for the status it was told during, from when that began.
 */
function changesOf(history: HistoryWindow): Change[] {
  const changes: Change[] = history.inWindow.filter((t) => t.rule !== 'maintenance_notice').sort(byTime);
  const before = history.lastBefore;
  if (before !== null) {
    changes.unshift(
      before.rule === 'maintenance_notice'
        ? { at: before.fromSince, to: before.from, rule: before.rule, votes: [] }
        : before,
    );
  }
  return changes;
}

const announcedOf = (w: AnnouncedWindow): AnnouncedWindow => ({
  id: w.id,
  start: w.start,
  end: w.end,
  note: w.note,
});

const byTime = (a: { at: string }, b: { at: string }) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** The counted failing votes of a change: the regions and reasons that decided it. */
function decidingVotes(votes: readonly Vote[]): Vote[] {
  return votes.filter((v) => v.excluded === undefined && isFailing(v.status));
}

/**
 * The incidents of one target that overlap `[from, to)`, oldest first, from its recorded history: each change into
 * `down` or `maintenance` opens one (closing the one before, so a maintenance that turns into an outage is two),
 * and the next change to anything else closes it. A change to `unknown` closes it too: the fleet no longer knew.
 */
export function incidentsOf(targetId: string, history: HistoryWindow, from: Date, to: Date): Incident[] {
  const changes = changesOf(history);
  // A change the state holds and the history does not have yet (as the uptime figures also count it).
  const { state } = history;
  const last = changes.at(-1);
  if (state !== null && state.status !== last?.to && (last === undefined || state.since > last.at)) {
    const window = state.status === 'maintenance' ? state.maintenanceWindow : null;
    changes.push({
      at: state.since,
      to: state.status,
      rule: state.rule,
      votes: state.votes,
      ...(window != null && state.rule === 'announced_maintenance' && { window }),
    });
  }

  const incidents: Incident[] = [];
  let open: Omit<Incident, 'end' | 'endStatus' | 'endRule'> | null = null;
  for (const change of changes) {
    if (open !== null && change.to !== open.kind) {
      incidents.push({ ...open, end: change.at, endStatus: change.to, endRule: change.rule });
      open = null;
    }
    if (open === null && isFailing(change.to)) {
      open = {
        targetId,
        kind: change.to,
        start: change.at,
        startRule: change.rule,
        evidence: decidingVotes(change.votes),
        announced:
          change.rule === 'announced_maintenance' && change.window !== undefined
            ? announcedOf(change.window)
            : null,
      };
    }
  }
  if (open !== null) incidents.push({ ...open, end: null, endStatus: null, endRule: null });
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  return incidents.filter((i) => i.start < toIso && (i.end === null || i.end > fromIso));
}

/** How long an incident lasted, or has lasted by `now` while it goes on, in milliseconds. */
export function incidentDurationMs(incident: Incident, now: Date): number {
  const end = incident.end === null ? now.getTime() : Date.parse(incident.end);
  return Math.max(0, end - Date.parse(incident.start));
}

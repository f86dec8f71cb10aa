import { type ConsensusStatus, isFailing, type Rule, type Transition, type Vote } from '../types.js';
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
}

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
  const changes: Pick<Transition, 'at' | 'to' | 'rule' | 'votes'>[] = [...history.inWindow].sort(byTime);
  if (history.lastBefore !== null) changes.unshift(history.lastBefore);
  // A change the state holds and the history does not have yet (as the uptime figures also count it).
  const { state } = history;
  const last = changes.at(-1);
  if (state !== null && state.status !== last?.to && (last === undefined || state.since > last.at)) {
    changes.push({ at: state.since, to: state.status, rule: state.rule, votes: state.votes });
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

import { MAX_MAINTENANCE_WINDOWS, type MaintenanceWindow } from '../maintenance/maintenance-window.js';
import {
  type AnnouncedWindow,
  type ConsensusPolicy,
  type ConsensusState,
  type ConsensusStatus,
  isFailing,
  type WindowNotice,
  type WindowSpell,
} from '../types.js';
import type { Candidate, Outcome } from './resolve-status.js';

/** The part of a window that transitions and the state carry. */
export function announcedOf(w: MaintenanceWindow | WindowSpell): AnnouncedWindow {
  return { id: w.id, start: w.start, end: w.end, note: w.note };
}

/**
 * What a failing quorum counts as around announced windows: inside one, announced maintenance whatever the
 * failing votes saw (no down ↔ maintenance flips to tell); after a spell told under a window, an outage (a
 * maintenance page past the announced end is no longer the announced maintenance). `failing`: counted failing votes.
 */
export function windowedCandidate(
  candidate: Candidate,
  active: MaintenanceWindow | undefined,
  spell: WindowSpell | null,
  failing: number,
): Candidate {
  if (candidate.kind !== 'status' || !isFailing(candidate.status)) return candidate;
  const status = active !== undefined ? 'maintenance' : spell !== null ? 'down' : null;
  if (status === null) return candidate;
  return { ...candidate, status, exact: failing, exactConfirmed: candidate.confirmed };
}

/**
 * Names the rules of a window: maintenance decided inside one is `announced_maintenance` (carrying the window), and
 * an outage decided after a spell told under a window is `window_outlasted` (carrying the window it outlasted).
 */
export function withWindowRules(
  outcome: Outcome,
  active: MaintenanceWindow | undefined,
  spell: WindowSpell | null,
): Outcome {
  const { change } = outcome;
  if (active !== undefined) {
    if (change?.to === 'maintenance' && change.rule === 'quorum_maintenance') {
      const announced = { ...change, rule: 'announced_maintenance' as const, window: announcedOf(active) };
      return { ...outcome, change: announced, rule: announced.rule };
    }
    if (change === null && outcome.rule === 'quorum_maintenance') {
      return { ...outcome, rule: 'announced_maintenance' };
    }
    return outcome;
  }
  if (spell !== null && !spell.outlasted && change?.to === 'down' && change.audience === 'subscribers') {
    const outlasted = { ...change, rule: 'window_outlasted' as const, window: announcedOf(spell) };
    return { ...outcome, change: outlasted, rule: outlasted.rule };
  }
  return outcome;
}

/** The window of the spell after this evaluation: kept through failing and unknown statuses, dropped once better. */
export function spellAfter(
  status: ConsensusStatus,
  active: MaintenanceWindow | undefined,
  spell: WindowSpell | null,
  outcome: Outcome,
): WindowSpell | null {
  if (status === 'up' || status === 'degraded') return null;
  if (active !== undefined && status === 'maintenance') return { ...announcedOf(active), outlasted: false };
  if (spell !== null && outcome.change?.rule === 'window_outlasted') return { ...spell, outlasted: true };
  return spell;
}

/** The window whose advance notice is due at `nowMs` (the soonest not told yet), if any. */
export function noticeDue(
  prev: ConsensusState,
  windows: readonly MaintenanceWindow[],
  targetId: string,
  policy: ConsensusPolicy,
  nowMs: number,
): MaintenanceWindow | undefined {
  const lead = policy.maintenanceNoticeMs ?? 0;
  if (lead <= 0) return undefined;
  const told = new Set((prev.notices ?? []).map((n) => n.id));
  let due: MaintenanceWindow | undefined;
  for (const w of windows) {
    const start = Date.parse(w.start);
    if (!w.targets.includes(targetId) || told.has(w.id) || nowMs < start - lead || nowMs >= start) continue;
    if (due === undefined || start < Date.parse(due.start)) due = w;
  }
  return due;
}

/** The notices kept after this evaluation: those of windows not ended yet, plus `added`; bounded. */
export function noticesAfter(
  prev: ConsensusState,
  added: WindowNotice | null,
  nowMs: number,
): WindowNotice[] {
  const kept = (prev.notices ?? []).filter((n) => Date.parse(n.until) > nowMs);
  if (added !== null) kept.push(added);
  return kept.slice(-MAX_MAINTENANCE_WINDOWS);
}

import { observationOf } from '../../shared/consensus/observation.js';
import { votesFrom } from '../../shared/consensus/votes-from.js';
import type { ConsensusStatus, ProbeResult, VoteExclusion } from '../../shared/types.js';
import { type FleetSnapshot, resultKey, type TargetSummary } from './fleet-snapshot.js';
import { formatAge, formatWib } from './wib-time.js';

export interface RenderOptions {
  readonly now: Date;
  readonly color: boolean;
}

const STATUS_COLOR: Record<ConsensusStatus, string> = {
  up: '32', // green
  degraded: '33', // yellow
  maintenance: '35', // magenta
  down: '31', // red
  unknown: '90', // grey
};

function paint(text: string, code: string, color: boolean): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** Visible width of a line that may hold colour codes. */
export function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI colour codes is the point
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Short enough to keep three regions on one line; the notes under the block say more. */
const EXCLUSION_LABEL: Record<VoteExclusion, string> = {
  stale: 'stale',
  control_failed: 'own net',
  regional_problem: 'regional',
};

/**
 * Why a region's latest result does not count, or `null` when it does: as the last evaluation judged it when
 * that evaluation saw this very result, else by the consensus's own vote rule (`votesFrom`).
 */
export function notCountedBecause(result: ProbeResult, snapshot: FleetSnapshot, now: Date): string | null {
  if (now.getTime() - Date.parse(result.checkedAt) >= snapshot.policy.staleAfterMs)
    return EXCLUSION_LABEL.stale;
  const judged = snapshot.states
    .get(result.targetId)
    ?.votes.find((v) => v.region === result.region && v.checkedAt === result.checkedAt);
  const vote = judged ?? votesFrom([observationOf(result)], [result.region], snapshot.policy, now).votes[0];
  return vote?.excluded ? EXCLUSION_LABEL[vote.excluded] : null;
}

function regionCell(
  snapshot: FleetSnapshot,
  targetId: string,
  region: string,
  options: RenderOptions,
): string {
  const result = snapshot.latest.get(resultKey(targetId, region));
  if (!result) return `${region} ${snapshot.probing.has(region) ? 'probing…' : '—'}`;
  const reason = result.status === 'down' ? ` ${result.reason}` : '';
  const vote = paint(`${result.status}${reason}`, STATUS_COLOR[result.status], options.color);
  const excluded = notCountedBecause(result, snapshot, options.now);
  return `${region} ${vote} ${formatLatency(result.latencyMs)}${excluded ? ` ⊘ ${excluded}` : ''}`;
}

/** One target: consensus status, since when (WIB), and each region's latest vote with its latency. */
export function renderTargetLine(
  snapshot: FleetSnapshot,
  target: TargetSummary,
  options: RenderOptions,
  idWidth = target.id.length,
): string {
  const state = snapshot.states.get(target.id);
  const status: ConsensusStatus = state?.status ?? 'unknown';
  const label = paint(status.toUpperCase().padEnd(11), STATUS_COLOR[status], options.color);
  const since = state
    ? `since ${formatWib(state.since, options.now)} (${formatAge(options.now.getTime() - Date.parse(state.since))})`
    : 'waiting for the first evaluation';
  const regions = snapshot.regions.map((r) => regionCell(snapshot, target.id, r, options)).join(' │ ');
  return `${target.id.padEnd(idWidth)}  ${label} ${since}  │ ${regions}`;
}

/** Lines that explain what a bare status would leave puzzling: unknown, regional problems, a recovery hold. */
export function renderNotes(snapshot: FleetSnapshot, options: RenderOptions): string[] {
  return snapshot.targets.flatMap((target) => renderTargetNotes(snapshot, target, options));
}

/** The notes of one target. */
export function renderTargetNotes(
  snapshot: FleetSnapshot,
  target: TargetSummary,
  options: RenderOptions,
): string[] {
  const notes: string[] = [];
  const state = snapshot.states.get(target.id);
  const why = new Map(
    snapshot.regions.map((region) => {
      const result = snapshot.latest.get(resultKey(target.id, region));
      return [region, result ? notCountedBecause(result, snapshot, options.now) : 'none'] as const;
    }),
  );
  const where = (label: string | null) => [...why].filter(([, w]) => w === label).map(([region]) => region);
  const ownNetwork = where(EXCLUSION_LABEL.control_failed);
  const silent = [...where('none'), ...where(EXCLUSION_LABEL.stale)];
  // Logical regions share this machine's network: when all of them fail their control URL, it is the machine's.
  const offline = ownNetwork.length === snapshot.regions.length ? ' — is this machine offline?' : '';
  if (state?.status === 'unknown') {
    const causes = [
      ownNetwork.length > 0 ? `own network (control URL) failing in ${ownNetwork.join(', ')}${offline}` : '',
      silent.length > 0 ? `no fresh result from ${silent.join(', ')}` : '',
    ].filter(Boolean);
    notes.push(
      causes.length > 0
        ? `${target.id}: unknown = too few regions can vote (a quorum needs at least 2 that agree): ${causes.join('; ')}`
        : `${target.id}: unknown = no status has a quorum among the voting regions`,
    );
  } else if (ownNetwork.length > 0) {
    notes.push(
      `${target.id}: ⊘ own net = the control URL failed too in ${ownNetwork.join(', ')}: those failures are not counted, no alert`,
    );
  }
  for (const problem of state?.regionalProblems ?? []) {
    notes.push(
      `${target.id}: regional problem in ${problem.region} (${problem.status}, ${problem.reason}, since ${formatWib(problem.since, options.now)}): the other regions disagree, no alert`,
    );
  }
  if (state?.pending) {
    notes.push(
      `${target.id}: ${state.pending.status} has a quorum since ${formatWib(state.pending.since, options.now)}; waiting for the hold period before the change is declared`,
    );
  }
  return notes;
}

/** Every target's line, then the notes. */
export function renderStatusBlock(snapshot: FleetSnapshot, options: RenderOptions): string[] {
  const idWidth = Math.max(...snapshot.targets.map((t) => t.id.length));
  return [
    ...snapshot.targets.map((t) => renderTargetLine(snapshot, t, options, idWidth)),
    ...renderNotes(snapshot, options).map((n) => `  ↳ ${n}`),
  ];
}

/** What a plain-text log line reports: everything but latencies and ages, which change every round. */
export function targetSignature(snapshot: FleetSnapshot, target: TargetSummary, now: Date): string {
  const state = snapshot.states.get(target.id);
  const regions = snapshot.regions.map((r) => {
    const result = snapshot.latest.get(resultKey(target.id, r));
    return result ? `${r}:${result.status}:${result.reason}:${notCountedBecause(result, snapshot, now)}` : r;
  });
  return [
    state?.status,
    state?.since,
    state?.pending?.status,
    (state?.regionalProblems ?? []).map((p) => p.region).join(','),
    ...regions,
  ].join('|');
}

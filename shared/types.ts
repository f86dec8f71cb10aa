/**
 * Domain vocabulary shared by the probe, the consensus, the API and the infrastructure.
 * Every union here is closed: adding a member is a deliberate change that the compiler follows.
 */

export const PROBE_STATUSES = ['up', 'degraded', 'maintenance', 'down'] as const;
/** What one probe saw of one target. */
export type ProbeStatus = (typeof PROBE_STATUSES)[number];

export const CONSENSUS_STATUSES = [...PROBE_STATUSES, 'unknown'] as const;
/** What the fleet agrees on; `unknown` when too few fresh regions vote. */
export type ConsensusStatus = (typeof CONSENSUS_STATUSES)[number];

export const DOWN_REASONS = [
  'dns',
  'refused',
  'reset',
  'timeout',
  'tls',
  'http_status',
  'unexpected_body',
  'error_page',
  'too_large',
  'redirect',
  'network',
] as const;
export type DownReason = (typeof DOWN_REASONS)[number];

export const REASON_CODES = ['ok', 'slow', 'no_answer_yet', 'maintenance_page', ...DOWN_REASONS] as const;
/**
 * Why a probe reported its status: `ok` → up, `slow` → degraded, `maintenance_page` → maintenance, the rest → down.
 * `no_answer_yet` (degraded) is a planned run's first attempt still unanswered after the slow threshold, stored while
 * it runs on: not up, but no evidence yet of slowness or of failure (see `decide`).
 */
export type ReasonCode = (typeof REASON_CODES)[number];

export const CHECK_KINDS = ['efaktur-wsdl', 'efaktur-qr-validation', 'http', 'djp-portal'] as const;
/** How a target's answer is classified. */
export type CheckKind = (typeof CHECK_KINDS)[number];

/** The status a reason code implies; the probe and the replay tool both rely on it. */
export function statusOfReason(reason: ReasonCode): ProbeStatus {
  switch (reason) {
    case 'ok':
      return 'up';
    case 'slow':
    case 'no_answer_yet':
      return 'degraded';
    case 'maintenance_page':
      return 'maintenance';
    default:
      return 'down';
  }
}

/** `maintenance` and `down` both count against the target. */
export function isFailing(status: ConsensusStatus): status is 'maintenance' | 'down' {
  return status === 'maintenance' || status === 'down';
}

/** Durations of the phases of one HTTP exchange, in milliseconds; `null` when the phase did not happen. */
export interface Timings {
  readonly dnsMs: number | null;
  readonly connectMs: number | null;
  readonly tlsMs: number | null;
  readonly ttfbMs: number | null;
  readonly totalMs: number;
}

export interface TlsInfo {
  /** Certificate expiry, ISO 8601. */
  readonly validTo: string;
  readonly daysLeft: number;
}

/** One HTTP attempt against a target, classified. */
export interface CheckOutcome {
  readonly status: ProbeStatus;
  readonly reason: ReasonCode;
  /** One short human line, e.g. `HTTP 502 Bad Gateway`. */
  readonly detail: string;
  readonly startedAt: string;
  readonly httpStatus: number | null;
  readonly timings: Timings;
  /** Decoded body bytes read (at most the body cap). */
  readonly bytes: number;
  readonly remoteAddress: string | null;
  readonly tls: TlsInfo | null;
  /** URLs followed after the first, in order. */
  readonly redirects: readonly string[];
}

/** Whether the probing region's own network worked when it probed. */
export interface ControlCheck {
  readonly ok: boolean;
  readonly url: string;
  readonly latencyMs: number;
  readonly detail: string;
}

/** What a probe records per target per run: the reported (last) attempt, all attempts and the control check. */
export interface ProbeResult {
  readonly targetId: string;
  readonly region: string;
  /**
   * When the reported attempt started, ISO 8601 UTC; in the results the probe function stores, when the first
   * attempt started (a failed first attempt is stored at once as a suspect result, which the final one replaces).
   */
  readonly checkedAt: string;
  readonly status: ProbeStatus;
  readonly reason: ReasonCode;
  readonly detail: string;
  readonly latencyMs: number;
  readonly httpStatus: number | null;
  readonly attempts: readonly CheckOutcome[];
  readonly control: ControlCheck | null;
  readonly tls: TlsInfo | null;
}

/** A region's say in the consensus: its latest fresh result, reduced to what the decision needs. */
export interface Vote {
  readonly region: string;
  readonly status: ProbeStatus;
  readonly reason: ReasonCode;
  readonly detail: string;
  readonly latencyMs: number | null;
  readonly checkedAt: string;
  /** `true` when the region's control URL answered, `false` when it failed too, `null` when not checked. */
  readonly control: boolean | null;
  /** Why this vote does not count (absent: it counts). It stays in the evidence all the same. */
  readonly excluded?: VoteExclusion;
  /**
   * The status of the region's result just before this one, when recent enough to confirm it (absent: none).
   * A vote against the target counts only once the region's previous result agrees (see `decide`).
   */
  readonly previousStatus?: ProbeStatus;
}

export const VOTE_EXCLUSIONS = ['stale', 'control_failed', 'regional_problem'] as const;
/**
 * `stale`: older than the freshness limit; `control_failed`: the region's own network failed too, so its
 * failing vote says nothing about the target; `regional_problem`: the region has failed alone for several
 * intervals (e.g. geo-blocked), so its failing vote is set aside until it agrees with the others again.
 */
export type VoteExclusion = (typeof VOTE_EXCLUSIONS)[number];

export const RULES = [
  'initial',
  'quorum_failing',
  'quorum_maintenance',
  'quorum_down',
  'quorum_degraded',
  'quorum_up',
  'recovery_hold',
  'recovery_confirmed',
  'flap_damped',
  'insufficient_votes',
  'no_change',
  'awaiting_confirmation',
  'group_worst_of',
  'group_any_up',
  'announced_maintenance',
  'window_outlasted',
  'maintenance_notice',
] as const;
/** The rule of the consensus that produced a state or a transition. */
export type Rule = (typeof RULES)[number];

/** A member of a service group as a group's state and transitions record it: its consensus status then. */
export interface GroupMemberStatus {
  readonly targetId: string;
  readonly status: ConsensusStatus;
  /** This member's status is the one the group's rule picked (absent: it is not). */
  readonly explains?: true;
}

/** An announced maintenance window as the consensus tells it (see `MaintenanceWindow`). */
export interface AnnouncedWindow {
  readonly id: string;
  /** ISO 8601 UTC. */
  readonly start: string;
  readonly end: string;
  /** What announced it (e.g. `PENG-18/PJ.09/2024`); `null`: none. */
  readonly note: string | null;
}

/** The window a failing spell was told under; `outlasted` once the spell went on past its end (then an outage). */
export interface WindowSpell extends AnnouncedWindow {
  readonly outlasted: boolean;
}

/** A window whose advance notice has been decided, kept until the window ends (so it is told once). */
export interface WindowNotice {
  readonly id: string;
  /** The notice transition's time. */
  readonly at: string;
  /** The window's end: the entry is dropped after it. */
  readonly until: string;
}

/** A region whose vote disagrees with the consensus without reaching a quorum (e.g. geo-blocked). */
export interface RegionalProblem {
  readonly region: string;
  readonly status: ProbeStatus;
  readonly reason: ReasonCode;
  readonly since: string;
}

/** The persisted consensus of one target. */
export interface ConsensusState {
  readonly targetId: string;
  readonly status: ConsensusStatus;
  /** Since when `status` holds, ISO 8601. */
  readonly since: string;
  /** Optimistic-concurrency version; incremented by every write. */
  readonly version: number;
  readonly rule: Rule;
  readonly evaluatedAt: string;
  readonly votes: readonly Vote[];
  /** A status that has quorum but waits for its hold period, with when the wait began. */
  readonly pending: { readonly status: ConsensusStatus; readonly since: string } | null;
  readonly regionalProblems: readonly RegionalProblem[];
  /** Start times of recent failing episodes, for flap damping. */
  readonly recentOutages: readonly string[];
  /**
   * When the current spell worse than up began (a relapse during a recovery hold begins a new one); `null` or absent
   * while up. How long it lasted decides how a recovery is held (see `recoveryOf`).
   */
  readonly outageSince?: string | null;
  /**
   * The transitions decided with this state (at most `MAX_TRANSITIONS_PER_DECISION`), kept until they are recorded
   * in the history: saving them in the same item as the state makes "state changed" and "must be recorded" one
   * atomic write, without transactions. The next write of the state records them first, so it never grows.
   */
  readonly outbox: readonly Transition[];
  /** Where delivery to subscribers stands (absent in states saved before it existed: nothing waits). */
  readonly delivery?: DeliveryCursor;
  /** The last status other than `unknown` and since when it held (absent or `null`: never known yet). */
  readonly lastKnown?: KnownStatus | null;
  /** When burst confirmations were last requested for this target (rate limit), ISO 8601. */
  readonly recentBursts?: readonly string[];
  /** Who is publishing the outbox, until when: concurrent evaluations leave a live lease alone. */
  readonly outboxLease?: { readonly owner: string; readonly until: string } | null;
  /** A service group's state: its members' statuses when it was last evaluated (absent: a target's state). */
  readonly members?: readonly GroupMemberStatus[];
  /** The announced window of the current failing spell (absent or `null`: none; cleared once up or degraded). */
  readonly maintenanceWindow?: WindowSpell | null;
  /** Advance notices decided, one per window not ended yet (absent: none). */
  readonly notices?: readonly WindowNotice[];
}

/**
 * Delivery to subscribers, in O(1) space whatever happens: the history holds each transition's notification state,
 * the state item only where the oldest one that may still wait begins.
 */
export interface DeliveryCursor {
  /** `at` of the oldest transition for subscribers that may not be sent or summarised yet; `null`: none waits. */
  readonly since: string | null;
  /** `at` of the newest transition for subscribers decided so far (`null`: none yet). */
  readonly newest: string | null;
  /** Delivery attempts that failed in a row (0 after a success). */
  readonly failures: number;
  /** After failures, no attempt before this time (ISO 8601; `null`: now). */
  readonly retryAt: string | null;
}

/** A status other than `unknown`, with when it began. */
export interface KnownStatus {
  readonly status: ProbeStatus;
  readonly since: string;
}

/**
 * `skipped`: a transition that is not for subscribers (to or from `unknown`) and is never published;
 * `summarised`: told as part of a later transition's message, after delivery had failed for long (see `BacklogSummary`).
 */
export type NotificationState = 'pending' | 'sent' | 'skipped' | 'summarised';

/**
 * Changes of one target that waited while delivery failed, told together in the message of the newest change
 * instead of one message each. Every change it covers is marked `summarised` in the history.
 */
export interface BacklogSummary {
  /** How many earlier changes the message covers; a lower bound when `atLeast`. */
  readonly count: number;
  /** More changes waited than one delivery reads: `count` is a lower bound. */
  readonly atLeast: boolean;
  /** The first change covered, so the message can say how it began. */
  readonly first: { readonly at: string; readonly from: ConsensusStatus; readonly to: ConsensusStatus };
  /** Covered changes by the status they went to. */
  readonly toCounts: Readonly<Partial<Record<ConsensusStatus, number>>>;
}

/** Who hears about a transition: subscribers (the alerts topic) or only operators (logs, metrics, alarms). */
export type Audience = 'subscribers' | 'ops';

/** A change of consensus status, with the evidence that justified it. */
export interface Transition {
  readonly targetId: string;
  /** ISO 8601; unique per target together with the target. */
  readonly at: string;
  readonly from: ConsensusStatus;
  readonly to: ConsensusStatus;
  /** When `from` began, so messages can say how long it lasted. */
  readonly fromSince: string;
  readonly rule: Rule;
  readonly votes: readonly Vote[];
  /** Absent: `subscribers`. Changes to and from `unknown` are `ops` unless they tell subscribers something new. */
  readonly audience?: Audience;
  /** When `from` is `unknown`: the status subscribers were last told about, for the message. */
  readonly lastKnown?: KnownStatus;
  /**
   * On a recovery: until when the target is still watched closely, i.e. a failure before then counts towards flap
   * damping and is told as a relapse (absent: not watched).
   */
  readonly watchUntil?: string;
  /** On a change to a failing status: it fails again while watched after an earlier outage (absent: a new outage). */
  readonly relapse?: true;
  /** A service group's transition: its members' statuses, those that explain it marked (absent: a target's). */
  readonly members?: readonly GroupMemberStatus[];
  /**
   * The announced window the transition is about: with `announced_maintenance` the one it fails inside, with
   * `window_outlasted` the one it outlasted, with `maintenance_notice` the one about to start (`from` = `to` then).
   */
  readonly window?: AnnouncedWindow;
  readonly notification: {
    readonly state: NotificationState;
    readonly messageId: string | null;
    readonly attempts: number;
    readonly lastError: string | null;
    /** On a transition whose message also told the changes before it that had waited (absent: none). */
    readonly summary?: BacklogSummary;
    /** On a `summarised` transition: the `at` of the transition whose message told it. */
    readonly summarisedIn?: string;
  };
}

/** The consensus parameters, resolved to milliseconds. */
export interface ConsensusPolicy {
  readonly intervalMs: number;
  /** A result older than this does not vote. */
  readonly staleAfterMs: number;
  /** `majority`: strictly more than half of the voting regions, and at least `minQuorum`. */
  readonly quorum: 'majority' | number;
  readonly minQuorum: number;
  /** How long a quorum must say `up` before a failing state ends (a short outage, a bare majority, slow answers). */
  readonly recoveryHoldMs: number;
  /**
   * A spell worse than up at least this long ends without the hold once every region has seen the server working
   * twice in a row (`recovery_confirmed`); `null`: always hold.
   */
  readonly longOutageMs: number | null;
  /** Failing episodes within `flapWindowMs` that make the target count as flapping. */
  readonly flapThreshold: number;
  readonly flapWindowMs: number;
  /** The recovery hold while flapping. */
  readonly flapRecoveryHoldMs: number;
  /** How long before an announced window starts subscribers are told of it; 0 or absent: not told ahead. */
  readonly maintenanceNoticeMs?: number;
}

export type Locale = 'id' | 'en';

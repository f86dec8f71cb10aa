import { percentile, round } from '../stats.js';
import type { Notification, NotifiedStatus } from './policy.js';
import { alertableEvents, FLAPPING_TAIL_MS, type Interval, serverSight, type Trace } from './trace.js';

/** An alert that starts up to this long after an event ended still belongs to it (a late detection). */
export const MATCH_WINDOW_MS = 5 * 60_000;
/** Outages shorter than this are not expected to be alerted. */
export const MIN_OUTAGE_MS = 2 * 60_000;
/**
 * From a monitor's verdict to the message in people's hands (the monitor's notifier, then email or SMS): an
 * assumption, the same for every monitor. Only the minutes told the wrong status use it; detection and all-clear
 * times are measured to the verdict.
 */
export const TOLD_AFTER_MS = 5000;
const DAYS_30_MS = 30 * 86_400_000;

export interface EventScore {
  readonly kind: 'outage' | 'maintenance';
  readonly startMs: number;
  readonly durationMs: number;
  /** Seconds from the event's start to the first alert, `null` when missed. */
  readonly detectS: number | null;
  /** Seconds from the event's end to the recovery notice, `null` when none came after the end. */
  readonly recoveryS: number | null;
  /** Alerts raised for this event (more than 1: the outage was split by a premature recovery). */
  readonly alerts: number;
}

/** Minutes people were told the wrong status, outside and inside flapping episodes (and their tails). */
export interface WrongMinutes {
  readonly outside: number;
  readonly inside: number;
}

export interface PolicyScore {
  /** Seconds, over detected outages and maintenance windows. */
  readonly detectS: { readonly p50: number | null; readonly p95: number | null; readonly max: number | null };
  /** Seconds from an event's end to its all-clear. */
  readonly recoveryS: {
    readonly p50: number | null;
    readonly p95: number | null;
    readonly max: number | null;
  };
  readonly events: number;
  readonly missed: number;
  readonly falseAlerts: number;
  /** All-clears that came before their event ended (counted, and left out of the recovery figures). */
  readonly prematureRecoveries: number;
  /** Notifications that no change of the server explains (see `spuriousNotifications`). */
  readonly spurious: number;
  readonly flappingHours: number;
  readonly flappingNotifications: number;
  readonly notificationsPerFlappingHour: number | null;
  readonly notifications: number;
  /** Minutes told the wrong status (up vs not up, `TOLD_AFTER_MS` after each verdict), per 30 days. */
  readonly wrongMinutes: WrongMinutes;
  /** The same, in the trace (for pooling). */
  readonly wrongMs: { readonly outside: number; readonly inside: number };
  readonly days: number;
  readonly perEvent: readonly EventScore[];
}

interface AlertInterval {
  readonly startMs: number;
  /** `Infinity` while still open at the end of the trace. */
  readonly endMs: number;
}

/** Periods during which the policy told subscribers the target was failing. */
export function alertIntervals(notifications: readonly Notification[]): AlertInterval[] {
  const out: AlertInterval[] = [];
  let openedAt: number | null = null;
  for (const n of notifications) {
    if (n.kind === 'alert' && openedAt === null) openedAt = n.atMs;
    else if (n.kind === 'recovery' && openedAt !== null) {
      out.push({ startMs: openedAt, endMs: n.atMs });
      openedAt = null;
    }
  }
  if (openedAt !== null) out.push({ startMs: openedAt, endMs: Number.POSITIVE_INFINITY });
  return out;
}

/** The trace's spells where the server was not up (outages, maintenance windows, flapping's down spells). */
function notUpSpells(trace: Trace): Array<Interval & { readonly status: 'down' | 'maintenance' }> {
  return [
    ...trace.outages.map((o) => ({ startMs: o.startMs, endMs: o.endMs, status: 'down' as const })),
    ...trace.maintenance.map((m) => ({ startMs: m.startMs, endMs: m.endMs, status: 'maintenance' as const })),
    ...trace.flapping.flatMap((f) =>
      f.down.map((d) => ({ startMs: d.startMs, endMs: d.endMs, status: 'down' as const })),
    ),
  ];
}

/** Whether the server went into `status` during (fromMs, toMs]: a not-up spell of it began, or for up one ended. */
export function serverEntered(
  trace: Trace,
  status: NotifiedStatus | 'failing',
  fromMs: number,
  toMs: number,
): boolean {
  const within = (t: number) => t > fromMs && t <= toMs;
  const spells = notUpSpells(trace);
  if (status === 'degraded') return false;
  if (status === 'up') return spells.some((s) => within(s.endMs));
  return spells.some((s) => (status === 'failing' || s.status === status) && within(s.startMs));
}

/**
 * Notifications that no change of the server explains: the server did not go into the announced status since the
 * notification before (or in the `MATCH_WINDOW_MS` before that one, which a late alert's all-clear may follow).
 * False alerts and the all-clears that end them, premature all-clears and the alerts that follow them, down ↔
 * maintenance flips caused by noise and the flips back, a "slow" the server never was. An alert is judged as
 * failing, whatever its kind: the anchors tell every failure "down", the maintenance page included.
 */
export function spuriousNotifications(trace: Trace, notifications: readonly Notification[]): Notification[] {
  let previous = Number.NEGATIVE_INFINITY;
  return notifications.filter((n) => {
    const from = Math.max(0, previous) - MATCH_WINDOW_MS;
    const real = serverEntered(trace, n.kind === 'alert' ? 'failing' : n.status, from, n.atMs);
    previous = n.atMs;
    return !real;
  });
}

/**
 * Time people were told the wrong status: the last message they had (up before the first; slow counts as up) against
 * what the server did (up or not), split by flapping episodes and their tails.
 */
export function wrongStatusMs(trace: Trace, notifications: readonly Notification[]): WrongMinutes {
  const told = notifications.map((n) => ({
    atMs: n.atMs + TOLD_AFTER_MS,
    up: n.status === 'up' || n.status === 'degraded',
  }));
  const flapping = trace.flapping.map((f) => ({ startMs: f.startMs, endMs: f.endMs + FLAPPING_TAIL_MS }));
  const cuts = new Set<number>([0, trace.durationMs]);
  for (const t of told) if (t.atMs < trace.durationMs) cuts.add(t.atMs);
  for (const s of [...notUpSpells(trace), ...flapping]) {
    cuts.add(Math.max(0, Math.min(trace.durationMs, s.startMs)));
    cuts.add(Math.max(0, Math.min(trace.durationMs, s.endMs)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  let outside = 0;
  let inside = 0;
  let next = 0;
  let toldUp = true;
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    while (next < told.length && (told[next] as { atMs: number }).atMs <= from)
      toldUp = (told[next++] as { up: boolean }).up;
    const serverUp = serverSight(trace, from).status === 'up';
    if (serverUp === toldUp) continue;
    if (flapping.some((f) => from >= f.startMs && from < f.endMs)) inside += to - from;
    else outside += to - from;
  }
  return { outside, inside };
}

/** Scores one policy's notifications against a trace's ground truth. */
export function score(trace: Trace, notifications: readonly Notification[]): PolicyScore {
  const intervals = alertIntervals(notifications);
  const events = alertableEvents(trace).filter((e) => e.endMs - e.startMs >= MIN_OUTAGE_MS);
  const perEvent: EventScore[] = [];
  let prematureRecoveries = 0;
  for (const e of events) {
    const windowEnd = e.endMs + MATCH_WINDOW_MS;
    const hits = intervals.filter((i) => i.startMs < windowEnd && i.endMs > e.startMs);
    const first = hits[0];
    const last = hits[hits.length - 1];
    // Every all-clear before the event's end is premature, whether an alert followed it or not.
    prematureRecoveries += hits.filter((i) => i.endMs < e.endMs).length;
    const recoveryS =
      last && Number.isFinite(last.endMs) && last.endMs >= e.endMs ? (last.endMs - e.endMs) / 1000 : null;
    perEvent.push({
      kind: e.kind,
      startMs: e.startMs,
      durationMs: e.endMs - e.startMs,
      detectS: first ? Math.max(0, first.startMs - e.startMs) / 1000 : null,
      recoveryS,
      alerts: hits.filter((i) => i.startMs >= e.startMs).length,
    });
  }
  const explained = [
    ...events.map((e) => ({ startMs: e.startMs, endMs: e.endMs + MATCH_WINDOW_MS })),
    ...trace.flapping.map((f) => ({ startMs: f.startMs, endMs: f.endMs + FLAPPING_TAIL_MS })),
  ];
  const falseAlerts = notifications.filter(
    (n) => n.kind === 'alert' && !explained.some((w) => n.atMs >= w.startMs && n.atMs < w.endMs),
  ).length;
  const flappingNotifications = notifications.filter((n) =>
    trace.flapping.some((f) => n.atMs >= f.startMs && n.atMs < f.endMs + FLAPPING_TAIL_MS),
  ).length;
  const flappingHours = trace.flapping.reduce((sum, f) => sum + (f.endMs - f.startMs) / 3_600_000, 0);
  const detect = perEvent.flatMap((e) => (e.detectS === null ? [] : [e.detectS]));
  const recovery = perEvent.flatMap((e) => (e.recoveryS === null ? [] : [e.recoveryS]));
  const wrong = wrongStatusMs(trace, notifications);
  const r = (v: number | null) => (v === null ? null : round(v));
  return {
    detectS: {
      p50: r(percentile(detect, 50)),
      p95: r(percentile(detect, 95)),
      max: r(percentile(detect, 100)),
    },
    recoveryS: {
      p50: r(percentile(recovery, 50)),
      p95: r(percentile(recovery, 95)),
      max: r(percentile(recovery, 100)),
    },
    events: events.length,
    missed: perEvent.filter((e) => e.detectS === null).length,
    falseAlerts,
    prematureRecoveries,
    spurious: spuriousNotifications(trace, notifications).length,
    flappingHours: round(flappingHours, 2),
    flappingNotifications,
    notificationsPerFlappingHour: flappingHours > 0 ? round(flappingNotifications / flappingHours, 2) : null,
    notifications: notifications.length,
    wrongMinutes: {
      outside: round((wrong.outside / 60_000) * (DAYS_30_MS / trace.durationMs)),
      inside: round((wrong.inside / 60_000) * (DAYS_30_MS / trace.durationMs)),
    },
    wrongMs: wrong,
    days: trace.durationMs / 86_400_000,
    perEvent,
  };
}

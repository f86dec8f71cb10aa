import { percentile, round } from '../stats.js';
import type { Notification } from './policy.js';
import { alertableEvents, FLAPPING_TAIL_MS, type Trace } from './trace.js';

/** An alert that starts up to this long after an event ended still belongs to it (a late detection). */
export const MATCH_WINDOW_MS = 5 * 60_000;
/** Outages shorter than this are not expected to be alerted. */
export const MIN_OUTAGE_MS = 2 * 60_000;

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

export interface PolicyScore {
  /** Seconds, over detected outages and maintenance windows. */
  readonly detectS: { readonly p50: number | null; readonly p95: number | null; readonly max: number | null };
  readonly recoveryS: { readonly p50: number | null; readonly p95: number | null };
  readonly events: number;
  readonly missed: number;
  readonly falseAlerts: number;
  /** Events whose alert was ended before the event was (counted, and left out of the recovery figures). */
  readonly prematureRecoveries: number;
  readonly flappingHours: number;
  readonly flappingNotifications: number;
  readonly notificationsPerFlappingHour: number | null;
  readonly notifications: number;
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
    let recoveryS: number | null = null;
    if (last && Number.isFinite(last.endMs)) {
      if (last.endMs >= e.endMs) recoveryS = (last.endMs - e.endMs) / 1000;
      else prematureRecoveries++;
    }
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
  const r = (v: number | null) => (v === null ? null : round(v));
  return {
    detectS: {
      p50: r(percentile(detect, 50)),
      p95: r(percentile(detect, 95)),
      max: r(percentile(detect, 100)),
    },
    recoveryS: { p50: r(percentile(recovery, 50)), p95: r(percentile(recovery, 95)) },
    events: events.length,
    missed: perEvent.filter((e) => e.detectS === null).length,
    falseAlerts,
    prematureRecoveries,
    flappingHours: round(flappingHours, 2),
    flappingNotifications,
    notificationsPerFlappingHour: flappingHours > 0 ? round(flappingNotifications / flappingHours, 2) : null,
    notifications: notifications.length,
    perEvent,
  };
}

import type { Trace } from './trace.js';

/**
 * What subscribers hear: a new outage, its end, or another change (down ↔ maintenance, or to and from slow, which
 * only our fleet tells).
 */
export type NotificationKind = 'alert' | 'recovery' | 'change';
export type NotifiedStatus = 'up' | 'degraded' | 'down' | 'maintenance';

export interface Notification {
  readonly atMs: number;
  readonly kind: NotificationKind;
  readonly status: NotifiedStatus;
}

/** A monitor's alerting rule, modelled over a trace in virtual time. */
export interface PolicyModel {
  readonly id: string;
  readonly name: string;
  /** How many observers probe (regions, checkers, nodes). */
  readonly observers: (trace: Trace) => number;
  /** Where they probe from (each location has path outages of its own in the trace). */
  readonly locations: (trace: Trace) => readonly string[];
  run(trace: Trace): Notification[] | Promise<Notification[]>;
}

/** A model that simulates synchronously (every anchor). */
export interface SyncPolicyModel extends PolicyModel {
  run(trace: Trace): Notification[];
}

/** Turns a sequence of statuses into subscriber notifications (one per change of the user-visible status). */
export class Notifier {
  private status: NotifiedStatus = 'up';
  readonly notifications: Notification[] = [];

  get current(): NotifiedStatus {
    return this.status;
  }

  set(atMs: number, status: NotifiedStatus): void {
    if (status === this.status) return;
    const wasFailing = this.status !== 'up';
    const kind = status === 'up' ? 'recovery' : wasFailing ? 'change' : 'alert';
    this.notifications.push({ atMs, kind, status });
    this.status = status;
  }
}

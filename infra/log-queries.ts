/**
 * The Logs Insights queries over the functions' structured logs that give per-target and per-region detail
 * without a metric each: the dashboard's tables and the saved queries are these same texts.
 */
export interface LogQuery {
  /** Title on the dashboard and name of the saved query (after the fleet's name). */
  readonly title: string;
  readonly lines: readonly string[];
}

/** Lambda's own line at the end of every invocation: duration and memory. */
const REPORT = 'filter @type = "REPORT"';
const REPORT_STATS =
  'stats pct(@duration, 95) as p95Ms, max(@duration) as maxMs, max(@maxMemoryUsed / 1048576) as maxMemoryMiB';
/** Failed invocations: Powertools' error lines, timeouts and runtime crashes (which Lambda counts as `Errors`). */
const FAILURES =
  'filter level = "ERROR" or @message like /Task timed out|Runtime\\.|Process exited before completing/';

/** Queries of the home region's consensus log group. */
export const CONSENSUS_QUERIES = {
  perTarget: {
    title: 'Consensus per target (latest sweep)',
    lines: [
      'filter message = "consensus"',
      'stats latest(status) as status, latest(notVoting) as regionsNotVoting, ' +
        'latest(pending) as unsent, latest(oldestPendingSeconds) as unsentForSeconds by targetId',
      'sort targetId',
    ],
  },
  changes: {
    title: 'Status changes',
    lines: [
      'filter message like /^consensus changed/',
      'fields @timestamp, targetId, from, to, rule',
      'sort @timestamp desc',
      'limit 100',
    ],
  },
  notifications: {
    title: 'Notifications and burst confirmations per target',
    lines: [
      'filter message like /^(notification|burst confirmation)/',
      'stats count(*) as times by targetId, message',
      'sort targetId',
    ],
  },
  failures: {
    title: 'Consensus failures',
    lines: [
      FAILURES,
      'fields @timestamp, targetId, message, error.message',
      'sort @timestamp desc',
      'limit 100',
    ],
  },
} as const satisfies Record<string, LogQuery>;

/** Queries of one probe region's log group (run in that region). */
export const PROBE_QUERIES = {
  perTarget: {
    title: 'What the region sees per target',
    lines: [
      'filter message = "probe result"',
      'stats count(*) as results, avg(success) as successRate, pct(latencyMs, 50) as p50Ms, ' +
        'pct(latencyMs, 95) as p95Ms, latest(status) as status, latest(reason) as reason, ' +
        'min(tlsDaysLeft) as tlsDaysLeft, sum(controlFailed) as controlFailures by targetId',
      'sort targetId',
    ],
  },
  phaseDrift: {
    title: 'Phase drift (ms late against the planned second)',
    lines: [
      'filter message = "scheduled run"',
      'stats max(phaseDriftMs) as maxDriftMs, avg(phaseDriftMs) as avgDriftMs by bin(5m)',
    ],
  },
  durationAndMemory: {
    title: 'Probe duration and memory',
    lines: [REPORT, `${REPORT_STATS} by bin(15m)`],
  },
  failures: {
    title: 'Probe failures, missed runs and targets not checked',
    lines: [
      `${FAILURES} or message like /^(targets not checked|probe run missed)/`,
      'fields @timestamp, message, targetId, error.message',
      'sort @timestamp desc',
      'limit 100',
    ],
  },
} as const satisfies Record<string, LogQuery>;

/** Duration and memory of the home region's functions, one row per log group. */
export const HOME_DURATION_QUERY: LogQuery = {
  title: 'Consensus and API duration and memory',
  lines: [REPORT, `${REPORT_STATS}, count(*) as invocations by @log`],
};

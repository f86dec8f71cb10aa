import type { Logger } from '@aws-lambda-powertools/logger';
import type { GroupEvaluationReport } from '../../shared/consensus/evaluate-group.js';
import { STATUS_LEVEL } from '../../shared/metric-names.js';

/** Evaluates service groups (see `GroupEvaluator`). */
export interface GroupEvaluatorPort {
  /** The groups `targetId` is a member of. */
  groupsOf(targetId: string): readonly string[];
  evaluate(groupId: string): Promise<GroupEvaluationReport>;
}

export interface GroupRound {
  readonly reports: readonly GroupEvaluationReport[];
  readonly failures: readonly { readonly groupId: string; readonly error: string }[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The groups that contain any of `targetIds`, each once, in the order first met. */
export function groupsContaining(evaluator: GroupEvaluatorPort, targetIds: readonly string[]): string[] {
  return [...new Set(targetIds.flatMap((id) => evaluator.groupsOf(id)))];
}

/**
 * Evaluates `groupIds` one after the other (a group's evaluation is a few small reads; there are at most 20) after
 * their members' evaluations, and logs each change and delivery as a target's are logged.
 */
export async function evaluateGroups(
  evaluator: GroupEvaluatorPort,
  groupIds: readonly string[],
  logger: Logger,
): Promise<GroupRound> {
  const reports: GroupEvaluationReport[] = [];
  const failures: { groupId: string; error: string }[] = [];
  for (const groupId of groupIds) {
    try {
      const report = await evaluator.evaluate(groupId);
      logGroupReport(report, logger);
      reports.push(report);
    } catch (error) {
      logger.error('group evaluation failed', { groupId, error: error as Error });
      failures.push({ groupId, error: errorText(error) });
    }
  }
  return { reports, failures };
}

function logGroupReport(r: GroupEvaluationReport, logger: Logger): void {
  for (const t of r.transitions) {
    const fields = {
      groupId: r.groupId,
      at: t.at,
      from: t.from,
      to: t.to,
      rule: t.rule,
      audience: t.audience,
    };
    if (t.audience === 'ops') logger.warn('group status changed (operators only)', fields);
    else logger.info('group status changed', fields);
  }
  for (const f of r.delivery.failures) {
    logger.warn('notification not published', { groupId: r.groupId, at: f.at, error: f.error });
  }
  for (const p of r.delivery.published) {
    logger.info('notification published', { groupId: r.groupId, at: p.at, messageId: p.messageId });
  }
}

/** The sweep's line per group, beside its line per target. */
export function logGroupSweepLine(r: GroupEvaluationReport, logger: Logger): void {
  logger.info('group consensus', {
    groupId: r.groupId,
    status: r.status,
    level: STATUS_LEVEL[r.status],
    pending: r.delivery.pending,
    oldestPendingSeconds: r.delivery.oldestPendingSeconds,
  });
}

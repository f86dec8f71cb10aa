import type { EvaluationReport } from '../shared/consensus/evaluate-target.js';

/** The console lines an evaluation deserves beyond its transitions: a burst confirmation, an undelivered alert. */
export function describeEvaluation(report: EvaluationReport): string[] {
  const lines: string[] = [];
  if (report.burst !== null) {
    const failed = report.burst.error === null ? '' : ` — request failed: ${report.burst.error}`;
    lines.push(
      `${report.targetId}: ${report.burst.requestedBy} disagrees with "${report.status}" — burst confirmation: ${report.burst.regions.join(', ')} re-check now${failed}`,
    );
  }
  for (const failure of report.delivery.failures) {
    lines.push(
      `${report.targetId}: alert of ${failure.at} not delivered yet (${failure.error}); it is in the history and will be retried`,
    );
  }
  return lines;
}

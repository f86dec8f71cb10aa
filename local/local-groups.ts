import type { GroupEvaluatorPort } from '../functions/aggregator/evaluate-groups.js';
import type { GroupEvaluator } from '../shared/consensus/evaluate-group.js';

/** The group evaluator of local mode: each change of a group's status is logged in the terminal. */
export function localGroupEvaluator(
  evaluator: GroupEvaluator,
  log: (line: string) => void,
): GroupEvaluatorPort {
  return {
    groupsOf: (targetId) => evaluator.groupsOf(targetId),
    evaluate: async (groupId) => {
      const report = await evaluator.evaluate(groupId);
      for (const t of report.transitions) {
        const members = (t.members ?? [])
          .filter((m) => m.explains)
          .map((m) => m.targetId)
          .join(', ');
        log(`aggregator: group ${groupId} ${t.from} → ${t.to}${members === '' ? '' : ` (${members})`}`);
      }
      return report;
    },
  };
}

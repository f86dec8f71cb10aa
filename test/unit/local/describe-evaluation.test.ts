import { describe, expect, it } from 'vitest';
import { describeEvaluation } from '../../../local/describe-evaluation.js';
import type { EvaluationReport } from '../../../shared/consensus/evaluate-target.js';

function report(overrides: Partial<EvaluationReport> = {}): EvaluationReport {
  return {
    targetId: 'svc-wsdl',
    status: 'up',
    rule: 'quorum_up',
    transitions: [],
    superseded: false,
    staleRegions: [],
    regionalProblems: [],
    burst: null,
    delivery: {
      published: [],
      summarised: 0,
      failures: [],
      busy: false,
      pending: 0,
      oldestPendingSeconds: 0,
    },
    ...overrides,
  };
}

describe('describeEvaluation', () => {
  it('says nothing about a quiet evaluation', () => {
    expect(describeEvaluation(report())).toEqual([]);
  });

  it('tells a burst confirmation, a failed one, and an alert left in the outbox', () => {
    expect(
      describeEvaluation(
        report({
          burst: {
            requestedBy: 'ap-southeast-1',
            regions: ['ap-southeast-3', 'ap-northeast-1'],
            error: null,
          },
          delivery: {
            published: [],
            summarised: 0,
            failures: [{ at: '2026-03-16T07:05:00.000Z', error: 'ThrottledException: slow down' }],
            busy: false,
            pending: 1,
            oldestPendingSeconds: 3,
          },
        }),
      ),
    ).toEqual([
      'svc-wsdl: ap-southeast-1 disagrees with "up" — burst confirmation: ap-southeast-3, ap-northeast-1 re-check now',
      'svc-wsdl: alert of 2026-03-16T07:05:00.000Z not delivered yet (ThrottledException: slow down); it is in the history and will be retried',
    ]);
    expect(
      describeEvaluation(
        report({
          burst: { requestedBy: 'ap-southeast-1', regions: ['ap-southeast-3'], error: 'Error: gone' },
        }),
      ),
    ).toEqual([
      'svc-wsdl: ap-southeast-1 disagrees with "up" — burst confirmation: ap-southeast-3 re-check now — request failed: Error: gone',
    ]);
  });
});

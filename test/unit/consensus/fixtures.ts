import type { ConsensusState, ProbeStatus, ReasonCode, Transition, Vote } from '../../../shared/types.js';

const REASON_OF: Record<ProbeStatus, ReasonCode> = {
  up: 'ok',
  degraded: 'slow',
  maintenance: 'maintenance_page',
  down: 'timeout',
};

/** A counted vote with sensible defaults. */
export function vote(region: string, status: ProbeStatus, overrides: Partial<Vote> = {}): Vote {
  return {
    region,
    status,
    reason: REASON_OF[status],
    detail: status === 'up' ? 'WSDL of MasterFakturService' : `${status} detail`,
    latencyMs: status === 'down' ? 10_000 : 150,
    checkedAt: '2026-03-15T07:00:00.000Z',
    control: true,
    ...overrides,
  };
}

/** A transition as `decide` would produce it, pending publication. */
export function transition(overrides: Partial<Transition> = {}): Transition {
  return {
    targetId: 'svc-wsdl',
    at: '2026-03-15T07:05:00.000Z',
    from: 'up',
    to: 'down',
    fromSince: '2026-03-15T01:00:00.000Z',
    rule: 'quorum_down',
    votes: [vote('ap-southeast-1', 'down'), vote('ap-southeast-3', 'down'), vote('ap-northeast-1', 'up')],
    audience: 'subscribers',
    notification: { state: 'pending', messageId: null, attempts: 0, lastError: null },
    ...overrides,
  };
}

/** A stored consensus state with sensible defaults. */
export function consensusState(overrides: Partial<ConsensusState> = {}): ConsensusState {
  return {
    targetId: 'svc-wsdl',
    status: 'up',
    since: '2026-03-15T01:00:00.000Z',
    version: 1,
    rule: 'quorum_up',
    evaluatedAt: '2026-03-15T07:00:00.000Z',
    votes: [vote('ap-southeast-1', 'up'), vote('ap-southeast-3', 'up'), vote('ap-northeast-1', 'up')],
    pending: null,
    regionalProblems: [],
    recentOutages: [],
    outbox: [],
    lastKnown: { status: 'up', since: '2026-03-15T01:00:00.000Z' },
    recentBursts: [],
    outboxLease: null,
    ...overrides,
  };
}

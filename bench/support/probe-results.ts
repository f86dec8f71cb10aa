import type { ProbeResult, ProbeStatus, ReasonCode } from '../../shared/types.js';

/** A probe result with sensible defaults, for tests. */
export function probeResult(overrides: Partial<ProbeResult> = {}): ProbeResult {
  const status: ProbeStatus = overrides.status ?? 'up';
  const reason: ReasonCode = overrides.reason ?? 'ok';
  const checkedAt = overrides.checkedAt ?? '2026-03-15T03:00:00.000Z';
  return {
    targetId: 'svc-wsdl',
    region: 'ap-southeast-1',
    checkedAt,
    status,
    reason,
    detail: status === 'up' ? 'WSDL of MasterFakturService' : 'connect timeout after 10.0 s',
    latencyMs: 120,
    httpStatus: status === 'up' ? 200 : null,
    attempts: [],
    control: { ok: true, url: 'https://checkip.amazonaws.com/', latencyMs: 40, detail: 'HTTP 200' },
    tls: null,
    ...overrides,
  };
}

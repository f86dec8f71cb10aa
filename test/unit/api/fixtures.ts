import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Hono } from 'hono';
import type { ApiEnv, RequestFacts } from '../../../shared/api/http-app.js';
import { bearerTokenOperator, type OperatorAuthorizer } from '../../../shared/api/operator-auth.js';
import type { StatusApiDeps } from '../../../shared/api/status-api-deps.js';
import { MemoryEmailSubscriber } from '../../../shared/api/subscriptions/memory-email-subscriber.js';
import { MemoryRateLimiter } from '../../../shared/api/subscriptions/memory-rate-limiter.js';
import { MemorySubscriptionStore } from '../../../shared/api/subscriptions/memory-subscription-store.js';
import {
  type SubscriptionLimits,
  SubscriptionService,
} from '../../../shared/api/subscriptions/subscription-service.js';
import { type FleetConfig, parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { MaintenanceWindow } from '../../../shared/maintenance/maintenance-window.js';
import { MemoryMaintenanceWindowStore } from '../../../shared/maintenance/memory-maintenance-window-store.js';
import { MergedMaintenanceWindowSource } from '../../../shared/maintenance/merged-window-source.js';
import { MemoryResultStore } from '../../../shared/store/memory-result-store.js';
import { MemoryStateStore } from '../../../shared/store/memory-state-store.js';
import { MemoryTransitionStore } from '../../../shared/store/memory-transition-store.js';
import type { ResultStore } from '../../../shared/store/result-store.js';
import type { StateStore } from '../../../shared/store/state-store.js';
import type { TransitionStore } from '../../../shared/store/transition-store.js';
import type { ConsensusState, ConsensusStatus, Transition, Vote } from '../../../shared/types.js';

export const NOW = new Date('2026-03-15T03:10:00.000Z');
export const REGIONS = ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'] as const;

export const config: FleetConfig = parseFleetConfig({
  probeRegions: [...REGIONS],
  probeIntervalSeconds: 60,
  statusUrl: 'https://status.example.test',
  targets: [
    { id: 'svc-wsdl', name: 'e-Faktur SVC', url: 'https://svc.example.test/wsdl', check: 'efaktur-wsdl' },
    {
      id: 'svc-qr',
      name: 'QR <validation> & co',
      url: 'https://svc.example.test/qr',
      check: 'efaktur-qr-validation',
    },
  ],
});

export function vote(overrides: Partial<Vote> = {}): Vote {
  const status = overrides.status ?? 'up';
  return {
    region: 'ap-southeast-1',
    status,
    reason:
      status === 'up'
        ? 'ok'
        : status === 'maintenance'
          ? 'maintenance_page'
          : status === 'degraded'
            ? 'slow'
            : 'timeout',
    detail: status === 'up' ? 'WSDL of MasterFakturService' : 'connect timeout after 10.0 s',
    latencyMs: 120,
    checkedAt: '2026-03-15T03:09:30.000Z',
    control: true,
    ...overrides,
  };
}

export function votesAll(status: Vote['status'], checkedAt = '2026-03-15T03:09:30.000Z'): Vote[] {
  return REGIONS.map((region) => vote({ region, status, checkedAt }));
}

export function state(overrides: Partial<ConsensusState> = {}): ConsensusState {
  return {
    targetId: 'svc-wsdl',
    status: 'up',
    since: '2026-03-15T01:00:00.000Z',
    version: 1,
    rule: 'quorum_up',
    evaluatedAt: '2026-03-15T03:09:45.000Z',
    votes: votesAll(
      overrides.status === undefined || overrides.status === 'unknown'
        ? 'up'
        : (overrides.status as Vote['status']),
    ),
    pending: null,
    regionalProblems: [],
    recentOutages: [],
    outbox: [],
    ...overrides,
  };
}

export function transition(
  at: string,
  from: ConsensusStatus,
  to: ConsensusStatus,
  overrides: Partial<Transition> = {},
): Transition {
  return {
    targetId: 'svc-wsdl',
    at,
    from,
    to,
    fromSince: '2026-03-14T00:00:00.000Z',
    rule:
      to === 'up'
        ? 'quorum_up'
        : to === 'down'
          ? 'quorum_down'
          : to === 'maintenance'
            ? 'quorum_maintenance'
            : 'insufficient_votes',
    votes: to === 'unknown' ? [] : votesAll(to as Vote['status'], at),
    notification: { state: 'sent', messageId: 'm-1', attempts: 1, lastError: null },
    ...overrides,
  };
}

/** The operator token of `makeDeps`' bearer authorizer. */
export const OPERATOR_TOKEN = 'test-operator-token-0123456789';

export interface TestDeps extends StatusApiDeps {
  readonly subscriber: MemoryEmailSubscriber;
  readonly maintenanceStore: MemoryMaintenanceWindowStore;
  readonly subscriptionStore: MemorySubscriptionStore;
  readonly errors: { message: string; details: Record<string, unknown> }[];
  clock: Date;
}

export function makeDeps(
  options: {
    readonly states?: StateStore;
    readonly transitions?: TransitionStore;
    readonly results?: ResultStore;
    readonly limits?: SubscriptionLimits;
    readonly config?: FleetConfig;
    readonly configuredWindows?: readonly MaintenanceWindow[];
    readonly operator?: OperatorAuthorizer;
  } = {},
): TestDeps {
  const subscriber = new MemoryEmailSubscriber();
  const maintenanceStore = new MemoryMaintenanceWindowStore();
  let windowIds = 0;
  const subscriptionStore = new MemorySubscriptionStore();
  const errors: TestDeps['errors'] = [];
  const deps: TestDeps = {
    config: options.config ?? config,
    states: options.states ?? new MemoryStateStore(),
    transitions: options.transitions ?? new MemoryTransitionStore(),
    results: options.results ?? new MemoryResultStore(),
    subscriber,
    subscriptionStore,
    maintenanceStore,
    maintenance: {
      windows: new MergedMaintenanceWindowSource(options.configuredWindows ?? [], maintenanceStore),
      operator: options.operator ?? bearerTokenOperator(OPERATOR_TOKEN),
      limiter: new MemoryRateLimiter(),
      newId: () => `op-${++windowIds}`,
    },
    errors,
    clock: NOW,
    now: () => deps.clock,
    logger: { error: (message, details) => errors.push({ message, details }) },
    subscriptions: undefined as unknown as SubscriptionService,
  };
  (deps as { subscriptions: SubscriptionService }).subscriptions = new SubscriptionService({
    subscriber,
    store: subscriptionStore,
    limiter: new MemoryRateLimiter(),
    now: () => deps.clock,
    ...(options.limits !== undefined && { limits: options.limits }),
  });
  return deps;
}

/** A request as a test describes it, with the facts a platform adapter would know of it. */
export interface ApiRequest {
  readonly method: string;
  /** The path, percent-encoded, without the query string. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly facts: RequestFacts;
}

/** What the API answered: status, headers by lower-case name, body text. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function apiRequest(
  method: string,
  pathAndQuery: string,
  options: {
    readonly headers?: Record<string, string>;
    readonly body?: string;
    readonly sourceIp?: string | null;
  } = {},
): ApiRequest {
  const [path = '/', query = ''] = pathAndQuery.split('?');
  return {
    method,
    path,
    query,
    headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    body: options.body ?? null,
    facts: {
      sourceIp: options.sourceIp === undefined ? '198.51.100.7' : options.sourceIp,
      requestId: 'req-1',
      origin: null,
    },
  };
}

/** Serves `request` with the app's own `fetch`, as every platform adapter does, facts passed as `env`. */
export async function fetchApi(app: Hono<ApiEnv>, request: ApiRequest): Promise<ApiResponse> {
  const url = `http://api.test${request.path}${request.query === '' ? '' : `?${request.query}`}`;
  const response = await app.fetch(
    new Request(url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== null && { body: request.body }),
    }),
    { facts: request.facts },
  );
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}

/** An API Gateway HTTP API (payload 2.0) event, as API Gateway would send it. */
export function apiEvent(
  method: string,
  pathAndQuery: string,
  options: {
    readonly headers?: Record<string, string>;
    readonly body?: string;
    readonly base64?: boolean;
    readonly sourceIp?: string;
    /** The caller API Gateway's IAM authorizer verified, as it puts it in the request context. */
    readonly iamUserArn?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = pathAndQuery.split('?');
  const body =
    options.body === undefined
      ? undefined
      : options.base64
        ? Buffer.from(options.body).toString('base64')
        : options.body;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: {
      host: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
      'x-forwarded-proto': 'https',
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? '198.51.100.7',
        userAgent: 'vitest',
      },
      requestId: 'req-abc',
      routeKey: '$default',
      ...(options.iamUserArn !== undefined && {
        authorizer: { iam: { userArn: options.iamUserArn, accountId: '123456789012' } },
      }),
      stage: '$default',
      time: '15/Mar/2026:03:10:00 +0000',
      timeEpoch: NOW.getTime(),
    },
    ...(body !== undefined && { body }),
    isBase64Encoded: options.base64 ?? false,
  };
}

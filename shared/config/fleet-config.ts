import { z } from 'zod';
import { CHECK_KINDS, type ConsensusPolicy, PROBE_STATUSES } from '../types.js';

/** A configuration that breaks a rule; `problems` holds one line per problem, naming the field and the rule. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid fleet configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const TARGET_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The e-Faktur SVC WSDL (Master Faktur Service). Confirm the address against what your e-Faktur client uses. */
export const DEFAULT_WSDL_URL = 'https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl';
/**
 * The QR validation endpoint, with a placeholder invoice. Replace the path with the QR URL of one real
 * invoice of yours: an unknown invoice still proves the service answers, a real one also proves the data.
 */
export const DEFAULT_QR_URL =
  'http://svc.efaktur.pajak.go.id/validasi/faktur/000000000000000/0000000000000/0';
/** Small, highly available and unrelated to DJP: tells whether the probing region's own network works. */
export const DEFAULT_CONTROL_URL = 'https://checkip.amazonaws.com/';

const httpUrl = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a URL') }).refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: (issue) => `${JSON.stringify(issue.input)} is not an http(s) URL` },
  );

const region = z
  .string()
  .regex(REGION, { error: (issue) => `${JSON.stringify(issue.input)} is not an AWS region name` });

const targetSchema = z
  .object({
    id: z.string().regex(TARGET_ID, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a target id (lowercase letters, digits and '-', at most 40)`,
    }),
    name: z
      .string()
      .min(1, { error: 'must not be empty' })
      .max(80, { error: 'must be at most 80 characters' }),
    url: httpUrl(),
    check: z.enum(CHECK_KINDS, { error: `must be one of ${CHECK_KINDS.join(', ')}` }),
    timeoutMs: z
      .number()
      .int()
      .min(1000, { error: 'must be at least 1000' })
      .max(60_000, { error: 'must be at most 60000' })
      .default(10_000),
    degradedAfterMs: z.number().int().min(1, { error: 'must be positive' }).default(3000),
    retryDelayMs: z
      .number()
      .int()
      .min(0, { error: 'must not be negative' })
      .max(30_000, { error: 'must be at most 30000' })
      .default(2000),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024, { error: 'must be at least 1024' })
      .max(16 * 1024 * 1024, { error: 'must be at most 16777216' })
      .default(1024 * 1024),
    /** `http` checks: the status codes that count as up. */
    expectStatus: z
      .array(z.number().int().min(100).max(599), { error: 'must be a list of HTTP status codes' })
      .min(1, { error: 'must list at least one status code' })
      .default([200]),
    /** `http` checks: text that must appear in the body. */
    mustContain: z.string().min(1).optional(),
    /** `http` checks: text that must not appear in the body. */
    mustNotContain: z.string().min(1).optional(),
  })
  .strict();

const policySchema = z
  .object({
    /** A region's latest result votes while it is younger than this many probe intervals. */
    staleAfterIntervals: z
      .number()
      .min(1, { error: 'must be at least 1 interval' })
      .max(10, { error: 'must be at most 10 intervals' })
      .default(2.5),
    /** `majority` (strictly more than half of the voting regions, at least 2) or a fixed count ≥ 2. */
    quorum: z
      .union(
        [
          z.literal('majority'),
          z.number().int().min(2, { error: 'must be "majority" or a whole number of regions, at least 2' }),
        ],
        {
          error: 'must be "majority" or a whole number of regions, at least 2',
        },
      )
      .default('majority'),
    recoveryHoldSeconds: z
      .number()
      .int()
      .min(0, { error: 'must not be negative' })
      .max(86_400, { error: 'must be at most 86400' })
      .default(120),
    flapDamping: z
      .object({
        windowMinutes: z.number().int().min(1, { error: 'must be at least 1' }).default(60),
        /** Failing episodes within the window that make the target count as flapping. */
        threshold: z.number().int().min(2, { error: 'must be at least 2' }).default(2),
        /** The recovery hold while flapping. */
        recoveryHoldSeconds: z.number().int().min(0, { error: 'must not be negative' }).default(900),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const subscribersSchema = z
  .object({
    email: z
      .array(z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not an email address` }))
      .default([]),
    sms: z
      .array(
        z.string().regex(E164, { error: (issue) => `${JSON.stringify(issue.input)} is not an E.164 number` }),
      )
      .default([]),
    /** Statuses that reach SMS subscribers (email receives every transition). */
    smsStatuses: z
      .array(z.enum([...PROBE_STATUSES, 'unknown'] as const))
      .min(1, { error: 'must list at least one status' })
      .default(['down', 'maintenance', 'up']),
  })
  .strict();

export const fleetConfigSchema = z
  .object({
    homeRegion: region.default('ap-southeast-1'),
    probeRegions: z
      .array(region)
      .min(3, { error: 'at least 3 regions are needed for a majority' })
      .default(['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1']),
    probeIntervalSeconds: z
      .number()
      .int({ error: 'must be a whole number of seconds' })
      .min(5, { error: 'must be at least 5' })
      .max(3600, { error: 'must be at most 3600' })
      .default(60),
    controlUrl: httpUrl().default(DEFAULT_CONTROL_URL),
    targets: z
      .array(targetSchema)
      .min(1, { error: 'at least one target is needed' })
      .default([
        {
          id: 'svc-wsdl',
          name: 'e-Faktur SVC',
          url: DEFAULT_WSDL_URL,
          check: 'efaktur-wsdl',
          timeoutMs: 10_000,
          degradedAfterMs: 3000,
          retryDelayMs: 2000,
          maxBodyBytes: 1024 * 1024,
          expectStatus: [200],
        },
        {
          id: 'svc-qr',
          name: 'e-Faktur QR validation',
          url: DEFAULT_QR_URL,
          check: 'efaktur-qr-validation',
          timeoutMs: 10_000,
          degradedAfterMs: 3000,
          retryDelayMs: 2000,
          maxBodyBytes: 1024 * 1024,
          expectStatus: [200],
        },
      ]),
    policy: policySchema.prefault({}),
    subscribers: subscribersSchema.prefault({}),
    locale: z.enum(['id', 'en'], { error: 'must be "id" or "en"' }).default('id'),
    /** Public base URL of the status API, for links in messages; set after the first deploy. */
    statusUrl: httpUrl().optional(),
    /** Days a probe result is kept (DynamoDB TTL). */
    resultRetentionDays: z
      .number()
      .int()
      .min(1, { error: 'must be at least 1' })
      .max(400, { error: 'must be at most 400' })
      .default(35),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.probeRegions.forEach((r, i) => {
      const first = seen.get(r);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['probeRegions', i],
          message: `"${r}" is listed twice (also at probeRegions[${first}])`,
        });
      } else seen.set(r, i);
    });
    const ids = new Map<string, number>();
    config.targets.forEach((t, i) => {
      const first = ids.get(t.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'id'],
          message: `"${t.id}" is used twice (also by targets[${first}])`,
        });
      } else ids.set(t.id, i);
      if (t.degradedAfterMs >= t.timeoutMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, 'degradedAfterMs'],
          message: `must be less than timeoutMs (${t.timeoutMs})`,
        });
      }
      if (t.check !== 'http' && (t.mustContain !== undefined || t.mustNotContain !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', i, t.mustContain !== undefined ? 'mustContain' : 'mustNotContain'],
          message: 'only applies to targets whose check is "http"',
        });
      }
    });
    const { quorum } = config.policy;
    if (typeof quorum === 'number' && quorum > config.probeRegions.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['policy', 'quorum'],
        message: `${quorum} is more than the ${config.probeRegions.length} probe regions`,
      });
    }
  });

/** The configuration as written (defaults optional). */
export type FleetConfigInput = z.input<typeof fleetConfigSchema>;
/** The validated configuration with every default filled in. */
export type FleetConfig = z.output<typeof fleetConfigSchema>;
export type TargetConfig = FleetConfig['targets'][number];

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function formatIssue(issue: z.core.$ZodIssue): string[] {
  const at = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`);
  }
  return [`${at}: ${issue.message}`];
}

/** Validates a raw configuration and fills in defaults; throws `ConfigError` listing every problem. */
export function parseFleetConfig(raw: unknown): FleetConfig {
  const result = fleetConfigSchema.safeParse(raw ?? {}, {
    error: (issue) =>
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
  });
  if (!result.success) throw new ConfigError(result.error.issues.flatMap(formatIssue));
  return result.data;
}

/** The consensus policy of a configuration, in milliseconds. */
export function resolvePolicy(config: FleetConfig): ConsensusPolicy {
  const intervalMs = config.probeIntervalSeconds * 1000;
  const { policy } = config;
  return {
    intervalMs,
    staleAfterMs: Math.round(policy.staleAfterIntervals * intervalMs),
    quorum: policy.quorum,
    minQuorum: 2,
    recoveryHoldMs: policy.recoveryHoldSeconds * 1000,
    flapThreshold: policy.flapDamping.threshold,
    flapWindowMs: policy.flapDamping.windowMinutes * 60_000,
    flapRecoveryHoldMs: policy.flapDamping.recoveryHoldSeconds * 1000,
  };
}

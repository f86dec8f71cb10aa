import * as z from 'zod/mini';
import { deadlinesSchema } from '../calendar/deadline-calendar.js';
import { channelsSchema } from '../channels/channel-config.js';
import { expandGroupIds } from '../groups/expand-group-ids.js';
import { groupProblems, groupsSchema } from '../groups/group-config.js';
import { MAX_MAINTENANCE_WINDOWS, maintenanceWindowInputSchema } from '../maintenance/maintenance-window.js';
import { DJP_PRESETS, isPresetId, type PresetId } from '../presets/djp-presets.js';
import { resolveTargetEntry } from '../presets/resolve-preset.js';
import { CHECK_KINDS, type ConsensusPolicy, PROBE_STATUSES } from '../types.js';
import { formatIssues, requiredFieldMessage } from '../validation/zod.js';
import { httpUrl } from './url-schema.js';

/** A configuration that breaks a rule; `problems` holds one line per problem, naming the field and the rule. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid fleet configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** Probe regions a fleet may have: each votes in every state item, which has a size bound (`MAX_STATE_ITEM_BYTES`). */
export const MAX_PROBE_REGIONS = 30;
const E164 = /^\+[1-9]\d{7,14}$/;
const TARGET_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Lowercase words joined by single hyphens, each starting with a letter (its PascalCase form stays unique). */
const FLEET_NAME = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;
/** The longest fleet name: it prefixes function names (at most 64 characters, a region name included). */
export const MAX_FLEET_NAME_LENGTH = 24;
/** The fleet's name when the configuration gives none; it keeps the names of stacks deployed before names existed. */
export const DEFAULT_FLEET_NAME = 'efaktur-fleet';
/**
 * Targets a fleet may have: a probe run checks every one in one invocation, the sweep evaluates every one each
 * minute and the status API lists them in one answer.
 */
export const MAX_TARGETS = 100;
/**
 * The largest body cap a target may have: a check holds its answer about three times over while it classifies it,
 * and the probe function has 256 MB for all its targets at once.
 */
export const MAX_BODY_BYTES_LIMIT = 4 * 1024 * 1024;
/** C0/C1 controls, DEL and bidirectional overrides: never in a name people read in an email or a terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** New AWS accounts may run only this many Lambda functions at once per region (Service Quotas raises it). */
export const DEFAULT_ACCOUNT_CONCURRENCY = 10;

/** The e-Faktur SVC WSDL (Master Faktur Service). Confirm the address against what your e-Faktur client uses. */
export const DEFAULT_WSDL_URL = DJP_PRESETS['svc-wsdl'].url;
/**
 * The QR validation endpoint, with a placeholder invoice. Replace the path with the QR URL of one real
 * invoice of yours: an unknown invoice still proves the service answers, a real one also proves the data.
 */
export const DEFAULT_QR_URL = DJP_PRESETS['svc-qr'].url;
/** Small, highly available and unrelated to DJP: tells whether the probing region's own network works. */
export const DEFAULT_CONTROL_URL = 'https://checkip.amazonaws.com/';

/**
 * How long a quorum must say up before an outage is declared over, unless it was long and every region is back (see
 * `DEFAULT_LONG_OUTAGE_MINUTES`). Short enough that the all-clear of a short outage comes within about two minutes,
 * long enough to wait out one more look from every region.
 */
export const DEFAULT_RECOVERY_HOLD_SECONDS = 90;
/**
 * An outage at least this long ends as soon as every region has seen the server working twice in a row: a flapping
 * server fails for a few minutes at a time, an outage that lasted ten minutes rarely comes back to fail again at once.
 */
export const DEFAULT_LONG_OUTAGE_MINUTES = 10;
const LONG_OUTAGE_RULE = 'must be a whole number of minutes from 1 to 1440, or null to always hold';
/** Subscribers hear of an announced maintenance window this long before it starts (0: not ahead). */
export const DEFAULT_MAINTENANCE_NOTICE_MINUTES = 60;
/** The longest advance notice: a week, as DJP announces windows one or two days ahead. */
export const MAX_MAINTENANCE_NOTICE_MINUTES = 7 * 24 * 60;

const region = z
  .string()
  .check(z.regex(REGION, { error: (issue) => `${JSON.stringify(issue.input)} is not an AWS region name` }));

/** A whole number within bounds; the messages name the rule. */
const wholeNumber = (min: number, max?: number, minMessage = `must be at least ${min}`) =>
  z
    .int({ error: 'must be a whole number' })
    .check(
      z.gte(min, { error: minMessage }),
      ...(max === undefined ? [] : [z.lte(max, { error: `must be at most ${max}` })]),
    );

const targetSchema = z.strictObject({
  id: z.string().check(
    z.regex(TARGET_ID, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a target id (lowercase letters, digits and '-', at most 40)`,
    }),
  ),
  name: z.string().check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(80, { error: 'must be at most 80 characters' }),
    z.refine((value) => !UNSAFE_TEXT.test(value), {
      error: 'must not contain control characters or text-direction overrides',
    }),
  ),
  url: httpUrl(),
  check: z.enum(CHECK_KINDS, { error: `must be one of ${CHECK_KINDS.join(', ')}` }),
  timeoutMs: z._default(wholeNumber(1000, 60_000), 10_000),
  degradedAfterMs: z._default(wholeNumber(1, undefined, 'must be positive'), 3000),
  retryDelayMs: z._default(wholeNumber(0, 30_000, 'must not be negative'), 2000),
  maxBodyBytes: z._default(wholeNumber(1024, MAX_BODY_BYTES_LIMIT), 1024 * 1024),
  /** `http` and `djp-portal` checks: the status codes that count as up. */
  expectStatus: z._default(
    z
      .array(z.int().check(z.gte(100), z.lte(599)), { error: 'must be a list of HTTP status codes' })
      .check(z.minLength(1, { error: 'must list at least one status code' })),
    [200],
  ),
  /** `http` checks: text that must appear in the body; `djp-portal`: text that marks the working page. */
  mustContain: z.optional(z.string().check(z.minLength(1, { error: 'must not be empty' }))),
  /** `http` and `djp-portal` checks: text that must not appear in the body. */
  mustNotContain: z.optional(z.string().check(z.minLength(1, { error: 'must not be empty' }))),
});

/** A target as written: a preset id, a preset with fields replaced, or a whole target. */
export type TargetEntryInput =
  | PresetId
  | ({ readonly preset: PresetId } & Partial<Omit<z.input<typeof targetSchema>, 'check'>>)
  | z.input<typeof targetSchema>;

/** Resolves presets first, so every consumer of the configuration sees whole targets. */
const targetEntrySchema = z.pipe(
  z.transform((entry: TargetEntryInput, ctx) => {
    const resolved = resolveTargetEntry(entry);
    if ('target' in resolved) return resolved.target;
    ctx.issues.push({
      code: 'custom',
      input: entry,
      path: [...resolved.problem.path],
      message: resolved.problem.message,
    });
    return z.NEVER;
  }),
  targetSchema,
);

const QUORUM_RULE = 'must be "majority" or a whole number of regions, at least 2';

const policySchema = z.strictObject({
  /** A region's latest result votes while it is younger than this many probe intervals. */
  staleAfterIntervals: z._default(
    z
      .number()
      .check(
        z.gte(1, { error: 'must be at least 1 interval' }),
        z.lte(10, { error: 'must be at most 10 intervals' }),
      ),
    2.5,
  ),
  /** `majority` (strictly more than half of the voting regions, at least 2) or a fixed count ≥ 2. */
  quorum: z._default(
    z.union([z.literal('majority'), z.int({ error: QUORUM_RULE }).check(z.gte(2, { error: QUORUM_RULE }))], {
      error: QUORUM_RULE,
    }),
    'majority',
  ),
  recoveryHoldSeconds: z._default(
    wholeNumber(0, 86_400, 'must not be negative'),
    DEFAULT_RECOVERY_HOLD_SECONDS,
  ),
  /** A spell this long ends without the hold once every region has seen the server working twice; null: always hold. */
  longOutageMinutes: z._default(
    z.nullable(
      z
        .int({ error: LONG_OUTAGE_RULE })
        .check(z.gte(1, { error: LONG_OUTAGE_RULE }), z.lte(1440, { error: LONG_OUTAGE_RULE })),
    ),
    DEFAULT_LONG_OUTAGE_MINUTES,
  ),
  flapDamping: z.prefault(
    z.strictObject({
      windowMinutes: z._default(wholeNumber(1), 60),
      /** Failing episodes within the window that make the target count as flapping. */
      threshold: z._default(wholeNumber(2, 100), 2),
      /** The recovery hold while flapping. */
      recoveryHoldSeconds: z._default(wholeNumber(0, undefined, 'must not be negative'), 900),
    }),
    {},
  ),
  /** How long before an announced maintenance window starts subscribers are told of it; 0: not ahead. */
  maintenanceNoticeMinutes: z._default(
    wholeNumber(0, MAX_MAINTENANCE_NOTICE_MINUTES, 'must not be negative'),
    DEFAULT_MAINTENANCE_NOTICE_MINUTES,
  ),
});

const subscribersSchema = z.strictObject({
  email: z._default(
    z.array(z.email({ error: (issue) => `${JSON.stringify(issue.input)} is not an email address` })),
    [],
  ),
  sms: z._default(
    z.array(
      z
        .string()
        .check(z.regex(E164, { error: (issue) => `${JSON.stringify(issue.input)} is not an E.164 number` })),
    ),
    [],
  ),
  /** Statuses that reach SMS subscribers (email receives every transition). */
  smsStatuses: z._default(
    z
      .array(z.enum([...PROBE_STATUSES, 'unknown'] as const))
      .check(z.minLength(1, { error: 'must list at least one status' })),
    ['down', 'maintenance', 'up'],
  ),
});

const DEFAULT_TARGET_SETTINGS = {
  timeoutMs: 10_000,
  degradedAfterMs: 3000,
  retryDelayMs: 2000,
  maxBodyBytes: 1024 * 1024,
  expectStatus: [200],
};

export const fleetConfigSchema = z
  .strictObject({
    /** Prefixes every stack, resource and metric namespace, so that two fleets can share an account. */
    fleetName: z._default(
      z.string().check(
        z.regex(FLEET_NAME, {
          error: (issue) =>
            `${JSON.stringify(issue.input)} is not a fleet name (lowercase words of letters and digits joined by single '-', each starting with a letter)`,
        }),
        z.maxLength(MAX_FLEET_NAME_LENGTH, { error: `must be at most ${MAX_FLEET_NAME_LENGTH} characters` }),
      ),
      DEFAULT_FLEET_NAME,
    ),
    homeRegion: z._default(region, 'ap-southeast-1'),
    probeRegions: z._default(
      z
        .array(region)
        .check(
          z.minLength(3, { error: 'at least 3 regions are needed for a majority' }),
          z.maxLength(MAX_PROBE_REGIONS, { error: `at most ${MAX_PROBE_REGIONS} regions` }),
        ),
      ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'],
    ),
    /**
     * Regions taken out of `probeRegions` whose stacks still exist: each keeps an empty stack in the app, which
     * `cdk deploy` deletes (and `cdk destroy` can address) until the region is dropped from this list too.
     */
    retiredProbeRegions: z._default(z.array(region), []),
    /**
     * The account's Lambda concurrent executions quota in the fleet's regions. At 10 (new accounts) nothing can be
     * reserved, so the API is throttled harder instead; with enough quota the consensus and the probes get
     * reserved concurrency and the API a cap (see the deploy documentation).
     */
    accountConcurrencyLimit: z._default(
      wholeNumber(DEFAULT_ACCOUNT_CONCURRENCY),
      DEFAULT_ACCOUNT_CONCURRENCY,
    ),
    probeIntervalSeconds: z._default(
      z
        .int({ error: 'must be a whole number of seconds' })
        .check(z.gte(5, { error: 'must be at least 5' }), z.lte(3600, { error: 'must be at most 3600' })),
      60,
    ),
    controlUrl: z._default(httpUrl(), DEFAULT_CONTROL_URL),
    targets: z._default(
      z.array(targetEntrySchema).check(
        z.minLength(1, { error: 'at least one target is needed' }),
        z.maxLength(MAX_TARGETS, {
          error: `at most ${MAX_TARGETS} targets: one probe run checks them all and the status API lists them all`,
        }),
      ),
      [
        {
          id: 'svc-wsdl',
          name: 'e-Faktur SVC',
          url: DEFAULT_WSDL_URL,
          check: 'efaktur-wsdl' as const,
          ...DEFAULT_TARGET_SETTINGS,
        },
        {
          id: 'svc-qr',
          name: 'e-Faktur QR validation',
          url: DEFAULT_QR_URL,
          check: 'efaktur-qr-validation' as const,
          ...DEFAULT_TARGET_SETTINGS,
        },
      ],
    ),
    policy: z.prefault(policySchema, {}),
    /** Service groups: named sets of targets with a status of their own (see the service groups documentation). */
    groups: groupsSchema,
    subscribers: z.prefault(subscribersSchema, {}),
    /** Chat channels and signed webhooks, each with its own status filter (see the channels documentation). */
    channels: channelsSchema,
    locale: z._default(z.enum(['id', 'en'], { error: 'must be "id" or "en"' }), 'id'),
    /** Public base URL of the status API, for links in messages; set after the first deploy. */
    statusUrl: z.optional(httpUrl()),
    /**
     * DynamoDB deletion protection for the fleet table. Turn it on after the first successful deploy: a protected
     * table cannot be removed by a rolled-back first deploy, which would block every retry.
     */
    tableDeletionProtection: z._default(z.boolean({ error: 'must be true or false' }), false),
    /**
     * The CloudWatch dashboard: US$3.00 a month at list price, free within CloudWatch's always-free three
     * dashboards of up to 50 metrics each (see Cost). Off by default; the alarms and saved queries do not need it.
     */
    dashboard: z._default(z.boolean({ error: 'must be true or false' }), false),
    /** Days a probe result is kept (DynamoDB TTL). */
    resultRetentionDays: z._default(wholeNumber(1, 400), 35),
    /** Filing deadlines whose last days an outage message mentions (see the deadlines documentation). */
    deadlines: deadlinesSchema,
    /** Announced maintenance windows (ids `config-<n>` in file order; see the maintenance windows documentation). */
    maintenance: z._default(
      z.array(maintenanceWindowInputSchema).check(
        z.maxLength(MAX_MAINTENANCE_WINDOWS, {
          error: `at most ${MAX_MAINTENANCE_WINDOWS} maintenance windows: each evaluation reads them all`,
        }),
      ),
      [],
    ),
  })
  .check(
    z.superRefine((config, ctx) => {
      checkProbeRegions(config, ctx);
      checkRetiredRegions(config, ctx);
      checkTargets(config, ctx);
      checkProbeInterval(config, ctx);
      checkControlHost(config, ctx);
      for (const problem of groupProblems(config.targets, config.groups)) {
        ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
      }
      checkMaintenanceTargets(config, ctx);
      checkQuorum(config, ctx);
    }),
  );

/** Where the configuration's cross-field rules report a problem. */
interface IssueSink {
  addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void;
}

/** A probe region listed twice would vote twice. */
function checkProbeRegions(config: FleetConfig, ctx: IssueSink): void {
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
}

/** A retired region is one no longer probing: not one of the probe regions, and listed once. */
function checkRetiredRegions(config: FleetConfig, ctx: IssueSink): void {
  const retired = new Set<string>();
  config.retiredProbeRegions.forEach((r, i) => {
    if (config.probeRegions.includes(r)) {
      ctx.addIssue({
        code: 'custom',
        path: ['retiredProbeRegions', i],
        message: `"${r}" is still one of the probe regions: remove it from probeRegions to retire it`,
      });
    } else if (retired.has(r)) {
      ctx.addIssue({
        code: 'custom',
        path: ['retiredProbeRegions', i],
        message: `"${r}" is listed twice`,
      });
    }
    retired.add(r);
  });
}

/** Each target's id is unique, it turns degraded before it times out, and text rules only go on text checks. */
function checkTargets(config: FleetConfig, ctx: IssueSink): void {
  const ids = new Map<string, number>();
  config.targets.forEach((t, i) => {
    const first = ids.get(t.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', i, 'id'],
        message:
          `"${t.id}" is used twice (also by targets[${first}])` +
          (isPresetId(t.id) ? `; a preset used twice needs its own "id" in one of them` : ''),
      });
    } else ids.set(t.id, i);
    if (t.degradedAfterMs >= t.timeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', i, 'degradedAfterMs'],
        message: `must be less than timeoutMs (${t.timeoutMs})`,
      });
    }
    const textRules = t.check === 'http' || t.check === 'djp-portal';
    if (!textRules && (t.mustContain !== undefined || t.mustNotContain !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', i, t.mustContain !== undefined ? 'mustContain' : 'mustNotContain'],
        message: 'only applies to targets whose check is "http"',
      });
    }
  });
}

/** Probes are scheduled on the clock, so the interval divides an hour. */
function checkProbeInterval(config: FleetConfig, ctx: IssueSink): void {
  if (3600 % config.probeIntervalSeconds !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['probeIntervalSeconds'],
      message:
        `${config.probeIntervalSeconds} does not divide an hour (3600 s); probes are scheduled on the clock, ` +
        'so use a divisor of 3600 such as 10, 15, 30, 60, 120, 300, 600 or 3600',
    });
  }
}

/** The control URL tells a region's own network failure from the target's, so it must not share a target's host. */
function checkControlHost(config: FleetConfig, ctx: IssueSink): void {
  const controlHost = hostOf(config.controlUrl);
  config.targets.forEach((t, i) => {
    if (controlHost !== null && hostOf(t.url) === controlHost) {
      ctx.addIssue({
        code: 'custom',
        path: ['controlUrl'],
        message:
          `is on the same host as targets[${i}] (${controlHost}): when that host fails, every region would ` +
          'blame its own network and nobody would be alerted; use a host unrelated to the targets',
      });
    }
  });
}

/** A fixed quorum larger than the fleet could never be met. */
function checkQuorum(config: FleetConfig, ctx: IssueSink): void {
  const { quorum } = config.policy;
  if (typeof quorum === 'number' && quorum > config.probeRegions.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['policy', 'quorum'],
      message: `${quorum} is more than the ${config.probeRegions.length} probe regions`,
    });
  }
}

/** A window may name configured targets and service groups only: a misspelt id would silently cover nothing. */
function checkMaintenanceTargets(
  config: {
    readonly targets: readonly { readonly id: string }[];
    readonly groups?: readonly { readonly id: string }[];
    readonly maintenance: readonly { readonly targets: readonly string[] }[];
  },
  ctx: IssueSink,
): void {
  const known = new Set([...config.targets.map((t) => t.id), ...(config.groups ?? []).map((g) => g.id)]);
  config.maintenance.forEach((w, i) => {
    w.targets.forEach((id, j) => {
      if (!known.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['maintenance', i, 'targets', j],
          message: `${JSON.stringify(id)} is not a configured target or group id`,
        });
      }
    });
  });
}

/**
 * The host a URL reaches, for the control URL rule; `null` for loopback addresses, where local mode's simulator and
 * the tests' fixture servers answer the control URL themselves, beside the targets, on purpose.
 */
function hostOf(url: string): string | null {
  try {
    const name = new URL(url).hostname.toLowerCase();
    return name === 'localhost' || name === '[::1]' || /^127\./.test(name) ? null : name;
  } catch {
    return null;
  }
}

/** The configuration as written (defaults optional). */
export type FleetConfigInput = z.input<typeof fleetConfigSchema>;
/** The validated configuration with every default filled in. */
export type FleetConfig = z.output<typeof fleetConfigSchema>;
export type TargetConfig = FleetConfig['targets'][number];

/** Validates a raw configuration and fills in defaults; throws `ConfigError` listing every problem. */
export function parseFleetConfig(raw: unknown): FleetConfig {
  const result = fleetConfigSchema.safeParse(raw ?? {}, requiredFieldMessage);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues));
  const config = result.data;
  // A window naming a group covers its members: the consensus of each target looks for its own id only.
  return {
    ...config,
    maintenance: config.maintenance.map((w) => ({ ...w, targets: expandGroupIds(w.targets, config.groups) })),
  };
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
    longOutageMs: policy.longOutageMinutes === null ? null : policy.longOutageMinutes * 60_000,
    flapThreshold: policy.flapDamping.threshold,
    flapWindowMs: policy.flapDamping.windowMinutes * 60_000,
    flapRecoveryHoldMs: policy.flapDamping.recoveryHoldSeconds * 1000,
    maintenanceNoticeMs: policy.maintenanceNoticeMinutes * 60_000,
  };
}

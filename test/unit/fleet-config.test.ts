import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_WSDL_URL,
  MAX_BODY_BYTES_LIMIT,
  MAX_TARGETS,
  parseFleetConfig,
  resolvePolicy,
} from '../../shared/config/fleet-config.js';
import { loadFleetConfig } from '../../shared/config/load-fleet-config.js';

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseFleetConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('configuration was accepted');
}

const target = { id: 'svc', name: 'SVC', url: 'https://example.test/wsdl', check: 'efaktur-wsdl' };

describe('fleet configuration defaults', () => {
  it('fills in the documented defaults from an empty configuration', () => {
    const config = parseFleetConfig({});
    expect(config.homeRegion).toBe('ap-southeast-1');
    expect(config.probeRegions).toEqual(['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1']);
    expect(config.probeIntervalSeconds).toBe(60);
    expect(config.locale).toBe('id');
    expect(config.targets.map((t) => [t.id, t.check])).toEqual([
      ['svc-wsdl', 'efaktur-wsdl'],
      ['svc-qr', 'efaktur-qr-validation'],
    ]);
    expect(config.targets[0]?.url).toBe(DEFAULT_WSDL_URL);
    expect(config.policy).toEqual({
      staleAfterIntervals: 2.5,
      quorum: 'majority',
      recoveryHoldSeconds: 90,
      longOutageMinutes: 10,
      flapDamping: { windowMinutes: 60, threshold: 2, recoveryHoldSeconds: 900 },
      maintenanceNoticeMinutes: 60,
    });
    expect(config.subscribers).toEqual({ email: [], sms: [], smsStatuses: ['down', 'maintenance', 'up'] });
  });

  it('fills target defaults for a user-listed target', () => {
    const [t] = parseFleetConfig({ targets: [target] }).targets;
    expect(t).toMatchObject({
      timeoutMs: 10_000,
      degradedAfterMs: 3000,
      retryDelayMs: 2000,
      maxBodyBytes: 1_048_576,
    });
  });

  it('resolves the policy to milliseconds', () => {
    const policy = resolvePolicy(parseFleetConfig({ probeIntervalSeconds: 30 }));
    expect(policy).toEqual({
      intervalMs: 30_000,
      staleAfterMs: 75_000,
      quorum: 'majority',
      minQuorum: 2,
      recoveryHoldMs: 90_000,
      longOutageMs: 600_000,
      flapThreshold: 2,
      flapWindowMs: 3_600_000,
      flapRecoveryHoldMs: 900_000,
      maintenanceNoticeMs: 3_600_000,
    });
  });
});

describe('bad configurations: one message per problem, naming the field and the rule', () => {
  it.each<[string, unknown, string[]]>([
    [
      'too few regions',
      { probeRegions: ['ap-southeast-1', 'ap-northeast-1'] },
      ['probeRegions: at least 3 regions are needed for a majority'],
    ],
    [
      'a region listed twice',
      { probeRegions: ['ap-southeast-1', 'ap-northeast-1', 'ap-southeast-1'] },
      ['probeRegions[2]: "ap-southeast-1" is listed twice (also at probeRegions[0])'],
    ],
    ['a misspelt region', { homeRegion: 'singapore' }, ['homeRegion: "singapore" is not an AWS region name']],
    [
      'a retired region that still probes',
      { probeRegions: ['ap-southeast-1', 'ap-northeast-1', 'eu-west-1'], retiredProbeRegions: ['eu-west-1'] },
      [
        'retiredProbeRegions[0]: "eu-west-1" is still one of the probe regions: remove it from probeRegions to retire it',
      ],
    ],
    [
      'a retired region listed twice',
      { retiredProbeRegions: ['eu-west-1', 'eu-west-1'] },
      ['retiredProbeRegions[1]: "eu-west-1" is listed twice'],
    ],
    [
      'a local phone number',
      { subscribers: { sms: ['+6281234567890', '0812345678'] } },
      ['subscribers.sms[1]: "0812345678" is not an E.164 number'],
    ],
    [
      'a bad email',
      { subscribers: { email: ['ops@'] } },
      ['subscribers.email[0]: "ops@" is not an email address'],
    ],
    ['an unknown locale', { locale: 'fr' }, ['locale: must be "id" or "en"']],
    ['a too short interval', { probeIntervalSeconds: 1 }, ['probeIntervalSeconds: must be at least 5']],
    [
      'a fractional interval',
      { probeIntervalSeconds: 7.5 },
      ['probeIntervalSeconds: must be a whole number of seconds'],
    ],
    ['no targets', { targets: [] }, ['targets: at least one target is needed']],
    [
      'a non-http control URL',
      { controlUrl: 'ftp://example.test/' },
      ['controlUrl: "ftp://example.test/" is not an http(s) URL'],
    ],
    [
      'an unknown check kind',
      { targets: [{ ...target, check: 'ping' }] },
      ['targets[0].check: must be one of efaktur-wsdl, efaktur-qr-validation, http, djp-portal'],
    ],
    [
      'a target without url',
      { targets: [{ id: 'a', name: 'A', check: 'http' }] },
      ['targets[0].url: is required'],
    ],
    [
      'two targets with one id',
      { targets: [target, { ...target, name: 'again' }] },
      ['targets[1].id: "svc" is used twice (also by targets[0])'],
    ],
    [
      'degraded threshold above the timeout',
      { targets: [{ ...target, timeoutMs: 2000, degradedAfterMs: 5000 }] },
      ['targets[0].degradedAfterMs: must be less than timeoutMs (2000)'],
    ],
    [
      'text rules on a WSDL check',
      { targets: [{ ...target, mustContain: 'x' }] },
      ['targets[0].mustContain: only applies to targets whose check is "http"'],
    ],
    [
      'a quorum of one',
      { policy: { quorum: 1 } },
      ['policy.quorum: must be "majority" or a whole number of regions, at least 2'],
    ],
    [
      'a quorum above the region count',
      { policy: { quorum: 4 } },
      ['policy.quorum: 4 is more than the 3 probe regions'],
    ],
    ['a typo in a field name', { probeRegion: ['ap-southeast-1'] }, ['probeRegion: unknown field']],
    [
      'a freshness below one interval',
      { policy: { staleAfterIntervals: 0.5 } },
      ['policy.staleAfterIntervals: must be at least 1 interval'],
    ],
    [
      'several problems at once',
      { locale: 'fr', subscribers: { sms: ['12345'] }, probeRegions: ['ap-southeast-1'] },
      [
        'probeRegions: at least 3 regions are needed for a majority',
        'subscribers.sms[0]: "12345" is not an E.164 number',
        'locale: must be "id" or "en"',
      ],
    ],
  ])('%s', (_name, raw, expected) => {
    expect([...problemsOf(raw)].sort()).toEqual([...expected].sort());
  });

  it.each<[string, unknown, string[]]>([
    [
      'credentials in a target URL (never echoed)',
      { targets: [{ ...target, url: 'https://user:s3cret@example.test/wsdl' }] },
      [
        'targets[0].url: "https://***@example.test/wsdl" has a user name or password: remove them (the probe sends none, and results, logs and messages would show them)',
      ],
    ],
    [
      'credentials in the control URL',
      { controlUrl: 'https://token@checkip.example.net/' },
      [
        'controlUrl: "https://***@checkip.example.net/" has a user name or password: remove them (the probe sends none, and results, logs and messages would show them)',
      ],
    ],
    [
      'a malformed URL with credentials (never echoed)',
      { statusUrl: 'ftp://admin:hunter2@status.example.test/' },
      [
        'statusUrl: "ftp://***@status.example.test/" is not an http(s) URL',
        'statusUrl: "ftp://***@status.example.test/" has a user name or password: remove them (the probe sends none, and results, logs and messages would show them)',
      ],
    ],
    [
      'a control URL on the host of a target',
      { controlUrl: 'https://example.test/ping', targets: [target] },
      [
        'controlUrl: is on the same host as targets[0] (example.test): when that host fails, every region would blame its own network and nobody would be alerted; use a host unrelated to the targets',
      ],
    ],
    [
      'an interval that does not divide an hour (the same rule for local mode and deploy)',
      { probeIntervalSeconds: 7 },
      [
        'probeIntervalSeconds: 7 does not divide an hour (3600 s); probes are scheduled on the clock, so use a divisor of 3600 such as 10, 15, 30, 60, 120, 300, 600 or 3600',
      ],
    ],
    [
      'control characters in a target name',
      { targets: [{ ...target, name: 'SVC \u001b[31mDOWN\u0007' }] },
      ['targets[0].name: must not contain control characters or text-direction overrides'],
    ],
    [
      'a text-direction override in a target name',
      { targets: [{ ...target, name: 'SVC \u202eNWOD' }] },
      ['targets[0].name: must not contain control characters or text-direction overrides'],
    ],
    [
      'more targets than one probe run can carry',
      {
        targets: Array.from({ length: MAX_TARGETS + 1 }, (_, i) => ({
          ...target,
          id: `t-${i}`,
          url: `https://t${i}.example.test/`,
        })),
      },
      [
        `targets: at most ${MAX_TARGETS} targets: one probe run checks them all and the status API lists them all`,
      ],
    ],
    [
      'a body cap the probe function cannot hold',
      { targets: [{ ...target, maxBodyBytes: MAX_BODY_BYTES_LIMIT + 1 }] },
      [`targets[0].maxBodyBytes: must be at most ${MAX_BODY_BYTES_LIMIT}`],
    ],
    [
      'more probe regions than a state item carries',
      {
        probeRegions: Array.from(
          { length: 31 },
          (_, i) => `${'abcdefghijklmnopqrstuvwxyz'[i % 26]}${'xy'[Math.floor(i / 26)]}-probe-1`,
        ),
      },
      ['probeRegions: at most 30 regions'],
    ],
  ])('hostile and out-of-bound values: %s', (_name, raw, expected) => {
    expect([...problemsOf(raw)].sort()).toEqual([...expected].sort());
    expect(JSON.stringify(problemsOf(raw))).not.toMatch(/s3cret|hunter2|token@/);
  });

  it(`accepts exactly ${MAX_TARGETS} targets and a body cap of ${MAX_BODY_BYTES_LIMIT} bytes`, () => {
    const many = Array.from({ length: MAX_TARGETS }, (_, i) => ({
      ...target,
      id: `t-${i}`,
      url: `https://t${i}.example.test/`,
      maxBodyBytes: MAX_BODY_BYTES_LIMIT,
    }));
    expect(parseFleetConfig({ targets: many }).targets).toHaveLength(MAX_TARGETS);
  });

  it('reports the cross-field rules in a fixed order: regions, retired regions, targets, interval, quorum', () => {
    const regions = ['ap-southeast-1', 'ap-northeast-1', 'eu-west-1', 'ap-southeast-1'];
    expect(
      problemsOf({
        probeRegions: regions,
        retiredProbeRegions: ['eu-west-1'],
        targets: [{ ...target, timeoutMs: 2000, degradedAfterMs: 5000 }],
        probeIntervalSeconds: 7,
        policy: { quorum: 5 },
      }),
    ).toEqual([
      'probeRegions[3]: "ap-southeast-1" is listed twice (also at probeRegions[0])',
      'retiredProbeRegions[0]: "eu-west-1" is still one of the probe regions: remove it from probeRegions to retire it',
      'targets[0].degradedAfterMs: must be less than timeoutMs (2000)',
      'probeIntervalSeconds: 7 does not divide an hour (3600 s); probes are scheduled on the clock, so use a divisor of 3600 such as 10, 15, 30, 60, 120, 300, 600 or 3600',
      'policy.quorum: 5 is more than the 4 probe regions',
    ]);
  });

  it('lists every problem in the error message', () => {
    expect(() => parseFleetConfig({ locale: 'fr', probeIntervalSeconds: 1 })).toThrow(
      'Invalid fleet configuration:\n  - probeIntervalSeconds: must be at least 5\n  - locale: must be "id" or "en"',
    );
  });
});

describe('configuration sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-config-'));

  it('lets a file replace top-level fields of the cdk.json context', () => {
    const file = join(dir, 'fleet.json');
    writeFileSync(file, JSON.stringify({ locale: 'en' }));
    const config = loadFleetConfig({ context: { locale: 'id', probeIntervalSeconds: 120 }, file });
    expect(config.locale).toBe('en');
    expect(config.probeIntervalSeconds).toBe(120);
  });

  it('reads a file that starts with a UTF-8 byte-order mark', () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ locale: 'en' })}`);
    expect(loadFleetConfig({ file }).locale).toBe('en');
  });

  it('accepts the context as a JSON string, as `-c fleet=...` passes it', () => {
    expect(loadFleetConfig({ context: '{"locale":"en"}' }).locale).toBe('en');
  });

  it.each<[string, () => unknown, string]>([
    ['a missing file', () => loadFleetConfig({ file: join(dir, 'absent.json') }), 'cannot be read (ENOENT)'],
    [
      'a file that is not JSON',
      () => {
        const file = join(dir, 'broken.json');
        writeFileSync(file, '{ locale: ');
        return loadFleetConfig({ file });
      },
      'is not valid JSON',
    ],
    [
      'a context that is an array',
      () => loadFleetConfig({ context: [] }),
      'fleet (context): must be a JSON object',
    ],
  ])('reports %s', (_name, load, message) => {
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});

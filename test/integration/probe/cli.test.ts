import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedPortUrl,
  type FixtureServer,
  startFixtureServer,
} from '../../../bench/support/fixture-server/index.js';
import { runProbeCli } from '../../../cli/probe.js';
import type { CheckKind, ReasonCode } from '../../../shared/types.js';
import { nxdomainLookup } from './lookups.js';

let plain: FixtureServer;
let secure: FixtureServer;
beforeAll(async () => {
  [plain, secure] = await Promise.all([startFixtureServer(), startFixtureServer({ tls: true })]);
});
afterAll(async () => {
  await Promise.all([plain?.close(), secure?.close()]);
});

/** Runs the CLI in this process (its whole code path except the process wiring). */
async function cli(args: string[], deps = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runProbeCli(
    args,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { sleep: async () => {}, ...deps },
  );
  return { code, stdout, stderr };
}

/** Runs `npm run -s probe` as a user would: tsx, in its own process. */
function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/probe.ts', ...args],
      { timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

type Row = [fixture: string, check: CheckKind, reason: ReasonCode, extra: string[]];

// The CLI applies the fleet's own bounds: timeouts start at 1 s.
const rows: Row[] = [
  ['wsdl-prefixed', 'efaktur-wsdl', 'ok', []],
  ['wsdl-default-ns', 'efaktur-wsdl', 'ok', []],
  ['wsdl-other-prefix', 'efaktur-wsdl', 'ok', []],
  ['wsdl-bom', 'efaktur-wsdl', 'ok', []],
  ['wsdl-crlf', 'efaktur-wsdl', 'ok', []],
  ['wsdl-gzip', 'efaktur-wsdl', 'ok', []],
  ['wsdl-br', 'efaktur-wsdl', 'ok', []],
  ['wsdl-deflate', 'efaktur-wsdl', 'ok', []],
  ['wsdl-chunked', 'efaktur-wsdl', 'ok', []],
  ['wsdl-as-html', 'efaktur-wsdl', 'ok', []],
  ['wsdl-redirect', 'efaktur-wsdl', 'ok', []],
  ['wsdl-slow', 'efaktur-wsdl', 'slow', ['--degraded-after-ms', '1', '--timeout-ms', '5000']],
  ['wsdl-other-service', 'efaktur-wsdl', 'unexpected_body', []],
  ['wsdl-truncated', 'efaktur-wsdl', 'unexpected_body', []],
  ['maintenance-plain', 'efaktur-wsdl', 'maintenance_page', []],
  ['maintenance-html-503', 'efaktur-wsdl', 'maintenance_page', []],
  ['maintenance-odd-spacing', 'efaktur-wsdl', 'maintenance_page', []],
  ['maintenance-split-tags', 'efaktur-wsdl', 'maintenance_page', []],
  ['nginx-502', 'efaktur-wsdl', 'http_status', []],
  ['nginx-504', 'efaktur-wsdl', 'http_status', []],
  ['waf-rejected', 'efaktur-wsdl', 'unexpected_body', []],
  ['captive-portal', 'efaktur-wsdl', 'unexpected_body', []],
  ['redirect-loop', 'efaktur-wsdl', 'redirect', []],
  ['empty-200', 'efaktur-wsdl', 'unexpected_body', []],
  ['json-200', 'efaktur-wsdl', 'unexpected_body', []],
  ['soap-fault-500', 'efaktur-wsdl', 'http_status', []],
  ['hang-before-headers', 'efaktur-wsdl', 'timeout', ['--timeout-ms', '1000']],
  ['slow-drip', 'efaktur-wsdl', 'timeout', ['--timeout-ms', '1000']],
  ['huge-body', 'efaktur-wsdl', 'too_large', []],
  ['reset-mid-body', 'efaktur-wsdl', 'reset', []],
  ['qr-valid', 'efaktur-qr-validation', 'ok', []],
  ['qr-not-found', 'efaktur-qr-validation', 'ok', []],
  ['qr-html', 'efaktur-qr-validation', 'unexpected_body', []],
  ['http-ok', 'http', 'ok', []],
];

describe('probe CLI, every fixture', () => {
  it.concurrent.each(rows)('%s as %s → %s', async (fixture, check, reason, extra) => {
    const query: Record<string, number> =
      fixture === 'wsdl-slow' ? { delayMs: 100 } : fixture === 'huge-body' ? { mb: 50 } : {};
    const { code, stdout, stderr } = await cli([
      '--url',
      plain.url(fixture, query),
      '--check',
      check,
      '--retry-delay-ms',
      '0',
      '--json',
      ...extra,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.reason).toBe(reason);
    expect(report.attempts).toHaveLength(report.status === 'up' ? 1 : 2);
  });

  it('reports a closed port and an unresolvable name', async () => {
    const refused = await cli(['--url', await closedPortUrl(), '--json']);
    expect(JSON.parse(refused.stdout)).toMatchObject({ status: 'down', reason: 'refused' });
    const dns = await cli(['--url', 'http://svc.efaktur.invalid/', '--json'], { lookup: nxdomainLookup });
    expect(JSON.parse(dns.stdout)).toMatchObject({ status: 'down', reason: 'dns' });
  });
});

describe('probe CLI as a process', () => {
  it('prints exactly one JSON object with the documented fields for an https target', async () => {
    const { code, stdout } = await spawnCli([
      '--url',
      secure.url('wsdl-prefixed'),
      '--check',
      'efaktur-wsdl',
      '--insecure',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'status',
        'reason',
        'detail',
        'httpStatus',
        'timings',
        'bytes',
        'attempts',
        'tls',
      ]),
    );
    expect(report).toMatchObject({
      status: 'up',
      reason: 'ok',
      detail: 'WSDL of MasterFakturService',
      httpStatus: 200,
      tls: { validTo: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), daysLeft: expect.any(Number) },
    });
    expect(Object.keys(report.timings).sort()).toEqual(['connectMs', 'dnsMs', 'tlsMs', 'totalMs', 'ttfbMs']);
  });

  it('prints one readable line without --json and exits 0 whatever the target did', async () => {
    const { code, stdout } = await spawnCli(['--url', plain.url('nginx-502'), '--retry-delay-ms', '0']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^down \(http_status\) HTTP 502 Bad Gateway \(expected 200\) \[HTTP 502, \d+\.\d s, 2 attempts\]\n$/,
    );
  });

  it('reports a self-signed certificate as tls without --insecure', async () => {
    const { code, stdout } = await spawnCli([
      '--url',
      secure.url('wsdl-prefixed'),
      '--retry-delay-ms',
      '0',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      reason: 'tls',
      detail: expect.stringContaining('DEPTH_ZERO_SELF_SIGNED_CERT'),
    });
  });

  it('exits 2 with a usage message for bad arguments', async () => {
    const bad = await spawnCli(['--url', plain.url('wsdl-prefixed'), '--timeout-ms', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--timeout-ms: "soon" is not a whole number');
    expect(bad.stderr).toBe(
      'error: --timeout-ms: "soon" is not a whole number\nRun with --help for usage.\n',
    );
  });
});

describe('probe CLI arguments', () => {
  it.each([
    [[], '--url is required'],
    [['--url', 'http://x/', '--frobnicate'], "Unknown option '--frobnicate'"],
    [['--url', 'http://x/', 'extra'], 'Unexpected argument'],
    [
      ['--url', 'http://x/', '--check', 'ping'],
      '--check: "ping" is not one of efaktur-wsdl, efaktur-qr-validation, http, djp-portal',
    ],
    [['--url', 'ftp://x/'], '--url: "ftp://x/" is not an http(s) URL'],
    [['--url', 'http://x/', '--timeout-ms', '-5'], "Option '--timeout-ms' argument is ambiguous"],
    [['--url', 'http://x/', '--timeout-ms=-5'], '--timeout-ms: "-5" is not a whole number'],
    [['--url', 'http://x/', '--timeout-ms', '2.5'], '--timeout-ms: "2.5" is not a whole number'],
    [['--url', 'http://x/', '--timeout-ms', '100'], '--timeout-ms: must be at least 1000'],
    [
      ['--url', 'http://x/', '--degraded-after-ms', '20000'],
      '--degraded-after-ms: must be less than timeoutMs (10000)',
    ],
    [
      ['--url', 'http://x/', '--timeout-ms', '2000', '--degraded-after-ms', '2000'],
      '--degraded-after-ms: must be less than timeoutMs (2000)',
    ],
    [
      ['--url', 'http://x/', '--check', 'efaktur-wsdl', '--must-contain', 'ok'],
      '--must-contain: only applies to targets whose check is "http"',
    ],
    [
      ['--url', 'http://x/', '--check', 'http', '--expect-status', '200,abc'],
      '--expect-status: "abc" is not a whole number',
    ],
    [['--url', 'http://x/', '--json', '--json=yes'], "Option '--json' does not take an argument"],
  ])('%j → %s', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/^error: .*\nRun with --help for usage\.\n$/s);
  });

  it.each([['--help'], ['-h']])('prints the usage on %s and exits 0', async (flag) => {
    const { code, stdout, stderr } = await cli([flag]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: npm run -s probe -- --url <url> \[options\]\n/);
    expect(stdout).toContain('--degraded-after-ms');
  });
});

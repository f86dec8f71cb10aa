import { describe, expect, it } from 'vitest';
import { cliReport, parseCliArgs, UsageError } from '../../../cli/probe.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import type { CheckOutcome } from '../../../shared/types.js';

describe('parseCliArgs', () => {
  it('fills in the fleet defaults', () => {
    expect(parseCliArgs(['--url', 'https://svc.example.test/wsdl'])).toEqual({
      insecure: false,
      json: false,
      target: expect.objectContaining({
        url: 'https://svc.example.test/wsdl',
        // The same default as `npm start -- --target`: the e-Faktur checks are asked for by name.
        check: 'http',
        timeoutMs: 10_000,
        degradedAfterMs: 3000,
        retryDelayMs: 2000,
        maxBodyBytes: 1_048_576,
        expectStatus: [200],
      }),
    });
  });

  it('reads every option', () => {
    const options = parseCliArgs([
      '--url=http://svc.example.test/health',
      '--check',
      'http',
      '--timeout-ms',
      '5000',
      '--degraded-after-ms',
      '1500',
      '--retry-delay-ms',
      '0',
      '--max-body-bytes',
      '4096',
      '--expect-status',
      '200, 204',
      '--must-contain',
      'healthy',
      '--must-not-contain',
      'error',
      '--insecure',
      '--json',
    ]);
    expect(options).toEqual({
      insecure: true,
      json: true,
      target: expect.objectContaining({
        check: 'http',
        timeoutMs: 5000,
        degradedAfterMs: 1500,
        retryDelayMs: 0,
        maxBodyBytes: 4096,
        expectStatus: [200, 204],
        mustContain: 'healthy',
        mustNotContain: 'error',
      }),
    });
  });

  it('keeps degradedAfterMs under a short --timeout-ms given alone', () => {
    expect(parseCliArgs(['--url', 'http://x/', '--timeout-ms', '2000'])?.target.degradedAfterMs).toBe(1999);
    expect(parseCliArgs(['--url', 'http://x/', '--timeout-ms', '20000'])?.target.degradedAfterMs).toBe(3000);
  });

  it('returns null for --help and -h and throws UsageError for bad input', () => {
    expect(parseCliArgs(['--help'])).toBeNull();
    expect(parseCliArgs(['-h'])).toBeNull();
    expect(() => parseCliArgs(['--url'])).toThrow(UsageError);
  });

  it.each([
    [['--url', 'http://x/', '--url', 'http://y/'], '--url: given more than once'],
    [['--url', 'http://x/', 'stray'], "Unexpected argument 'stray'"],
    [['--url', 'http://x/', '--bogus'], "Unknown option '--bogus'"],
    [['--url', 'http://x/', '--check', 'ping'], '--check: "ping" is not one of'],
    [['--url', 'http://x/', '--timeout-ms', '1e4'], '--timeout-ms: "1e4" is not a whole number'],
    [['--check', 'http'], '--url is required'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('cliReport', () => {
  it('never prints the credentials of the URL checked', () => {
    const [target] = parseFleetConfig({}).targets;
    const attempt: CheckOutcome = {
      status: 'up',
      reason: 'ok',
      detail: 'WSDL of MasterFakturService',
      startedAt: '2026-03-15T03:00:00.000Z',
      httpStatus: 200,
      timings: { dnsMs: 1, connectMs: 1, tlsMs: 1, ttfbMs: 1, totalMs: 4 },
      bytes: 10,
      remoteAddress: '192.0.2.10',
      tls: null,
      redirects: [],
    };
    const report = cliReport({ ...target!, url: 'https://user:secret@svc.example.test/svc?wsdl' }, attempt, [
      attempt,
    ]);
    expect(report.url).toBe('https://***@svc.example.test/svc?wsdl');
    expect(JSON.stringify(report)).not.toContain('secret');
  });
});

import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../cli/probe.js';
import { DurationError, formatDuration, parseDuration } from '../../../local/duration.js';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, parseLocalFlags, UsageError } from '../../../local/flags.js';

describe('parseDuration', () => {
  it.each([
    ['5s', 5000],
    ['90s', 90_000],
    ['1m', 60_000],
    ['250ms', 250],
    ['1h', 3_600_000],
    ['0s', 0],
  ])('%s is %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    '',
    '5',
    's',
    '5 s',
    ' 5s',
    '5s ',
    '1.5s',
    '-5s',
    '+5s',
    '5sec',
    '5S',
    '1m30s',
    '5d',
    '12345678s',
  ])('%j is rejected', (input) => {
    expect(() => parseDuration(input)).toThrow(DurationError);
  });

  it('formats durations for people', () => {
    expect([formatDuration(250), formatDuration(5000), formatDuration(1500), formatDuration(90_000)]).toEqual(
      ['250 ms', '5 s', '1.5 s', '1 min 30 s'],
    );
  });
});

describe('parseLocalFlags', () => {
  it('has the documented defaults', () => {
    expect(parseLocalFlags([])).toEqual({
      configFile: undefined,
      target: undefined,
      regions: undefined,
      intervalMs: undefined,
      port: DEFAULT_PORT,
      dataDir: DEFAULT_DATA_DIR,
      memory: false,
      outbox: undefined,
      snsTopicArn: undefined,
      demo: false,
      channelsDryRun: false,
      help: false,
    });
  });

  it('lets the demo take a configuration (language, policy, channels) and channels be dry-run', () => {
    const flags = parseLocalFlags(['--demo', '--config', 'examples/demo-webhook.json', '--channels-dry-run']);
    expect([flags.demo, flags.configFile, flags.channelsDryRun]).toEqual([
      true,
      'examples/demo-webhook.json',
      true,
    ]);
  });

  it('reads every flag', () => {
    const flags = parseLocalFlags([
      '--config',
      'my-fleet.json',
      '--target',
      'https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl',
      '--check',
      'efaktur-wsdl',
      '--regions',
      'ap-southeast-3, ap-southeast-1,ap-northeast-1',
      '--interval',
      '90s',
      '--port',
      '8080',
      '--data-dir',
      '/var/lib/fleet',
      '--memory',
      '--outbox',
      'alerts.jsonl',
      '--sns-topic-arn',
      'arn:aws:sns:ap-southeast-1:123456789012:efaktur-alerts',
    ]);
    expect(flags).toEqual({
      configFile: 'my-fleet.json',
      target: { url: 'https://svc.efaktur.pajak.go.id/svc/MasterFakturService?wsdl', check: 'efaktur-wsdl' },
      regions: ['ap-southeast-3', 'ap-southeast-1', 'ap-northeast-1'],
      intervalMs: 90_000,
      port: 8080,
      dataDir: '/var/lib/fleet',
      memory: true,
      outbox: 'alerts.jsonl',
      snsTopicArn: 'arn:aws:sns:ap-southeast-1:123456789012:efaktur-alerts',
      demo: false,
      channelsDryRun: false,
      help: false,
    });
  });

  it('checks a bare --target as plain http, as the probe command checks a bare --url', () => {
    const url = 'http://127.0.0.1:8080/svc?wsdl';
    expect(parseLocalFlags(['--target', url]).target).toEqual({ url, check: 'http' });
    expect(parseCliArgs(['--url', url])?.target.check).toBe('http');
  });

  it('takes -h and --help', () => {
    expect(parseLocalFlags(['-h']).help).toBe(true);
    expect(parseLocalFlags(['--memory', '--help']).help).toBe(true);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['positional'], /positional/],
    [['--port'], /argument missing/],
    [['--port', '70000'], /--port: "70000" is not a port number/],
    [['--port', '80a'], /--port: "80a"/],
    [['--interval', '5'], /--interval: "5" is not a duration/],
    [['--interval', '4s'], /--interval: 4s is outside 5s-1h/],
    [['--interval', '2h'], /--interval: 2h is outside 5s-1h/],
    [['--interval', '5500ms'], /not a whole number of seconds/],
    [['--target', 'ftp://example.com/'], /--target: "ftp:\/\/example.com\/" is not an http\(s\) URL/],
    [['--target', 'not a url'], /is not an http\(s\) URL/],
    [['--check', 'http'], /only applies together with --target/],
    [['--target', 'http://x.test/', '--check', 'ping'], /--check: "ping" is not one of/],
    [['--regions', 'a,,b'], /empty region name/],
    [['--sns-topic-arn', 'arn:aws:sqs:ap-southeast-1:123456789012:q'], /is not an SNS topic ARN/],
    [['--demo', '--target', 'http://x.test/'], /cannot be combined/],
    [['--data-dir', ''], /--data-dir: must not be empty/],
    [['--memory=yes'], /does not take an argument/],
    [['--port', '3000', '--port', '3001'], /--port: given more than once/],
    [['--target', '--memory'], /argument is ambiguous/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseLocalFlags(argv)).toThrow(UsageError);
    expect(() => parseLocalFlags(argv)).toThrow(message);
  });
});

describe('--operator-token', () => {
  it('takes a long enough printable token', () => {
    expect(parseLocalFlags(['--operator-token', 'abcdefghijklmnop']).operatorToken).toBe('abcdefghijklmnop');
    expect(parseLocalFlags([]).operatorToken).toBeUndefined();
  });

  it.each([
    ['short-token', 'at least 16 characters'],
    ['with a space inside it', 'printable ASCII without spaces'],
    ['', 'printable ASCII without spaces'],
  ])('refuses %j without echoing it', (token, problem) => {
    let error: unknown;
    try {
      parseLocalFlags(['--operator-token', token]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(problem);
    if (token !== '') expect((error as Error).message).not.toContain(token);
  });
});

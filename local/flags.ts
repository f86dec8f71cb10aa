import { CHECK_OPTION_HELP, checkKindOf, DEFAULT_CHECK_KIND } from '../cli/check-kind.js';
import { type CommandSpec, formatHelp, nonEmpty, parseCommandLine, UsageError } from '../cli/command-line.js';
import type { CheckKind } from '../shared/types.js';
import { DurationError, parseDuration } from './duration.js';

export { UsageError };

export const DEFAULT_PORT = 3000;
/** The environment variable local mode reads the operator token from when `--operator-token` is not given. */
export const OPERATOR_TOKEN_ENV = 'EFAKTUR_OPERATOR_TOKEN';
/** The shortest operator token: long enough that the API's rate limit makes guessing it hopeless. */
export const MIN_OPERATOR_TOKEN_LENGTH = 16;
export const DEFAULT_DATA_DIR = '.local-data';
/** The demo's probe interval when `--interval` is not given. */
export const DEMO_INTERVAL_MS = 5000;

export const LOCAL_COMMAND: CommandSpec = {
  usage: ['npm start -- [options]', 'npm run demo -- [options]'],
  description:
    'Runs the whole probe fleet on this machine: an embedded DynamoDB, one logical probe per region, the consensus, alerts to the console and a JSON-lines file, and the status API.',
  options: [
    {
      name: 'config',
      type: 'string',
      value: '<file>',
      description: "fleet configuration JSON; its top-level fields replace those of cdk.json's context.fleet",
    },
    {
      name: 'target',
      type: 'string',
      value: '<url>',
      description: 'monitor this one URL instead of the configured targets',
    },
    {
      name: 'check',
      type: 'string',
      value: '<kind>',
      description: `--target: ${CHECK_OPTION_HELP}`,
      default: DEFAULT_CHECK_KIND,
    },
    {
      name: 'regions',
      type: 'string',
      value: '<a,b,c>',
      description: 'probe regions (logical: all probe from this machine); at least 3, AWS region names',
    },
    {
      name: 'interval',
      type: 'string',
      value: '<duration>',
      description: 'probe interval, whole seconds from 5s to 1h: 5s, 90s, 1m',
      default: `the configuration's; ${DEMO_INTERVAL_MS / 1000}s with --demo`,
    },
    {
      name: 'port',
      type: 'string',
      value: '<n>',
      description: 'port of the status API on 127.0.0.1; 0 picks a free one',
      default: String(DEFAULT_PORT),
    },
    {
      name: 'data-dir',
      type: 'string',
      value: '<dir>',
      description: 'where the database and the alert file live',
      default: DEFAULT_DATA_DIR,
    },
    {
      name: 'memory',
      type: 'boolean',
      description: 'keep the database in memory: nothing survives a restart',
    },
    {
      name: 'outbox',
      type: 'string',
      value: '<file>',
      description: 'JSON-lines file alerts are appended to',
      default: '<data-dir>/alerts.jsonl',
    },
    {
      name: 'sns-topic-arn',
      type: 'string',
      value: '<arn>',
      description: 'also publish alerts and email subscriptions to this SNS topic (needs AWS credentials)',
    },
    {
      name: 'channels-dry-run',
      type: 'boolean',
      description: 'print what chat channels and webhooks would be sent instead of sending it',
    },
    {
      name: 'operator-token',
      type: 'string',
      value: '<t>',
      description: `enable POST and DELETE /maintenance for "Authorization: Bearer <t>" (at least ${MIN_OPERATOR_TOKEN_LENGTH} characters; or set ${OPERATOR_TOKEN_ENV}, which stays out of the process list)`,
    },
    {
      name: 'demo',
      type: 'boolean',
      description:
        "start a simulated e-Faktur server and play an outage scenario against it; with --config: its language, policy, regions and channels, the demo's own targets",
    },
  ],
  examples: [
    'npm start',
    'npm start -- --target https://example.com/health --interval 30s',
    'npm start -- --target "https://svc.example.test/?wsdl" --check efaktur-wsdl',
    'npm run demo -- --config examples/demo-webhook.json --channels-dry-run',
  ],
  exitCodes: [
    '0  stopped cleanly (Ctrl-C or SIGTERM)',
    '1  could not start or run (port in use, data directory locked, ...)',
    '2  bad command line or configuration (nothing was started)',
  ],
};

export const USAGE = formatHelp(LOCAL_COMMAND);

export interface LocalFlags {
  readonly configFile?: string;
  readonly target?: { readonly url: string; readonly check: CheckKind };
  readonly regions?: readonly string[];
  readonly intervalMs?: number;
  readonly port: number;
  readonly dataDir: string;
  readonly memory: boolean;
  readonly outbox?: string;
  readonly snsTopicArn?: string;
  readonly demo: boolean;
  readonly channelsDryRun: boolean;
  readonly operatorToken?: string;
  readonly help: boolean;
}

const SNS_TOPIC_ARN =
  /^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

function parseHttpUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // reported below
  }
  throw new UsageError(`--target: ${JSON.stringify(value)} is not an http(s) URL`);
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new UsageError(`--port: ${JSON.stringify(value)} is not a port number (0-65535)`);
  }
  return Number(value);
}

function parseInterval(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(`--interval: ${error.message}`);
    throw error;
  }
  if (ms % 1000 !== 0) throw new UsageError(`--interval: ${value} is not a whole number of seconds`);
  if (ms < 5000 || ms > 3_600_000) throw new UsageError(`--interval: ${value} is outside 5s-1h`);
  return ms;
}

function parseRegions(value: string): string[] {
  const regions = value.split(',').map((r) => r.trim());
  if (regions.some((r) => r === '')) {
    throw new UsageError(`--regions: ${JSON.stringify(value)} has an empty region name`);
  }
  return regions;
}

/** An operator token from `source` (the flag or the environment variable): printable, no spaces, long enough. */
export function parseOperatorToken(source: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new UsageError(`${source}: the operator token must be printable ASCII without spaces`);
  }
  if (value.length < MIN_OPERATOR_TOKEN_LENGTH) {
    throw new UsageError(
      `${source}: the operator token must be at least ${MIN_OPERATOR_TOKEN_LENGTH} characters`,
    );
  }
  return value;
}

/** Parses local mode's command line strictly: an unknown flag, a missing or bad value is a `UsageError`. */
export function parseLocalFlags(argv: readonly string[]): LocalFlags {
  const { values, help } = parseCommandLine(LOCAL_COMMAND, argv);
  const str = (name: string) => values[name] as string | undefined;
  const flag = (name: string) => values[name] === true;
  if (str('check') !== undefined && str('target') === undefined) {
    throw new UsageError('--check: only applies together with --target');
  }
  if (flag('demo') && str('target') !== undefined) {
    throw new UsageError('--demo: plays its own targets; it cannot be combined with --target');
  }
  const snsTopicArn = str('sns-topic-arn');
  if (snsTopicArn !== undefined && !SNS_TOPIC_ARN.test(snsTopicArn)) {
    throw new UsageError(`--sns-topic-arn: ${JSON.stringify(snsTopicArn)} is not an SNS topic ARN`);
  }
  const target = str('target');
  const regions = str('regions');
  const interval = str('interval');
  const port = str('port');
  return {
    configFile: nonEmpty('--config', str('config')),
    target:
      target === undefined ? undefined : { url: parseHttpUrl(target), check: checkKindOf(str('check')) },
    regions: regions === undefined ? undefined : parseRegions(regions),
    intervalMs: interval === undefined ? undefined : parseInterval(interval),
    port: port === undefined ? DEFAULT_PORT : parsePort(port),
    dataDir: nonEmpty('--data-dir', str('data-dir')) ?? DEFAULT_DATA_DIR,
    memory: flag('memory'),
    outbox: nonEmpty('--outbox', str('outbox')),
    snsTopicArn,
    demo: flag('demo'),
    channelsDryRun: flag('channels-dry-run'),
    operatorToken: parseOperatorToken('--operator-token', str('operator-token')),
    help,
  };
}

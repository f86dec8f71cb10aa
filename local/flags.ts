import { parseArgs } from 'node:util';
import { CHECK_KINDS, type CheckKind } from '../shared/types.js';
import { DurationError, parseDuration } from './duration.js';

/** A command line that local mode cannot run: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const DEFAULT_PORT = 3000;
/** The environment variable local mode reads the operator token from when `--operator-token` is not given. */
export const OPERATOR_TOKEN_ENV = 'EFAKTUR_OPERATOR_TOKEN';
/** The shortest operator token: long enough that the API's rate limit makes guessing it hopeless. */
export const MIN_OPERATOR_TOKEN_LENGTH = 16;
export const DEFAULT_DATA_DIR = '.local-data';
/** The demo's probe interval when `--interval` is not given. */
export const DEMO_INTERVAL_MS = 5000;

export const USAGE = `Usage: npm start -- [options]        (or: node --import tsx cli/local.ts [options])
       npm run demo -- [options]

Runs the whole probe fleet on this machine: an embedded DynamoDB, one logical probe per region,
the consensus, alerts to the console and a JSON-lines file, and the status API.

Options:
  --config <file>        fleet configuration JSON; its top-level fields replace those of cdk.json's context.fleet
  --target <url>         monitor this one URL instead of the configured targets
  --check <kind>         how --target's answer is classified: ${CHECK_KINDS.join(', ')} (default: http)
  --regions <a,b,c>      probe regions (logical: all probe from this machine); at least 3, AWS region names
  --interval <duration>  probe interval, whole seconds from 5s to 1h: 5s, 90s, 1m (default: the configuration's)
  --port <n>             port of the status API on 127.0.0.1 (default: ${DEFAULT_PORT}; 0 picks a free one)
  --data-dir <dir>       where the database and the alert file live (default: ${DEFAULT_DATA_DIR})
  --memory               keep the database in memory: nothing survives a restart
  --outbox <file>        JSON-lines file alerts are appended to (default: <data-dir>/alerts.jsonl)
  --sns-topic-arn <arn>  also publish alerts to this SNS topic (needs AWS credentials)
  --channels-dry-run     print what chat channels and webhooks would be sent instead of sending it
  --operator-token <t>   enable POST and DELETE /maintenance for "Authorization: Bearer <t>" (at least
                         ${MIN_OPERATOR_TOKEN_LENGTH} characters; or set ${OPERATOR_TOKEN_ENV}, which stays out of the process list)
  --demo                 start a simulated e-Faktur server and play an outage scenario against it
                         (with --config: its language, policy, regions and channels; the demo's own targets)
  -h, --help             show this help`;

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

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag}: must not be empty`);
  return value;
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
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const check = values.check;
  if (check !== undefined && !(CHECK_KINDS as readonly string[]).includes(check)) {
    throw new UsageError(`--check: ${JSON.stringify(check)} is not one of ${CHECK_KINDS.join(', ')}`);
  }
  if (check !== undefined && values.target === undefined) {
    throw new UsageError('--check: only applies together with --target');
  }
  if (values.demo && values.target !== undefined) {
    throw new UsageError('--demo: plays its own targets; it cannot be combined with --target');
  }
  const snsTopicArn = values['sns-topic-arn'];
  if (snsTopicArn !== undefined && !SNS_TOPIC_ARN.test(snsTopicArn)) {
    throw new UsageError(`--sns-topic-arn: ${JSON.stringify(snsTopicArn)} is not an SNS topic ARN`);
  }
  return {
    configFile: nonEmpty('--config', values.config),
    target:
      values.target === undefined
        ? undefined
        : { url: parseHttpUrl(values.target), check: (check ?? 'http') as CheckKind },
    regions: values.regions === undefined ? undefined : parseRegions(values.regions),
    intervalMs: values.interval === undefined ? undefined : parseInterval(values.interval),
    port: values.port === undefined ? DEFAULT_PORT : parsePort(values.port),
    dataDir: nonEmpty('--data-dir', values['data-dir']) ?? DEFAULT_DATA_DIR,
    memory: values.memory ?? false,
    outbox: nonEmpty('--outbox', values.outbox),
    snsTopicArn,
    demo: values.demo ?? false,
    channelsDryRun: values['channels-dry-run'] ?? false,
    operatorToken: parseOperatorToken('--operator-token', values['operator-token']),
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string' },
      target: { type: 'string' },
      check: { type: 'string' },
      regions: { type: 'string' },
      interval: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      memory: { type: 'boolean' },
      outbox: { type: 'string' },
      'sns-topic-arn': { type: 'string' },
      demo: { type: 'boolean' },
      'channels-dry-run': { type: 'boolean' },
      'operator-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

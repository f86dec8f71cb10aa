import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, parseFleetConfig, type TargetConfig } from '../shared/config/fleet-config.js';
import { formatSeconds } from '../shared/probe/format.js';
import { type ProbeDeps, probeTarget } from '../shared/probe/probe-target.js';
import { redactUrl } from '../shared/probe/redact-url.js';
import { CHECK_KINDS, type CheckKind, type CheckOutcome } from '../shared/types.js';

export const USAGE = `usage: npm run -s probe -- --url <URL> [options]

Checks one URL the way the fleet's probes do and prints what they would record.

  --url <URL>                 http(s) address to check (required)
  --check <kind>              ${CHECK_KINDS.join(' | ')} (default efaktur-wsdl)
  --timeout-ms <N>            hard deadline of one attempt, 1000-60000 (default 10000)
  --degraded-after-ms <N>     a valid answer slower than this is degraded
                              (default 3000, or just under --timeout-ms when that is shorter)
  --retry-delay-ms <N>        pause before the confirming retry of a non-up answer, 0-30000 (default 2000)
  --max-body-bytes <N>        reading stops past this, 1024-16777216 (default 1048576)
  --expect-status <codes>     http checks: comma-separated status codes that count as up (default 200)
  --must-contain <text>       http checks: text the body must contain
  --must-not-contain <text>   http checks: text the body must not contain
  --insecure                  accept any TLS certificate
  --json                      print one JSON object instead of one line
  --help                      print this help

Exit status: 0 whatever the target answered; 2 for bad arguments.`;

/** Arguments the CLI cannot run with; the message names the flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliOptions {
  readonly target: TargetConfig;
  readonly insecure: boolean;
  readonly json: boolean;
}

const DEFAULT_DEGRADED_AFTER_MS = 3000;

const FLAG_OF_FIELD: Record<string, string> = {
  url: '--url',
  check: '--check',
  timeoutMs: '--timeout-ms',
  degradedAfterMs: '--degraded-after-ms',
  retryDelayMs: '--retry-delay-ms',
  maxBodyBytes: '--max-body-bytes',
  expectStatus: '--expect-status',
  mustContain: '--must-contain',
  mustNotContain: '--must-not-contain',
};

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag}: "${value}" is not a whole number`);
  return Number(value);
}

/** Parses the command line; `null` means help was asked for. Throws `UsageError`. */
export function parseCliArgs(argv: readonly string[]): CliOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        check: { type: 'string' },
        'timeout-ms': { type: 'string' },
        'degraded-after-ms': { type: 'string' },
        'retry-delay-ms': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'expect-status': { type: 'string' },
        'must-contain': { type: 'string' },
        'must-not-contain': { type: 'string' },
        insecure: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  const str = (name: string) => values[name] as string | undefined;
  const url = str('url');
  if (url === undefined) throw new UsageError('--url is required');
  const check = str('check') ?? 'efaktur-wsdl';
  if (!(CHECK_KINDS as readonly string[]).includes(check)) {
    throw new UsageError(`--check: "${check}" is not one of ${CHECK_KINDS.join(', ')}`);
  }
  const expectStatus = str('expect-status')
    ?.split(',')
    .map((code) => wholeNumber('--expect-status', code.trim()));
  const timeoutMs = wholeNumber('--timeout-ms', str('timeout-ms'));
  // A short --timeout-ms alone must not trip the rule that degradedAfterMs stays below it.
  const degradedAfterMs =
    wholeNumber('--degraded-after-ms', str('degraded-after-ms')) ??
    (timeoutMs !== undefined && timeoutMs <= DEFAULT_DEGRADED_AFTER_MS
      ? Math.max(timeoutMs - 1, 1)
      : undefined);
  const raw = {
    id: 'cli',
    name: 'cli',
    url,
    check: check as CheckKind,
    timeoutMs,
    degradedAfterMs,
    retryDelayMs: wholeNumber('--retry-delay-ms', str('retry-delay-ms')),
    maxBodyBytes: wholeNumber('--max-body-bytes', str('max-body-bytes')),
    expectStatus,
    mustContain: str('must-contain'),
    mustNotContain: str('must-not-contain'),
  };
  try {
    // The fleet's own rules, so the CLI checks exactly what a configured target would.
    const config = parseFleetConfig({ targets: [JSON.parse(JSON.stringify(raw))] });
    return { target: config.targets[0]!, insecure: values.insecure === true, json: values.json === true };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map((p) =>
      p.replace(
        /^targets\[0\]\.(\w+)(\[\d+\])?:/,
        (_all, field: string) => `${FLAG_OF_FIELD[field] ?? field}:`,
      ),
    );
    throw new UsageError(problems.join('\n'));
  }
}

/** The one JSON object `--json` prints. */
export function cliReport(target: TargetConfig, reported: CheckOutcome, attempts: readonly CheckOutcome[]) {
  return {
    url: redactUrl(target.url),
    check: target.check,
    status: reported.status,
    reason: reported.reason,
    detail: reported.detail,
    httpStatus: reported.httpStatus,
    timings: reported.timings,
    bytes: reported.bytes,
    remoteAddress: reported.remoteAddress,
    tls: reported.tls,
    redirects: reported.redirects,
    checkedAt: reported.startedAt,
    attempts,
  };
}

function readableLine(reported: CheckOutcome, attempts: readonly CheckOutcome[]): string {
  const facts = [
    reported.httpStatus === null ? 'no HTTP answer' : `HTTP ${reported.httpStatus}`,
    formatSeconds(reported.timings.totalMs),
    attempts.length === 1 ? '1 attempt' : `${attempts.length} attempts`,
    ...(reported.tls
      ? [`certificate valid until ${reported.tls.validTo.slice(0, 10)} (${reported.tls.daysLeft} days)`]
      : []),
  ];
  return `${reported.status} (${reported.reason}) ${reported.detail} [${facts.join(', ')}]`;
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Runs the CLI; resolves with the exit status. */
export async function runProbeCli(argv: readonly string[], io: CliIo, deps: ProbeDeps = {}): Promise<number> {
  let options: CliOptions | null;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === null) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const { target } = options;
  const { reported, attempts } = await probeTarget(target, { ...deps, insecure: options.insecure });
  io.stdout(
    options.json
      ? `${JSON.stringify(cliReport(target, reported, attempts), null, 2)}\n`
      : `${readableLine(reported, attempts)}\n`,
  );
  return 0;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  runProbeCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`probe failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, parseFleetConfig, type TargetConfig } from '../shared/config/fleet-config.js';
import { formatSeconds } from '../shared/probe/format.js';
import { type ProbeDeps, probeTarget } from '../shared/probe/probe-target.js';
import { redactUrl } from '../shared/probe/redact-url.js';
import type { CheckOutcome } from '../shared/types.js';
import { CHECK_OPTION_HELP, checkKindOf, DEFAULT_CHECK_KIND } from './check-kind.js';
import {
  type CommandSpec,
  EXIT,
  errorText,
  formatHelp,
  parseCommandLine,
  UsageError,
  usageErrorText,
  wholeNumber,
} from './command-line.js';

export const PROBE_COMMAND: CommandSpec = {
  usage: ['npm run -s probe -- --url <url> [options]'],
  description: "Checks one URL the way the fleet's probes do and prints what they would record.",
  options: [
    { name: 'url', type: 'string', value: '<url>', description: 'http(s) address to check (required)' },
    {
      name: 'check',
      type: 'string',
      value: '<kind>',
      description: CHECK_OPTION_HELP,
      default: DEFAULT_CHECK_KIND,
    },
    {
      name: 'timeout-ms',
      type: 'string',
      value: '<n>',
      description: 'hard deadline of one attempt, 1000-60000',
      default: '10000',
    },
    {
      name: 'degraded-after-ms',
      type: 'string',
      value: '<n>',
      description: 'a valid answer slower than this is degraded',
      default: '3000, or just under --timeout-ms when that is shorter',
    },
    {
      name: 'retry-delay-ms',
      type: 'string',
      value: '<n>',
      description: 'pause before the confirming retry of a non-up answer, 0-30000',
      default: '2000',
    },
    {
      name: 'max-body-bytes',
      type: 'string',
      value: '<n>',
      description: 'reading stops past this, 1024-16777216',
      default: '1048576',
    },
    {
      name: 'expect-status',
      type: 'string',
      value: '<codes>',
      description: 'http checks: comma-separated status codes that count as up',
      default: '200',
    },
    {
      name: 'must-contain',
      type: 'string',
      value: '<text>',
      description: 'http checks: text the body must contain',
    },
    {
      name: 'must-not-contain',
      type: 'string',
      value: '<text>',
      description: 'http checks: text the body must not contain',
    },
    { name: 'insecure', type: 'boolean', description: 'accept any TLS certificate' },
    { name: 'json', type: 'boolean', description: 'print one JSON object instead of one line' },
  ],
  examples: [
    'npm run -s probe -- --url https://example.com/health',
    'npm run -s probe -- --url "https://svc.example.test/?wsdl" --check efaktur-wsdl',
    'npm run -s probe -- --url https://example.com/ --must-contain Welcome --json',
  ],
  exitCodes: [
    '0  the check ran, whatever the target answered',
    '1  the check itself failed',
    '2  bad command line (nothing was checked)',
  ],
};

/** The usage text `--help` prints. */
export const USAGE = formatHelp(PROBE_COMMAND);

export { UsageError };

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

/** The target the flags describe, before the fleet's rules check it. */
function rawTarget(str: (name: string) => string | undefined) {
  const url = str('url');
  if (url === undefined) throw new UsageError('--url is required');
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
  return {
    id: 'cli',
    name: 'cli',
    url,
    check: checkKindOf(str('check')),
    timeoutMs,
    degradedAfterMs,
    retryDelayMs: wholeNumber('--retry-delay-ms', str('retry-delay-ms')),
    maxBodyBytes: wholeNumber('--max-body-bytes', str('max-body-bytes')),
    expectStatus,
    mustContain: str('must-contain'),
    mustNotContain: str('must-not-contain'),
  };
}

/** Parses the command line; `null` means help was asked for. Throws `UsageError`. */
export function parseCliArgs(argv: readonly string[]): CliOptions | null {
  const { values, help } = parseCommandLine(PROBE_COMMAND, argv);
  if (help) return null;
  const raw = rawTarget((name) => values[name] as string | undefined);
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
    io.stderr(usageErrorText(error));
    return EXIT.usage;
  }
  if (options === null) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const { target } = options;
  const { reported, attempts } = await probeTarget(target, { ...deps, insecure: options.insecure });
  io.stdout(
    options.json
      ? `${JSON.stringify(cliReport(target, reported, attempts), null, 2)}\n`
      : `${readableLine(reported, attempts)}\n`,
  );
  return EXIT.ok;
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
      process.stderr.write(
        errorText(`the check failed: ${error instanceof Error ? error.message : String(error)}`),
      );
      process.exitCode = EXIT.failed;
    },
  );
}

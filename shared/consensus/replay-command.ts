import { parseArgs } from 'node:util';
import { wibClockSeconds } from '../alerts/wib-time.js';
import { ConfigError, parseFleetConfig, resolvePolicy } from '../config/fleet-config.js';
import { ResultLineError } from '../replay/result-line.js';
import type { Transition } from '../types.js';
import { parseResultLines, regionsOf, replay } from './replay.js';

export const REPLAY_USAGE =
  'usage: npm run -s replay -- <results.jsonl | -> [--regions a,b,c] [--interval-s 60] [--policy policy.json] [--json]';

/** Where the replay command reads and writes (the CLI passes the file system and the standard streams). */
export interface ReplayIo {
  /** The text of a file; `-` is standard input. */
  readText(path: string): Promise<string>;
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes: 0 done, 2 bad usage or bad input (nothing replayed). */
export type ReplayExitCode = 0 | 2;

/** One transition as `--json` prints it. */
export function transitionJson(t: Transition) {
  return {
    at: t.at,
    target: t.targetId,
    from: t.from,
    to: t.to,
    rule: t.rule,
    audience: t.audience ?? 'subscribers',
    votes: t.votes,
  };
}

/** One transition as a line of text: time (UTC and WIB), target, change, rule, audience, each region's vote. */
export function transitionText(t: Transition): string {
  const votes = t.votes
    .map((v) => `${v.region}=${v.status}(${v.reason}${v.excluded !== undefined ? `,${v.excluded}` : ''})`)
    .join(' ');
  return [
    t.at,
    wibClockSeconds(t.at),
    t.targetId,
    `${t.from} -> ${t.to}`,
    t.rule,
    t.audience ?? 'subscribers',
    votes,
  ].join('  ');
}

class UsageError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
    this.name = 'UsageError';
  }
}

async function readPolicy(io: ReplayIo, path: string | undefined): Promise<unknown> {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await io.readText(path);
  } catch (error) {
    throw new UsageError([`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError([`${path}: is not valid JSON (${(error as Error).message})`]);
  }
  // A whole fleet configuration works too: only its policy is used.
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'policy' in raw) return raw.policy;
  return raw;
}

function policyOf(intervalText: string | undefined, rawPolicy: unknown, policyPath: string | undefined) {
  const interval = intervalText === undefined ? 60 : Number(intervalText);
  if (intervalText !== undefined && (intervalText.trim() === '' || !Number.isFinite(interval))) {
    throw new UsageError([`--interval-s: "${intervalText}" is not a number of seconds`]);
  }
  try {
    const config = parseFleetConfig({
      probeIntervalSeconds: interval,
      ...(rawPolicy !== undefined && { policy: rawPolicy }),
    });
    return resolvePolicy(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new UsageError(
      error.problems.map((p) =>
        p.startsWith('probeIntervalSeconds')
          ? p.replace('probeIntervalSeconds', '--interval-s')
          : `${policyPath ?? '--policy'}: ${p}`,
      ),
    );
  }
}

function parseReplayArgs(argv: readonly string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        regions: { type: 'string' },
        'interval-s': { type: 'string' },
        policy: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError(['exactly one results file is needed']);
    return { values, file: positionals[0]! };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError([(error as Error).message]);
  }
}

/**
 * `replay <results.jsonl> [--regions a,b,c] [--interval-s 60] [--policy policy.json] [--json]`: prints one line
 * per transition (one JSON object per line with `--json`) and a summary on the error stream.
 */
export async function runReplayCommand(argv: readonly string[], io: ReplayIo): Promise<ReplayExitCode> {
  try {
    const { values, file } = parseReplayArgs(argv);
    const policy = policyOf(values['interval-s'], await readPolicy(io, values.policy), values.policy);
    let text: string;
    try {
      text = await io.readText(file);
    } catch (error) {
      throw new UsageError([`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
    let lines: ReturnType<typeof parseResultLines>;
    try {
      lines = parseResultLines(text);
    } catch (error) {
      if (error instanceof ResultLineError) throw new UsageError([`${file}: ${error.message}`]);
      throw error;
    }

    const regions =
      values.regions === undefined
        ? regionsOf(lines)
        : [
            ...new Set(
              values.regions
                .split(',')
                .map((r) => r.trim())
                .filter((r) => r !== ''),
            ),
          ];
    if (values.regions !== undefined && regions.length === 0)
      throw new UsageError(['--regions: no region named']);
    if (typeof policy.quorum === 'number' && regions.length > 0 && policy.quorum > regions.length) {
      throw new UsageError([
        `policy.quorum: ${policy.quorum} is more than the ${regions.length} regions replayed`,
      ]);
    }

    const transitions = replay(lines, { regions, policy });
    for (const t of transitions) io.out(values.json ? JSON.stringify(transitionJson(t)) : transitionText(t));
    const targets = new Set(lines.map((l) => l.target ?? 'target')).size;
    const announced = transitions.filter((t) => t.audience !== 'ops').length;
    io.err(
      `replayed ${lines.length} results of ${targets} target(s) from ${regions.length} region(s) (${regions.join(', ')}): ` +
        `${transitions.length} transition(s), ${announced} for subscribers`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const line of error.lines) io.err(line);
    io.err(REPLAY_USAGE);
    return 2;
  }
}

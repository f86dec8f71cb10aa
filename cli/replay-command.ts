import { wibClockSeconds } from '../shared/alerts/wib-time.js';
import {
  ConfigError,
  type FleetConfig,
  fleetConfigSchema,
  parseFleetConfig,
  resolvePolicy,
} from '../shared/config/fleet-config.js';
import { DEFAULT_REPLAY_TARGET, ReplayEngine } from '../shared/consensus/replay.js';
import { regionNameProblem } from '../shared/replay/names.js';
import { isUtf16 } from '../shared/replay/read-lines.js';
import { conflictProblem, READ_LIMITS, readResults } from '../shared/replay/read-results.js';
import { DuplicateFilter } from '../shared/replay/replay-record.js';
import {
  MemorySpillStore,
  SortedRecords,
  SpillError,
  type SpillStore,
} from '../shared/replay/sorted-records.js';
import type { ConsensusPolicy, Transition } from '../shared/types.js';
import {
  type CommandSpec,
  EXIT,
  formatHelp,
  parseCommandLine,
  RUN_WITH_HELP,
  UsageError,
} from './command-line.js';

export const REPLAY_COMMAND: CommandSpec = {
  usage: ['npm run -s replay -- <results.jsonl | -> [options]'],
  description:
    'Replays stored probe results through the consensus and prints each transition it would declare: one line each (UTC, WIB, target, change, rule, audience, votes), and a summary on the error stream. - reads standard input.',
  options: [
    {
      name: 'regions',
      type: 'string',
      value: '<a,b,c>',
      description: "the fleet's probe regions; results of other regions are ignored",
      default: 'the regions in the file',
    },
    {
      name: 'interval-s',
      type: 'string',
      value: '<n>',
      description: 'the probe interval in seconds, which the policy is measured in',
      default: "the configuration's, 60",
    },
    {
      name: 'policy',
      type: 'string',
      value: '<file>',
      description: 'a consensus policy JSON, or a whole fleet configuration',
      default: 'the default policy',
    },
    { name: 'json', type: 'boolean', description: 'print one JSON object per transition' },
  ],
  positionals: { min: 1, max: 1, name: 'results file' },
  examples: [
    'npm run -s replay -- results.jsonl',
    'npm run -s replay -- results.jsonl --policy fleet.json --json | jq .',
    'zcat results.jsonl.gz | npm run -s replay -- - --regions ap-southeast-1,ap-southeast-3,ap-northeast-1',
  ],
  exitCodes: [
    '0  replayed (warnings, if any, on the error stream)',
    '1  the replay itself failed',
    '2  bad command line, policy or results (nothing was replayed)',
  ],
};

/** The usage text `--help` prints. */
export const REPLAY_USAGE = formatHelp(REPLAY_COMMAND);

/** A policy file or a fleet configuration is a few kilobytes; larger is not one. */
export const MAX_POLICY_FILE_CHARS = 1024 * 1024;

interface ReplayOutput {
  out(line: string): void;
  err(line: string): void;
  /** Something to wait for before more output, while its reader is behind (absent or `undefined`: none). */
  ready?(): Promise<void> | undefined;
  /** Where a large file is sorted in runs. @default memory */
  readonly spill?: SpillStore;
}

/**
 * Where the replay command reads and writes: the CLI streams files (`open`) and the standard streams; tests may
 * give files as whole texts (`readText`). `-` is standard input.
 */
export type ReplayIo = ReplayOutput &
  ({ open(path: string): AsyncIterable<Uint8Array | string> } | { readText(path: string): Promise<string> });

/** Exit codes: 0 done (warnings, if any, on the error stream), 2 bad usage or bad input (nothing replayed). */
export type ReplayExitCode = typeof EXIT.ok | typeof EXIT.usage;

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

/** Stops the command with exit code 2; `usage`: the command line itself is wrong, so the usage is shown too. */
class CommandError extends Error {
  constructor(
    readonly lines: readonly string[],
    readonly usage = false,
  ) {
    super(lines.join('\n'));
    this.name = 'CommandError';
  }
}

function chunksOf(io: ReplayIo, path: string): AsyncIterable<Uint8Array | string> {
  if ('open' in io) return io.open(path);
  return (async function* () {
    yield await io.readText(path);
  })();
}

/** Runs `work` on a file, turning an I/O error into "cannot be read" (a full disk for temporary files apart). */
async function reading<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SpillError) throw new CommandError([error.message]);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new CommandError([`${path}: cannot be read (${code})`]);
    throw error;
  }
}

async function readSmallText(io: ReplayIo, path: string): Promise<string> {
  return reading(path, async () => {
    const decoder = new TextDecoder('utf-8');
    let text = '';
    for await (const chunk of chunksOf(io, path)) {
      if (text === '' && typeof chunk !== 'string' && isUtf16(chunk)) {
        throw new CommandError([`${path}: the file is UTF-16 text; save it as UTF-8`]);
      }
      text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text.length > MAX_POLICY_FILE_CHARS) {
        throw new CommandError([
          `${path}: larger than ${MAX_POLICY_FILE_CHARS} characters; this is no policy`,
        ]);
      }
    }
    return (text + decoder.decode()).replace(/^\uFEFF/, '');
  });
}

interface ReplayArguments {
  readonly file: string;
  readonly regions: string | undefined;
  readonly interval: string | undefined;
  readonly policy: string | undefined;
  readonly json: boolean;
}

/** The command line; `null` when help was asked for. */
function parseArguments(argv: readonly string[]): ReplayArguments | null {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(REPLAY_COMMAND, argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new CommandError([error.message], true);
  }
  if (parsed.help) return null;
  const { values, positionals } = parsed;
  const str = (name: string) => values[name] as string | undefined;
  const file = positionals[0]!;
  const policy = str('policy');
  if (file === '-' && policy === '-') throw new CommandError(['standard input can be read only once'], true);
  return { file, regions: str('regions'), interval: str('interval-s'), policy, json: values.json === true };
}

/** `--regions a,b,c`: names as the configuration writes them, no repeats, at least as many as a fleet needs. */
function namedRegions(text: string): string[] {
  const names = text.split(',').map((r) => r.trim());
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') {
      problems.push('--regions: an empty name (two commas in a row, or one at an end)');
      continue;
    }
    const problem = regionNameProblem(name);
    if (problem !== null) problems.push(`--regions: ${problem}`);
    else if (seen.has(name)) problems.push(`--regions: "${name}" is listed twice`);
    seen.add(name);
  }
  if (problems.length === 0) {
    const count = regionCountProblem([...seen]);
    if (count !== null) problems.push(`--regions: ${count} (${seen.size} named)`);
  }
  if (seen.size > READ_LIMITS.regions) problems.push(`--regions: more than ${READ_LIMITS.regions} regions`);
  if (problems.length > 0) throw new CommandError(problems, true);
  return [...seen];
}

/** What the configuration says of a fleet with these probe regions (`null`: enough of them). */
function regionCountProblem(regions: readonly string[]): string | null {
  try {
    parseFleetConfig({ probeRegions: regions });
    return null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problem = error.problems.find((p) => p.startsWith('probeRegions: '));
    return problem === undefined ? null : problem.slice('probeRegions: '.length);
  }
}

const FLEET_CONFIG_FIELDS = new Set(Object.keys(fleetConfigSchema.shape));
/** The configuration checks a fixed quorum against its own probe regions; a replay checks it against its own. */
const QUORUM_OVER_PROBE_REGIONS = /^policy\.quorum: \d+ is more than the \d+ probe regions$/;

interface Settings {
  readonly policy: ConsensusPolicy;
  /** Where the policy came from, to name in messages about it. */
  readonly policyOrigin: string;
  readonly warnings: readonly string[];
}

/** The policy of `--policy` (a policy, or a whole fleet configuration) measured in `--interval-s`. */
async function settingsOf(
  io: ReplayIo,
  policyPath: string | undefined,
  intervalText: string | undefined,
): Promise<Settings> {
  let interval: number | undefined;
  if (intervalText !== undefined) {
    if (!/^\s*\d+(\.\d+)?\s*$/.test(intervalText)) {
      throw new CommandError([`--interval-s: "${intervalText}" is not a number of seconds`], true);
    }
    interval = Number(intervalText);
  }
  const withInterval = (raw: Record<string, unknown>) =>
    interval === undefined ? raw : { ...raw, probeIntervalSeconds: interval };
  /** The configuration's verdict; problems name the option or the file, and the field. */
  const parse = (raw: Record<string, unknown>, ignored?: RegExp): FleetConfig | null => {
    try {
      return parseFleetConfig(withInterval(raw));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const problems = error.problems.filter((p) => ignored === undefined || !ignored.test(p));
      if (problems.length === 0) return null;
      const lines = problems.map((p) =>
        p.startsWith('probeIntervalSeconds: ') && interval !== undefined
          ? p.replace('probeIntervalSeconds', '--interval-s')
          : `${policyPath}: ${p}`,
      );
      throw new CommandError(
        lines,
        lines.some((l) => l.startsWith('--')),
      );
    }
  };

  if (policyPath === undefined) {
    return { policy: resolvePolicy(parse({})!), policyOrigin: 'policy', warnings: [] };
  }
  const policyOrigin = `${policyPath}: policy`;
  const text = await readSmallText(io, policyPath);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CommandError([`${policyPath}: is not valid JSON (${(error as Error).message})`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CommandError([
      `${policyPath}: must be a JSON object: a policy, or a whole fleet configuration`,
    ]);
  }
  const object = raw as Record<string, unknown>;

  if (Object.keys(object).some((k) => FLEET_CONFIG_FIELDS.has(k))) {
    // A whole configuration, checked as a deploy would: its policy and probe interval are the replay's.
    const own = object.probeIntervalSeconds;
    const warnings =
      interval !== undefined && own !== undefined && own !== interval
        ? [`--interval-s ${interval} replaces probeIntervalSeconds ${JSON.stringify(own)} of ${policyPath}`]
        : [];
    return { policy: resolvePolicy(parse(object)!), policyOrigin, warnings };
  }

  // The policy fields alone.
  const config = parse({ policy: object }, QUORUM_OVER_PROBE_REGIONS);
  if (config !== null) return { policy: resolvePolicy(config), policyOrigin, warnings: [] };
  // Refused only for a quorum above the configuration's default three regions: the replayed ones count instead.
  const resolved = resolvePolicy(parse({ policy: { ...object, quorum: 'majority' } })!);
  return { policy: { ...resolved, quorum: object.quorum as number }, policyOrigin, warnings: [] };
}

type ReadOutcome = Awaited<ReturnType<typeof readResults>>;

/** The regions that vote: `--regions`, else those of the file (enough of them for a fleet). */
function votingRegions(
  file: string,
  read: ReadOutcome,
  named: readonly string[] | undefined,
  warn: (message: string) => void,
): readonly string[] {
  const inFile = [...read.regions.keys()];
  if (inFile.length === 0) throw new CommandError([`${file}: no results (empty, or only blank lines)`]);
  if (named === undefined) {
    const count = regionCountProblem(inFile);
    if (count !== null) {
      throw new CommandError([
        `${file}: results of ${inFile.length} region(s) only (${inFile.join(', ')}): ${count}; ` +
          "name the fleet's regions with --regions",
      ]);
    }
    return inFile;
  }
  if (read.kept === 0) {
    throw new CommandError([
      `--regions: no results of ${named.join(', ')} in ${file}, which has results of ${inFile.join(', ')}`,
    ]);
  }
  for (const r of named)
    if (!read.regions.has(r)) warn(`--regions: ${r} has no results in ${file}; it never votes`);
  for (const [r, seen] of read.regions) {
    if (!named.includes(r)) warn(`${file}: ${seen.results} result(s) of ${r} ignored: not in --regions`);
  }
  return named;
}

/** Repeated results: counted once, warned about; conflicting ones (same result, other content) stop the replay. */
async function countCopies(
  file: string,
  read: ReadOutcome,
  sorted: SortedRecords,
  warn: (message: string) => void,
): Promise<number> {
  let { copies, firstCopy } = read;
  if (!read.copiesComplete) {
    // Repeated lines not next to each other are found in the sorted results, before anything is printed.
    copies = 0;
    firstCopy = null;
    const conflicts: string[] = [];
    await reading(file, async () => {
      const unique = new DuplicateFilter();
      for await (const record of sorted.read()) {
        const admission = unique.admit(record);
        if (admission.kind === 'copy' && copies++ === 0) firstCopy = { line: record.line, of: admission.of };
        if (admission.kind === 'conflict' && conflicts.length < READ_LIMITS.problems) {
          conflicts.push(`${file}: ${conflictProblem(record.line, admission.with)}`);
        }
      }
    });
    if (conflicts.length > 0) throw new CommandError(conflicts);
  }
  if (firstCopy !== null) {
    const { line, of } = firstCopy as { line: number; of: number };
    warn(`${file}: ${copies} repeated result(s) counted once (line ${line} repeats line ${of})`);
  }
  return copies;
}

/** Feeds the sorted results to the consensus and prints each transition; returns how many, and for whom. */
async function play(
  io: ReplayIo,
  args: ReplayArguments,
  sorted: SortedRecords,
  regions: readonly string[],
  policy: ConsensusPolicy,
): Promise<{ transitions: number; announced: number }> {
  let transitions = 0;
  let announced = 0;
  const engine = new ReplayEngine({
    regions,
    policy,
    onTransition: (t) => {
      transitions++;
      if (t.audience !== 'ops') announced++;
      io.out(args.json ? JSON.stringify(transitionJson(t)) : transitionText(t));
    },
  });
  await reading(args.file, async () => {
    const unique = new DuplicateFilter();
    for await (const record of sorted.read()) {
      if (unique.admit(record).kind !== 'new') continue;
      engine.add(record);
      const ready = io.ready?.();
      if (ready !== undefined) await ready;
    }
  });
  engine.finish();
  return { transitions, announced };
}

/** The replay of a parsed command line; throws `CommandError` for what stops it. */
async function replay(args: ReplayArguments, io: ReplayIo): Promise<void> {
  const named = args.regions === undefined ? undefined : namedRegions(args.regions);
  const settings = await settingsOf(io, args.policy, args.interval);
  const warn = (message: string) => io.err(`warning: ${message}`);
  for (const w of settings.warnings) warn(w);
  const { file } = args;
  const sorted = new SortedRecords(io.spill ?? new MemorySpillStore());
  const read = await reading(file, () =>
    readResults(chunksOf(io, file), sorted, {
      defaultTarget: DEFAULT_REPLAY_TARGET,
      ...(named !== undefined && { voting: new Set(named) }),
    }),
  );
  if (read.problems.length > 0) throw new CommandError(read.problems.map((p) => `${file}: ${p}`));
  const regions = votingRegions(file, read, named, warn);
  const { quorum } = settings.policy;
  if (typeof quorum === 'number' && quorum > regions.length) {
    throw new CommandError([
      `${settings.policyOrigin}.quorum: ${quorum} is more than the ${regions.length} regions replayed`,
    ]);
  }
  const copies = await countCopies(file, read, sorted, warn);
  const { transitions, announced } = await play(io, args, sorted, regions, settings.policy);
  io.err(
    `replayed ${read.kept - copies} results of ${read.targets.size} target(s) from ${regions.length} region(s) ` +
      `(${regions.join(', ')}): ${transitions} transition(s), ${announced} for subscribers`,
  );
}

/**
 * `replay <results.jsonl> [--regions a,b,c] [--interval-s 60] [--policy policy.json] [--json]`: prints one line
 * per transition (one JSON object per line with `--json`) and a summary on the error stream. Reads the file as a
 * stream and holds a bounded part of it; errors (`error:`) stop it with nothing replayed, warnings do not.
 */
export async function runReplayCommand(argv: readonly string[], io: ReplayIo): Promise<ReplayExitCode> {
  try {
    const args = parseArguments(argv);
    if (args === null) {
      io.out(REPLAY_USAGE.trimEnd());
      return EXIT.ok;
    }
    await replay(args, io);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    for (const line of error.lines) io.err(`error: ${line}`);
    if (error.usage) io.err(RUN_WITH_HELP);
    return EXIT.usage;
  }
}

import { regionNameProblem, targetIdProblem } from './names.js';
import { LineReadError, readLines } from './read-lines.js';
import { compareKeys, DuplicateFilter, type ReplayRecord, recordOf } from './replay-record.js';
import { parseResultLine, ResultLineError } from './result-line.js';
import type { SortedRecords } from './sorted-records.js';

/** What one replay takes at most. */
export interface ReadLimits {
  readonly results: number;
  readonly regions: number;
  readonly targets: number;
  /** Bad lines reported before reading stops. */
  readonly problems: number;
}

export const READ_LIMITS: ReadLimits = {
  // About four years of two targets seen from three regions every minute.
  results: 10_000_000,
  // AWS has fewer than 40 regions.
  regions: 64,
  targets: 1000,
  problems: 10,
};

export interface ReadResultsOptions {
  /** The regions that vote (`--regions`); results of others are counted, not kept. @default every region */
  readonly voting?: ReadonlySet<string>;
  readonly defaultTarget: string;
  /** @default `READ_LIMITS` */
  readonly limits?: ReadLimits;
}

export interface RegionSeen {
  readonly firstLine: number;
  results: number;
}

export interface ResultsRead {
  /** Every region of the file, in order of first appearance. */
  readonly regions: ReadonlyMap<string, RegionSeen>;
  /** Targets of the results kept. */
  readonly targets: ReadonlySet<string>;
  /** Results kept (of the voting regions), duplicates included. */
  readonly kept: number;
  /** `line N: field: rule`, in file order; empty when every line is a valid result. */
  readonly problems: readonly string[];
  /**
   * Repeated results found next to each other, with the first pair. When the file is in time order (or
   * its reverse) that is all of them, and `copiesComplete` says so; else the sorted results must be checked.
   */
  readonly copies: number;
  readonly firstCopy: { readonly line: number; readonly of: number } | null;
  readonly copiesComplete: boolean;
}

/**
 * Reads results line by line into `sorted`, checking each line (fields, time, status) and each new region and
 * target name against the configuration's rules. Stops at the last bad line reported or a limit; I/O errors
 * are thrown as they come.
 */
export async function readResults(
  chunks: AsyncIterable<Uint8Array | string>,
  sorted: SortedRecords,
  options: ReadResultsOptions,
): Promise<ResultsRead> {
  const reader = new ResultsReader(sorted, options);
  try {
    for await (const batch of readLines(chunks)) {
      for (const { number, text } of batch) {
        const end = await reader.line(number, text);
        if (end !== undefined) return end;
      }
    }
  } catch (error) {
    if (!(error instanceof LineReadError)) throw error;
    return reader.stop(error.message);
  }
  return reader.outcome();
}

/** A new region or target name: added, refused by the naming rules, or one too many. */
type NameCheck =
  | { readonly kind: 'added' }
  | { readonly kind: 'bad'; readonly problem: string }
  | { readonly kind: 'stop'; readonly problem: string };

const ADDED: NameCheck = { kind: 'added' };

/** The state of one `readResults`; `line` returns the outcome when reading stops there. */
class ResultsReader {
  private readonly limits: ReadLimits;
  private readonly regions = new Map<string, RegionSeen>();
  private readonly targets = new Set<string>();
  private readonly badNames = new Map<string, string>();
  private readonly problems: string[] = [];
  private kept = 0;
  // Lines of one result that come together are compared as they come: in a file in time order (or the
  // reverse, as the API exports), they always do.
  private readonly adjacent = new DuplicateFilter();
  private previous: ReplayRecord | undefined;
  private ascending = true;
  private descending = true;
  private copies = 0;
  private firstCopy: ResultsRead['firstCopy'] = null;

  constructor(
    private readonly sorted: SortedRecords,
    private readonly options: ReadResultsOptions,
  ) {
    this.limits = options.limits ?? READ_LIMITS;
  }

  outcome(): ResultsRead {
    return {
      regions: this.regions,
      targets: this.targets,
      kept: this.kept,
      problems: this.problems,
      copies: this.copies,
      firstCopy: this.firstCopy,
      copiesComplete: this.ascending || this.descending,
    };
  }

  stop(problem: string): ResultsRead {
    this.problems.push(problem);
    return this.outcome();
  }

  async line(number: number, text: string): Promise<ResultsRead | undefined> {
    if (text === '' || text.trim() === '') return undefined;
    let result: ParsedResult;
    try {
      result = parseResultLine(text, number);
    } catch (error) {
      if (!(error instanceof ResultLineError)) throw error;
      return this.bad(error.message, number);
    }
    const { region } = result;
    const target = result.target ?? this.options.defaultTarget;
    const voting = this.options.voting === undefined || this.options.voting.has(region);
    const lineProblems: string[] = [];
    const regionCheck = this.regions.has(region) ? ADDED : this.addRegion(region, number);
    if (regionCheck.kind === 'stop') return this.stop(regionCheck.problem);
    if (regionCheck.kind === 'bad') lineProblems.push(`region: ${regionCheck.problem}`);
    const targetCheck = voting && !this.targets.has(target) ? this.addTarget(target, number) : ADDED;
    if (targetCheck.kind === 'stop') return this.stop(targetCheck.problem);
    if (targetCheck.kind === 'bad') lineProblems.push(`target: ${targetCheck.problem}`);
    if (lineProblems.length > 0) return this.bad(`line ${number}: ${lineProblems.join('; ')}`, number);
    const seen = this.regions.get(region);
    if (seen !== undefined) seen.results++;
    // After a bad line the rest is only checked: nothing will be replayed.
    if (!voting || this.problems.length > 0) return undefined;
    return this.keep(result, number);
  }

  /** Records a bad line; stops once `limits.problems` are reported. */
  private bad(problem: string, number: number): ResultsRead | undefined {
    this.problems.push(problem);
    if (this.problems.length >= this.limits.problems)
      return this.stop(`stopped at line ${number}: too many bad lines`);
    return undefined;
  }

  private addRegion(region: string, number: number): NameCheck {
    const problem = this.nameProblem(region, regionNameProblem);
    if (problem !== null) return { kind: 'bad', problem };
    if (this.regions.size >= this.limits.regions)
      return { kind: 'stop', problem: `line ${number}: more than ${this.limits.regions} regions` };
    this.regions.set(region, { firstLine: number, results: 0 });
    return ADDED;
  }

  private addTarget(target: string, number: number): NameCheck {
    const problem = this.nameProblem(target, targetIdProblem);
    if (problem !== null) return { kind: 'bad', problem };
    if (this.targets.size >= this.limits.targets)
      return { kind: 'stop', problem: `line ${number}: more than ${this.limits.targets} targets` };
    this.targets.add(target);
    return ADDED;
  }

  /** A name's problem, remembered for the first `limits.problems` bad names so each is checked once. */
  private nameProblem(name: string, check: (name: string) => string | null): string | null {
    const known = this.badNames.get(name);
    if (known !== undefined) return known;
    const problem = check(name);
    if (problem !== null && this.badNames.size < this.limits.problems) this.badNames.set(name, problem);
    return problem;
  }

  /** Keeps one valid result of a voting region: counts it, tracks the file's order and adjacent copies. */
  private async keep(result: ParsedResult, number: number): Promise<ResultsRead | undefined> {
    if (this.kept >= this.limits.results) {
      return this.stop(
        `line ${number}: more than ${this.limits.results.toLocaleString('en')} results; replay a shorter period`,
      );
    }
    this.kept++;
    // The parser writes checkedAt in UTC milliseconds, as toISOString does.
    const record = recordOf(
      result,
      number,
      Date.parse(result.checkedAt),
      this.options.defaultTarget,
      result.checkedAt,
    );
    if (this.previous !== undefined) {
      const order = compareKeys(this.previous, record);
      if (order > 0) this.ascending = false;
      if (order < 0) this.descending = false;
    }
    this.previous = record;
    const admission = this.adjacent.admit(record);
    if (admission.kind === 'conflict') return this.bad(conflictProblem(number, admission.with), number);
    if (admission.kind === 'copy') {
      this.copies++;
      this.firstCopy ??= { line: number, of: admission.of };
    }
    this.sorted.add(record);
    await this.sorted.flush();
    return undefined;
  }
}

type ParsedResult = ReturnType<typeof parseResultLine>;

/** Two lines of one target, region and time that do not say the same. */
export function conflictProblem(line: number, firstLine: number): string {
  return `line ${line}: same target, region and checkedAt as line ${firstLine}, but a different result`;
}

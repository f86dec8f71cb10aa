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
  const limits = options.limits ?? READ_LIMITS;
  const regions = new Map<string, RegionSeen>();
  const targets = new Set<string>();
  const badNames = new Map<string, string>();
  const problems: string[] = [];
  let kept = 0;
  // Lines of one result that come together are compared as they come: in a file in time order (or the
  // reverse, as the API exports), they always do.
  const adjacent = new DuplicateFilter();
  let previous: ReplayRecord | undefined;
  let ascending = true;
  let descending = true;
  let copies = 0;
  let firstCopy: ResultsRead['firstCopy'] = null;
  const outcome = (): ResultsRead => ({
    regions,
    targets,
    kept,
    problems,
    copies,
    firstCopy,
    copiesComplete: ascending || descending,
  });
  const stop = (problem: string): ResultsRead => {
    problems.push(problem);
    return outcome();
  };
  const nameProblem = (name: string, check: (name: string) => string | null): string | null => {
    const known = badNames.get(name);
    if (known !== undefined) return known;
    const problem = check(name);
    if (problem !== null && badNames.size < limits.problems) badNames.set(name, problem);
    return problem;
  };

  try {
    for await (const batch of readLines(chunks)) {
      for (const { number, text } of batch) {
        if (text === '' || text.trim() === '') continue;
        let result: ReturnType<typeof parseResultLine>;
        try {
          result = parseResultLine(text, number);
        } catch (error) {
          if (!(error instanceof ResultLineError)) throw error;
          problems.push(error.message);
          if (problems.length >= limits.problems)
            return stop(`stopped at line ${number}: too many bad lines`);
          continue;
        }
        const { region } = result;
        const target = result.target ?? options.defaultTarget;
        const lineProblems: string[] = [];
        let seen = regions.get(region);
        if (seen === undefined) {
          const problem = nameProblem(region, regionNameProblem);
          if (problem !== null) lineProblems.push(`region: ${problem}`);
          else {
            if (regions.size >= limits.regions)
              return stop(`line ${number}: more than ${limits.regions} regions`);
            seen = { firstLine: number, results: 0 };
            regions.set(region, seen);
          }
        }
        const voting = options.voting === undefined || options.voting.has(region);
        if (voting && !targets.has(target)) {
          const problem = nameProblem(target, targetIdProblem);
          if (problem !== null) lineProblems.push(`target: ${problem}`);
          else {
            if (targets.size >= limits.targets)
              return stop(`line ${number}: more than ${limits.targets} targets`);
            targets.add(target);
          }
        }
        if (lineProblems.length > 0) {
          problems.push(`line ${number}: ${lineProblems.join('; ')}`);
          if (problems.length >= limits.problems)
            return stop(`stopped at line ${number}: too many bad lines`);
          continue;
        }
        if (seen !== undefined) seen.results++;
        // After a bad line the rest is only checked: nothing will be replayed.
        if (!voting || problems.length > 0) continue;
        if (kept >= limits.results) {
          return stop(
            `line ${number}: more than ${limits.results.toLocaleString('en')} results; replay a shorter period`,
          );
        }
        kept++;
        // The parser writes checkedAt in UTC milliseconds, as toISOString does.
        const record = recordOf(
          result,
          number,
          Date.parse(result.checkedAt),
          options.defaultTarget,
          result.checkedAt,
        );
        if (previous !== undefined) {
          const order = compareKeys(previous, record);
          if (order > 0) ascending = false;
          if (order < 0) descending = false;
        }
        previous = record;
        const admission = adjacent.admit(record);
        if (admission.kind === 'conflict') {
          problems.push(conflictProblem(number, admission.with));
          if (problems.length >= limits.problems)
            return stop(`stopped at line ${number}: too many bad lines`);
          continue;
        }
        if (admission.kind === 'copy') {
          copies++;
          firstCopy ??= { line: number, of: admission.of };
        }
        sorted.add(record);
        await sorted.flush();
      }
    }
  } catch (error) {
    if (!(error instanceof LineReadError)) throw error;
    return stop(error.message);
  }
  return outcome();
}

/** Two lines of one target, region and time that do not say the same. */
export function conflictProblem(line: number, firstLine: number): string {
  return `line ${line}: same target, region and checkedAt as line ${firstLine}, but a different result`;
}

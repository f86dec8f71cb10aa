import { performance } from 'node:perf_hooks';

/** Classification ran past the check's hard deadline. */
export class ClassificationDeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`classification ran past the ${timeoutMs} ms deadline`);
    this.name = 'ClassificationDeadlineError';
  }
}

/** Units (characters scanned) between two looks at the clock: cheap enough, and at most ~1 ms apart. */
const UNITS_PER_CLOCK_CHECK = 64 * 1024;

/**
 * The time classification may still take: the part of the check's hard deadline the exchange left. Scanners
 * report the work they do with `spend`; past the deadline it throws `ClassificationDeadlineError`.
 */
export class WorkBudget {
  private spent = 0;
  private nextCheck = UNITS_PER_CLOCK_CHECK;

  /**
   * @param until the clock reading past which work stops (`Infinity`: never)
   * @param timeoutMs the check's whole deadline, for the message
   * @param clock milliseconds, monotonic. @default performance.now
   */
  constructor(
    readonly until: number,
    readonly timeoutMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** No deadline: for tools that classify stored answers. */
  static unlimited(): WorkBudget {
    return new WorkBudget(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  /** Records `units` of work; looks at the clock every so often. */
  spend(units: number): void {
    this.spent += units;
    if (this.spent >= this.nextCheck) {
      this.nextCheck = this.spent + UNITS_PER_CLOCK_CHECK;
      this.check();
    }
  }

  /** Throws when the deadline has passed. */
  check(): void {
    if (this.until !== Number.POSITIVE_INFINITY && this.clock() > this.until) {
      throw new ClassificationDeadlineError(this.timeoutMs);
    }
  }
}

import { formatWib } from '../../shared/alerts/wib-time.js';
import type { Locale } from '../../shared/types.js';
import type { FleetSnapshot } from './fleet-snapshot.js';
import { renderStatusLines, renderTargetLine, renderTargetNotes, targetSignature } from './render-status.js';
import { displayWidth, truncateText } from './text-width.js';

/** Where the view writes: a TTY gets a block redrawn in place, anything else plain log lines. */
export interface ViewOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface TerminalViewOptions {
  /** Redraw in place with ANSI cursor movement. @default output.isTTY */
  readonly tty?: boolean;
  /** @default tty, unless NO_COLOR is set (the caller decides) */
  readonly color?: boolean;
  readonly now?: () => Date;
  /** How often a TTY block is redrawn so ages stay current. @default 1000 */
  readonly refreshMs?: number;
  /** The language of the view's words (the fleet's). @default 'en' */
  readonly locale?: Locale;
}

const CURSOR_UP_AND_CLEAR = (lines: number) => (lines > 0 ? `\u001b[${lines}F\u001b[J` : '\u001b[J');

/** The narrowest block drawn; a narrower terminal wraps it. */
const MIN_WIDTH = 40;

/** The live status of the fleet in a terminal, with log lines (alerts, stages, warnings) printed above it. */
export class TerminalView {
  private readonly tty: boolean;
  private readonly color: boolean;
  private readonly now: () => Date;
  private readonly refreshMs: number;
  private readonly locale: Locale;
  private drawnLines = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly signatures = new Map<string, string>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly output: ViewOutput,
    private readonly snapshot: () => FleetSnapshot,
    options: TerminalViewOptions = {},
  ) {
    this.tty = options.tty ?? output.isTTY === true;
    this.color = options.color ?? this.tty;
    this.now = options.now ?? (() => new Date());
    this.refreshMs = options.refreshMs ?? 1000;
    this.locale = options.locale ?? 'en';
  }

  start(): void {
    this.started = true;
    this.refresh();
    if (this.tty) {
      this.timer = setInterval(() => this.refresh(), this.refreshMs);
      this.timer.unref();
    }
  }

  /** Shows the current snapshot: redraws the block (TTY) or prints the lines of targets that changed. */
  refresh(): void {
    if (!this.started || this.stopped) return;
    const snapshot = this.snapshot();
    const now = this.now();
    if (this.tty) {
      this.draw(snapshot, now);
      return;
    }
    const idWidth = Math.max(...snapshot.targets.map((t) => t.id.length));
    for (const target of snapshot.targets) {
      const signature = targetSignature(snapshot, target, now);
      if (this.signatures.get(target.id) === signature) continue;
      this.signatures.set(target.id, signature);
      const options = { now, color: false, locale: this.locale };
      const notes = renderTargetNotes(snapshot, target, options).map((n) => `    ↳ ${n}\n`);
      this.output.write(
        `${this.stamp(now)}${renderTargetLine(snapshot, target, options, idWidth)}\n${notes.join('')}`,
      );
    }
  }

  /** A line that stays in the scroll-back: alerts, demo stages, warnings. */
  log(line: string): void {
    const now = this.now();
    if (!this.tty || !this.started || this.stopped) {
      this.output.write(`${this.stamp(now)}${line}\n`);
      return;
    }
    this.output.write(`${CURSOR_UP_AND_CLEAR(this.drawnLines)}${this.stamp(now)}${line}\n`);
    this.drawnLines = 0;
    this.draw(this.snapshot(), now);
  }

  /** Stops redrawing; the last block stays on screen above whatever is printed next. */
  stop(): void {
    if (this.stopped) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.tty) this.draw(this.snapshot(), this.now());
    this.stopped = true;
  }

  private draw(snapshot: FleetSnapshot, now: Date): void {
    // One column spare: a line that fills the last column makes some terminals wrap, and the redraw miscount.
    const width = Math.max(MIN_WIDTH, (this.output.columns ?? 80) - 1);
    const options = { now, color: this.color, locale: this.locale };
    // Wrapped to fit already; the cut is only a guard, so one row is one line for the redraw.
    const lines = renderStatusLines(snapshot, options, width).map((l) =>
      displayWidth(l) <= width ? l : truncateText(l, width),
    );
    const title = `── ${this.locale === 'id' ? 'status armada' : 'fleet status'} ${formatWib(now, now)} `;
    const header = `${title}${'─'.repeat(Math.max(0, Math.min(width, 80) - displayWidth(title)))}`;
    this.output.write(`${CURSOR_UP_AND_CLEAR(this.drawnLines)}${[header, ...lines].join('\n')}\n`);
    this.drawnLines = lines.length + 1;
  }

  private stamp(now: Date): string {
    return `${formatWib(now, now)}  `;
  }
}

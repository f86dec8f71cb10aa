import { parseArgs } from 'node:util';
import { wrapText } from '../local/view/text-width.js';

/** The command line cannot be run as given: printed as `error: …` with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: 'string' | 'boolean';
  /** How the value is written in the help, e.g. `<url>`. */
  readonly value?: string;
  readonly description: string;
  /** The default as the help shows it; absent when there is none. */
  readonly default?: string;
}

export interface CommandSpec {
  /** The ways to run it, e.g. `npm run -s probe -- --url <url> [options]`. */
  readonly usage: readonly string[];
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** How many positional arguments it takes. @default 0 */
  readonly positionals?: { readonly min: number; readonly max: number; readonly name: string };
  readonly examples: readonly string[];
  readonly exitCodes: readonly string[];
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Every command's help fits a terminal of this width. */
export const HELP_WIDTH = 80;

const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', type: 'boolean', description: 'show this help' };

export interface ParsedCommandLine {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

/** Node's own messages, without their internal codes; a flag given twice is refused, not silently the last. */
function parseStrictly(spec: CommandSpec, argv: readonly string[]) {
  const options = Object.fromEntries(
    [...spec.options, HELP_OPTION].map((o) => [
      o.name,
      { type: o.type, multiple: true, ...(o.short !== undefined && { short: o.short }) },
    ]),
  );
  try {
    return parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: spec.positionals !== undefined,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^\w+ \[ERR_\w+\]: /, ''));
  }
}

/** Parses strictly: unknown flags, missing values, repeated flags and stray arguments are `UsageError`s. */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedCommandLine {
  const { values, positionals } = parseStrictly(spec, argv);
  const help = (values.help as boolean[] | undefined)?.some(Boolean) === true;
  if (help) return { values: {}, positionals: [], help };
  const single: Record<string, string | boolean | undefined> = {};
  for (const [name, given] of Object.entries(values)) {
    const list = given as (string | boolean)[];
    if (list.length > 1) throw new UsageError(`--${name}: given more than once`);
    single[name] = list[0];
  }
  const { min, max, name } = spec.positionals ?? { min: 0, max: 0, name: '' };
  if (positionals.length < min || positionals.length > max) {
    throw new UsageError(
      min === max
        ? `exactly ${min === 1 ? 'one' : min} ${name} is needed`
        : `${min}-${max} ${name} are needed`,
    );
  }
  return { values: single, positionals, help };
}

function optionLabel(o: OptionSpec): string {
  const flag = o.short === undefined ? `    --${o.name}` : `-${o.short}, --${o.name}`;
  return o.value === undefined ? flag : `${flag} ${o.value}`;
}

/** The options table: flag, value, what it does and its default, wrapped to `HELP_WIDTH`. */
function optionsTable(options: readonly OptionSpec[]): string[] {
  const labels = options.map(optionLabel);
  const column = Math.min(Math.max(...labels.map((l) => l.length)) + 4, 34);
  return options.flatMap((o, i) => {
    const text = o.default === undefined ? o.description : `${o.description} (default: ${o.default})`;
    const pad = ' '.repeat(column);
    const label = `  ${labels[i]}`;
    const lines = wrapText(text, HELP_WIDTH - column, '');
    if (label.length + 1 >= column) return [label, ...lines.map((l) => `${pad}${l}`)];
    return lines.map((l, j) => (j === 0 ? `${label.padEnd(column)}${l}` : `${pad}${l}`));
  });
}

/** One layout for every command: usage, description, options, examples, exit status. */
export function formatHelp(spec: CommandSpec): string {
  const usage = spec.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}${u}`);
  const wrap = (text: string, indent = '') => wrapText(text, HELP_WIDTH, indent);
  return [
    ...usage,
    '',
    ...spec.description.split('\n').flatMap((p) => wrap(p)),
    '',
    'Options:',
    ...optionsTable([...spec.options, HELP_OPTION]),
    '',
    'Examples:',
    ...spec.examples.flatMap((e) => wrap(`  ${e}`, '    ')),
    '',
    'Exit status:',
    ...spec.exitCodes.flatMap((e) => wrap(`  ${e}`, '     ')),
    '',
  ].join('\n');
}

/** The line under every usage error. */
export const RUN_WITH_HELP = 'Run with --help for usage.';

/** What a usage error prints on stderr. */
export function usageErrorText(error: UsageError): string {
  return `${errorText(error.message)}${RUN_WITH_HELP}\n`;
}

/** An error line (or lines) as every command prints it. */
export function errorText(message: string): string {
  return `error: ${message}\n`;
}

/** A whole number from a flag's value, or a `UsageError` naming the flag. */
export function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`${flag}: "${value}" is not a whole number`);
  return Number(value);
}

/** A non-empty flag value, or a `UsageError` naming the flag. */
export function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag}: must not be empty`);
  return value;
}

/** A flag value that is one of `kinds`. */
export function oneOf<T extends string>(flag: string, value: string, kinds: readonly T[]): T {
  if (!(kinds as readonly string[]).includes(value)) {
    throw new UsageError(`${flag}: ${JSON.stringify(value)} is not one of ${kinds.join(', ')}`);
  }
  return value as T;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CommandSpec,
  formatHelp,
  HELP_WIDTH,
  parseCommandLine,
  UsageError,
  usageErrorText,
} from '../../../cli/command-line.js';
import { PROBE_COMMAND } from '../../../cli/probe.js';
import { REPLAY_COMMAND } from '../../../cli/replay-command.js';
import { WEBHOOK_RECEIVER_COMMAND } from '../../../cli/webhook-receiver-command.js';
import { LOCAL_COMMAND } from '../../../local/flags.js';

const commands: [string, CommandSpec][] = [
  ['start', LOCAL_COMMAND],
  ['probe', PROBE_COMMAND],
  ['replay', REPLAY_COMMAND],
  ['webhook-receiver', WEBHOOK_RECEIVER_COMMAND],
];

describe('one help layout for every command', () => {
  it.each(commands)('%s: usage, description, options with -h, examples, exit status', (_name, spec) => {
    const help = formatHelp(spec);
    const lines = help.split('\n');
    expect(lines[0]).toMatch(/^Usage: npm /);
    expect(lines.filter((l) => /^[A-Z][a-z ]+:$/.test(l))).toEqual(['Options:', 'Examples:', 'Exit status:']);
    expect(help).toContain('  -h, --help');
    expect(help).toMatch(/\n {2}2 {2}\S/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(HELP_WIDTH);
  });

  it.each(commands)('%s: every option of the spec is in its help', (_name, spec) => {
    const help = formatHelp(spec);
    for (const option of spec.options) expect(help).toContain(`--${option.name}`);
  });
});

describe('parseCommandLine', () => {
  const spec: CommandSpec = {
    usage: ['npm run x -- <file>'],
    description: 'x',
    options: [
      { name: 'name', type: 'string', value: '<s>', description: 'a name' },
      { name: 'flag', type: 'boolean', description: 'a flag' },
    ],
    positionals: { min: 1, max: 1, name: 'results file' },
    examples: [],
    exitCodes: [],
  };

  it('reads values and positionals', () => {
    expect(parseCommandLine(spec, ['f.jsonl', '--name=a', '--flag'])).toEqual({
      values: { name: 'a', flag: true },
      positionals: ['f.jsonl'],
      help: false,
    });
  });

  it('answers help before anything else is checked', () => {
    expect(parseCommandLine(spec, ['--name', 'a', '--name', 'b', '-h']).help).toBe(true);
  });

  it.each([
    [['f', '--nope'], "Unknown option '--nope'"],
    [['f', '--name'], "Option '--name <value>' argument missing"],
    [['f', '--name', 'a', '--name', 'b'], '--name: given more than once'],
    [[], 'exactly one results file is needed'],
    [['f', 'g'], 'exactly one results file is needed'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCommandLine(spec, argv)).toThrow(UsageError);
    expect(() => parseCommandLine(spec, argv)).toThrow(message);
  });

  it('prints a usage error with the same prefix and pointer everywhere', () => {
    expect(usageErrorText(new UsageError('--x: bad'))).toBe('error: --x: bad\nRun with --help for usage.\n');
  });
});

describe('docs/cli.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'cli.md'), 'utf8');
  it.each(commands)('holds the help of %s as the command prints it', (_name, spec) => {
    expect(doc).toContain(`\`\`\`text\n${formatHelp(spec)}\`\`\``);
  });
});

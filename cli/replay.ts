import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { runReplayCommand } from '../shared/consensus/replay-command.js';

// Thin wrapper: the command itself lives in shared/consensus/replay-command.ts.
process.exitCode = await runReplayCommand(process.argv.slice(2), {
  readText: (path) => (path === '-' ? text(process.stdin) : readFile(path, 'utf8')),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});

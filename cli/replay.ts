import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { FileSpillStore } from '../shared/adapters/node/file-spill-store.js';
import { EXIT, errorText } from './command-line.js';
import { runReplayCommand } from './replay-command.js';

// Thin wrapper: the command itself lives in cli/replay-command.ts.
const spill = new FileSpillStore(tmpdir());
const leave = (code: number) => {
  spill.disposeSync();
  process.exit(code);
};
process.once('SIGINT', () => leave(130));
process.once('SIGTERM', () => leave(143));
// A reader that stops early (`| head`) closes the pipe: that ends the replay, it is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  leave(0);
});

/** While the reader of standard output is behind, what the replay waits for (a broken pipe ends it above). */
let waiting: Promise<void> | undefined;

try {
  process.exitCode = await runReplayCommand(process.argv.slice(2), {
    open: (path) => (path === '-' ? process.stdin : createReadStream(path)),
    spill,
    out: (line) => {
      if (!process.stdout.write(`${line}\n`)) {
        waiting ??= once(process.stdout, 'drain').then(() => {
          waiting = undefined;
        });
      }
    },
    ready: () => waiting,
    err: (line) => process.stderr.write(`${line}\n`),
  });
} catch (error) {
  process.stderr.write(
    errorText(`the replay failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  process.exitCode = EXIT.failed;
} finally {
  await spill.dispose();
}

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLocalCli } from '../local/cli-main.js';
import { EXIT, errorText } from './command-line.js';

// The SDK warns on every start that future versions will need Node 22; local mode runs on Node 20 by design.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

let signals = 0;
const stopRequested = new Promise<string>((resolve) => {
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    // A second Ctrl-C while stopping gives up on a clean stop.
    if (signals > 1) process.exit(130);
    resolve(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
});

runLocalCli({
  argv: process.argv.slice(2),
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  root,
  version,
  uptimeMs: () => performance.now(),
  stopRequested,
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  env: process.env,
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      errorText(
        `local mode failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
    );
    process.exit(EXIT.failed);
  },
);

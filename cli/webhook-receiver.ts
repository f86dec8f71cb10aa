import { parseArgs } from 'node:util';
import { startWebhookReceiver } from '../local/webhook-receiver.js';

const USAGE = `Usage: npm run webhook-receiver -- [--port <n>] [--secret-env <NAME>]

A local receiver for the fleet's signed webhooks: checks each signature (HMAC-SHA256 over the timestamp and the
body, within 5 minutes), refuses forgeries and replays with 401, and prints each transition once.

Options:
  --port <n>           port on 127.0.0.1 (default: 8787)
  --secret-env <NAME>  the environment variable holding the signing secret (default: WEBHOOK_SIGNING_SECRET)
  -h, --help           show this help`;

let values: { port?: string; 'secret-env'?: string; help?: boolean };
try {
  values = parseArgs({
    options: {
      port: { type: 'string' },
      'secret-env': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = values.port === undefined ? 8787 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`error: --port: ${JSON.stringify(values.port)} is not a port number (0-65535)\n`);
  process.exit(2);
}
const secretName = values['secret-env'] ?? 'WEBHOOK_SIGNING_SECRET';
const secret = process.env[secretName];
if (secret === undefined || secret === '') {
  process.stderr.write(`error: the environment variable ${secretName} (the signing secret) is not set\n`);
  process.exit(2);
}
const receiver = await startWebhookReceiver({
  secret,
  port,
  log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
});
process.stdout.write(`listening on ${receiver.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void receiver.close().then(() => process.exit(0)));

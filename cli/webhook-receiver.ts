import { startWebhookReceiver } from '../local/webhook-receiver.js';
import { EXIT, errorText, UsageError, usageErrorText } from './command-line.js';
import {
  parseReceiverArgs,
  type ReceiverOptions,
  WEBHOOK_RECEIVER_USAGE,
} from './webhook-receiver-command.js';

let options: ReceiverOptions | null;
try {
  options = parseReceiverArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(usageErrorText(error));
  process.exit(EXIT.usage);
}
if (options === null) {
  process.stdout.write(WEBHOOK_RECEIVER_USAGE);
  process.exit(EXIT.ok);
}
try {
  const receiver = await startWebhookReceiver({
    secret: options.secret,
    port: options.port,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write(`listening on ${receiver.url}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void receiver.close().then(() => process.exit(EXIT.ok)));
} catch (error) {
  process.stderr.write(
    errorText(`could not start: ${error instanceof Error ? error.message : String(error)}`),
  );
  process.exit(EXIT.failed);
}

import { type CommandSpec, formatHelp, parseCommandLine, UsageError } from './command-line.js';

export const DEFAULT_RECEIVER_PORT = 8787;
export const DEFAULT_SECRET_ENV = 'WEBHOOK_SIGNING_SECRET';

export const WEBHOOK_RECEIVER_COMMAND: CommandSpec = {
  usage: ['npm run webhook-receiver -- [options]'],
  description:
    "A local receiver for the fleet's signed webhooks: checks each signature (HMAC-SHA256 over the timestamp and the body, within 5 minutes), refuses forgeries and replays with 401, and prints each transition once.",
  options: [
    {
      name: 'port',
      type: 'string',
      value: '<n>',
      description: 'port on 127.0.0.1; 0 picks a free one',
      default: String(DEFAULT_RECEIVER_PORT),
    },
    {
      name: 'secret-env',
      type: 'string',
      value: '<NAME>',
      description: 'the environment variable holding the signing secret',
      default: DEFAULT_SECRET_ENV,
    },
  ],
  examples: [
    'WEBHOOK_SIGNING_SECRET=s3cret npm run webhook-receiver',
    'npm run webhook-receiver -- --port 9000 --secret-env MY_SECRET',
  ],
  exitCodes: [
    '0  stopped (Ctrl-C or SIGTERM)',
    '1  could not listen (port in use)',
    '2  bad command line, or the secret is not set',
  ],
};

export const WEBHOOK_RECEIVER_USAGE = formatHelp(WEBHOOK_RECEIVER_COMMAND);

export interface ReceiverOptions {
  readonly port: number;
  readonly secret: string;
}

/** The receiver's options, `null` for help; throws `UsageError` (the secret's value is never printed). */
export function parseReceiverArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ReceiverOptions | null {
  const { values, help } = parseCommandLine(WEBHOOK_RECEIVER_COMMAND, argv);
  if (help) return null;
  const given = values.port as string | undefined;
  if (given !== undefined && (!/^\d{1,5}$/.test(given) || Number(given) > 65_535)) {
    throw new UsageError(`--port: ${JSON.stringify(given)} is not a port number (0-65535)`);
  }
  const name = (values['secret-env'] as string | undefined) ?? DEFAULT_SECRET_ENV;
  const secret = env[name];
  if (secret === undefined || secret === '') {
    throw new UsageError(`the environment variable ${name} (the signing secret) is not set`);
  }
  return { port: given === undefined ? DEFAULT_RECEIVER_PORT : Number(given), secret };
}

import { appendFile } from 'node:fs/promises';
import type { AlertPublisher } from '../shared/alerts/alert-publisher.js';
import type { ChannelConfig } from '../shared/channels/channel-config.js';
import { channelSecretNames } from '../shared/channels/channel-config.js';
import {
  type ChannelEnvelope,
  ChannelNotifier,
  type RetryQueue,
  type SecretSource,
  type UnitResult,
} from '../shared/channels/channel-notifier.js';
import type { ChannelRequest } from '../shared/channels/channel-requests.js';
import { EnvSecretSource } from '../shared/channels/env-secret-source.js';
import {
  type DeliveryOutcome,
  type FetchLike,
  sendChannelRequest,
} from '../shared/channels/send-channel-request.js';
import type { FleetConfig } from '../shared/config/fleet-config.js';
import { groupStateId } from '../shared/groups/group-key.js';
import type { Transition } from '../shared/types.js';
import type { Cancel, FleetTimeline } from './fleet-timeline.js';

/** Channels configured with secrets that have no value: local mode refuses to start rather than never deliver. */
export class MissingChannelSecretsError extends Error {
  constructor(readonly names: readonly string[]) {
    super(
      `the channels need these environment variables, which are not set: ${names.join(', ')} ` +
        '(or pass --channels-dry-run to print what would be sent)',
    );
    this.name = 'MissingChannelSecretsError';
  }
}

export interface LocalChannelsOptions {
  readonly config: FleetConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeline: FleetTimeline;
  /** Prints each request instead of sending it (secrets shown by name). */
  readonly dryRun: boolean;
  readonly log: (line: string) => void;
  /** JSON-lines file of deliveries set aside (local mode's dead-letter queue). */
  readonly deadLetterFile: string;
  /** The base URL links point to when the configuration has no `statusUrl` (the local API, once it listens). */
  readonly statusUrl?: () => string | undefined;
  readonly fetch?: FetchLike;
}

/** Placeholder values that keep secrets out of a dry run's output. */
class NamedPlaceholders implements SecretSource {
  async get(names: readonly string[]): Promise<Readonly<Record<string, string>>> {
    return Object.fromEntries(names.map((name) => [name, `\${${name}}`]));
  }
}

/** Retries on the fleet's timeline; deliveries set aside are logged and appended to a file. */
class TimelineRetryQueue implements RetryQueue {
  private readonly pending = new Set<Cancel>();
  handle: (envelope: ChannelEnvelope) => Promise<void> = async () => {};

  constructor(
    private readonly timeline: FleetTimeline,
    private readonly file: string,
    private readonly log: (line: string) => void,
  ) {}

  async retry(
    envelope: Extract<ChannelEnvelope, { kind: 'channel-retry' }>,
    delaySeconds: number,
  ): Promise<void> {
    const cancel = this.timeline.at(
      this.timeline.now() + delaySeconds * 1000,
      async () => {
        this.pending.delete(cancel);
        await this.handle(envelope);
      },
      `channel ${envelope.channelId} retry`,
    );
    this.pending.add(cancel);
  }

  async deadLetter(envelope: ChannelEnvelope, reason: string): Promise<void> {
    const line = { at: new Date(this.timeline.now()).toISOString(), reason, envelope };
    await appendFile(this.file, `${JSON.stringify(line)}\n`, 'utf8').catch((error: unknown) =>
      this.log(`channels: could not write ${this.file}: ${(error as Error).message}`),
    );
  }

  stop(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}

/** The console line of one delivery; a dry run printed its request and sent nothing, and says so. */
export function describeResult(r: UnitResult, dryRun = false): string {
  const who = `channel ${r.channelId} (${r.type}${r.recipient !== undefined ? ` ${r.recipient}` : ''})`;
  switch (r.outcome) {
    case 'sent':
      if (dryRun) return `${who}: printed above, not sent (--channels-dry-run)`;
      return `${who}: sent${r.attempt > 1 ? ` on attempt ${r.attempt}` : ''}`;
    case 'retry-scheduled':
      return `${who}: attempt ${r.attempt} failed (${r.reason}); retry in ${r.delaySeconds} s`;
    case 'dead-lettered':
      return `${who}: set aside after attempt ${r.attempt}: ${r.reason}`;
    case 'not-selected':
      return `${who}: not selected`;
  }
}

/** Refuses channels whose secrets have no value: called before the fleet opens anything. */
export function assertChannelSecrets(
  config: FleetConfig,
  env: Readonly<Record<string, string | undefined>>,
  dryRun: boolean,
): void {
  if (dryRun) return;
  const missing = new EnvSecretSource(env).missing(channelSecretNames(config.channels));
  if (missing.length > 0) throw new MissingChannelSecretsError(missing);
}

/** Local mode's chat channels and webhooks: the notifier of the deployed fleet, on the fleet's timeline. */
export class LocalChannels {
  private readonly secrets: SecretSource;
  private readonly queue: TimelineRetryQueue;

  constructor(private readonly options: LocalChannelsOptions) {
    const { env, dryRun } = options;
    this.secrets = dryRun ? new NamedPlaceholders() : new EnvSecretSource(env);
    this.queue = new TimelineRetryQueue(options.timeline, options.deadLetterFile, options.log);
    this.queue.handle = (envelope) => this.run(envelope);
  }

  /** The deployed notifier's logic; made per delivery so that links follow the API's address once it listens. */
  private notifier(): ChannelNotifier {
    const { config, dryRun, timeline } = this.options;
    const statusUrl = config.statusUrl ?? this.options.statusUrl?.();
    return new ChannelNotifier({
      channels: config.channels,
      locale: config.locale,
      targetNames: Object.fromEntries([
        ...config.targets.map((t) => [t.id, t.name]),
        ...config.groups.map((g) => [groupStateId(g.id), g.name]),
      ]),
      ...(statusUrl !== undefined && statusUrl !== '' && { statusUrl }),
      oneMachine: true,
      deadlines: config.deadlines,
      secrets: this.secrets,
      send: dryRun
        ? (request) => this.print(request)
        : (request) => sendChannelRequest(request, this.sendOptions()),
      retryQueue: this.queue,
      now: () => timeline.now(),
    });
  }

  get channels(): readonly ChannelConfig[] {
    return this.options.config.channels;
  }

  /** An alert publisher that, once `inner` has published, hands the transition to the channels without waiting. */
  forwarding(inner: AlertPublisher): AlertPublisher {
    return {
      publish: async (transition: Transition) => {
        const id = await inner.publish(transition);
        this.options.timeline.soon(() => this.run({ kind: 'transition', transition }), 'channels');
        return id;
      },
    };
  }

  stop(): void {
    this.queue.stop();
  }

  private async run(envelope: ChannelEnvelope): Promise<void> {
    try {
      for (const result of await this.notifier().handle(envelope))
        this.options.log(describeResult(result, this.options.dryRun));
    } catch (error) {
      this.options.log(`channels: ${(error as Error).message}`);
    }
  }

  private sendOptions() {
    return {
      ...(this.options.fetch !== undefined && { fetch: this.options.fetch }),
      nowMs: () => this.options.timeline.now(),
    };
  }

  private async print(request: ChannelRequest): Promise<DeliveryOutcome> {
    this.options.log(`[dry run] POST ${request.url}\n    ${request.body}`);
    return { kind: 'sent', status: 0 };
  }
}

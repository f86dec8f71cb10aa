import type { MessageContext } from '../alerts/format-message.js';
import { filterStatusOf, statusFilterSelects } from '../alerts/status-filter.js';
import type { Deadline } from '../calendar/deadline-calendar.js';
import type { Locale, Transition } from '../types.js';
import { type ChannelConfig, secretNamesOf } from './channel-config.js';
import {
  buildChannelRequest,
  type ChannelRequest,
  type DeliveryUnit,
  MissingSecretError,
} from './channel-requests.js';
import type { DeliveryOutcome } from './send-channel-request.js';

/** What reaches the notifier: a transition for every channel that selects it, or one unit's next attempt. */
export type ChannelEnvelope =
  | { readonly kind: 'transition'; readonly transition: Transition }
  | {
      readonly kind: 'channel-retry';
      readonly transition: Transition;
      readonly channelId: string;
      readonly recipient?: string;
      /** The attempt this delivery will be (2 for the first retry). */
      readonly attempt: number;
    };

/** Where deliveries that failed go: later again, or aside for a person (the dead-letter queue). */
export interface RetryQueue {
  retry(envelope: Extract<ChannelEnvelope, { kind: 'channel-retry' }>, delaySeconds: number): Promise<void>;
  deadLetter(envelope: ChannelEnvelope, reason: string): Promise<void>;
}

/** Secret values by name (SSM SecureString parameters in AWS, environment variables in local mode). */
export interface SecretSource {
  get(names: readonly string[]): Promise<Readonly<Record<string, string>>>;
}

/** Attempts per unit before it is set aside in the dead-letter queue (with the back-off: about 45 minutes). */
export const MAX_CHANNEL_ATTEMPTS = 10;
/** The first retry's delay; each next one doubles, up to the delay queue's maximum. */
export const FIRST_RETRY_DELAY_SECONDS = 5;
/** SQS `DelaySeconds` can be at most 15 minutes. */
export const MAX_RETRY_DELAY_SECONDS = 900;

/** The delay before `attempt` (2 = first retry), at least what the channel asked for. */
export function retryDelaySeconds(attempt: number, retryAfterMs?: number): number {
  const backoff = FIRST_RETRY_DELAY_SECONDS * 2 ** Math.max(0, attempt - 2);
  const asked = retryAfterMs === undefined ? 0 : Math.ceil(retryAfterMs / 1000);
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.max(backoff, asked));
}

/** What became of one unit's attempt, for the log line of the delivery. */
export interface UnitResult {
  readonly channelId: string;
  readonly type: ChannelConfig['type'];
  readonly recipient?: string;
  readonly attempt: number;
  readonly outcome: 'sent' | 'retry-scheduled' | 'dead-lettered' | 'not-selected';
  readonly status?: number | null;
  readonly reason?: string;
  readonly delaySeconds?: number;
}

export interface ChannelNotifierOptions {
  readonly channels: readonly ChannelConfig[];
  readonly locale: Locale;
  readonly targetNames: Readonly<Record<string, string>>;
  readonly statusUrl?: string;
  readonly dashboardUrl?: string;
  /** Local mode: every region probes from one machine, which messages say (see `MessageContext.oneMachine`). */
  readonly oneMachine?: boolean;
  /** Filing deadlines: a failure in a marked period says so (see `MessageContext.deadlines`). @default none */
  readonly deadlines?: readonly Deadline[];
  readonly secrets: SecretSource;
  readonly send: (request: ChannelRequest) => Promise<DeliveryOutcome>;
  readonly retryQueue: RetryQueue;
  readonly now: () => number;
}

/** The transition a subscriber message is about: `from` is what subscribers were told before. */
function previousStatus(t: Transition): Transition['from'] {
  return t.from === 'unknown' && t.lastKnown ? t.lastKnown.status : t.from;
}

/** Every unit a transition goes to: the channels whose status filter selects it, each Telegram chat apart. */
export function unitsFor(channels: readonly ChannelConfig[], t: Transition): DeliveryUnit[] {
  if (t.audience === 'ops' || t.to === 'unknown') return [];
  return channels
    .filter((channel) => statusFilterSelects(channel.statuses, filterStatusOf(t), previousStatus(t)))
    .flatMap((channel): DeliveryUnit[] =>
      channel.type === 'telegram'
        ? channel.chatIds.map((recipient) => ({ channel, recipient }))
        : [{ channel }],
    );
}

/**
 * Delivers transitions to chat channels and webhooks, each unit on its own: all are tried at once, one failing
 * unit is retried later on its own (never holding the others back), and one that keeps failing or is refused is
 * set aside in the dead-letter queue with its reason. Email and SMS never wait for any of this.
 */
export class ChannelNotifier {
  constructor(private readonly options: ChannelNotifierOptions) {}

  async handle(envelope: ChannelEnvelope): Promise<UnitResult[]> {
    const t = envelope.transition;
    const units =
      envelope.kind === 'transition'
        ? unitsFor(this.options.channels, t)
        : this.options.channels
            .filter((channel) => channel.id === envelope.channelId)
            .map((channel) => ({
              channel,
              ...(envelope.recipient !== undefined && { recipient: envelope.recipient }),
            }));
    if (envelope.kind === 'channel-retry' && units.length === 0) {
      await this.options.retryQueue.deadLetter(
        envelope,
        `channel ${envelope.channelId} is no longer configured`,
      );
      return [];
    }
    const attempt = envelope.kind === 'channel-retry' ? envelope.attempt : 1;
    return Promise.all(units.map((unit) => this.deliver(unit, t, attempt)));
  }

  private async deliver(unit: DeliveryUnit, t: Transition, attempt: number): Promise<UnitResult> {
    const base = {
      channelId: unit.channel.id,
      type: unit.channel.type,
      ...(unit.recipient !== undefined && { recipient: unit.recipient }),
      attempt,
    };
    let outcome: DeliveryOutcome;
    try {
      const request = await this.request(unit, t);
      outcome = await this.options.send(request);
    } catch (error) {
      // A secret without a value cannot be fixed by waiting a minute, but it can by a person within the hour.
      const reason =
        error instanceof MissingSecretError
          ? error.message
          : `could not deliver: ${(error as Error).message}`;
      outcome = { kind: 'retry', status: null, reason };
    }
    if (outcome.kind === 'sent') return { ...base, outcome: 'sent', status: outcome.status };
    const retry: Extract<ChannelEnvelope, { kind: 'channel-retry' }> = {
      kind: 'channel-retry',
      transition: t,
      channelId: unit.channel.id,
      ...(unit.recipient !== undefined && { recipient: unit.recipient }),
      attempt: attempt + 1,
    };
    if (outcome.kind === 'rejected' || attempt >= MAX_CHANNEL_ATTEMPTS) {
      const reason =
        outcome.kind === 'rejected' ? outcome.reason : `gave up after ${attempt} attempts: ${outcome.reason}`;
      await this.options.retryQueue.deadLetter({ ...retry, attempt }, reason);
      return { ...base, outcome: 'dead-lettered', status: outcome.status, reason };
    }
    const delaySeconds = retryDelaySeconds(attempt + 1, outcome.retryAfterMs);
    await this.options.retryQueue.retry(retry, delaySeconds);
    return {
      ...base,
      outcome: 'retry-scheduled',
      status: outcome.status,
      reason: outcome.reason,
      delaySeconds,
    };
  }

  private async request(unit: DeliveryUnit, t: Transition): Promise<ChannelRequest> {
    const { locale, targetNames, statusUrl, dashboardUrl, secrets, now, deadlines } = this.options;
    const context: MessageContext = {
      locale,
      targetName: targetNames[t.targetId] ?? t.targetId,
      // Group messages name their members by these.
      names: targetNames,
      ...(deadlines !== undefined && { deadlines }),
      ...(statusUrl !== undefined && { statusUrl }),
      ...(dashboardUrl !== undefined && { dashboardUrl }),
      ...(this.options.oneMachine === true && { oneMachine: true }),
    };
    const values = await secrets.get(secretNamesOf(unit.channel));
    return buildChannelRequest(unit, t, context, values, now());
  }
}

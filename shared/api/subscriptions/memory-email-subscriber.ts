import {
  deliversNothing,
  type EmailSubscriber,
  type EmailSubscription,
  filterPolicyOf,
  type SubscribeOptions,
  type SubscriptionFilter,
} from './email-subscriber.js';

interface Entry {
  arn: string;
  pending: boolean;
  filterPolicy: string | null;
}

/**
 * Email subscriptions in process memory, with the rules of `EmailSubscriber`: one subscription per address, a
 * confirmation email per `subscribe` while pending, the latest filter while pending, a confirmed filter kept.
 * For tests and local mode.
 */
export class MemoryEmailSubscriber implements EmailSubscriber {
  private readonly byEmail = new Map<string, Entry>();
  private sequence = 0;
  /** Confirmation emails "sent", in order. */
  readonly confirmationsSent: string[] = [];

  async subscribe(
    email: string,
    filter: SubscriptionFilter,
    options: SubscribeOptions = {},
  ): Promise<EmailSubscription> {
    const filterPolicy = filterPolicyOf(filter);
    const entry = this.byEmail.get(email);
    if (!entry) {
      const created = { arn: `arn:memory:sns:alerts:${++this.sequence}`, pending: true, filterPolicy };
      this.byEmail.set(email, created);
      this.confirmationsSent.push(email);
      return { ...created };
    }
    if (!entry.pending) {
      if (deliversNothing(entry.filterPolicy)) entry.filterPolicy = filterPolicy;
      return { ...entry };
    }
    entry.filterPolicy = filterPolicy;
    if (options.sendConfirmation !== false || options.existing?.arn !== entry.arn) {
      this.confirmationsSent.push(email);
    }
    return { ...entry };
  }

  async describe(arn: string): Promise<EmailSubscription | null> {
    for (const entry of this.byEmail.values()) if (entry.arn === arn) return { ...entry };
    return null;
  }

  /** The recipient follows the confirmation link. */
  confirm(email: string): void {
    const entry = this.byEmail.get(email);
    if (!entry) throw new Error(`no subscription for ${email}`);
    entry.pending = false;
  }

  /** The recipient unsubscribes, or SNS drops a subscription left unconfirmed. */
  remove(email: string): void {
    this.byEmail.delete(email);
  }
}

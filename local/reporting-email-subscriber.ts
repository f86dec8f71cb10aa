import type {
  EmailSubscriber,
  EmailSubscription,
  SubscribeOptions,
} from '../shared/api/subscriptions/email-subscriber.js';
import type { ConsensusStatus } from '../shared/types.js';

/**
 * Subscriptions made through the local API, told to the console: without an SNS topic no confirmation email
 * leaves this machine, and the person trying the API should know that.
 */
export class ReportingEmailSubscriber implements EmailSubscriber {
  constructor(
    private readonly inner: EmailSubscriber,
    private readonly report: (line: string) => void,
    private readonly sendsEmail: boolean,
  ) {}

  async subscribe(
    email: string,
    statuses: readonly ConsensusStatus[] | null,
    options?: SubscribeOptions,
  ): Promise<EmailSubscription> {
    const subscription = await this.inner.subscribe(email, statuses, options);
    const filter = statuses === null ? 'every change' : statuses.join(', ');
    this.report(
      this.sendsEmail
        ? `subscription: ${email} (${filter}) — SNS sends the confirmation email`
        : `subscription: ${email} (${filter}) — recorded in memory only; no email is sent without --sns-topic-arn`,
    );
    return subscription;
  }

  describe(arn: string): Promise<EmailSubscription | null> {
    return this.inner.describe(arn);
  }
}

/** What the API remembers of a subscription request, to answer repeats without mailing the address again. */
export interface SubscriptionRecord {
  /** SHA-256 of the normalised address, hex. */
  readonly emailHash: string;
  readonly arn: string;
  /** The filter asked for, as `filterPolicyOf` writes it; `null` for every status. */
  readonly filterPolicy: string | null;
  /** When a confirmation email was last requested for it. */
  readonly requestedAt: string;
}

export interface SubscriptionStore {
  get(emailHash: string): Promise<SubscriptionRecord | null>;
  put(record: SubscriptionRecord): Promise<void>;
  delete(emailHash: string): Promise<void>;
}

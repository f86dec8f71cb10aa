import type { SubscriptionRecord, SubscriptionStore } from './subscription-store.js';

export class MemorySubscriptionStore implements SubscriptionStore {
  private readonly records = new Map<string, SubscriptionRecord>();

  async get(emailHash: string): Promise<SubscriptionRecord | null> {
    return this.records.get(emailHash) ?? null;
  }

  async put(record: SubscriptionRecord): Promise<void> {
    this.records.set(record.emailHash, { ...record });
  }

  async delete(emailHash: string): Promise<void> {
    this.records.delete(emailHash);
  }
}

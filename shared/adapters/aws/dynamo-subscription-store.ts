import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { subscriptionKeys } from '../../api/subscriptions/subscription-keys.js';
import type { SubscriptionRecord, SubscriptionStore } from '../../api/subscriptions/subscription-store.js';
import { PK, SK, TTL_ATTRIBUTE } from '../../store/table-keys.js';

export interface DynamoSubscriptionStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Days a record outlives its last request; a lost record only costs one more `Subscribe` call. @default 30 */
  readonly retentionDays?: number;
}

/** Subscription records in the fleet table: `SUBSCRIPTION#<email hash>` / `EMAIL`, with a TTL. */
export class DynamoSubscriptionStore implements SubscriptionStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retentionSeconds: number;

  constructor(options: DynamoSubscriptionStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.retentionSeconds = (options.retentionDays ?? 30) * 86_400;
  }

  private key(emailHash: string) {
    return { [PK]: subscriptionKeys.recordPk(emailHash), [SK]: subscriptionKeys.recordSk };
  }

  async get(emailHash: string): Promise<SubscriptionRecord | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(emailHash), ConsistentRead: true }),
    );
    if (!Item) return null;
    return {
      emailHash,
      arn: Item.arn as string,
      filterPolicy: (Item.filterPolicy as string | undefined) ?? null,
      requestedAt: Item.requestedAt as string,
    };
  }

  async put(record: SubscriptionRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...this.key(record.emailHash),
          kind: 'subscription',
          arn: record.arn,
          filterPolicy: record.filterPolicy,
          requestedAt: record.requestedAt,
          [TTL_ATTRIBUTE]: Math.floor(Date.parse(record.requestedAt) / 1000) + this.retentionSeconds,
        },
      }),
    );
  }

  async delete(emailHash: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(emailHash) }));
  }
}

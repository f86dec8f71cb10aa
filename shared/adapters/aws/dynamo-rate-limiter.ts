import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type RateDecision,
  type RateLimiter,
  type RateRule,
  windowOf,
} from '../../api/subscriptions/rate-limiter.js';
import { subscriptionKeys } from '../../api/subscriptions/subscription-keys.js';
import { PK, SK, TTL_ATTRIBUTE } from '../../store/table-keys.js';

export interface DynamoRateLimiterOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Fixed-window counters in the fleet table: `RATE#<key>` / `<window start>`, expired by TTL after the window. */
export class DynamoRateLimiter implements RateLimiter {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoRateLimiterOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async consume(key: string, rule: RateRule, now: Date): Promise<RateDecision> {
    const window = windowOf(rule, now);
    const windowEndSeconds = (window.start + rule.windowSeconds * 1000) / 1000;
    try {
      // Concurrent requests each add 1 atomically; the condition refuses the one that would pass the limit:
      //   count < limit ─ADD 1─► allowed      count ≥ limit ─► ConditionalCheckFailed ─► refused, not counted
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: {
            [PK]: subscriptionKeys.ratePk(key),
            [SK]: `${rule.windowSeconds}#${new Date(window.start).toISOString()}`,
          },
          UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': rule.limit,
            ':ttl': Math.ceil(windowEndSeconds) + 3600,
          },
        }),
      );
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { allowed: false, retryAfterSeconds: window.secondsLeft };
      }
      throw error;
    }
  }
}

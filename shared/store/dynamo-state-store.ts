import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsensusState } from '../types.js';
import { stateItemOf } from './state-item.js';
import { assertNextVersion, type StateStore, VersionConflictError } from './state-store.js';
import { keys, PK, SK } from './table-keys.js';

export interface DynamoStateStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Whether an AWS SDK error is a failed `ConditionExpression`. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * One item per target, `TARGET#<id>` / `STATE`: the state as a map plus its version as a top-level number that
 * the conditional write compares (no transactions needed, so the embedded DynamoDB works too).
 */
export class DynamoStateStore implements StateStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoStateStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async get(targetId: string): Promise<ConsensusState | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [PK]: keys.statePk(targetId), [SK]: keys.stateSk },
        ConsistentRead: true,
      }),
    );
    return Item ? (Item.state as ConsensusState) : null;
  }

  async save(next: ConsensusState, expectedVersion: number | null): Promise<void> {
    assertNextVersion(next, expectedVersion);
    const item = stateItemOf(next);
    //  evaluation A ─ get (v7) ─ decide ─ put if version = 7 ──► v8 stored
    //  evaluation B ─ get (v7) ─ decide ─ put if version = 7 ──► ConditionalCheckFailed → VersionConflictError
    //                                                            (B re-reads v8 and decides again)
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedVersion === null
            ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new VersionConflictError(next.targetId, expectedVersion);
      throw error;
    }
  }
}

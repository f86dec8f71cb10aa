import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchStateReader } from '../../store/prefetched-state-store.js';
import { stateItemOf } from '../../store/state-item.js';
import { assertNextVersion, type StateStore, VersionConflictError } from '../../store/state-store.js';
import { keys, PK, SK } from '../../store/table-keys.js';
import type { ConsensusState } from '../../types.js';

export interface DynamoStateStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Whether an AWS SDK error is a failed `ConditionExpression`. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** DynamoDB's limit on the keys of one BatchGetItem. */
const BATCH_GET_KEYS = 100;
/** Rounds for keys DynamoDB left unprocessed (throttling); what is still left is read one by one. */
const BATCH_GET_ROUNDS = 3;

/**
 * One item per target, `TARGET#<id>` / `STATE`: the state as a map plus its version as a top-level number that
 * the conditional write compares (no transactions needed, so the embedded DynamoDB works too).
 */
export class DynamoStateStore implements StateStore, BatchStateReader {
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

  /** Strongly consistent, like `get`: up to 100 targets per request instead of one request per target. */
  async getMany(targetIds: readonly string[]): Promise<Map<string, ConsensusState | null>> {
    const unique = [...new Set(targetIds)];
    const out = new Map<string, ConsensusState | null>(unique.map((id) => [id, null]));
    for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) {
      let pending: Record<string, unknown>[] = unique
        .slice(i, i + BATCH_GET_KEYS)
        .map((id) => ({ [PK]: keys.statePk(id), [SK]: keys.stateSk }));
      for (let round = 0; round < BATCH_GET_ROUNDS && pending.length > 0; round++) {
        const answer = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          const state = item.state as ConsensusState;
          out.set(state.targetId, state);
        }
        pending = (answer.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
      for (const key of pending) {
        const id = String(key[PK]).slice(keys.statePk('').length);
        out.set(id, await this.get(id));
      }
    }
    return out;
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

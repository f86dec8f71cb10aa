import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys, PK, SK } from '../../store/table-keys.js';
import {
  MAX_ERROR_LENGTH,
  TransitionNotFoundError,
  type TransitionQuery,
  type TransitionStore,
} from '../../store/transition-store.js';
import type { BacklogSummary, Transition } from '../../types.js';
import { isConditionalCheckFailed } from './dynamo-state-store.js';
import { queryNewestFirst } from './query-newest-first.js';

const COUNT_ATTEMPT = '#t.#n.#attempts = #t.#n.#attempts + :one';

export interface DynamoTransitionStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Transitions in the fleet table: `TARGET#<id>#TRANSITION` / `<at ISO>`, the transition as a map. */
export class DynamoTransitionStore implements TransitionStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoTransitionStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async record(transition: Transition): Promise<Transition> {
    const stored = JSON.parse(JSON.stringify(transition)) as Transition;
    try {
      // Two evaluations recording the same outbox entry: the first write wins, the second reads it back.
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            [PK]: keys.transitionPk(transition.targetId),
            [SK]: transition.at,
            kind: 'transition',
            transition: stored,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return stored;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.get(transition.targetId, transition.at);
      if (!existing) throw error;
      return existing;
    }
  }

  async get(targetId: string, at: string): Promise<Transition | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { [PK]: keys.transitionPk(targetId), [SK]: at },
        ConsistentRead: true,
      }),
    );
    return Item ? (Item.transition as Transition) : null;
  }

  async markSent(targetId: string, at: string, messageId: string, summary?: BacklogSummary): Promise<void> {
    const withSummary = summary === undefined ? '' : ', #t.#n.#summary = :summary';
    await this.update(
      targetId,
      at,
      `SET #t.#n.#state = :sent, #t.#n.#messageId = :messageId, ${COUNT_ATTEMPT}${withSummary}`,
      {
        names: {
          '#state': 'state',
          '#messageId': 'messageId',
          ...(summary !== undefined && { '#summary': 'summary' }),
        },
        values: {
          ':sent': 'sent',
          ':messageId': messageId,
          ...(summary !== undefined && { ':summary': JSON.parse(JSON.stringify(summary)) }),
        },
      },
    );
  }

  async markSummarised(targetId: string, at: string, summarisedIn: string, messageId: string): Promise<void> {
    try {
      await this.update(
        targetId,
        at,
        'SET #t.#n.#state = :summarised, #t.#n.#messageId = :messageId, #t.#n.#in = :in',
        {
          names: { '#state': 'state', '#messageId': 'messageId', '#in': 'summarisedIn' },
          values: {
            ':summarised': 'summarised',
            ':messageId': messageId,
            ':in': summarisedIn,
            ':pending': 'pending',
          },
        },
        '#t.#n.#state = :pending',
      );
    } catch (error) {
      // Not pending any more (sent or summarised by an earlier flush): leave it as it is.
      if (!(error instanceof TransitionNotFoundError) || (await this.get(targetId, at)) === null) throw error;
    }
  }

  async markFailed(targetId: string, at: string, error: string): Promise<void> {
    await this.update(targetId, at, `SET #t.#n.#lastError = :error, ${COUNT_ATTEMPT}`, {
      names: { '#lastError': 'lastError' },
      values: { ':error': error.slice(0, MAX_ERROR_LENGTH) },
    });
  }

  private async update(
    targetId: string,
    at: string,
    expression: string,
    extra: { names: Record<string, string>; values: Record<string, unknown> },
    condition?: string,
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [PK]: keys.transitionPk(targetId), [SK]: at },
          UpdateExpression: expression,
          ConditionExpression: `attribute_exists(#pk)${condition === undefined ? '' : ` AND ${condition}`}`,
          // DynamoDB refuses names and values the expressions do not use.
          ExpressionAttributeNames: {
            '#pk': PK,
            '#t': 'transition',
            '#n': 'notification',
            ...(expression.includes('#attempts') && { '#attempts': 'attempts' }),
            ...extra.names,
          },
          ExpressionAttributeValues: { ...(expression.includes(':one') && { ':one': 1 }), ...extra.values },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new TransitionNotFoundError(targetId, at);
      throw error;
    }
  }

  async list(targetId: string, query: TransitionQuery): Promise<Transition[]> {
    return queryNewestFirst(
      this.client,
      this.tableName,
      keys.transitionPk(targetId),
      { ...query, consistentRead: true, oldestFirst: query.order === 'oldest-first' },
      (item) => item.transition as Transition,
    );
  }
}

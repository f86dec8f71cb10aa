import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, unknown>;

function conflict(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

/**
 * Just enough of DynamoDB behind a mocked document client for the stores' calls: keyed get/put with the two
 * conditions the stores use, newest-first queries on a partition, and the transition store's two updates.
 * `failQueriesFor(pk)` makes queries of one partition fail. It runs the store contract suites (mocking one
 * client instance there) so that it cannot drift from the DynamoDB behaviour the stores rely on.
 */
export function fakeDocumentTable(
  target: DynamoDBDocumentClient | typeof DynamoDBDocumentClient = DynamoDBDocumentClient,
) {
  const items = new Map<string, Item>();
  const failing = new Set<string>();
  const key = (pk: unknown, sk: unknown) => `${String(pk)}\u0000${String(sk)}`;
  const mock = mockClient(target);

  mock.on(GetCommand).callsFake((input: GetCommandInput) => {
    const item = items.get(key(input.Key?.pk, input.Key?.sk));
    return { Item: item ? structuredClone(item) : undefined };
  });
  mock.on(PutCommand).callsFake((input: PutCommandInput) => {
    const item = input.Item as Item;
    const k = key(item.pk, item.sk);
    const existing = items.get(k);
    const condition = input.ConditionExpression;
    if (condition?.startsWith('attribute_not_exists') && existing) throw conflict();
    if (
      condition === '#version = :expected' &&
      existing?.version !== input.ExpressionAttributeValues?.[':expected']
    ) {
      throw conflict();
    }
    items.set(k, structuredClone(item));
    return {};
  });
  mock.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const values = input.ExpressionAttributeValues ?? {};
    const pk = String(values[':pk']);
    if (failing.has(pk)) throw new Error(`query of ${pk} failed`);
    const condition = input.KeyConditionExpression ?? '';
    const since = values[':since'] === undefined ? null : String(values[':since']);
    const before = values[':before'] === undefined ? null : String(values[':before']);
    // BETWEEN includes its upper bound; `<` does not.
    const inclusive = condition.includes('BETWEEN');
    const found = [...items.values()]
      .filter((item) => item.pk === pk)
      .filter((item) => since === null || String(item.sk) >= since)
      .filter((item) => before === null || (inclusive ? String(item.sk) <= before : String(item.sk) < before))
      .sort((a, b) => (String(a.sk) < String(b.sk) ? 1 : -1) * (input.ScanIndexForward === true ? -1 : 1))
      .slice(0, input.Limit ?? Number.POSITIVE_INFINITY);
    return { Items: structuredClone(found) };
  });
  mock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    const item = items.get(key(input.Key?.pk, input.Key?.sk));
    if (!item) throw conflict();
    const notification = (item.transition as { notification: Record<string, unknown> }).notification;
    const values = input.ExpressionAttributeValues ?? {};
    if (values[':pending'] !== undefined && notification.state !== 'pending') throw conflict();
    if (values[':summarised'] !== undefined) {
      notification.state = 'summarised';
      notification.messageId = values[':messageId'];
      notification.summarisedIn = values[':in'];
      return {};
    }
    if (values[':sent'] !== undefined) {
      notification.state = 'sent';
      notification.messageId = values[':messageId'];
      if (values[':summary'] !== undefined) notification.summary = values[':summary'];
    }
    if (values[':error'] !== undefined) notification.lastError = values[':error'];
    notification.attempts = Number(notification.attempts) + 1;
    return {};
  });

  return {
    mock,
    items,
    put: (item: Item) => items.set(key(item.pk, item.sk), structuredClone(item)),
    get: (pk: string, sk: string) => items.get(key(pk, sk)),
    failQueriesFor: (pk: string) => failing.add(pk),
    /** Empties the table, forgets failures and recorded calls. */
    reset: () => {
      items.clear();
      failing.clear();
      mock.resetHistory();
    },
  };
}

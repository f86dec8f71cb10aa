import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PK, SK } from '../../store/table-keys.js';

export interface NewestFirstQuery {
  readonly limit: number;
  /** Sort keys at or after this one. */
  readonly since?: string;
  /** Sort keys strictly before this one (a cursor). */
  readonly before?: string;
  readonly consistentRead?: boolean;
  /** Oldest sort key first instead. @default false */
  readonly oldestFirst?: boolean;
}

/**
 * The items of one partition, newest sort key first (or oldest first), within `[since, before)`, at most `limit`,
 * following DynamoDB's pages. `read` turns an item into what the caller stores in it.
 */
export async function queryNewestFirst<T>(
  client: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  query: NewestFirstQuery,
  read: (item: Record<string, unknown>) => T,
): Promise<T[]> {
  const { since, before } = query;
  if (query.limit <= 0 || (since !== undefined && before !== undefined && since >= before)) return [];
  const conditions = [`${PK} = :pk`];
  const values: Record<string, unknown> = { ':pk': pk };
  if (since !== undefined && before !== undefined) {
    conditions.push(`${SK} BETWEEN :since AND :before`);
    values[':since'] = since;
    values[':before'] = before;
  } else if (since !== undefined) {
    conditions.push(`${SK} >= :since`);
    values[':since'] = since;
  } else if (before !== undefined) {
    conditions.push(`${SK} < :before`);
    values[':before'] = before;
  }
  // BETWEEN is inclusive: one extra item in case the first is `before` itself.
  const extra = since !== undefined && before !== undefined ? 1 : 0;
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: conditions.join(' AND '),
        ExpressionAttributeValues: values,
        ScanIndexForward: query.oldestFirst === true,
        Limit: query.limit - out.length + extra,
        ExclusiveStartKey: startKey,
        ...(query.consistentRead === true && { ConsistentRead: true }),
      }),
    );
    for (const item of page.Items ?? []) {
      if (before !== undefined && String(item[SK]) >= before) continue;
      out.push(read(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && out.length < query.limit);
  return out.slice(0, query.limit);
}

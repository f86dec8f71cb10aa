import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The document client every fleet store uses. Optional fields arrive as `undefined` (a result without TLS facts, a
 * state without a lease): they are left out of the item, where marshalling would otherwise refuse the write.
 */
export function fleetDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

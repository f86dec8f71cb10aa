import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { fleetDocumentClient } from '../../../shared/adapters/aws/document-client.js';

describe('fleetDocumentClient', () => {
  it('leaves undefined fields out of nested maps instead of refusing the write', async () => {
    const client = new DynamoDBClient({
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const doc = fleetDocumentClient(client);
    let sent: unknown;
    // Stops the request once it is marshalled: nothing leaves the process.
    doc.middlewareStack.add(
      () => async (args) => {
        sent = (args.input as { Item?: unknown }).Item;
        return { output: { $metadata: {} }, response: {} };
      },
      { step: 'build', name: 'captureMarshalledItem' },
    );
    await doc.send(
      new PutCommand({ TableName: 't', Item: { pk: 'a', tls: { issuer: undefined, days: 30 } } }),
    );
    expect(sent).toEqual({ pk: { S: 'a' }, tls: { M: { days: { N: '30' } } } });
    client.destroy();
  });
});

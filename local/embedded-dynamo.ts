import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createFleetTable } from '../shared/adapters/aws/create-fleet-table.js';
import { fleetDocumentClient } from '../shared/adapters/aws/document-client.js';
import { lockDataDir } from './data-dir-lock.js';

export const LOCAL_TABLE_NAME = 'efaktur-fleet';

export interface EmbeddedDynamoOptions {
  /** Folder of the database files; in memory when absent. */
  readonly dataDir?: string;
  /** @default LOCAL_TABLE_NAME */
  readonly tableName?: string;
}

/** An in-process DynamoDB (dynalite) on a free 127.0.0.1 port, with the fleet table created. */
export interface EmbeddedDynamo {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Where the database files are, or `null` in memory. */
  readonly path: string | null;
  /** Waits for pending writes, closes the database and frees the port and the data folder. */
  close(): Promise<void>;
}

export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedDynamo> {
  const path = options.dataDir === undefined ? null : join(options.dataDir, 'dynamodb');
  const release = options.dataDir === undefined ? () => {} : lockDataDir(options.dataDir);
  const server = dynalite({
    ...(path === null ? {} : { path }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    release();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // dynalite accepts any credentials; fixed ones keep a developer's real AWS profile out of the loop.
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  const close = async () => {
    client.destroy();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    release();
  };
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  try {
    await createFleetTable(client, tableName);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    endpoint,
    client,
    doc: fleetDocumentClient(client),
    tableName,
    path,
    close,
  };
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fleetDocumentClient } from '../../shared/adapters/aws/document-client.js';
import { DynamoResultStore } from '../../shared/adapters/aws/dynamo-result-store.js';
import { DynamoStateStore } from '../../shared/adapters/aws/dynamo-state-store.js';
import { DynamoTransitionStore } from '../../shared/adapters/aws/dynamo-transition-store.js';

/** The fleet table's three stores on one document client. */
export interface DynamoFleetStores {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly results: DynamoResultStore;
  readonly states: DynamoStateStore;
  readonly transitions: DynamoTransitionStore;
}

export interface FleetTable {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long stored results live; only writers of results need it. */
  readonly retentionDays?: number;
}

export function dynamoFleetStores(table: FleetTable): DynamoFleetStores {
  const { doc: client, tableName } = table;
  return {
    doc: client,
    tableName,
    results: new DynamoResultStore({
      client,
      tableName,
      ...(table.retentionDays !== undefined && { retentionDays: table.retentionDays }),
    }),
    states: new DynamoStateStore({ client, tableName }),
    transitions: new DynamoTransitionStore({ client, tableName }),
  };
}

/** The deployed functions' table: in the home region, which probes in other regions write across to. */
export function homeTableStores(options: {
  readonly tableName: string;
  readonly tableRegion: string;
  readonly retentionDays?: number;
}): DynamoFleetStores {
  return dynamoFleetStores({
    doc: fleetDocumentClient(new DynamoDBClient({ region: options.tableRegion })),
    tableName: options.tableName,
    ...(options.retentionDays !== undefined && { retentionDays: options.retentionDays }),
  });
}

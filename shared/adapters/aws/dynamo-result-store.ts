import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ResultQuery, ResultStore } from '../../store/result-store.js';
import { keys, PK, SK, TTL_ATTRIBUTE } from '../../store/table-keys.js';
import type { ProbeResult } from '../../types.js';
import { queryNewestFirst } from './query-newest-first.js';

export interface DynamoResultStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Days a result is kept before DynamoDB's TTL removes it. @default 35 */
  readonly retentionDays?: number;
}

/** Results in the fleet table: `TARGET#<id>#REGION#<region>` / `<checkedAt>`, with a TTL attribute. */
export class DynamoResultStore implements ResultStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retentionSeconds: number;

  constructor(options: DynamoResultStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.retentionSeconds = (options.retentionDays ?? 35) * 86_400;
  }

  async put(result: ProbeResult): Promise<void> {
    const checkedAtSeconds = Math.floor(Date.parse(result.checkedAt) / 1000);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [PK]: keys.resultPk(result.targetId, result.region),
          [SK]: result.checkedAt,
          kind: 'result',
          [TTL_ATTRIBUTE]: checkedAtSeconds + this.retentionSeconds,
          result,
        },
      }),
    );
  }

  async latestPerRegion(targetId: string, regions: readonly string[]): Promise<ProbeResult[]> {
    const latest = await Promise.all(
      regions.map((region) => this.list(targetId, region, { limit: 1 }).then((items) => items[0])),
    );
    return latest.filter((r): r is ProbeResult => r !== undefined);
  }

  async list(targetId: string, region: string, query: ResultQuery): Promise<ProbeResult[]> {
    return queryNewestFirst(
      this.client,
      this.tableName,
      keys.resultPk(targetId, region),
      query,
      (item) => item.result as ProbeResult,
    );
  }
}

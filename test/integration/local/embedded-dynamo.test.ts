import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { probeResult } from '../../../bench/support/probe-results.js';
import { DataDirLockedError, lockDataDir } from '../../../local/data-dir-lock.js';
import { LOCAL_TABLE_NAME, startEmbeddedDynamo } from '../../../local/embedded-dynamo.js';
import { DynamoResultStore } from '../../../shared/adapters/aws/dynamo-result-store.js';

describe('embedded DynamoDB', () => {
  it('keeps data in its folder across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fleet-data-'));
    const first = await startEmbeddedDynamo({ dataDir });
    expect(first.path).toBe(join(dataDir, 'dynamodb'));
    const result = probeResult({ targetId: 'kept', checkedAt: '2026-03-16T03:00:00.000Z' });
    await new DynamoResultStore({ client: first.doc, tableName: first.tableName }).put(result);
    await first.close();
    expect(existsSync(join(dataDir, 'fleet.pid'))).toBe(false);

    const second = await startEmbeddedDynamo({ dataDir });
    const store = new DynamoResultStore({ client: second.doc, tableName: second.tableName });
    expect(await store.latestPerRegion('kept', ['ap-southeast-1'])).toEqual([result]);
    await second.close();
  });

  it('keeps nothing in memory mode', async () => {
    const first = await startEmbeddedDynamo();
    expect(first.path).toBeNull();
    await new DynamoResultStore({ client: first.doc, tableName: first.tableName }).put(
      probeResult({ targetId: 'gone' }),
    );
    await first.close();
    const second = await startEmbeddedDynamo();
    const { Table } = await second.client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE_NAME }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    const store = new DynamoResultStore({ client: second.doc, tableName: second.tableName });
    expect(await store.latestPerRegion('gone', ['ap-southeast-1'])).toEqual([]);
    await second.close();
  });

  it('refuses a data folder another running fleet holds, and takes over one a dead process left', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fleet-lock-'));
    const first = await startEmbeddedDynamo({ dataDir });
    await expect(startEmbeddedDynamo({ dataDir })).rejects.toThrow(DataDirLockedError);
    await first.close();

    // A pid that no longer runs: a finished child process.
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dataDir, 'fleet.pid'), `${child.stdout.toString()}\n`);
    const release = lockDataDir(dataDir);
    expect(readFileSync(join(dataDir, 'fleet.pid'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(existsSync(join(dataDir, 'fleet.pid'))).toBe(false);
  });
});
